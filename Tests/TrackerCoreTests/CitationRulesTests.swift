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

    @Test func wrappedCitationsAreCitations() {
        let rendered = MarkdownRenderer.render("A [@a;\n@b] and *b [@c\n]* and c [@a;  \n  @d]\n> q [@e;\n> @f]\n")
        #expect(rendered.citedSourceIDs == ["a", "b", "c", "d", "e", "f"])
        #expect(rendered.citations.map { "\($0.sourceID)@\($0.line):\($0.column)" } == ["a@1:3", "b@1:3", "c@2:12", "a@3:10", "d@3:10", "e@5:5", "f@5:5"])
        #expect(rendered.citationProblems == [])
        #expect(!rendered.html.contains("@"))
    }

    @Test func aBrokenWrapStaysText() {
        let rendered = MarkdownRenderer.render("A [@a;\nnot an id] here.\n")
        #expect(rendered.citedSourceIDs == [])
        #expect(rendered.html == "<p>A [@a;\nnot an id] here.</p>\n")
    }

    @Test func citationsWhereNoneCanBeAreProblems() {
        let rendered = MarkdownRenderer.render("[x [@a]](https://e.org) ![y [@b]](i.png)\n\n- [@c]: https://e.org\n\n```\n[@d]: x\n```\n\nText\n[@e]: is a citation\n",
                                               options: MarkdownOptions(allowRawHTML: true))
        #expect(rendered.citationProblems.map { "\($0.line):\($0.column)" } == ["1:4", "1:29", "3:3"])
        #expect(rendered.citedSourceIDs == ["e"])
    }
}
