import Foundation
import Testing
@testable import TrackerCore

/// `tracker build` streams each file through a bounded buffer and keeps incident bodies in a temporary
/// file; both must give exactly what rendering in memory gives.
@Suite struct StreamingOutputTestSuite {
    func temporaryPath() -> String { NSTemporaryDirectory() + "tracker-stream-" + UUID().uuidString }

    /// Streams `produce` into a file and returns the file's bytes and the count reported. The stamp
    /// reported (taken from the open file) is the one `stat` gives once the file is closed.
    func streamed(_ produce: (ByteBuffer) -> Void) throws -> (Data, Int) {
        let root = temporaryPath()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let written = try OutputWriter.streamFile("page.html", in: try OutputWriter.OpenFolder(root, shownAs: "public"), produce).get()
        #expect(written.stamp != nil && written.stamp == FileStamp(path: root + "/page.html"))
        #expect(written.stamp?.size == written.bytes)
        return (try Data(contentsOf: URL(fileURLWithPath: root + "/page.html")), written.bytes)
    }

    @Test func aPageLargerThanTheBufferIsWrittenWholeAndUnchanged() throws {
        // Long lists outside and inside an indented partial: flushing may happen only outside the partial.
        let templates = [
            "main": "<ul>\n{{#rows}}\n  <li>{{n}} &amp; {{name}}</li>\n{{/rows}}\n</ul>\n<div>\n  {{>inner}}\n</div>\n",
            "inner": "<ol>\n{{#rows}}\n  <li>{{name}}</li>\n{{/rows}}\n</ol>\n",
        ]
        let library = TemplateLibrary(templates: try templates.mapValues { try TemplateParser.compile($0) })
        let context: TemplateValue = ["rows": .generated(Array(0 ..< 20_000)) { ["n": .int($0), "name": .string("<row \($0)>")] }]
        let inMemory = ByteBuffer.data { _ = library.render("main", context, into: $0) }
        #expect(inMemory.count > 4 * ByteBuffer.flushThreshold)
        let (written, count) = try streamed { _ = library.render("main", context, into: $0) }
        #expect(written == inMemory)
        #expect(count == inMemory.count)
    }

