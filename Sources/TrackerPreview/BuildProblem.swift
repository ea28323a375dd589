import Foundation
import TrackerCore

/// One build error as the overlay and the terminal show it: the diagnostic and the lines of the file around it.
public struct BuildProblem: Sendable, Equatable, Encodable {
    public struct Line: Sendable, Equatable, Encodable {
        public let number: Int
        public let text: String
        public let isFocus: Bool
    }

    public let path: String
    public let line: Int
    public let column: Int
    public let message: String
    /// `path:line:col: error: message`, the form editors and CI read.
    public let summary: String
    /// Up to two lines either side of the offending line; empty when the file cannot be read.
    public let excerpt: [Line]

    /// Reads the lines from the file now (a diagnostic only carries the position), or from `contents`, the
    /// file as the build made it, when it was never written.
    public init(_ diagnostic: Diagnostic, readingFrom directory: String = FileManager.default.currentDirectoryPath, contents: Data? = nil) {
        path = diagnostic.path
        line = diagnostic.line
        column = diagnostic.column
        message = diagnostic.message
        summary = diagnostic.description
        let file = diagnostic.path.hasPrefix("/") ? diagnostic.path : (directory as NSString).appendingPathComponent(diagnostic.path)
        excerpt = Self.excerpt(of: contents ?? FileManager.default.contents(atPath: file), around: diagnostic.line)
    }

    static func excerpt(of data: Data?, around line: Int, context: Int = 2) -> [Line] {
        guard line >= 1, let data, data.count <= 4 << 20, let text = String(data: data, encoding: .utf8) else { return [] }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard line <= lines.count else { return [] }
        let range = max(1, line - context)...min(lines.count, line + context)
        return range.map { number in
            // Long lines are cut so one minified line cannot flood the overlay.
            let text = String(lines[number - 1].prefix(300))
            return Line(number: number, text: text, isFocus: number == line)
        }
    }

    /// The terminal form: the summary, then the numbered lines with a caret under the column, as compilers print.
    public var terminalText: String {
        var text = summary
        let width = String(excerpt.last?.number ?? 0).count
        for line in excerpt {
            let number = String(line.number)
            let gutter = String(repeating: " ", count: width - number.count) + number
            text += "\n \(line.isFocus ? ">" : " ") \(gutter) | \(line.text)"
            if line.isFocus, column >= 1 {
                let indent = String(line.text.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
                text += "\n   \(String(repeating: " ", count: width)) | \(indent)^"
            }
        }
        return text
    }
}
