import Foundation
import TrackerCore

/// One build error as the overlay and the terminal show it: the diagnostic and the lines of the file around it.
public struct BuildProblem: Sendable, Equatable, Encodable {
    public struct Line: Sendable, Equatable, Encodable {
        public let number: Int
        public let text: String
        public let isFocus: Bool
        /// On the focus line, when the diagnostic has a column: what comes before the caret on the line under it
        /// (a tab where the text has one, else a space), so the caret stands under the column in a terminal and
        /// in the overlay alike.
        public var caretIndent: String? = nil
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
        excerpt = Self.excerpt(of: contents ?? FileManager.default.contents(atPath: file), around: diagnostic.line, column: diagnostic.column)
    }

    /// The most characters (Unicode scalars, as columns count them) of a line shown.
    static let width = 300

    /// The lines around `line`. A line longer than `width` is cut; when the column is past the first `width`
    /// characters, every line shows the stretch around it instead, marked with "…", so one minified line
    /// cannot flood the overlay and the caret still points at the column.
    static func excerpt(of data: Data?, around line: Int, column: Int = 0, context: Int = 2) -> [Line] {
        guard line >= 1, let data, data.count <= 4 << 20, let text = String(data: data, encoding: .utf8) else { return [] }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        guard line <= lines.count else { return [] }
        // Where the shown stretch starts: at the line's start, or so that the column is in its middle.
        let start = column > width ? column - 1 - width / 2 : 0
        let range = max(1, line - context)...min(lines.count, line + context)
        return range.map { number in
            let scalars = lines[number - 1].unicodeScalars
            var shown = ""
            if start > 0, scalars.count > start { shown = "…" }
            var characters = String.UnicodeScalarView()
            characters.append(contentsOf: scalars.dropFirst(start).prefix(width))
            shown += String(characters)
            if scalars.count > start + width { shown += "…" }
            var result = Line(number: number, text: shown, isFocus: number == line)
            if number == line, column >= 1 {
                // The characters before the column, as shown ("…" included), each made a space or kept a tab.
                let before = shown.unicodeScalars.prefix(column - 1 - start + (start > 0 ? 1 : 0))
                result.caretIndent = String(String.UnicodeScalarView(before.map { $0 == "\t" ? "\t" : " " }))
            }
            return result
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
            if let indent = line.caretIndent {
                text += "\n   \(String(repeating: " ", count: width)) | \(indent)^"
            }
        }
        return text
    }
}
