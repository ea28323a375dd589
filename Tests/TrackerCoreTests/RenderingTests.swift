import Foundation
import Testing
@testable import TrackerCore

@Suite struct RenderingTestSuite {
    func render(_ files: [String: String], _ kind: (SiteRenderer) -> PageKind, siteYAML: String = TestSite.siteYAML) throws -> String {
        let site = try TestSite(files: files, siteYAML: siteYAML)
        defer { site.remove() }
        let loaded = site.withCurrentDirectory { SiteBuilder.load(BuildOptions()) }
        let (graph, theme) = try loaded.get()
        let renderer = SiteRenderer(site: graph, theme: theme)
        return String(decoding: renderer.render(kind(renderer)), as: UTF8.self)
    }

    let hostile = #"<script>alert("x")</script> & 'y'"#

    func hostileIncident() -> [String: String] {
        [
            "content/sources/report.md": TestSite.source,
            "content/incidents/x-block.md": TestSite.incident(replacing: ["title": #""<script>alert(\"x\")</script> & 'y'""#, "ordered_by": "'=cmd|calc'"]),
        ]
    }

    @Test func frontMatterIsEscapedInHTML() throws {
        let html = try render(hostileIncident()) { _ in .incident(0) }
        #expect(html.contains("<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</h1>"))
        #expect(!html.contains("<script>alert"))
    }

    @Test func frontMatterIsEscapedInTheFeed() throws {
        let feed = try render(hostileIncident()) { _ in .feed }
        #expect(feed.contains("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</title>"))
    }

    @Test func frontMatterIsQuotedInCSV() throws {
        let csv = try render(hostileIncident()) { _ in .incidentsCSV }
        let row = csv.components(separatedBy: "\r\n")[1]
        #expect(row == #"x-block,"<script>alert(""x"")</script> & 'y'",PK,Pakistan,,X,service-block,ongoing,confirmed,2024-02-17,,'=cmd|calc,,,,https://example.org/incidents/x-block/,report,1,Daily Times"#)
    }

    @Test func csvFieldQuotesOnlyWhenNeeded() {
        #expect(DataExport.csvField("plain") == "plain")
        #expect(DataExport.csvField("a, b") == "\"a, b\"")
        #expect(DataExport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(DataExport.csvField("line\nbreak") == "\"line\nbreak\"")
        #expect(DataExport.csvField("-1") == "'-1")
    }

    @Test func timelineGroupsEventsByYearAndMonthNewestFirst() throws {
        let events = """
            timeline:
              - {date: 2023-12-30, text: First., sources: [report]}
              - {date: 2024-02, text: Some day in February., sources: [report]}
              - {date: 2024-02-17, text: Blocked., sources: [report]}
            """
        let html = try render(["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident(events)]) { _ in .timeline }
        let order = ["<h2 id=\"y-2024\">2024</h2>", "<h3 id=\"m-february-2024\">February 2024</h3>", "17 February 2024", "Some day in February.",
                     "<h2 id=\"y-2023\">2023</h2>", "<h3 id=\"m-december-2023\">December 2023</h3>", "30 December 2023"]
        var position = html.startIndex
        for marker in order {
            let found = try #require(html.range(of: marker, range: position..<html.endIndex), "\(marker) out of order")
            position = found.upperBound
        }
    }

    @Test func timelineSourcesJoinTheReferenceList() throws {
        let second = TestSite.source.replacingOccurrences(of: "A report", with: "Second report")
        let events = "timeline:\n  - {date: 2024-02-17, text: Blocked., sources: [second]}"
        let html = try render([
            "content/sources/report.md": TestSite.source, "content/sources/second.md": second,
            "content/incidents/x-block.md": TestSite.incident(events, body: "No citations in the body."),
        ]) { _ in .incident(0) }
        #expect(html.contains("<a class=\"cite\" href=\"#ref-1\" title=\"Second report\">[1]</a>"))
        #expect(html.contains("<li id=\"ref-1\"><cite><a href=\"/sources/second/\">Second report</a></cite>"))
        #expect(!html.contains("id=\"ref-2\""))
    }

    @Test func aSourcePageListsTheIncidentsCitingIt() throws {
        let html = try render([
            "content/sources/report.md": TestSite.source,
            "content/incidents/x-block.md": TestSite.incident("timeline:\n  - {date: 2024-02-17, text: Blocked nationwide., sources: [report]}"),
        ]) { _ in .source(0) }
        #expect(html.contains("<a href=\"/incidents/x-block/\">X blocked</a>"))
        #expect(html.contains("<li><time datetime=\"2024-02-17\">17 February 2024</time>: Blocked nationwide.</li>"))
        #expect(html.contains("<a class=\"external\" href=\"https://example.org/report\">https://example.org/report</a>"))
    }

    @Test func draftsAreLeftOutUnlessAskedFor() throws {
        let files = ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident(replacing: ["draft": "true"])]
        let site = try TestSite(files: files)
        defer { site.remove() }
        #expect(site.site()?.incidents.count == 0)
        #expect(site.site(includeDrafts: true)?.incidents.count == 1)
    }

    @Test func anAliasGetsARedirectPage() throws {
        let files = ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident(replacing: ["aliases": "[old-id]"])]
        let html = try render(files) { renderer in
            #expect(renderer.path(of: .alias(0)) == "incidents/old-id/index.html")
            return .alias(0)
        }
        #expect(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/incidents/x-block/\">"))
        #expect(html.contains("<link rel=\"canonical\" href=\"https://example.org/incidents/x-block/\">"))
    }

    @Test func platformSpellingsShareOnePage() throws {
        let files = [
            "content/sources/report.md": TestSite.source,
            "content/incidents/a.md": TestSite.incident(replacing: ["platforms": "[Mobile internet]"]),
            "content/incidents/b.md": TestSite.incident(replacing: ["platforms": "[mobile Internet]"]),
        ]
        let site = try TestSite(files: files)
        defer { site.remove() }
        let platforms = try #require(site.site()).platforms
        #expect(platforms.map(\.slug) == ["mobile-internet"])
        #expect(platforms.map(\.name) == ["Mobile internet"])
        #expect(platforms[0].incidents.count == 2)
    }
}

@Suite struct ThemeTestSuite {
    @Test func builtInThemeHasEveryRequiredTemplate() throws {
        _ = try Theme.builtIn().get()
    }

    @Test func findsPartialAndParentReferencesWithPositions() {
        let references = TemplateReferences.scan("a\n  {{> partials/x }}{{<base}}\n{{! comment }}{{>*dynamic}}")
        #expect(references == [
            .init(name: "partials/x", isParent: false, line: 2, column: 3),
            .init(name: "base", isParent: true, line: 2, column: 20),
        ])
    }

