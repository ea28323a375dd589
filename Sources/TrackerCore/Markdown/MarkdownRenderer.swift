#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ccmark
import CmarkArena

/// Markdown to HTML with citation markers, heading anchors and a summary, via libcmark's C API.
/// Stateless, so safe to call from many threads at once.
public enum MarkdownRenderer {
    /// With `links`, internal links and images are rewritten from the item's page and recorded (see `MarkdownLinks`).
    /// With `spill`, the HTML is kept there rather than in memory, to be read back when a page needs it.
    public static func render(_ markdown: String, options: MarkdownOptions = .init(), links: MarkdownLinks? = nil,
                              spill: BodySpill? = nil) -> RenderedMarkdown {
        render(markdown[...], options: options, links: links, spill: spill)
    }

    /// `render` of a part of a string: a content file's body, read where it lies in the file's text.
    public static func render(_ markdown: Substring, options: MarkdownOptions = .init(), links: MarkdownLinks? = nil,
                              spill: BodySpill? = nil) -> RenderedMarkdown {
        var markdown = markdown
        return markdown.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return empty }
            // Everything cmark allocates for this document comes from an arena, freed at once when the
            // result has been copied out (see `CmarkArena`): the tree is not freed node by node, unless
            // TRACKER_CMARK_ARENA=off (the fuzzers) leaves cmark on the C library's allocator.
            let outer = tracker_cmark_arena_open()
            defer { tracker_cmark_arena_close(outer) }
            // Source positions only cost at parse time; rendering never gets CMARK_OPT_SOURCEPOS.
            // (What `cmark_parse_document` does, with the arena's allocator.)
            guard let parser = cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS, allocator) else { return empty }
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { cmark_parser_feed(parser, $0, bytes.count) }
            let parsed = cmark_parser_finish(parser)
            cmark_parser_free(parser)
            guard let parsed else { return empty }
            let document = CmarkNode(parsed)
            defer { if tracker_cmark_arena_is_open() == 0 { cmark_node_free(document.raw) } }
            let renderOptions = options.allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
            return render(document, source: SourceText(bytes), options: renderOptions, links: links.map { ($0, options.basePath) }, spill: spill)
        }
    }

    /// The allocator of every cmark tree the renderer makes: the calling thread's arena while one is open
    /// (`tracker_cmark_arena_open`), else the C library's.
    nonisolated(unsafe) static let allocator: UnsafeMutablePointer<cmark_mem> = {
        let allocator = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        allocator.initialize(to: cmark_mem(calloc: tracker_cmark_arena_calloc, realloc: tracker_cmark_arena_realloc, free: tracker_cmark_arena_free))
        return allocator
    }()

    private static let empty = RenderedMarkdown(
        html: "", summaryHTML: "", summaryText: "", citations: [], citedSourceIDs: [], headings: []
    )

    private static func render(_ document: CmarkNode, source: SourceText, options: Int32,
                               links: (MarkdownLinks, basePath: String)?, spill: BodySpill?) -> RenderedMarkdown {
        let scan = DocumentScan(document)
        let recorded = links.map { rewriteLinks(scan, with: $0.0, basePath: $0.basePath, in: source) } ?? []
        var rewriter = CitationRewriter()
        for candidate in scan.candidates {
            rewriter.rewrite(candidate, in: source)
        }
        // Markers are still empty here, which is what the summary wants.
        var summaryHTML = HTMLStorage.inline("")
        var summaryText = ""
        if let paragraph = scan.firstParagraph {
            summaryHTML = innerHTML(of: paragraph, options: options, spill: spill)
            summaryText = PlainText.of(paragraph)
        }
        let definitions = CitationDefinitions.problems(in: source, literalBlocks: scan.literalBlocks) {
            var read = Set(rewriter.citations.map { SourcePosition(line: $0.line, column: $0.column) })
            read.formUnion(rewriter.problems.map { SourcePosition(line: $0.line, column: $0.column) })
            return read
        }
        var problems = rewriter.problems
        problems += definitions
        if !scan.rawHTMLBlocks.isEmpty { problems += RawHTMLCitations.problems(in: scan.rawHTMLBlocks, source: source) }
        for (node, lineShift) in scan.links {
            linkCitationProblems(node, lineShift: lineShift, in: source, into: &problems)
        }
        rewriter.markerHTML.withUnsafeBufferPointer { html in
            for marker in rewriter.markers { marker.node.setHTML(html.baseAddress! + marker.start) }
        }
        var ids = HeadingIDs()
        let headings = scan.headings.map { heading in
            let text = PlainText.of(heading)
            let anchored = MarkdownHeading(level: heading.headingLevel, text: text, id: ids.id(for: text))
            heading.replaceAndFree(with: .customBlock(html: headingHTML(heading, anchored, options: options)))
            return anchored
        }
        return RenderedMarkdown(
            htmlStorage: document.withHTML(options: options) { HTMLStorage(bytes: $0, spill: spill) },
            summaryHTMLStorage: summaryHTML,
            summaryText: summaryText,
            citations: rewriter.citations,
            citedSourceIDs: rewriter.sourceIDs,
            headings: headings,
            links: recorded,
            citationProblems: problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        )
    }

    /// Rewrites each internal link and image to its root-relative target, puts the SHA-256 after each
    /// link to a file beside the page, and returns them with their file positions.
    private static func rewriteLinks(_ scan: DocumentScan, with links: MarkdownLinks, basePath: String, in source: SourceText) -> [MarkdownLink] {
        // The links come in the body's order: each column is counted on from the last one's.
        var columns = SourceText.ColumnCursor()
        return scan.links.compactMap { node, lineShift -> MarkdownLink? in
            guard let raw = cmark_node_get_url(node.raw) else { return nil }
            let url = String(cString: raw)
            guard let target = links.target(of: url, basePath: basePath) else { return nil }
            let isImage = node.type == CMARK_NODE_IMAGE
            if target != url { cmark_node_set_url(node.raw, target) }
            if !isImage, let hex = links.digest(ofTarget: target, basePath: basePath) {
                let digest = CmarkNode(newOfType: CMARK_NODE_CUSTOM_INLINE)
                cmark_node_set_on_enter(digest.raw, FileDigestHTML.html(hex))
                if cmark_node_insert_after(node.raw, digest.raw) == 0 { cmark_node_free(digest.raw) }
            }
            let (line, start) = openerOffset(of: node, lineShift: lineShift, opener: isImage ? "!" : "[", in: source)
            let column = columns.position(ofOffset: start, in: source).column
            return MarkdownLink(url: url, target: target, isImage: isImage, line: links.firstLine + line - 1, column: column)
        }
    }

    /// A link's problems that only the link node shows, appended to `problems`:
    /// - a citation, or an attempt at one, in a link's or an image's title (`[a](https://… "see [@a]")`, or the title of
    ///   the definition a `[ref]` uses): a title is an attribute, never read as Markdown, so the citation would show on
    ///   hover only, its source unchecked;
    /// - a link whose whole text is a citation (`[@a](https://…)`, `[@a; @b][ref]`): Markdown makes it a link, and the
    ///   citation is lost without a word. A problem only if an id names a source of the site (`CitationProblem.sourceIDs`):
    ///   `[@netblocks](https://x.com/netblocks)`, a link to a handle, is a link.
    /// Both at the link's opener.
    private static func linkCitationProblems(_ node: CmarkNode, lineShift: Int, in source: SourceText, into problems: inout [CitationProblem]) {
        let isImage = node.type == CMARK_NODE_IMAGE
        if let title = cmark_node_get_title(node.raw), title.pointee != 0,
           CitationScanner.mayContainCitation(UnsafeBufferPointer(start: UnsafeRawPointer(title).assumingMemoryBound(to: UInt8.self), count: strlen(title))) {
            let (line, column) = position(of: node, lineShift: lineShift, opener: isImage ? "!" : "[", in: source)
            let what = isImage ? "image" : "link"
            problems.append(CitationProblem(line: line, column: column,
                                            message: "a citation cannot be inside \(isImage ? "an" : "a") \(what)'s title, which is never read as Markdown; put it after the \(what)"))
        }
        guard !isImage, let text = node.firstChild, text.type == CMARK_NODE_TEXT, text.literal.first == UInt8(ascii: "@"),
              text.nextSibling == nil else { return }
        let bracketed = [UInt8(ascii: "[")] + Array(text.literal) + [UInt8(ascii: "]")]
        let ids = bracketed.withUnsafeBufferPointer { bytes -> [String]? in
            guard let match = CitationScanner.match(bytes, at: 0, end: bytes.count), match.end == bytes.count else { return nil }
            return match.ids.map { String(decoding: bytes[$0], as: UTF8.self) }
        }
        guard let ids else { return }
        let (line, offset) = openerOffset(of: node, lineShift: lineShift, opener: "[", in: source)
        // `[@a]` alone made a link by a definition labelled `[@a]`: that definition is the error (`CitationDefinitions`).
        let after = offset + bracketed.count
        if source.bytes[offset..<min(after, source.bytes.count)].elementsEqual(bracketed),
           after >= source.bytes.count || (source.bytes[after] != UInt8(ascii: "(") && source.bytes[after] != UInt8(ascii: "[")) {
            return
        }
        let citation = "[" + ids.map { "@" + $0 }.joined(separator: "; ") + "]"
        problems.append(CitationProblem(line: line, column: source.scalarColumn(ofOffset: offset),
                                        message: "this link's text is the citation \(citation), which Markdown makes a link and not a citation; write \(citation) alone, without a link (the reference list links to the source)",
                                        sourceIDs: ids))
    }

    /// The body line and column of a link's opener. cmark 0.30's inline positions drift (see `TextNodeLocator`),
    /// so its prediction is kept only when the opener is there; else the first opener on the line, else its start.
    private static func position(of node: CmarkNode, lineShift: Int, opener: Character, in source: SourceText) -> (Int, Int) {
        let (line, start) = openerOffset(of: node, lineShift: lineShift, opener: opener, in: source)
        return (line, source.scalarColumn(ofOffset: start))
    }

    /// `position`'s line, and the byte offset of the opener in `source`.
    private static func openerOffset(of node: CmarkNode, lineShift: Int, opener: Character, in source: SourceText) -> (line: Int, offset: Int) {
        let line = min(max(node.startLine + lineShift, 1), source.lineCount)
        let range = source.lineRange(line)
        let byte = opener.asciiValue!
        let predicted = range.lowerBound + node.startColumn - 1
        let start = range.contains(predicted) && source.bytes[predicted] == byte ? predicted
            : range.first { source.bytes[$0] == byte } ?? range.lowerBound
        return (line, start)
    }

    /// The paragraph's HTML without its `<p>` and `</p>\n`, in `spill` when there is one.
    private static func innerHTML(of paragraph: CmarkNode, options: Int32, spill: BodySpill?) -> HTMLStorage {
        paragraph.withHTML(options: options) { HTMLStorage(bytes: UnsafeBufferPointer(rebasing: $0[innerRange(of: $0)]), spill: spill) }
    }

    /// The bytes of `html` inside `<p>` and `</p>\n`, or all of them when it is not wrapped so. The wrapper is
    /// matched as characters, as `String.hasPrefix` and `hasSuffix` match it: a mark after `<p>`, or a prepended
    /// mark before `</p>`, joins the `>` or `<` into another character, and then the HTML is kept whole.
    static func innerRange(of html: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let count = html.count
        guard count >= 8, html[0] == 0x3C, html[1] == 0x70, html[2] == 0x3E,
              html[count - 5] == 0x3C, html[count - 4] == 0x2F, html[count - 3] == 0x70, html[count - 2] == 0x3E, html[count - 1] == 0x0A
        else { return 0 ..< count }
        // An ASCII byte on either side of the wrapper cannot join it into another character.
        if html[3] < 0x80, html[count - 6] < 0x80 { return 3 ..< count - 5 }
        let text = String(decoding: html, as: UTF8.self)
        guard text.hasPrefix("<p>"), text.hasSuffix("</p>\n") else { return 0 ..< count }
        return 3 ..< count - 5
    }

    /// cmark renders the heading, we add the id: editing only this heading's own HTML cannot hit raw HTML elsewhere.
    private static func headingHTML(_ heading: CmarkNode, _ anchored: MarkdownHeading, options: Int32) -> String {
        let html = heading.html(options: options)
        let open = "<h\(anchored.level)>"
        guard html.hasPrefix(open) else { return html }
        let body = html.dropFirst(open.utf8.count).dropLast(html.hasSuffix("\n") ? 1 : 0)
        return "<h\(anchored.level) id=\"\(anchored.id)\">" + body
    }
}