    @Test func bytesThatNothingWillChangeGoStraightToTheFileInTheirPlace() throws {
        let large = Data((0 ..< 3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) })
        var capacities: [Int] = []
        let (written, count) = try streamed { buffer in
            buffer.append(Array("<head>".utf8))
            capacities.append(buffer.capacity)
            large.withUnsafeBytes { buffer.appendFinal($0.bindMemory(to: UInt8.self)) }
            buffer.appendFinal(UnsafeBufferPointer(start: nil, count: 0))
            Array("<small>".utf8).withUnsafeBufferPointer { buffer.appendFinal($0) }
            buffer.append(Array("<tail>".utf8))
            capacities.append(buffer.capacity)
        }
        #expect(written == Data("<head>".utf8) + large + Data("<small><tail>".utf8))
        #expect(count == large.count + 19)
        // The buffer was not grown to hold the large bytes.
        #expect(capacities[0] == capacities[1] && capacities[0] < large.count)
        // Without a file, the bytes are appended.
        let inMemory = ByteBuffer.data { buffer in
            buffer.append(Array("<head>".utf8))
            large.withUnsafeBytes { buffer.appendFinal($0.bindMemory(to: UInt8.self)) }
        }
        #expect(inMemory == Data("<head>".utf8) + large)
    }

    @Test func aFileIsComparedWithBytesABlockAtATime() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Larger than a block (256 KB), so the last one is compared too.
        let bytes = Data((0 ..< 600_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) })
        try bytes.write(to: URL(fileURLWithPath: path))
        func holds(_ data: Data) -> Bool? { data.withUnsafeBytes { FileTree.holds(path, exactly: $0) } }
        var lastByteChanged = bytes
        lastByteChanged[lastByteChanged.count - 1] &+= 1
        var firstByteChanged = bytes
        firstByteChanged[0] &+= 1
        #expect(holds(bytes) == true)
        #expect(holds(lastByteChanged) == false)
        #expect(holds(firstByteChanged) == false)
        #expect(holds(bytes.dropLast()) == false)
        #expect(holds(bytes + Data([0])) == false)
        #expect(holds(Data()) == false)
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(holds(Data()) == true)
        #expect(holds(Data("x".utf8)) == false)
        try FileManager.default.removeItem(atPath: path)
        #expect(holds(Data()) == nil)
    }

    @Test func exportsStreamTheSameBytes() throws {
        let site = try TestSite(files: [
            "content/sources/report.md": TestSite.source,
            "content/incidents/x-block.md": TestSite.incident(),
        ])
        defer { site.remove() }
        let loaded = try #require(site.site())
        let urls = SiteURLs(config: loaded.config)
        let (written, _) = try streamed { DataExport.incidentsJSON(loaded, urls: urls, into: $0) }
        #expect(written == ByteBuffer.data { DataExport.incidentsJSON(loaded, urls: urls, into: $0) })
        #expect(String(decoding: written, as: UTF8.self).hasPrefix("[\n  {\n    \"aliases\" : [\n\n    ],"))
    }

    /// Found by hand: a 500 MB file in static/ took 1.2 GB and 5 s to build, read whole and then grown into the
    /// buffer. It streams now: a file of several blocks reaches the output exactly, while the buffer never holds
    /// more than a block and the threshold; in memory (the preview) it is held whole, at once.
    @Test func aStaticFileStreamsThroughABoundedBuffer() throws {
        let source = temporaryPath()
        let size = 5 * ByteBuffer.flushThreshold + 12_345
        let bytes = Data((0 ..< size).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) })
        #expect(FileManager.default.createFile(atPath: source, contents: bytes))
        defer { try? FileManager.default.removeItem(atPath: source) }
        var largest = 0
        let (written, count) = try streamed { buffer in
            #expect(buffer.appendFile(source) == nil)
            largest = max(largest, buffer.count)
        }
        #expect(written == bytes)
        #expect(count == size)
        #expect(largest < 2 * ByteBuffer.flushThreshold)
        var inMemoryError: Int32?
        let inMemory = ByteBuffer.data { inMemoryError = $0.appendFile(source) }
        #expect(inMemoryError == nil)
        #expect(inMemory == bytes)
        // A file gone since it was listed is an error, not an empty copy.
        let gone = ByteBuffer(capacity: 64)
        #expect(gone.appendFile(source + ".gone") == ENOENT)
        #expect(gone.count == 0)
    }

    /// A static file gone between listing and copying stops its output with the reason, which fails the build
    /// (`SiteBuilder.stopped`); it was written empty before.
    @Test func aStaticFileGoneBeforeItIsCopiedStopsTheFile() throws {
        let site = try TestSite(files: [
            "content/sources/report.md": TestSite.source,
            "content/incidents/x-block.md": TestSite.incident(),
            "static/order.pdf": "%PDF-1.4",
        ])
        defer { site.remove() }
        guard case .success(let (loaded, theme)) = SiteBuilder.load(BuildOptions(siteDirectory: site.directory)) else {
            Issue.record("the site must load")
            return
        }
        let renderer = SiteRenderer(site: loaded, theme: theme)
        let job = try #require(renderer.jobs().first { if case .file = $0 { true } else { false } })
        let copied = ByteBuffer(capacity: 64)
        renderer.render(job, into: copied)
        #expect(copied.stopReason == nil)
        #expect(copied.count == 8)
        try FileManager.default.removeItem(atPath: site.directory + "/static/order.pdf")
        let gone = ByteBuffer(capacity: 64)
        renderer.render(job, into: gone)
        #expect(gone.stopReason == "cannot copy \(site.directory)/static/order.pdf: No such file or directory")
        #expect(gone.count == 0)
    }

    @Test func aFolderThatCannotBeOpenedIsReportedAsTheOutputIsNamed() {
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter.OpenFolder("/nonexistent-folder", shownAs: "public") }
        do {
            _ = try OutputWriter.OpenFolder("/nonexistent-folder", shownAs: "public")
        } catch {
            #expect(error.description == "cannot open public: No such file or directory")
        }
    }

    /// A rebuild removes the previous output with `FileTree.remove`, its second level on every core: everything
    /// goes, at any depth, and a link inside the tree or in its place is removed itself, never what it points to.
    @Test func removingATreeRemovesAllOfItAndNoLinksTarget() throws {
        let files = FileManager.default
        let (root, outside) = (temporaryPath(), temporaryPath())
        defer {
            try? files.removeItem(atPath: root)
            try? files.removeItem(atPath: outside)
        }
        try files.createDirectory(atPath: outside + "/kept", withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: outside + "/kept/file.txt"))
        let paths = ["index.html", "a/index.html", "a/b/index.html", "a/b/c/d/page.html", "e/f.txt"] + (0 ..< 200).map { "incidents/i\($0)/index.html" }
        for path in paths {
            let url = URL(fileURLWithPath: root + "/" + path)
            try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(path.utf8).write(to: url)
        }
        try files.createDirectory(atPath: root + "/empty/deeper", withIntermediateDirectories: true)
        for link in ["link", "a/link", "a/b/link", "incidents/i7/link"] {
            try files.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: outside + "/kept")
        }
        FileTree.remove(root)
        #expect((try? files.attributesOfItem(atPath: root)) == nil)
        #expect(try files.contentsOfDirectory(atPath: outside + "/kept") == ["file.txt"])
        #expect(try String(contentsOfFile: outside + "/kept/file.txt", encoding: .utf8) == "kept")

        try files.createSymbolicLink(atPath: root, withDestinationPath: outside + "/kept")
        FileTree.remove(root)
        #expect((try? files.attributesOfItem(atPath: root)) == nil)
        #expect(try files.contentsOfDirectory(atPath: outside + "/kept") == ["file.txt"])
    }

    @Test func aPageMakesTheFoldersItNeedsBelowTheRootOnly() throws {
        let root = temporaryPath()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try OutputWriter.OpenFolder(root, shownAs: "public")
        let deep = try OutputWriter.streamFile("a/b/c/index.html", in: folder) { $0.append("deep") }.get()
        #expect(deep.bytes == 4)
        #expect(try String(contentsOfFile: root + "/a/b/c/index.html", encoding: .utf8) == "deep")
        // A sibling in a folder that exists, one whose parent exists, and an index page in a folder that exists.
        _ = try OutputWriter.streamFile("a/b/other.html", in: folder) { $0.append("x") }.get()
        _ = try OutputWriter.streamFile("a/b/d/index.html", in: folder) { $0.append("y") }.get()
        _ = try OutputWriter.streamFile("a/b/index.html", in: folder) { $0.append("i") }.get()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/a/b").sorted() == ["c", "d", "index.html", "other.html"])
        #expect(try String(contentsOfFile: root + "/a/b/index.html", encoding: .utf8) == "i")

        // A file where a folder must go: the page is named as the user named the output.
        FileManager.default.createFile(atPath: root + "/file", contents: Data("f".utf8))
        let blocked = OutputWriter.streamFile("file/x/index.html", in: folder) { $0.append("z") }
        guard case .failure(let error) = blocked else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description == "cannot write public/file/x/index.html: Not a directory")

        // The folder is written through its descriptor, not its path: removed while held open, it is not
        // made again, and nothing is written where it was.
        let gone = temporaryPath()
        try FileManager.default.createDirectory(atPath: gone, withIntermediateDirectories: false)
        let goneFolder = try OutputWriter.OpenFolder(gone, shownAs: "public")
        try FileManager.default.removeItem(atPath: gone)
        let outside = OutputWriter.streamFile("p/index.html", in: goneFolder) { $0.append("z") }
        guard case .failure(let outsideError) = outside else {
            Issue.record("expected a failure")
            return
        }
        #expect(outsideError.description == "cannot create public/p: No such file or directory")
        #expect(!FileManager.default.fileExists(atPath: gone))
    }

    /// A body rendered into the spill reads back as the same HTML as one rendered in memory, and the two are equal.
    @Test func spilledBodiesReadBackExactly() throws {
        let spill = try #require(BodySpill.make())
        let markdowns = ["one", "", "Café — “quotes” & 日本 🚫 [x](#a)", String(repeating: "long\n\n", count: 50_000)]
        for markdown in markdowns {
            let inMemory = MarkdownRenderer.render(markdown)
            let spilled = MarkdownRenderer.render(markdown, spill: spill)
            #expect(spilled.html == inMemory.html)
            if inMemory.html.isEmpty {
                #expect(spilled.htmlStorage == .inline(""))
            } else if case .spilled = spilled.htmlStorage {
            } else {
                Issue.record("a non-empty body was not spilled")
            }
            // Equality is by content, whether a body is in memory or in the file.
            #expect(spilled == inMemory)
        }
        #expect(MarkdownRenderer.render(markdowns[0], spill: spill).html == "<p>one</p>\n")
        #expect(MarkdownRenderer.render(markdowns[3], spill: spill).html == String(repeating: "<p>long</p>\n", count: 50_000))
    }

    /// The first paragraph's HTML goes to the spill with the body, and reads back as the one made in memory.
    @Test func spilledSummariesReadBackExactly() throws {
        let spill = try #require(BodySpill.make())
        let cases: [(markdown: String, summary: String)] = [
            ("# Title\n\nX was *blocked* [@a; @b].\n\nMore.\n", "X was <em>blocked</em>."),
            ("Café — “quotes” & 日本 🚫\n", "Café — “quotes” &amp; 日本 🚫"),
            ("# Only a title\n", ""),
            ("> quoted\n\nReal first.\n", "Real first."),
        ]
        for (markdown, summary) in cases {
            let spilled = MarkdownRenderer.render(markdown, spill: spill)
            #expect(spilled.summaryHTML == summary)
            #expect(MarkdownRenderer.render(markdown).summaryHTML == summary)
            if summary.isEmpty {
                #expect(spilled.summaryHTMLStorage == .inline(""))
            } else if case .spilled = spilled.summaryHTMLStorage {
            } else {
                Issue.record("a non-empty summary was not spilled: \(markdown)")
            }
        }
    }

    /// The `<p>` wrapper is taken off the summary only where `String.hasPrefix` and `hasSuffix` see it as
    /// characters of its own, as before the summary was cut from bytes: a combining mark after `<p>` or a
    /// prepended mark (U+0600) before `</p>` joins it into another character.
    @Test func summaryWrapperIsMatchedAsCharacters() {
        let htmls = ["<p>x</p>\n", "<p></p>\n", "<p>\u{301}x</p>\n", "<p>x\u{600}</p>\n", "<p>é</p>\n", "<p>x\u{301}</p>\n",
                     "<p>x</p>", "<p>x</p>\n\n", "<h1>x</h1>\n", "<p></p>", "", "<p>\u{1F1F5}\u{1F1F0}</p>\n", "<p>\r</p>\n"]
        for html in htmls {
            var bytes = Array(html.utf8)
            let range = bytes.withUnsafeMutableBufferPointer { MarkdownRenderer.innerRange(of: UnsafeBufferPointer($0)) }
            let expected = html.hasPrefix("<p>") && html.hasSuffix("</p>\n") ? String(html.dropFirst(3).dropLast(5)) : html
            #expect(String(decoding: bytes[range], as: UTF8.self) == expected, "\(html.unicodeScalars.map { $0.value })")
        }
        // What the characters make of the two marks: the wrapper stays on.
        var joined = Array("<p>\u{301}x</p>\n".utf8)
        #expect(joined.withUnsafeMutableBufferPointer { MarkdownRenderer.innerRange(of: UnsafeBufferPointer($0)) } == 0 ..< joined.count)
        joined = Array("<p>x\u{600}</p>\n".utf8)
        #expect(joined.withUnsafeMutableBufferPointer { MarkdownRenderer.innerRange(of: UnsafeBufferPointer($0)) } == 0 ..< joined.count)
    }

    /// A stored body as a page gets it: appended straight to the page's buffer, after what the page already holds.
    func appended(_ spill: BodySpill, _ stored: (offset: Int64, length: Int)) -> String {
        let output = ByteBuffer(capacity: 64)
        output.append("<main>")
        spill.append(offset: stored.offset, length: stored.length, to: output)
        output.append("</main>")
        return output.string
    }

    /// Bodies are written in batches: one read while its batch is still gathering, one in a batch already written,
    /// one in a batch larger than the batch size (a single long body), and many on two threads at once, each
    /// read back as soon as it is stored (its batch may be being written by another thread). Each reads back
    /// the same as a string and appended to a page.
    @Test func spilledBodiesReadBackWhileTheirBatchGathersAndAfterItIsWritten() throws {
        let spill = try #require(BodySpill.make())
        let first = spill.store("<p>first</p>")
        #expect(spill.load(offset: first.offset, length: first.length) == "<p>first</p>")
        #expect(appended(spill, first) == "<main><p>first</p></main>")
        let long = String(repeating: "é", count: BodySpill.batchSize)
        let stored = [spill.store("<p>second</p>"), spill.store(long), spill.store("<p>third</p>")]
        #expect(stored.map(\.offset) == [12, 25, 25 + Int64(2 * BodySpill.batchSize)])
        #expect(stored.map { spill.load(offset: $0.offset, length: $0.length) } == ["<p>second</p>", long, "<p>third</p>"])
        #expect(stored.map { appended(spill, $0) } == ["<main><p>second</p></main>", "<main>" + long + "</main>", "<main><p>third</p></main>"])
        #expect(spill.load(offset: first.offset, length: first.length) == "<p>first</p>")
        #expect(appended(spill, first) == "<main><p>first</p></main>")
        let bodies = (0 ..< 5_000).map { "<p>body \($0) " + String(repeating: "x", count: $0 % 700) + "</p>" }
        let many = bodies.parallelMap { spill.store($0) }
        #expect(zip(bodies, many).allSatisfy { spill.load(offset: $1.offset, length: $1.length) == $0 })
        #expect(zip(bodies, many).allSatisfy { appended(spill, $1) == "<main>" + $0 + "</main>" })
        // Each body read back at once, while other threads' batches are being written.
        let readAtOnce = bodies.parallelMap { body in
            let stored = spill.store(body)
            return (spill.load(offset: stored.offset, length: stored.length), appended(spill, stored))
        }
        #expect(readAtOnce.count == bodies.count && zip(bodies, readAtOnce).allSatisfy { $0 == $1.0 && "<main>" + $0 + "</main>" == $1.1 })
    }

    /// A temporary file is written in pieces of at most 64 KB that end at multiples of 64 KB in the file
    /// (larger writes are slow on virtual machines that give free memory back to their host), and every byte
    /// lands where it belongs.
    @Test func unlinkedFilesAreWrittenInPiecesEndingAtMultiplesOf64KB() throws {
        #expect(UnlinkedFile.pieceSize == 65_536)
        let pieces = UnlinkedFile.pieces(at: 100_000, count: 200_000)
        #expect(pieces.map(\.offset) == [100_000, 131_072, 196_608, 262_144])
        #expect(pieces.map(\.count) == [31_072, 65_536, 65_536, 37_856])
        #expect(UnlinkedFile.pieces(at: 65_536, count: 65_536).map(\.count) == [65_536])
        #expect(UnlinkedFile.pieces(at: 65_535, count: 2).map(\.count) == [1, 1])
        #expect(UnlinkedFile.pieces(at: 7, count: 0).isEmpty)
        let descriptor = try #require(UnlinkedFile.make(prefix: "tracker-test"))
        defer { close(descriptor) }
        let bytes = (0 ..< 300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        #expect(bytes.withUnsafeBytes { UnlinkedFile.write($0, to: descriptor, at: 12_345) })
        var back = [UInt8](repeating: 0, count: bytes.count + 12_345)
        let read = back.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, 0) }
        #expect(read == bytes.count + 12_345)
        #expect(back[..<12_345].allSatisfy { $0 == 0 })
        #expect(Array(back[12_345...]) == bytes)
    }

    /// A batch that cannot be written to the file stays in memory: no body is lost.
    @Test func aBatchThatCannotBeWrittenStaysInMemory() throws {
        let readOnly = open("/dev/null", O_RDONLY)
        try #require(readOnly >= 0)
        let spill = BodySpill(descriptor: readOnly)
        let bodies = (0 ..< 2_000).map { "<p>kept \($0) " + String(repeating: "y", count: 300) + "</p>" }
        let stored = bodies.map { spill.store($0) }
        #expect(zip(bodies, stored).allSatisfy { spill.load(offset: $1.offset, length: $1.length) == $0 })
        #expect(zip(bodies, stored).allSatisfy { appended(spill, $1) == "<main>" + $0 + "</main>" })
    }
}