    @Test func aMissingParentIsAnError() throws {
        let result = Theme.load(files: [("page.mustache", Data("{{<layout}}{{/layout}}".utf8), "templates")] +
            EmbeddedTheme.files.filter { $0.key != "page.mustache" }.map { ($0.key, Data($0.value.utf8), "(built-in theme)") })
        let errors = try #require(result.failureValue).diagnostics.map(\.description)
        #expect(errors == ["templates/page.mustache:1:1: error: parent template 'layout' not found (no layout.mustache in the theme)"])
    }

    /// Found by the template fuzz target: a template that includes itself overflowed the stack.
    @Test func aTemplateThatIncludesItselfIsAnError() throws {
        let result = Theme.load(files: [
            ("page.mustache", Data("<main>{{> partials/loop }}</main>".utf8), "templates"),
            ("partials/loop.mustache", Data("{{#incident}}{{> page }}{{/incident}}".utf8), "templates"),
        ] + EmbeddedTheme.files.filter { $0.key != "page.mustache" }.map { ($0.key, Data($0.value.utf8), "(built-in theme)") })
        let errors = try #require(result.failureValue).diagnostics.map(\.description)
        #expect(errors == ["templates/partials/loop.mustache:1:14: error: partial 'page' includes itself (page → partials/loop → page): rendering it would never end"])
    }

    /// A partial named by a value, or behind changed delimiters, escapes that check: the render stops at the
    /// hundredth level instead, and says why.
    @Test func partialsNestAtMostAHundredDeep() throws {
        let library = TemplateLibrary(templates: ["main": try TemplateParser.compile("{{=<% %>=}}x<%>main%>y")])
        let (output, stopReason) = render(library, "main", [:])
        #expect(output == String(repeating: "x", count: TemplateRendering.maxNesting + 1))
        #expect(stopReason == "template 'main' nests partials more than 100 deep, and stopped: does a partial include itself (through a partial named by a value, or behind changed delimiters)?")
    }

    /// Found by the template fuzz target: a partial including itself twice behind changed delimiters went
    /// on for 2^100 renders. It stops as soon as it is a hundred deep.
    @Test func aPartialIncludingItselfTwiceStopsAtTheNestingLimit() throws {
        let library = TemplateLibrary(templates: ["main": try TemplateParser.compile("{{=<% %>=}}<%#yes%>x<%>main%><%>main%><%/yes%>")])
        let (output, stopReason) = render(library, "main", ["yes": .bool(true)])
        #expect(output == String(repeating: "x", count: TemplateRendering.maxNesting + 1))
        #expect(stopReason?.hasPrefix("template 'main' nests partials more than 100 deep, and stopped") == true)
    }

