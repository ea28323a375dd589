import Ccmark

/// One pass over the parsed document collecting what the renderer rewrites; the tree is changed only afterwards,
/// since cmark's iterator must not see nodes it has yet to visit being replaced.
struct DocumentScan {
    private(set) var candidates: [TextCandidate] = []
    private(set) var headings: [CmarkNode] = []
    private(set) var firstParagraph: CmarkNode?
    /// Links and images, in document order, each with its block's line shift.
    private(set) var links: [(node: CmarkNode, lineShift: Int)] = []

    init(_ document: CmarkNode) {
        guard let iterator = cmark_iter_new(document.raw) else { return }
        defer { cmark_iter_free(iterator) }
        var linkDepth = 0
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
                lineShift = Self.lineShift(of: node)
                needsAnchor = true
                if type == CMARK_NODE_HEADING {
                    headings.append(node)
                } else if firstParagraph == nil, node.parent == document {
                    firstParagraph = node
                }
                continue
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                linkDepth += entering ? 1 : -1
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
            } else if type == CMARK_NODE_TEXT, linkDepth == 0, CitationScanner.mayContainCitation(node.literal) {
                candidates.append(TextCandidate(
                    node: node, block: block, lineShift: lineShift, anchorLine: anchorLine, anchorColumn: anchorColumn
                ))
            }
        }
    }

    /// Reference definitions at a paragraph's start are dropped without moving its inline line numbers;
    /// the paragraph's last line is still right, so the gap there is the shift.
    private static func lineShift(of block: CmarkNode) -> Int {
        guard block.type == CMARK_NODE_PARAGRAPH, let last = block.lastChild, last.endLine > 0 else { return 0 }
        return max(0, block.endLine - last.endLine)
    }
}
