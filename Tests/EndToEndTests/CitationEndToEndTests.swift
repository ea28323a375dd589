import Foundation
import Testing
import TrackerCore
import TrackerTestSupport

/// Every `[@…]` an author writes is a numbered citation with a reference list on its page, or an error
/// (Tests/Fixtures/invalid/citations); and no built page gives two elements the same id.
@Suite struct CitationEndToEndTestSuite {
    /// Citations wrapped over lines, in emphasis and across a hard break; citing pages and source notes.
    static let files: [String: String] = {
        var files = TemporarySite.small
        files["content/incidents/pk-x-2024.md"] = TemporarySite.incident(title: "X blocked in Pakistan", body: """
            Users could not reach X, as reported [@dawn-2024;
            @netblocks-2024] and *measured [@netblocks-2024
            ; @dawn-2024]*, and
            confirmed [@dawn-2024;\\
            @netblocks-2024]. Later [@dawn-2024].

            ## Main

            ## Sources

            ## Main
            """)
        files["content/pages/about.md"] = "---\ntitle: About\nmenu_order: 1\n---\nAbout this tracker [@netblocks-2024;\n  @dawn-2024].\n\n## References heading\n"
        // Addresses on another host than base_url: the output checker would look for them in the site.
        files["content/sources/dawn-2024.md"] = "---\ntitle: X remains blocked\npublisher: Dawn\nurl: https://news.example.com/dawn\npublished: 2024-02-18\nkind: news\n---\nQuotes [@netblocks-2024].\n"
        files["content/sources/netblocks-2024.md"] = "---\ntitle: Mobile internet disrupted\npublisher: NetBlocks\nurl: https://news.example.com/netblocks\npublished: 2024-02-18\nkind: measurement\n---\nNotes.\n"
        return files
    }()

