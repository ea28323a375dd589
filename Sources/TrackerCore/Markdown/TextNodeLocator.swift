/// A text node (or a raw HTML tag) worth a closer look, with what the walk knew about its line when it met it.
struct TextCandidate {
    let node: CmarkNode
    /// The paragraph or heading holding it.
    let block: CmarkNode
    /// Lines to add to cmark's inline line numbers in this block.
    let lineShift: Int
    /// cmark's line and column for the first inline of the node's line, whose true column is the line's content start.
    let anchorLine: Int
    let anchorColumn: Int
    /// Where the text is: only plain text may hold a citation, which would be a link inside a link elsewhere.
    let context: Context

    enum Context: Equatable {
        case text, link, image, rawLink, rawHTML

        /// Why a citation cannot be here; nil in plain text.
        var problem: String? {
            switch self {
            case .text: return nil
            case .link: return "a citation cannot be inside link text; put it after the link"
            case .image: return "a citation cannot be inside an image's description; put it after the image"
            case .rawLink: return "a citation cannot be inside an HTML link (<a>…</a>); put it after the link"
            case .rawHTML: return RawHTMLCitations.message
            }
        }
    }
}

/// Finds the source bytes a text node came from.
/// cmark 0.30 inline positions drift (link reference definitions, lazy and indented continuation lines,
/// multi-line links), but stay right relative to each other within a line: so predict, verify, else search.
enum TextNodeLocator {
    static func locate(
        _ candidate: TextCandidate, literal: UnsafeBufferPointer<UInt8>, in source: SourceText, notBefore cursor: Int
    ) -> Range<Int>? {
        let node = candidate.node
        let length = node.endColumn - node.startColumn + 1
        guard length > 0 else { return nil }
        let predicted = predictedStart(candidate, in: source)
        if let start = predicted, start >= cursor, fits(start, length, literal, in: source) {
            return start..<(start + length)
        }
        // cmark 0.30 starts a text node that opens with an unmatched backtick run ("``[@a]`") after the run, so
        // its start is short of the literal by the run: try the span that takes the run in too.
        let run = literal.prefix { $0 == UInt8(ascii: "`") }.count
        if run > 0, let start = predicted.map({ $0 - run }), start >= cursor, start >= 0,
           fits(start, length + run, literal, in: source) {
            return start..<(start + length + run)
        }
        if let span = search(candidate.block, length, literal, in: source, notBefore: cursor) { return span }
        if run > 0, let span = search(candidate.block, length + run, literal, in: source, notBefore: cursor) { return span }
        // Else cmark has the node's length wrong too. After an unmatched backtick at the paragraph's end it can end the
        // node a column past its line ("``[@a]b`" ends at column 9 of 8, "k\[@e]`" at 8 of 7), and after an unused
        // emphasis delimiter start it a column early ("*k**\[@e]" puts "*[@e]" at column 3, not 4): the span is
        // the first from the cursor on that unescapes to the literal, however long.
        return searchAnyLength(candidate.block, literal, in: source, notBefore: cursor)
    }

    private static func searchAnyLength(
        _ block: CmarkNode, _ literal: UnsafeBufferPointer<UInt8>, in source: SourceText, notBefore cursor: Int
    ) -> Range<Int>? {
        guard !literal.isEmpty else { return nil }
        return firstSpan(in: block, source, notBefore: cursor) { start, line in
            SourceLiteralMatch.spanEnd(source.bytes, from: start, end: line.upperBound, literal: literal).map { start..<$0 }
        }
    }

    private static func search(
        _ block: CmarkNode, _ length: Int, _ literal: UnsafeBufferPointer<UInt8>, in source: SourceText, notBefore cursor: Int
    ) -> Range<Int>? {
        firstSpan(in: block, source, notBefore: cursor) { start, line in
            start + length <= line.upperBound && fits(start, length, literal, in: source) ? start..<(start + length) : nil
        }
    }

    /// The first span `span(start, line)` finds, trying each start on the block's lines from the cursor on.
    private static func firstSpan(
        in block: CmarkNode, _ source: SourceText, notBefore cursor: Int, _ span: (Int, Range<Int>) -> Range<Int>?
    ) -> Range<Int>? {
        let lastLine = min(max(block.endLine, block.startLine), source.lineCount)
        let firstLine = max(block.startLine, source.line(containing: cursor))
        guard firstLine <= lastLine else { return nil }
        for line in firstLine...lastLine {
            let range = source.lineRange(line)
            var start = max(range.lowerBound, cursor)
            while start < range.upperBound {
                if let found = span(start, range) { return found }
                start += 1
            }
        }
        return nil
    }

    /// Byte offset where cmark's positions, corrected for its known drift, put the node.
    static func predictedStart(_ candidate: TextCandidate, in source: SourceText) -> Int? {
        let node = candidate.node
        let block = candidate.block
        let line = node.startLine + candidate.lineShift
        guard line >= 1, line <= source.lineCount else { return nil }
        let offset: Int
        if line == block.startLine {
            offset = source.lineRange(line).lowerBound + node.startColumn - 1
        } else {
            let anchor = candidate.anchorLine == node.startLine ? candidate.anchorColumn : block.startColumn
            offset = source.contentStart(ofLine: line) + node.startColumn - anchor
        }
        let range = source.lineRange(line)
        return range.contains(offset) ? offset : nil
    }

    private static func fits(_ start: Int, _ length: Int, _ literal: UnsafeBufferPointer<UInt8>, in source: SourceText) -> Bool {
        guard start + length <= source.lineRange(source.line(containing: start)).upperBound else { return false }
        return SourceLiteralMatch.matches(source.bytes, start..<(start + length), literal: literal)
    }
}
