import CmarkArena
import Testing
@testable import TrackerCore

/// The arena cmark allocates from while Markdown renders (`CmarkArena`).
@Suite struct CmarkArenaTestSuite {
    /// The bytes at `pointer`.
    static func bytes(_ pointer: UnsafeMutableRawPointer, _ count: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: count))
    }

    @Test func allocationsAreZeroedAlignedAndKeepTheirBytesAsTheyGrow() throws {
        let outer = tracker_cmark_arena_open()
        defer { tracker_cmark_arena_close(outer) }
        #expect(tracker_cmark_arena_is_open() == 1)
        // Zeroed, even where an earlier allocation of the same arena wrote.
        let first = try #require(tracker_cmark_arena_calloc(3, 10))
        first.initializeMemory(as: UInt8.self, repeating: 0xAB, count: 30)
        let second = try #require(tracker_cmark_arena_calloc(1, 30))
        #expect(Self.bytes(second, 30) == Array(repeating: 0, count: 30))
        #expect(Int(bitPattern: first) % 16 == 0 && Int(bitPattern: second) % 16 == 0)
        // The last allocation grows in place; an earlier one moves, with its bytes.
        second.initializeMemory(as: UInt8.self, repeating: 7, count: 30)
        let grown = try #require(tracker_cmark_arena_realloc(second, 1000))
        #expect(grown == second)
        #expect(Self.bytes(grown, 30) == Array(repeating: 7, count: 30))
        let moved = try #require(tracker_cmark_arena_realloc(first, 100))
        #expect(moved != first)
        #expect(Self.bytes(moved, 30) == Array(repeating: 0xAB, count: 30))
        // Shrinking keeps the bytes that remain.
        let shrunk = try #require(tracker_cmark_arena_realloc(moved, 10))
        #expect(Self.bytes(shrunk, 10) == Array(repeating: 0xAB, count: 10))
        // Larger than a block, and many small ones past several blocks: each keeps what was written to it.
        let large = try #require(tracker_cmark_arena_calloc(1, 1 << 20))
        large.storeBytes(of: 42, toByteOffset: (1 << 20) - 1, as: UInt8.self)
        var small: [UnsafeMutableRawPointer] = []
        for index in 0 ..< 5000 {
            let pointer = try #require(tracker_cmark_arena_realloc(nil, 40))
            pointer.initializeMemory(as: UInt8.self, repeating: UInt8(index % 251), count: 40)
            small.append(pointer)
        }
        for (index, pointer) in small.enumerated() { #expect(Self.bytes(pointer, 40) == Array(repeating: UInt8(index % 251), count: 40)) }
        #expect(Self.bytes(large + (1 << 20) - 1, 1) == [42])
        #expect(Self.bytes(grown, 30) == Array(repeating: 7, count: 30))
        tracker_cmark_arena_free(grown)  // does nothing in an arena
    }

    @Test func arenasNestAndClosingOneReopensTheOneBefore() {
        #expect(tracker_cmark_arena_is_open() == 0)
        let outer = tracker_cmark_arena_open()
        #expect(outer == nil)
        let inner = tracker_cmark_arena_open()
        #expect(inner != nil)
        tracker_cmark_arena_close(inner)
        #expect(tracker_cmark_arena_is_open() == 1)
        tracker_cmark_arena_close(outer)
        #expect(tracker_cmark_arena_is_open() == 0)
        // Outside an arena, the C library's allocator.
        let pointer = tracker_cmark_arena_calloc(2, 8)
        #expect(pointer.map { Self.bytes($0, 16) } == Array(repeating: 0, count: 16))
        tracker_cmark_arena_free(pointer)
    }

    /// A document rendered twice on one thread, and in many threads at once, gives the same HTML: each render's
    /// arena is its own and closes with it.
    @Test func renderingInArenasGivesTheSameHTMLOnEveryThread() async {
        let markdown = (1 ... 200).map { "Paragraph \($0) with *emphasis*, `code` and a [link](https://example.org/\($0)).\n\n## Heading \($0)\n" }.joined(separator: "\n")
        let expected = MarkdownRenderer.render(markdown).html
        #expect(expected.hasSuffix("<a href=\"https://example.org/200\">link</a>.</p>\n<h2 id=\"heading-200\">Heading 200</h2>\n"))
        #expect(MarkdownRenderer.render(markdown).html == expected)
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0 ..< 8 { group.addTask { MarkdownRenderer.render(markdown).html } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: expected, count: 8))
        #expect(tracker_cmark_arena_is_open() == 0)
    }
}
