import Ccmark
import Testing
@testable import TrackerCore

/// tracker's HTML renderer for cmark trees (`CmarkHTML`, `CmarkNode.withHTML`) against libcmark's own.
@Suite struct CmarkHTMLTestSuite {
    /// The HTML of `markdown`'s document from `CmarkNode.withHTML`.
    private func html(_ markdown: String, _ options: Int32 = CMARK_OPT_DEFAULT) -> String {
        let parsed = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT)!
        defer { cmark_node_free(parsed) }
        return CmarkNode(parsed).withHTML(options: options) { String(decoding: $0, as: UTF8.self) }
    }

    /// This machine's libcmark is one whose renderer tracker's follows (0.30 or 0.31): with another, builds use
    /// libcmark's renderer and the comparisons below would compare it with itself.
    @Test func theLibcmarkHereIsOneTrackersRendererFollows() {
        #expect(CmarkNode.rendersOwnHTML, "libcmark \(String(cString: cmark_version_string())) is not 0.30 or 0.31")
    }

    @Test func linksImagesAndTheirAddresses() {
        #expect(html(#"[a](b "")"#) == "<p><a href=\"b\" title=\"\">a</a></p>\n")
        #expect(html("[a](b)") == "<p><a href=\"b\">a</a></p>\n")
        #expect(html("![x *y* `z`](javascript:q \"t\")") == "<p><img src=\"\" alt=\"x y z\" title=\"t\" /></p>\n")
        #expect(html("![x *y* `z`](javascript:q \"t\")", CMARK_OPT_UNSAFE) == "<p><img src=\"javascript:q\" alt=\"x y z\" title=\"t\" /></p>\n")
        #expect(html("[a](DATA:IMAGE/PNG;x) [b](data:text/x)") == "<p><a href=\"DATA:IMAGE/PNG;x\">a</a> <a href=\"\">b</a></p>\n")
        #expect(html("[a](<b c&'d>)") == "<p><a href=\"b%20c&amp;&#x27;d\">a</a></p>\n")
    }

    /// Source positions, which tracker never asks of a renderer, come from libcmark's.
    @Test func sourcePositionsComeFromLibcmark() {
        #expect(html("*a*", CMARK_OPT_SOURCEPOS) == "<p data-sourcepos=\"1:1-1:3\"><em>a</em></p>\n")
    }

    @Test func blocksTextAndRawHTML() {
        #expect(html("```py x\n<a>\n```\n") == "<pre><code class=\"language-py\">&lt;a&gt;\n</code></pre>\n")
        #expect(html("a & b < c > d \"e\" 'f'") == "<p>a &amp; b &lt; c &gt; d &quot;e&quot; 'f'</p>\n")
        #expect(html("- a\n- b\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
        #expect(html("3. a\n") == "<ol start=\"3\">\n<li>a</li>\n</ol>\n")
        #expect(html("<div>x</div>\n") == "<!-- raw HTML omitted -->\n")
        #expect(html("<div>x</div>\n", CMARK_OPT_UNSAFE) == "<div>x</div>\n")
        #expect(html("a <b>c</b>") == "<p>a <!-- raw HTML omitted -->c<!-- raw HTML omitted --></p>\n")
        #expect(html("a <b>c</b>", CMARK_OPT_UNSAFE) == "<p>a <b>c</b></p>\n")
    }

    /// Markdown made of pieces that exercise every kind of node, escapes on either side of the sixteen-byte
    /// blocks text is escaped in, and addresses safe mode drops: every node of each document, rendered on its
    /// own with every option that changes the HTML, is the same as libcmark renders it.
    @Test func agreesWithLibcmarkOnGeneratedMarkdown() {
        let pieces = [
            "a", "b c", " ", "\n", "\n\n", "\t", "*", "**", "_", "`", "```", "~~~", "# ", "## ", "> ", "- ", "1. ", "7) ", "+ ",
            "[", "]", "(", ")", "![", "](", "\"", "'", "&", "&amp;", "&#0;", "<", ">", "<div>", "</div>", "<span>", "<!-- x -->",
            "javascript:alert(1)", "JavaScript:x", "data:image/png;base64,x", "data:text/html,x", "vbscript:x", "file:///x",
            "http://a.b/c?d=e&f='g'", "<http://x.y/z>", "<me@x.y>", "\\", "\\*", "    code", "---", "***", "===",
            "[x]: /u \"t\"", "[x]", "[x][]", "[]()", " \"\"", "\"title\"", "é", "日本", "😀", "%20", "  \n", "\\\n",
            "```python extra\n", "```language-js\n", "0. ", "<?php ?>", "<![CDATA[x]]>", "\r\n",
            "sixteen bytes ok", "a somewhat longer run of plain text & then <more>", "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"",
        ]
        var random = SeededGenerator(seed: 17)
        for _ in 0 ..< 1500 {
            let markdown = (0 ..< Int.random(in: 1 ... 40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let mismatch = MarkdownRenderer.htmlMismatch(in: markdown)
            #expect(mismatch == nil, "\(markdown.debugDescription): \(mismatch ?? "")")
            if mismatch != nil { return }
        }
    }

    /// Custom blocks and inlines (tracker's citation markers and heading anchors are such nodes), with and
    /// without their HTML, inside and outside an image's text.
    @Test func agreesWithLibcmarkOnCustomNodes() {
        let markdown = "para [a](b)\n\n![alt *x*](i.png)\n"
        let parsed = cmark_parse_document(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT)!
        defer { cmark_node_free(parsed) }
        let document = CmarkNode(parsed)
        let paragraph = CmarkNode(cmark_node_first_child(parsed)!)
        let image = CmarkNode(cmark_node_first_child(cmark_node_next(paragraph.raw)!)!)
        let block = CmarkNode(newOfType: CMARK_NODE_CUSTOM_BLOCK)
        cmark_node_set_on_enter(block.raw, "<aside>")
        cmark_node_set_on_exit(block.raw, "</aside>")
        #expect(paragraph.insertBefore(block))
        #expect(paragraph.insertBefore(CmarkNode(newOfType: CMARK_NODE_CUSTOM_BLOCK)))
        let marker = CmarkNode(newOfType: CMARK_NODE_CUSTOM_INLINE)
        cmark_node_set_on_enter(marker.raw, "<sup>1</sup>")
        #expect(CmarkNode(cmark_node_first_child(paragraph.raw)!).insertBefore(marker))
        let inImage = CmarkNode(newOfType: CMARK_NODE_CUSTOM_INLINE)
        cmark_node_set_on_enter(inImage.raw, "<b>")
        #expect(cmark_node_append_child(image.raw, inImage.raw) == 1)
        #expect(MarkdownRenderer.htmlMismatch(under: document) == nil)
        #expect(document.withHTML(options: CMARK_OPT_DEFAULT) { String(decoding: $0, as: UTF8.self) }
            == "<aside>\n</aside>\n<p><sup>1</sup>para <a href=\"b\">a</a></p>\n<p><img src=\"i.png\" alt=\"alt x\" /></p>\n")
    }
}

