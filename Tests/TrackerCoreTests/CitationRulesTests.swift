import Foundation
import Testing
@testable import TrackerCore

@Suite struct CitationRulesTestSuite {
    /// The heading ids kept off Markdown bodies are exactly the ids the default templates write.
    @Test func reservedHeadingIDsAreTheTemplatesIDs() throws {
        let folder = NSTemporaryDirectory() + "tracker-theme-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let theme = try Theme.load(siteDirectory: folder).get()
        #expect(theme.literalIDs == HeadingIDs.templateIDs)
        var ids = HeadingIDs()
        #expect(["Main", "Main", "References heading", "ref 1", "Toc heading"].map { ids.id(for: $0) }
                == ["main-2", "main-3", "references-heading-2", "ref-1-2", "toc-heading-2"])
    }

    /// A citation written in a front-matter value (the body's syntax, out of habit) is shown as written and its source
    /// never checked: an error at the value, naming its key, for every kind of content file, translations and site.yml.
    /// A value with an "@" or a "[" that is not a citation is fine.
    @Test func aCitationInFrontMatterIsAnError() throws {
        let timeline = """
            timeline:
              - date: 2024-02-17
                text: "Blocked, said the regulator [@report; @other]."
                sources: [report]
            """
        let site = try TestSite(files: [
            "content/sources/report.md": TestSite.source,
            "content/incidents/x-block.md": TestSite.incident(timeline, replacing: ["ordered_by": "PTA [@nosuch-2024]"]),
            "content/incidents/y-block.md": TestSite.incident(replacing: ["title": "Handles @pta and [sic] [ @x] [@] are text"]),
            "content/pages/about.md": "---\ntitle: About\naliases:\n  - [a, \"see [@report]\"]\n---\nAbout.\n",
        ], siteYAML: TestSite.siteYAML + "\ndescription: Blocks [@report]\n")
        defer { site.remove() }
        let rule = "which the front matter does not read: it would show as written; cite sources in the body, or list them in a timeline event's 'sources'"
        #expect(site.errors() == [
            "content/incidents/x-block.md:9:13: error: 'ordered_by' holds the citation [@nosuch-2024], \(rule)",
            "content/incidents/x-block.md:12:11: error: 'text' holds the citation [@report; @other], \(rule)",
            "content/pages/about.md:3:1: error: unknown key 'aliases' in page",
            "content/pages/about.md:4:9: error: 'aliases' holds the citation [@report], \(rule)",
            "content/site.yml:3:14: error: 'description' holds the citation [@report], which site.yml does not read: it would show as written; remove it",
        ])
    }

    @Test func wrappedCitationsAreCitations() {
        let rendered = MarkdownRenderer.render("A [@a;\n@b] and *b [@c\n]* and c [@a;  \n  @d]\n> q [@e;\n> @f]\n")
        #expect(rendered.citedSourceIDs == ["a", "b", "c", "d", "e", "f"])
        #expect(rendered.citations.map { "\($0.sourceID)@\($0.line):\($0.column)" } == ["a@1:3", "b@1:3", "c@2:12", "a@3:10", "d@3:10", "e@5:5", "f@5:5"])
        #expect(rendered.citationProblems == [])
        #expect(!rendered.html.contains("@"))
    }

    /// A line that starts with a citation and ":" is a link reference definition (the citation would be lost)
    /// unless it continues a paragraph, where its citation is read as one, or sits in a code block.
    @Test func aCitationAsADefinitionsLabelIsAProblemUnlessReadAsACitation() {
        let rendered = MarkdownRenderer.render("""
            Users could not reach X
            [@a]: the regulator said so.

            > [@b]: https://example.com/b

            ```
            [@c]: https://example.com/c
            ```

            - [@d]: https://example.com/d
            """)
        #expect(rendered.citations.map { "\($0.sourceID)@\($0.line):\($0.column)" } == ["a@2:1"])
        #expect(rendered.citationProblems.map { "\($0.line):\($0.column) \($0.message)" } == [
            "4:3 \(CitationDefinitions.message)", "10:3 \(CitationDefinitions.message)",
        ])
    }

    /// A citation in a link's or an image's title (an attribute, shown on hover, never read as Markdown) is a problem
    /// at the link, the title of a definition too, at each link that uses it; a title without one is fine.
    @Test func aCitationInALinksTitleIsAProblem() {
        let rendered = MarkdownRenderer.render("""
            See [the report](https://example.com/r "as [@a] says") and ![a map](map.png 'from [ @b]').
            Also [the order][order], [the order][order] and [a page](https://example.com/p "Page [sic] @c").

            [order]: https://example.com/o (order [@c; @d])
            """)
        let message = "a citation cannot be inside a link's title, which is never read as Markdown; put it after the link"
        #expect(rendered.citationProblems.map { "\($0.line):\($0.column) \($0.message)" } == [
            "1:5 \(message)",
            "1:60 a citation cannot be inside an image's title, which is never read as Markdown; put it after the image",
            "2:6 \(message)", "2:26 \(message)",
        ])
        #expect(rendered.citedSourceIDs == [])
    }

    /// A link whose whole text is a citation of a source (`[@a](https://…)`) is a link to Markdown, and the citation
    /// was lost without a word: an error at the link when an id names a source of the site; a link to a handle
    /// (`[@netblocks](https://x.com/netblocks)`) stays a link.
    @Test func aLinkWhoseTextIsACitationOfASourceIsAnError() throws {
        let body = """
            Blocked [@report](https://example.com/r), said [@netblocks](https://x.com/netblocks).
            Both [@netblocks; @report][r], and [see @report](https://example.com/s), [*@report*](https://example.com/e).

            [r]: https://example.com/r
            """
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": TestSite.incident(body: body)])
        defer { site.remove() }
        #expect(site.errors() == [
            "content/incidents/x-block.md:10:9: error: this link's text is the citation [@report], which Markdown makes a link and not a citation; write [@report] alone, without a link (the reference list links to the source)",
            "content/incidents/x-block.md:11:6: error: this link's text is the citation [@netblocks; @report], which Markdown makes a link and not a citation; write [@netblocks; @report] alone, without a link (the reference list links to the source)",
        ])
        // A source named like the handle makes that link an error too.
        try Data(TestSite.source.utf8).write(to: URL(fileURLWithPath: site.directory + "/content/sources/netblocks.md"))
        #expect(site.errors().map { $0.components(separatedBy: ": error: this link's text is the citation").first! } == [
            "content/incidents/x-block.md:10:9", "content/incidents/x-block.md:10:48", "content/incidents/x-block.md:11:6",
        ])
    }

    @Test func aBrokenWrapIsAProblem() {
        let rendered = MarkdownRenderer.render("A [@a;\nnot an id] here.\n")
        #expect(rendered.citedSourceIDs == [])
        #expect(rendered.html == "<p>A [@a;\nnot an id] here.</p>\n")
        #expect(rendered.citationProblems.map { "\($0.line):\($0.column) \($0.message)" } == ["1:3 \(CitationAttempts.notACitationMessage)"])
    }

    /// Whatever starts "[@" (or "[ @") and closes with "]" in its paragraph is a citation or a problem saying how to write it.
    @Test func nearMissesAreProblemsWithTheRightSpelling() {
        let rendered = MarkdownRenderer.render("""
            A [@a, @b] b [@a @b] c [@] d [ @a] e [@a;] f [@a; b] g [@a p. 3] h [@a,
              @b] i [@ok].

            Not: \\[@x, y] `[@a, @b]` me@example.org @handle [see @a] [@open [@ok2]
            [l](https://e.org/[@a,b]) <https://e.org/@a> <me@example.org>

            ```
            [@a, @b]
            ```

            """)
        #expect(rendered.citationProblems.map { "\($0.line):\($0.column) \($0.message)" } == [
            "1:3 separate cited ids with ';': [@a; @b]",
            "1:14 separate cited ids with ';': [@a; @b]",
            "1:24 \(CitationAttempts.emptyMessage)",
            "1:30 no space may come between '[' and '@': [@a]",
            "1:38 a ';' must come between two cited ids: [@a]",
            "1:46 each cited id starts with '@': [@a; @b]",
            "1:56 \(CitationAttempts.notACitationMessage)",
            "1:68 separate cited ids with ';': [@a; @b]",
        ])
        #expect(rendered.citedSourceIDs == ["ok", "ok2"])
    }

    /// An HTML block is never read as Markdown: with raw HTML allowed or not, a citation there is a problem; one
    /// between inline tags is text and works; one in a tag's attribute is a problem; comments are left alone.
    @Test func citationsInRawHTMLAreProblems() {
        let markdown = """
            <p>Blocked [@a].</p>

            <div>
            Text [@b; @c] and [@b, @c]
            <!-- [@d] -->
            </div>

            A <span title="[@e]">tag</span> and <span>[@f]</span> <!-- [@g] -->.

            <!--
            [@h]
            -->

            """
        for allowed in [true, false] {
            let rendered = MarkdownRenderer.render(markdown, options: MarkdownOptions(allowRawHTML: allowed))
            #expect(rendered.citationProblems.map { "\($0.line):\($0.column)" } == ["1:12", "4:6", "4:19", "8:16"])
            #expect(Set(rendered.citationProblems.map(\.message)) == [RawHTMLCitations.message])
            #expect(rendered.citedSourceIDs == ["f"])
        }
    }

    @Test func citationsWhereNoneCanBeAreProblems() {
        let rendered = MarkdownRenderer.render("[x [@a]](https://e.org) ![y [@b]](i.png)\n\n- [@c]: https://e.org\n\n```\n[@d]: x\n```\n\nText\n[@e]: is a citation\n",
                                               options: MarkdownOptions(allowRawHTML: true))
        #expect(rendered.citationProblems.map { "\($0.line):\($0.column)" } == ["1:4", "1:29", "3:3"])
        #expect(rendered.citedSourceIDs == ["e"])
    }
}
