import Foundation

/// A content file split into its YAML front matter and its Markdown body.
/// The front matter opens on the first line and closes at the next line that is exactly `---`.
struct FrontMatter: Sendable {
    /// The YAML text, without the `---` lines.
    let yaml: String
    /// The Markdown after the closing `---`: a slice of the file's text, not a copy of it (a long body
    /// was copied once here and then only read, by the checks and by cmark).
    let body: Substring
    /// The file line of the body's first line.
    let bodyFirstLine: Int
    /// The file line of the YAML's first line (always 2: the line after the opening `---`).
    let yamlFirstLine = 2

    enum SplitError: Error, Equatable {
        case missingOpening
        case missingClosing
    }

    /// Splits a file's text; a UTF-8 byte-order mark and CRLF line ends are accepted.
    /// Works on the string's own UTF-8 storage with `memchr`: scanning Characters, or even a generic
    /// byte-by-byte `contains`, costs more than the rest of the split on every file of a large site.
    static func split(_ text: String) throws(SplitError) -> FrontMatter {
        var text = normalizedLineEnds(text)
        switch text.withUTF8({ split(bytes: $0) }) {
        case .success(let parts):
            // Parts of the text as substrings: the text is valid UTF-8 and each part starts after a line end, so
            // they are not checked again (made from the bytes, a long body was). The YAML is copied out (the
            // parser takes a string); the body is left in the text.
            let utf8 = text.utf8
            func part(_ range: Range<Int>) -> Substring {
                text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound) ..< utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
            }
            return FrontMatter(yaml: String(part(parts.yaml)), body: part(parts.body), bodyFirstLine: parts.bodyFirstLine)
        case .failure(let error): throw error
        }
    }

    /// Where the YAML and the body are in `bytes`, and the body's first line.
    private static func split(bytes: UnsafeBufferPointer<UInt8>) -> Result<(yaml: Range<Int>, body: Range<Int>, bodyFirstLine: Int), SplitError> {
        let count = bytes.count
        var start = 0
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let dash = UInt8(ascii: "-")
        func isDelimiter(_ from: Int, _ to: Int) -> Bool { to - from == 3 && bytes[from] == dash && bytes[from + 1] == dash && bytes[from + 2] == dash }
        /// The offset of the next line feed at or after `from`, or `count`.
        func lineEnd(from: Int) -> Int {
            guard from < count, let base = bytes.baseAddress,
                  let found = memchr(base + from, 0x0A, count - from) else { return count }
            return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        }
        let firstEnd = lineEnd(from: start)
        guard isDelimiter(start, firstEnd) else { return .failure(.missingOpening) }
        let yamlStart = min(firstEnd + 1, count)
        var lineStart = yamlStart
        var lineNumber = 2
        while lineStart < count {
            let end = lineEnd(from: lineStart)
            if isDelimiter(lineStart, end) {
                let bodyStart = min(end + 1, count)
                return .success((yaml: yamlStart..<lineStart, body: bodyStart..<count, bodyFirstLine: lineNumber + 1))
            }
            lineNumber += 1
            lineStart = end + 1
        }
        return .failure(.missingClosing)
    }

    init(yaml: String, body: Substring, bodyFirstLine: Int) {
        self.yaml = yaml
        self.body = body
        self.bodyFirstLine = bodyFirstLine
    }

    static func normalizedLineEnds(_ text: String) -> String {
        guard ByteWords.contains(0x0D, in: text) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
