/// Citations written inside an HTML block (`<p>… [@a]</p>`, or a `<div>` whose text runs on without a
/// blank line): cmark passes the block through unread (`raw_html: true`) or leaves it out (safe mode),
/// so the citation would vanish. Text in HTML comments is left alone: it is not meant to show.
enum RawHTMLCitations {
    static let message = "a citation cannot be inside raw HTML, which is not read as Markdown; leave a blank line between the HTML tags and the text, or put the citation outside the HTML"

    /// One problem per citation, or attempt at one, in the source lines of each block (few: only blocks holding "[@").
    static func problems(in blocks: [ClosedRange<Int>], source: SourceText) -> [CitationProblem] {
        var problems: [CitationProblem] = []
        let bytes = source.bytes
        var columns = SourceText.ColumnCursor()
        for lines in blocks {
            let end = source.lineRange(lines.upperBound).upperBound
            var index = source.lineRange(lines.lowerBound).lowerBound
            while index < end {
                if startsComment(bytes, at: index) {
                    index = commentEnd(bytes, from: index + 4, end: end)
                    continue
                }
                if bytes[index] == UInt8(ascii: "["), CitationAttempts.isCitationLike(bytes, at: index, limit: end) {
                    let (line, column) = columns.position(ofOffset: index, in: source)
                    problems.append(CitationProblem(line: line, column: column, message: message))
                }
                index += 1
            }
        }
        return problems
    }

    private static func startsComment(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 3 < bytes.count && bytes[index] == UInt8(ascii: "<") && bytes[index + 1] == UInt8(ascii: "!")
            && bytes[index + 2] == UInt8(ascii: "-") && bytes[index + 3] == UInt8(ascii: "-")
    }

    /// Just past the `-->` closing a comment, or `end`.
    private static func commentEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        var index = start
        while index + 2 < end {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 2] == UInt8(ascii: ">") { return index + 3 }
            index += 1
        }
        return end
    }
}
