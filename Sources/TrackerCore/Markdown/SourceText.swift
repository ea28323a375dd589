#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import ByteScan

/// The Markdown's UTF-8 bytes, split into lines the way cmark splits them (LF, CRLF or CR).
struct SourceText {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offset where each line starts; index 0 is line 1.
    private let lineStarts: [Int]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // cmark skips a leading byte order mark, so its columns on line 1 start after it.
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var starts = [hasBOM ? 3 : 0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        var index = starts[0]
        if let base = bytes.baseAddress, index < bytes.count, memchr(base + index, 0x0D, bytes.count - index) == nil {
            // No CR (the loader normalises line ends): each line feed found with memchr ends a line.
            while index < bytes.count, let found = memchr(base + index, 0x0A, bytes.count - index) {
                index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
                starts.append(index)
            }
        } else {
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\r"), index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { starts.append(index) }
            }
        }
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// Byte offsets of a 1-based line, without its line ending.
    func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }

    /// Byte offset of the first byte after a continuation line's container prefix (spaces, tabs, ">").
    func contentStart(ofLine line: Int) -> Int {
        let range = lineRange(line)
        var index = range.lowerBound
        while index < range.upperBound,
              bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") || bytes[index] == UInt8(ascii: ">") {
            index += 1
        }
        return index
    }

    /// The 1-based line holding a byte offset.
    func line(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// 1-based column of a byte offset, counted in Unicode scalars.
    func scalarColumn(ofOffset offset: Int) -> Int {
        1 + scalarCount(from: lineRange(line(containing: offset)).lowerBound, to: offset)
    }

    /// The line and column of offsets met in order (`SourceText.scalarColumn`): each counted on from the last one
    /// on the same line, not from the line's start again. A paragraph is often one long line: counted from its
    /// start, its thousands of citations or links took time growing with the square of their number.
    struct ColumnCursor {
        private var last: (line: Int, offset: Int, column: Int)?

        mutating func position(ofOffset offset: Int, in source: SourceText) -> (line: Int, column: Int) {
            let line = source.line(containing: offset)
            let column: Int
            if let last, last.line == line, last.offset <= offset {
                column = last.column + source.scalarCount(from: last.offset, to: offset)
            } else {
                column = source.scalarColumn(ofOffset: offset)
            }
            last = (line, offset, column)
            return (line, column)
        }
    }

    /// How many Unicode scalars start in `start..<end` (clamped to the text): every byte but UTF-8 continuation bytes.
    func scalarCount(from start: Int, to end: Int) -> Int {
        let end = min(end, bytes.count)
        guard start < end, let base = bytes.baseAddress else { return 0 }
        // Sixteen bytes at a time (a citation's column counts the bytes of a long paragraph line before it).
        return (end - start) - tracker_count_continuations(base + start, end - start)
    }
}
