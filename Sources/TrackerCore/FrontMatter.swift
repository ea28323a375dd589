/// A content file split into its YAML front matter and its Markdown body.
/// The front matter opens on the first line and closes at the next line that is exactly `---`.
struct FrontMatter: Sendable {
    /// The YAML text, without the `---` lines.
    let yaml: String
    /// The Markdown after the closing `---`.
    let body: String
    /// The file line of the body's first line.
    let bodyFirstLine: Int
    /// The file line of the YAML's first line (always 2: the line after the opening `---`).
    let yamlFirstLine = 2

    enum SplitError: Error, Equatable {
        case missingOpening
        case missingClosing
    }

    /// Splits a file's text; a UTF-8 byte-order mark and CRLF line ends are accepted.
    /// Works on UTF-8 bytes: scanning Characters costs ten times more on every file of a large site.
    static func split(_ text: String) throws(SplitError) -> FrontMatter {
        let bytes = Array(normalizedLineEnds(text).utf8)
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        let dash = UInt8(ascii: "-"), newline = UInt8(ascii: "\n")
        func isDelimiter(_ from: Int, _ to: Int) -> Bool { to - from == 3 && bytes[from] == dash && bytes[from + 1] == dash && bytes[from + 2] == dash }
        let firstEnd = bytes[start...].firstIndex(of: newline) ?? bytes.count
        guard isDelimiter(start, firstEnd) else { throw .missingOpening }
        let yamlStart = min(firstEnd + 1, bytes.count)
        var lineStart = yamlStart
        var lineNumber = 2
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: newline) ?? bytes.count
            if isDelimiter(lineStart, lineEnd) {
                let bodyStart = min(lineEnd + 1, bytes.count)
                return FrontMatter(
                    yaml: String(decoding: bytes[yamlStart..<lineStart], as: UTF8.self),
                    body: String(decoding: bytes[bodyStart...], as: UTF8.self),
                    bodyFirstLine: lineNumber + 1
                )
            }
            lineNumber += 1
            lineStart = lineEnd + 1
        }
        throw .missingClosing
    }

    init(yaml: String, body: String, bodyFirstLine: Int) {
        self.yaml = yaml
        self.body = body
        self.bodyFirstLine = bodyFirstLine
    }

    static func normalizedLineEnds(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

import Foundation
