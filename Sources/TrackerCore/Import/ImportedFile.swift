import Foundation

/// A content file an import writes, and what the import may do with the file already at its path.
///
/// The import owns a file it wrote as long as no one has edited it: its front matter starts with a comment
/// naming the import and the SHA-256 of the rest of the file (`# tracker import stop <hex>`). A file without
/// that line, or whose text no longer matches it, is the author's, and the import leaves it alone.
struct ImportedFile: Sendable, Equatable {
    /// Relative to the site folder: `content/incidents/<id>.md`.
    let path: String
    /// The file's whole text, marker included.
    let text: String

    enum Action: String, Sendable, Comparable {
        case create, update, unchanged
        /// Edited since the import wrote it, or never written by it.
        case keepEdited, keepAuthored

        static func < (lhs: Action, rhs: Action) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The file for `body` (front matter after its opening `---`, the closing `---` and the Markdown), marked as the import's.
    init(path: String, importer: String, body: String) {
        self.path = path
        text = "---\n" + Self.marker(importer: importer, text: body) + "\n" + body
    }

    static func marker(importer: String, text: String) -> String {
        "# tracker import \(importer) \(ContentHash.hex(ContentHash.digest(Data(text.utf8))))"
    }

    /// What to do with the file now at `path` (nil when there is none), for an import named `importer`.
    func action(existing: String?, importer: String) -> Action {
        guard let existing else { return .create }
        guard existing.hasPrefix("---\n# tracker import \(importer) "), let lineEnd = existing.dropFirst(4).firstIndex(of: "\n") else {
            return .keepAuthored
        }
        let marker = existing[existing.index(existing.startIndex, offsetBy: 4)..<lineEnd]
        guard marker == Self.marker(importer: importer, text: String(existing[existing.index(after: lineEnd)...])) else { return .keepEdited }
        return existing == text ? .unchanged : .update
    }
}