    @Test func wrappedCitationsRenderAndAreListed() throws {
        let site = try TemporarySite(files: Self.files)
        let result = try TrackerBinary.run(["build"], in: site.root)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try site.read("public/incidents/pk-x-2024/index.html")
        let body = try #require(page.components(separatedBy: "<div class=\"body prose\">").last?.components(separatedBy: "</div>").first)
        #expect(body.contains("""
            <p>Users could not reach X, as reported <sup class="cite"><a href="#ref-1" id="cite-1-1">[1]</a></sup><sup class="cite"><a href="#ref-2" id="cite-2-1">[2]</a></sup> and <em>measured <sup class="cite"><a href="#ref-2" id="cite-2-2">[2]</a></sup><sup class="cite"><a href="#ref-1" id="cite-1-2">[1]</a></sup></em>, and
            confirmed <sup class="cite"><a href="#ref-1" id="cite-1-3">[1]</a></sup><sup class="cite"><a href="#ref-2" id="cite-2-3">[2]</a></sup>. Later <sup class="cite"><a href="#ref-1" id="cite-1-4">[1]</a></sup>.</p>
            """))
        #expect(!body.contains("[@"))
        #expect(page.contains("<li id=\"ref-1\"><cite><a href=\"/sources/dawn-2024/\">X remains blocked</a></cite>"))
        #expect(page.contains("<li id=\"ref-2\"><cite><a href=\"/sources/netblocks-2024/\">Mobile internet disrupted</a></cite>"))
        // Headings never take the template's ids, and repeats get their own.
        #expect(body.contains("<h2 id=\"main-2\">Main</h2>\n<h2 id=\"sources\">Sources</h2>\n<h2 id=\"main-3\">Main</h2>"))
    }

    @Test func pagesAndSourceNotesGetTheirOwnReferenceList() throws {
        let site = try TemporarySite(files: Self.files)
        #expect(try TrackerBinary.run(["build"], in: site.root).status == 0)
        let about = try site.read("public/about/index.html")
        #expect(about.contains("<p>About this tracker <sup class=\"cite\"><a href=\"#ref-1\" id=\"cite-1-1\">[1]</a></sup><sup class=\"cite\"><a href=\"#ref-2\" id=\"cite-2-1\">[2]</a></sup>.</p>"))
        #expect(about.contains("<h2 id=\"references-heading-2\">References heading</h2>"))
        #expect(about.contains("<li id=\"ref-1\"><cite><a href=\"/sources/netblocks-2024/\">Mobile internet disrupted</a></cite>"))
        #expect(about.contains("<li id=\"ref-2\"><cite><a href=\"/sources/dawn-2024/\">X remains blocked</a></cite>"))
        let source = try site.read("public/sources/dawn-2024/index.html")
        #expect(source.contains("<p>Quotes <sup class=\"cite\"><a href=\"#ref-1\" id=\"cite-1-1\">[1]</a></sup>.</p>"))
        #expect(source.contains("<h2 id=\"references-heading\">Sources cited in the notes</h2>"))
        #expect(source.contains("<li id=\"ref-1\"><cite><a href=\"/sources/netblocks-2024/\">Mobile internet disrupted</a></cite>"))
        // The output checker of `publish` finds every citation link and no repeated id.
        #expect(try OutputChecker(baseURL: "https://example.org/").check(directory: site.path("public")).map(\.description) == [])
    }

    @Test func aThemeThatRepeatsAnIdFailsTheBuildAndKeepsTheOutput() throws {
        var files = Self.files
        files["templates/page.mustache"] = "{{<base}}{{$content}}<p id=\"note\">a</p><p id=\"note\">b</p>{{/content}}{{/base}}\n"
        let site = try TemporarySite(files: files)
        try site.write("public/index.html", "previous\n")
        try site.write("public/.tracker-build", "an earlier build's\n")
        let result = try TrackerBinary.run(["build"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stderr == """
            public/about/index.html:50:26: error: duplicate id "note": an element before it on the page has the same id
            public/methods/index.html:50:26: error: duplicate id "note": an element before it on the page has the same id
            2 errors found

            """)
        #expect(try site.read("public/index.html") == "previous\n")
    }

    /// A partial that includes itself behind changed delimiters escapes the theme's cycle check: each page
    /// using it stops rendering at the hundredth level, and the build fails without touching the output.
    @Test func aThemeWhosePartialIncludesItselfFailsTheBuildAndKeepsTheOutput() throws {
        var files = Self.files
        files["templates/page.mustache"] = "{{<base}}{{$content}}{{>partials/loop}}{{/content}}{{/base}}\n"
        files["templates/partials/loop.mustache"] = "{{=<% %>=}}x<%>partials/loop%><%>partials/loop%>\n"
        let site = try TemporarySite(files: files)
        try site.write("public/index.html", "previous\n")
        try site.write("public/.tracker-build", "an earlier build's\n")
        let result = try TrackerBinary.run(["build"], in: site.root)
        #expect(result.status == 1)
        let reason = "error: template 'page' nests partials more than 100 deep, and stopped: does a partial include itself (through a partial named by a value, or behind changed delimiters)?"
        #expect(result.stderr == """
            public/about/index.html:1:1: \(reason)
            public/methods/index.html:1:1: \(reason)
            2 errors found

            """)
        #expect(try site.read("public/index.html") == "previous\n")
    }

    /// Found by hand: 5,000 nested sections crashed the build (the stack of the thread compiling the theme).
    /// The tag that opens the 101st level is the error, and the output is kept.
    @Test func aThemeNestingSectionsTooDeepFailsTheBuildAndKeepsTheOutput() throws {
        var files = Self.files
        files["templates/page.mustache"] = "{{<base}}{{$content}}{{>partials/deep}}{{/content}}{{/base}}\n"
        files["templates/partials/deep.mustache"] = String(repeating: "{{#page}}\n", count: 5_000) + "x\n" + String(repeating: "{{/page}}\n", count: 5_000)
        let site = try TemporarySite(files: files)
        try site.write("public/index.html", "previous\n")
        try site.write("public/.tracker-build", "an earlier build's\n")
        let result = try TrackerBinary.run(["build"], in: site.root)
        #expect(result.status == 1)
        #expect(result.stderr == """
            templates/partials/deep.mustache:101:1: error: template syntax: sections, blocks and parents nest more than 100 levels deep here
            1 error found

            """)
        #expect(try site.read("public/index.html") == "previous\n")
    }

    @Test func noBuiltPageOfTheExampleRepeatsAnId() throws {
        let output = try TemporaryFolder()
        let result = try TrackerBinary.run(["build", "--output", output.path + "/public"], in: TrackerBinary.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        var pages = 0
        for (path, data) in snapshot(output.path + "/public") where path.hasSuffix(".html") {
            pages += 1
            var seen: Set<String> = []
            let html = String(decoding: data, as: UTF8.self)
            for part in html.components(separatedBy: " id=\"").dropFirst() {
                let id = String(part.prefix { $0 != "\"" })
                #expect(seen.insert(id).inserted, "\(path): duplicate id \"\(id)\"")
            }
        }
        #expect(pages >= 25)
    }
}
