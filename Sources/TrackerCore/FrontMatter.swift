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
    static func split(_ text: String) throws(SplitError) -> FrontMatter {
        var text = Substring(normalizedLineEnds(text))
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        guard text.hasPrefix("---\n") || text == "---" else { throw .missingOpening }
        var lineNumber = 2
        var lineStart = text.index(text.startIndex, offsetBy: 4, limitedBy: text.endIndex) ?? text.endIndex
        let yamlStart = lineStart
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            if text[lineStart..<lineEnd] == "---" {
                let bodyStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
                return FrontMatter(
                    yaml: String(text[yamlStart..<lineStart]),
                    body: String(text[bodyStart...]),
                    bodyFirstLine: lineNumber + 1
                )
            }
            lineNumber += 1
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
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
