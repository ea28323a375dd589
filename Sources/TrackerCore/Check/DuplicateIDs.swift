/// Ids given to more than one element of a page: a link to one jumps to the first, and assistive
/// technology labels the wrong element. Checked on every HTML page `tracker build` and `tracker
/// publish` produce, whichever theme wrote it.
enum DuplicateIDs {
    /// One diagnostic per id used again, at the value of its second use; `path` is the page as shown in messages.
    static func diagnostics(path: String, tags: [HTMLStartTag], bytes: [UInt8]) -> [Diagnostic] {
        var seen: Set<String> = []
        var reported: Set<String> = []
        var diagnostics: [Diagnostic] = []
        for tag in tags {
            guard let id = tag.attribute("id"), !seen.insert(id.value).inserted, reported.insert(id.value).inserted else { continue }
            let (line, column) = TextPositions.lineAndColumn(of: id.offset, in: bytes)
            diagnostics.append(Diagnostic(path: path, line: line, column: column,
                                          message: "duplicate id \"\(id.value)\": an element before it on the page has the same id"))
        }
        return diagnostics
    }

    /// The page's duplicate ids, read from its bytes.
    static func diagnostics(path: String, bytes: [UInt8]) -> [Diagnostic] {
        diagnostics(path: path, tags: HTMLTagScanner.startTags(in: bytes, keeping: ["id"]), bytes: bytes)
    }
}