    /// Found by hand: 5,000 sections nested in one template overflowed the stack of the thread compiling the
    /// theme. A template nests sections, inverted sections, blocks and parents at most 100 levels deep; the
    /// tag that opens the 101st is the error.
    @Test func aTemplateNestsSectionsAtMostAHundredLevels() throws {
        let openers = ["{{#a}}", "{{^b}}", "{{$c}}", "{{<p}}{{$d}}"]
        let closers = ["{{/a}}", "{{/b}}", "{{/c}}", "{{/d}}{{/p}}"]
        // The first `kinds` openers in turn, one per line, up to `levels` levels (a parent and its block are two).
        func template(_ levels: Int, kinds: Int = 4) -> String {
            var open: [Int] = []
            var depth = 0
            while depth < levels {
                let kind = open.count % kinds == 3 && depth + 2 > levels ? 0 : open.count % kinds
                open.append(kind)
                depth += kind == 3 ? 2 : 1
            }
            return open.map { openers[$0] + "\n" }.joined() + "x\n" + open.reversed().map { closers[$0] + "\n" }.joined()
        }
        // Sections, inverted sections and blocks, each on its own line, take their lines with them.
        let library = TemplateLibrary(templates: ["main": try TemplateParser.compile(template(TemplateParser.maxDepth, kinds: 3))])
        #expect(render(library, "main", ["a": .bool(true)]) == ("x\n", nil))
        // Parents too: 80 lines open 100 levels. (Rendering them would go on past 100 partials: the outermost
        // override of `d` wins at every level.)
        _ = try TemplateParser.compile(template(TemplateParser.maxDepth))
        for levels in [101, 102, 5_000] {
            #expect(throws: TemplateSyntaxError(message: "sections, blocks and parents nest more than 100 levels deep here", line: 81, column: 1)) {
                try TemplateParser.compile(template(levels))
            }
        }
        let sections = String(repeating: "{{#a}}", count: 101) + String(repeating: "{{/a}}", count: 101)
        #expect(throws: TemplateSyntaxError(message: "sections, blocks and parents nest more than 100 levels deep here", line: 1, column: 601)) {
            try TemplateParser.compile(sections)
        }
    }

    /// Partials each nesting sections 100 deep, included inside one another, would recurse 10,000 levels: a
    /// render stops past 1,000 sections, blocks and partials inside one another.
    @Test func aRenderNestsAtMostAThousandBodies() throws {
        // The body of "x" is 1 (main) + 10 × (1 + sections) levels deep.
        func library(sections: Int) throws -> TemplateLibrary {
            var templates = ["main": try TemplateParser.compile("{{>p0}}")]
            for index in 0 ..< 10 {
                let inner = index == 9 ? "x" : "{{>p\(index + 1)}}"
                templates["p\(index)"] = try TemplateParser.compile(String(repeating: "{{#a}}", count: sections) + inner + String(repeating: "{{/a}}", count: sections))
            }
            return TemplateLibrary(templates: templates)
        }
        #expect(render(try library(sections: 98), "main", ["a": .bool(true)]) == ("x", nil))
        #expect(render(try library(sections: 99), "main", ["a": .bool(true)]) == ("", "template 'main' nests sections, blocks and partials more than 1000 deep, and stopped"))
    }

    /// Found by hand: a theme chaining 20,000 partials overflowed the stack of the thread looking for cycles.
    /// A cycle that long is named by its ends.
    @Test func aLongChainOfPartialsIsWalkedWithoutRecursion() throws {
        let count = 20_000
        var files = (0 ..< count).map { index in
            ("partials/p\(index).mustache", Data((index == count - 1 ? "{{>partials/p0}}" : "{{>partials/p\(index + 1)}}").utf8), "templates")
        }
        files.append(("page.mustache", Data("{{<base}}{{$content}}{{>partials/p0}}{{/content}}{{/base}}".utf8), "templates"))
        let builtIn = EmbeddedTheme.files.filter { $0.key != "page.mustache" }.map { ($0.key, Data($0.value.utf8), "(built-in theme)") }
        let errors = try #require(Theme.load(files: files + builtIn).failureValue).diagnostics.map(\.description)
        #expect(errors == ["templates/partials/p19999.mustache:1:1: error: partial 'partials/p0' includes itself (partials/p0 → partials/p1 → partials/p2 → partials/p3 → partials/p4 → … 19991 more … → partials/p19996 → partials/p19997 → partials/p19998 → partials/p19999 → partials/p0): rendering it would never end"])
        #expect(TemplateReferences.describe(["a", "b", "a"]) == "a → b → a")
        #expect(TemplateReferences.describe((0 ..< 10).map(String.init)) == "0 → 1 → 2 → 3 → 4 → 5 → 6 → 7 → 8 → 9")
        #expect(TemplateReferences.describe((0 ..< 11).map(String.init)) == "0 → 1 → 2 → 3 → 4 → … 1 more … → 6 → 7 → 8 → 9 → 10")
    }

    /// Sections over a list nested inside one another go through the whole list at each level: three
    /// elements nested 40 deep would be 3^40 bodies. A body's nodes count once for each context around them.
    @Test func nestedSectionsStopAtTheLimitOfNodes() throws {
        let text = String(repeating: "{{#list}}", count: 40) + "x" + String(repeating: "{{/list}}", count: 40)
        let limits = TemplateLimits(nodeVisits: 1000, outputBytes: 1 << 20)
        let library = TemplateLibrary(templates: ["main": try TemplateParser.compile(text)], limits: limits)
        let (output, stopReason) = render(library, "main", ["list": .list([.int(1), .int(2), .int(3)])])
        // The template is one node, and so is each body (the section inside it, or "x" at the bottom). The
        // template counts 1, the body at depth d counts 1 + d: down to the first "x", 1 + (2 + … + 41) = 861.
        // Two more bodies at depth 40 (41 each) make 943, a third would pass 1000.
        #expect(output == "xxx")
        #expect(stopReason == "template 'main' visited more than 1000 template nodes (each counted once for each context around it), the most one render may, and stopped: do partials include themselves, or sections over lists nest deep inside one another?")
        let unlimited = TemplateLibrary(templates: ["main": try TemplateParser.compile(String(repeating: "{{#list}}", count: 3) + "x" + String(repeating: "{{/list}}", count: 3))])
        #expect(render(unlimited, "main", ["list": .list([.int(1), .int(2), .int(3)])]) == (String(repeating: "x", count: 27), nil))
    }

    @Test func aRenderStopsPastItsLimitOfBytes() throws {
        let limits = TemplateLimits(nodeVisits: 1000, outputBytes: 10)
        let library = TemplateLibrary(templates: ["main": try TemplateParser.compile("{{#list}}abcd{{/list}}")], limits: limits)
        let (output, stopReason) = render(library, "main", ["list": .list(Array(repeating: .int(1), count: 5))])
        // A body starts while the output holds at most 10 bytes: the third ends at 12.
        #expect(output == "abcdabcdabcd")
        #expect(stopReason == "template 'main' wrote more than 10 bytes, the most one render may, and stopped: do partials include themselves, or sections over lists nest deep inside one another?")
    }

    /// A body kept in the spill file renders as the same string would: written raw, escaped, as a section's
    /// value (truthy, even when empty), in an inverted section (not rendered) and in an indented partial (a line
    /// after the value is indented, as after a string's).
    @Test func aSpilledBodyRendersAsItsString() throws {
        let library = TemplateLibrary(templates: ["main": try TemplateParser.compile(
            "a{{{body}}}b{{body}}c{{#body}}[{{.}}]{{/body}}d{{^body}}none{{/body}}e\n  {{> inner}}\n"),
            "inner": try TemplateParser.compile("{{{body}}}\n")])
        let spill = try #require(BodySpill.make())
        for html in ["<p>a & “b”</p>\n<p>c</p>\n", ""] {
            let stored = spill.store(html)
            let value = TemplateValue.storedHTML(.spilled(spill, offset: stored.offset, length: stored.length))
            let (spilled, spilledStop) = render(library, "main", ["body": value])
            let (inline, _) = render(library, "main", ["body": .string(html)])
            #expect(spilled == inline)
            #expect(spilledStop == nil)
            #expect(value == .storedHTML(.inline(html)))
        }
        let stored = spill.store("<p>x &amp; y</p>\n<p>z</p>\n")
        let (output, _) = render(library, "main", ["body": .storedHTML(.spilled(spill, offset: stored.offset, length: stored.length))])
        #expect(output == "a<p>x &amp; y</p>\n<p>z</p>\nb&lt;p&gt;x &amp;amp; y&lt;/p&gt;\n&lt;p&gt;z&lt;/p&gt;\nc[&lt;p&gt;x &amp;amp; y&lt;/p&gt;\n&lt;p&gt;z&lt;/p&gt;\n]de\n  <p>x &amp; y</p>\n<p>z</p>\n  \n")
    }

    func render(_ library: TemplateLibrary, _ name: String, _ context: TemplateObject) -> (String, String?) {
        let output = ByteBuffer()
        #expect(library.render(name, .object(context), into: output))
        return (output.string, output.stopReason)
    }

    @Test func aTemplateSyntaxErrorHasItsPosition() throws {
        let result = Theme.load(files: [("page.mustache", Data("<p>\n{{#open}}\n</p>".utf8), "templates")] +
            EmbeddedTheme.files.filter { $0.key != "page.mustache" }.map { ($0.key, Data($0.value.utf8), "(built-in theme)") })
        let errors = try #require(result.failureValue).diagnostics.map(\.description)
        #expect(errors == ["templates/page.mustache:2:1: error: template syntax: '{{#open}}' is never closed (expected '{{/open}}')"])
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
