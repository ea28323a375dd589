import Ccmark

/// One pass over the parsed document collecting what the renderer rewrites; the tree is changed only afterwards,
/// since cmark's iterator must not see nodes it has yet to visit being replaced.
struct DocumentScan {
    private(set) var candidates: [TextCandidate] = []
    private(set) var headings: [CmarkNode] = []
    private(set) var firstParagraph: CmarkNode?
    /// Links and images, in document order, each with its block's line shift.
    private(set) var links: [(node: CmarkNode, lineShift: Int)] = []
    /// Lines of code blocks and HTML blocks: a line there is never a link reference definition.
    private(set) var literalBlocks: [ClosedRange<Int>] = []
    /// Lines of the HTML blocks that hold "[@": a citation there is never read (`RawHTMLCitations`).
    private(set) var rawHTMLBlocks: [ClosedRange<Int>] = []

    init(_ document: CmarkNode) {
        guard let iterator = cmark_iter_new(document.raw) else { return }
        defer { cmark_iter_free(iterator) }
        var linkDepth = 0
        var imageDepth = 0
        /// Open `<a …>` tags of raw HTML in the current block (the site allows raw HTML).
        var rawLinkDepth = 0
        /// The last candidate, when its text may end inside a citation that the next line closes.
        var openCandidate: CmarkNode?
        var block: CmarkNode?
        var anchorLine = 0
        var anchorColumn = 0
        var needsAnchor = false
        var lineShift = 0
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            let node = CmarkNode(cmark_iter_get_node(iterator))
            let type = node.type
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                guard entering else { block = nil; continue }
                block = node
                rawLinkDepth = 0
                lineShift = Self.lineShift(of: node)
                needsAnchor = true
                if type == CMARK_NODE_HEADING {
                    headings.append(node)
                } else if firstParagraph == nil, node.parent == document {
                    firstParagraph = node
                }
                continue
            case CMARK_NODE_LINK:
                linkDepth += entering ? 1 : -1
            case CMARK_NODE_IMAGE:
                imageDepth += entering ? 1 : -1
            case CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK:
                if node.startLine > 0 {
                    let lines = node.startLine...max(node.startLine, node.endLine)
                    literalBlocks.append(lines)
                    if type == CMARK_NODE_HTML_BLOCK, CitationScanner.mayContainCitation(node.literal) { rawHTMLBlocks.append(lines) }
                }
            case CMARK_NODE_HTML_INLINE:
                rawLinkDepth = max(0, rawLinkDepth + Self.rawLinkChange(node.literal))
            default:
                break
            }
            guard entering, let block else { continue }
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { links.append((node, lineShift)) }
            if needsAnchor {
                switch type {
                case CMARK_NODE_TEXT, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK:
                    anchorLine = node.startLine
                default:
                    // Code spans report where their content starts, after the backticks: no use as an anchor.
                    anchorLine = 0
                }
                anchorColumn = node.startColumn
                needsAnchor = false
            }
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                needsAnchor = true
            } else if type == CMARK_NODE_HTML_INLINE {
                // A tag's attributes are never read as Markdown (nor shown, in safe mode); a comment is not meant to show.
                let literal = node.literal
                openCandidate = nil
                guard CitationScanner.mayContainCitation(literal), !literal.starts(with: "<!--".utf8) else { continue }
                candidates.append(TextCandidate(
                    node: node, block: block, lineShift: lineShift, anchorLine: anchorLine, anchorColumn: anchorColumn, context: .rawHTML
                ))
            } else if type == CMARK_NODE_TEXT {
                let literal = node.literal
                let context: TextCandidate.Context = linkDepth > 0 ? .link : imageDepth > 0 ? .image : rawLinkDepth > 0 ? .rawLink : .text
                // A line that goes on with a citation the line before left open is a candidate too.
                let continues = openCandidate.map { Self.follows(node, $0) } ?? false
                openCandidate = nil
                guard continues || CitationScanner.mayContainCitation(literal) else { continue }
                candidates.append(TextCandidate(
                    node: node, block: block, lineShift: lineShift, anchorLine: anchorLine, anchorColumn: anchorColumn,
                    context: context
                ))
                if context == .text, CitationScanner.mayEndOpen(literal, continuing: continues) { openCandidate = node }
            }
        }
    }

    /// Whether `node` is the text right after the line break that follows `previous`.
    private static func follows(_ node: CmarkNode, _ previous: CmarkNode) -> Bool {
        guard let lineBreak = cmark_node_previous(node.raw).map(CmarkNode.init), CitationRewriter.isBreak(lineBreak) else { return false }
        return cmark_node_previous(lineBreak.raw) == previous.raw
    }

    /// +1 for an `<a …>` start tag, -1 for an `</a>` end tag, else 0.
    private static func rawLinkChange(_ literal: UnsafeBufferPointer<UInt8>) -> Int {
        guard literal.count >= 3, literal[0] == UInt8(ascii: "<") else { return 0 }
        let closing = literal[1] == UInt8(ascii: "/")
        let name = closing ? 2 : 1
        guard literal.count > name + 1, literal[name] | 0x20 == UInt8(ascii: "a") else { return 0 }
        let after = literal[name + 1]
        guard after == UInt8(ascii: ">") || after == UInt8(ascii: " ") || after == UInt8(ascii: "\t")
                || after == UInt8(ascii: "\n") || after == UInt8(ascii: "/") else { return 0 }
        return closing ? -1 : 1
    }

    /// Reference definitions at a paragraph's start are dropped without moving its inline line numbers;
    /// the paragraph's last line is still right, so the gap there is the shift.
    private static func lineShift(of block: CmarkNode) -> Int {
        guard block.type == CMARK_NODE_PARAGRAPH, let last = block.lastChild, last.endLine > 0 else { return 0 }
        return max(0, block.endLine - last.endLine)
    }
}
