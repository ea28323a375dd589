import Ccmark

/// Markdown to HTML with citation markers, heading anchors and a summary, via libcmark's C API.
/// Stateless, so safe to call from many threads at once.
public enum MarkdownRenderer {
    public static func render(_ markdown: String, options: MarkdownOptions = .init()) -> RenderedMarkdown {
        var markdown = markdown
        return markdown.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return empty }
            // Source positions only cost at parse time; rendering never gets CMARK_OPT_SOURCEPOS.
            let parsed = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                cmark_parse_document($0, bytes.count, CMARK_OPT_SOURCEPOS)
            }
            guard let parsed else { return empty }
            let document = CmarkNode(parsed)
            defer { cmark_node_free(document.raw) }
            let renderOptions = options.allowRawHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
            return render(document, source: SourceText(bytes), options: renderOptions)
        }
    }

    private static let empty = RenderedMarkdown(
        html: "", summaryHTML: "", summaryText: "", citations: [], citedSourceIDs: [], headings: []
    )

    private static func render(_ document: CmarkNode, source: SourceText, options: Int32) -> RenderedMarkdown {
        let scan = DocumentScan(document)
        var rewriter = CitationRewriter()
        for candidate in scan.candidates {
            rewriter.rewrite(candidate, in: source)
        }
        // Markers are still empty here, which is what the summary wants.
        var summaryHTML = ""
        var summaryText = ""
        if let paragraph = scan.firstParagraph {
            summaryHTML = innerHTML(of: paragraph, options: options)
            summaryText = PlainText.of(paragraph)
        }
        for marker in rewriter.markers {
            marker.node.setHTML(marker.html)
        }
        var ids = HeadingIDs()
        let headings = scan.headings.map { heading in
            let text = PlainText.of(heading)
            let anchored = MarkdownHeading(level: heading.headingLevel, text: text, id: ids.id(for: text))
            heading.replaceAndFree(with: .customBlock(html: headingHTML(heading, anchored, options: options)))
            return anchored
        }
        return RenderedMarkdown(
            html: document.html(options: options),
            summaryHTML: summaryHTML,
            summaryText: summaryText,
            citations: rewriter.citations,
            citedSourceIDs: rewriter.sourceIDs,
            headings: headings
        )
    }

    /// A paragraph's HTML without its `<p>` and `</p>\n`.
    private static func innerHTML(of paragraph: CmarkNode, options: Int32) -> String {
        let html = paragraph.html(options: options)
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>\n") else { return html }
        return String(html.dropFirst(3).dropLast(5))
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