/// The buffers of streamed files are kept for the next file: only those of 64 KB to 1 MB, at most eight, each
/// handed out again for a request it can hold.
@Suite struct StreamBlockTests {
    @Test func keptBlocksAreHandedOutForRequestsTheyHold() {
        let pool = StreamBlocks()
        func block(_ size: Int) -> UnsafeMutablePointer<UInt8> { malloc(size)!.assumingMemoryBound(to: UInt8.self) }
        let middle = block(128 * 1024), large = block(512 * 1024)
        pool.give(block(32 * 1024), capacity: 32 * 1024)
        pool.give(middle, capacity: 128 * 1024)
        pool.give(block(2 << 20), capacity: 2 << 20)
        pool.give(large, capacity: 512 * 1024)
        let first = pool.take(atLeast: 256 * 1024)
        #expect(first?.0 == large && first?.1 == 512 * 1024)
        #expect(pool.take(atLeast: 256 * 1024) == nil)
        let second = pool.take(atLeast: 64 * 1024)
        #expect(second?.0 == middle && second?.1 == 128 * 1024)
        #expect(pool.take(atLeast: 64 * 1024) == nil)
        free(large)
        free(middle)
        for _ in 0 ..< 9 { pool.give(block(64 * 1024), capacity: 64 * 1024) }
        var taken: [UnsafeMutablePointer<UInt8>] = []
        while let (kept, _) = pool.take(atLeast: 64 * 1024) { taken.append(kept) }
        #expect(taken.count == StreamBlocks.limit)
        for kept in taken { free(kept) }
    }
}
