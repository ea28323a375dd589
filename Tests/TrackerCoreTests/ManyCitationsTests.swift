import Foundation
import Testing
@testable import TrackerCore

/// Bodies and incidents citing many sources: past a few dozen ids, numbers are found through a table instead of
/// a scan (`CitationRewriter.scannedIDs`, `PositionedList.scanned`); the numbers must be the same either way.
@Suite struct ManyCitationsTestSuite {
    /// The marker the rewriter writes for the `occurrence`-th citation of reference `number`.
    func marker(_ number: Int, _ occurrence: Int) -> String {
        "<sup class=\"cite\"><a href=\"#ref-\(number)\" id=\"cite-\(number)-\(occurrence)\">[\(number)]</a></sup>"
    }

    /// Each id is numbered by its first citation, and each citation of it counted, on both sides of the scan's limit.
    @Test(arguments: [1, 2, 31, 32, 33, 34, 64, 300])
    func idsAreNumberedByTheirFirstCitation(count: Int) {
        let ids = (0 ..< count).map { "s-\(($0 * 7919) % 1000)" }
        // Every id, then every id again from the last, then the first and the last a third time.
        let body = ids.map { "[@\($0)]" }.joined(separator: " ") + "\n\n"
            + ids.reversed().map { "[@\($0)]" }.joined(separator: " ") + "\n\n"
            + "[@\(ids[0])] [@\(ids[count - 1])]\n"
        let rendered = MarkdownRenderer.render(body)
        #expect(rendered.citedSourceIDs == ids)
        let first = (1 ... count).map { marker($0, 1) }.joined(separator: " ")
        let second = (1 ... count).reversed().map { marker($0, 2) }.joined(separator: " ")
        let third = count == 1 ? marker(1, 3) + " " + marker(1, 4) : marker(1, 3) + " " + marker(count, 3)
        #expect(rendered.html == "<p>\(first)</p>\n<p>\(second)</p>\n<p>\(third)</p>\n")
        #expect(rendered.citations.map(\.sourceID) == ids + ids.reversed() + [ids[0], ids[count - 1]])
        #expect(rendered.citationProblems == [])
    }

    /// Ids that differ only past the table's hash (same length, same first bytes) keep their own numbers.
    @Test func idsAlikeButForTheirLastByteKeepTheirNumbers() {
        let characters = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        let ids = (0 ..< 80).map { "source-with-a-long-common-prefix-\(characters[$0 / 36])\(characters[$0 % 36])" }
        let body = ids.map { "[@\($0)]" }.joined(separator: " ") + "\n\n" + ids.map { "[@\($0)]" }.joined(separator: " ") + "\n"
        let rendered = MarkdownRenderer.render(body)
        #expect(rendered.citedSourceIDs == ids)
        #expect(rendered.html == "<p>" + (1 ... 80).map { marker($0, 1) }.joined(separator: " ") + "</p>\n<p>"
                + (1 ... 80).map { marker($0, 2) }.joined(separator: " ") + "</p>\n")
    }

    /// Positions found as `Array.firstIndex(of:)` finds them, before and after the dictionary is made, with
    /// repeated elements and two spellings of one string (equal as `String`s, different bytes).
    @Test func aPositionedListFindsWhatAnArrayFinds() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = (0 ..< 60).map { "id-\($0)" } + ["caf\u{E9}", "cafe\u{301}"]
        for start in [0, 5, 40] {
            let initial = (0 ..< start).map { _ in alphabet.randomElement(using: &generator)! }
            var list = PositionedList(initial)
            var array = initial
            for _ in 0 ..< 120 {
                let element = alphabet.randomElement(using: &generator)!
                list.append(element)
                array.append(element)
                #expect(list.count == array.count)
                for probe in alphabet + ["absent"] where list.firstIndex(of: probe) != array.firstIndex(of: probe) {
                    Issue.record("\(probe): \(String(describing: list.firstIndex(of: probe))), not \(String(describing: array.firstIndex(of: probe))) after \(array)")
                }
            }
            #expect(list.elements == array)
            #expect(list.firstIndex(of: "cafe\u{301}") == array.firstIndex(of: "caf\u{E9}"))
        }
    }

    /// A source page links each incident citing it in its text to the source's number in that incident's
    /// references, however many it cites; the linker's numbers are each source's first place in the list.
    @Test func aSourcePageLinksToItsNumberAmongManyReferences() throws {
        let ids = (0 ..< 45).map { String(format: "report-%02d", $0) }
        var files: [String: String] = [:]
        for id in ids + ["extra"] {
            files["content/sources/\(id).md"] = TestSite.source.replacingOccurrences(of: "https://example.org/report", with: "https://example.org/\(id)")
        }
        let timeline = """
            timeline:
              - date: 2024-02-18
                text: Still blocked.
                sources: [extra, report-00, report-44]
            """
        // Incident a cites them all, last first; b cites one, then another twice.
        files["content/incidents/a-block.md"] = TestSite.incident(timeline, body: ids.reversed().map { "[@\($0)]" }.joined(separator: " "))
        files["content/incidents/b-block.md"] = TestSite.incident(body: "Blocked [@report-07]; then [@report-44] and [@report-44].",
                                                                  replacing: ["title": "Y blocked", "start": "2024-01-02"])
        let site = try TestSite(files: files)
        defer { site.remove() }
        let loaded = site.withCurrentDirectory { SiteBuilder.load(BuildOptions()) }
        let (graph, theme) = try loaded.get()
        #expect(graph.incidents.map(\.id) == ["a-block", "b-block"])
        #expect(graph.references[0] == ids.reversed() + ["extra"])
        #expect(graph.references[1] == ["report-07", "report-44"])
        for (sourceNumber, source) in graph.sources.enumerated() {
            for citing in graph.citedBy[sourceNumber] {
                #expect(citing.reference == graph.references[citing.incident].firstIndex(of: source.id)! + 1)
            }
        }
        let renderer = SiteRenderer(site: graph, theme: theme)
        func page(_ id: String) throws -> String {
            String(decoding: renderer.render(.source(try #require(graph.sourceIndex[id]))), as: UTF8.self)
        }
        #expect(try page("report-44").contains("<a href=\"/incidents/a-block/\">X blocked</a> (<a href=\"/incidents/a-block/#ref-1\">"))
        #expect(try page("report-44").contains("<a href=\"/incidents/b-block/\">Y blocked</a> (<a href=\"/incidents/b-block/#ref-2\">"))
        #expect(try page("report-07").contains("<a href=\"/incidents/a-block/\">X blocked</a> (<a href=\"/incidents/a-block/#ref-38\">"))
        #expect(try page("report-07").contains("<a href=\"/incidents/b-block/\">Y blocked</a> (<a href=\"/incidents/b-block/#ref-1\">"))
        #expect(try page("report-00").contains("<a href=\"/incidents/a-block/\">X blocked</a> (<a href=\"/incidents/a-block/#ref-45\">"))
        // Cited only by an event: no link into the text.
        #expect(try page("extra").contains("<a href=\"/incidents/a-block/\">X blocked</a>\n"))
    }

    /// The ids headings get, as trying each candidate from the slug itself gives them (what `HeadingIDs` did
    /// before it remembered where each slug's candidates stood): for texts sharing slugs, texts whose slugs are
    /// another's numbered candidates, and reserved ids. A slug whose every "-N" is a citation's anchor ("ref",
    /// "cite-1") is numbered after "_": a second heading "Ref" made the build run forever.
    @Test func headingIDsAreTheFirstFreeCandidate() {
        func firstFree(_ texts: [String]) -> [String] {
            var used: Set<String> = []
            return texts.map { text in
                let base = HeadingSlug.slug(text)
                let separator = base == "ref" || (base.hasPrefix("cite-") && base.dropFirst(5).allSatisfy { $0.isASCII && $0.isNumber } && base.count > 5) ? "_" : "-"
                var id = base
                var suffix = 2
                while used.contains(id) || HeadingIDs.isReserved(id) {
                    id = "\(base)\(separator)\(suffix)"
                    suffix += 1
                }
                used.insert(id)
                return id
            }
        }
        var page = HeadingIDs()
        #expect(["Ref", "Ref", "Cite 1", "Cite 1", "Cite", "Cite", "Ref 2", "Ref 2", "Cite 1 2", "Ref"].map { page.id(for: $0) }
                == ["ref", "ref_2", "cite-1", "cite-1_2", "cite", "cite-2", "ref-2-2", "ref-2-3", "cite-1-2-2", "ref_3"])
        let pool = ["Update", "Update", "Update 2", "update-3", "Update 5", "Ref", "Ref 1", "ref", "Main", "Main 2", "Cite 1",
                    "Cite 1 2", "Toc heading", "Toc heading 2", "É", "e", "", " ", "Update 2 2", "Cite 12", "Ref 1 2"]
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 5, 40, 400] {
            let texts = (0 ..< length).map { _ in pool.randomElement(using: &generator)! }
            var ids = HeadingIDs()
            let made = texts.map { ids.id(for: $0) }
            #expect(made == firstFree(texts), "\(texts)")
            #expect(Set(made).count == made.count)
        }
        var ids = HeadingIDs()
        #expect((0 ..< 3000).map { _ in ids.id(for: "Update") } == ["update"] + (2 ... 3000).map { "update-\($0)" })
        #expect(["Update 2999", "Update 3001", "Update"].map { ids.id(for: $0) } == ["update-2999-2", "update-3001", "update-3002"])
    }

    /// A second heading "Ref" is given an id of its own (it made the build run forever).
    @Test func headingsNamedAsCitationAnchorsGetIDsOfTheirOwn() {
        let rendered = MarkdownRenderer.render("## Ref\n\n## Ref\n\n## Cite 1\n\n## Cite 1\n\nText [@a].\n")
        #expect(rendered.headings.map(\.id) == ["ref", "ref_2", "cite-1", "cite-1_2"])
        #expect(rendered.html.hasPrefix("<h2 id=\"ref\">Ref</h2>\n<h2 id=\"ref_2\">Ref</h2>\n<h2 id=\"cite-1\">Cite 1</h2>\n<h2 id=\"cite-1_2\">Cite 1</h2>\n"))
    }

    /// Links' columns, counted on from the previous link on the same line, are those counted from the line's start:
    /// hundreds of links on one line with two-byte and three-byte characters between them, then one on the next line.
    @Test func linksOnOneLongLineKeepTheirColumns() {
        var body = ""
        var expected: [[Int]] = []
        var column = 1
        for index in 0 ..< 300 {
            let text = index % 3 == 0 ? "\u{E9}\u{2026} " : "ab "
            let link = "[l\(index)](/incidents/x\(index)/)"
            body += text + link + " "
            column += text.unicodeScalars.count
            expected.append([3, column])
            column += link.unicodeScalars.count + 1
        }
        body += "\nnext [last](/y/)\n"
        expected.append([4, 6])
        let links = MarkdownLinks(pageLocation: "incidents/x/", firstLine: 3, digest: { _ in nil })
        let rendered = MarkdownRenderer.render(body, links: links)
        #expect(rendered.links.map { [$0.line, $0.column] } == expected)
    }

    /// A cursor's positions equal `SourceText`'s own, for offsets in order, out of order, and on other lines.
    @Test func aColumnCursorCountsAsTheLineDoes() {
        let text = "a\u{E9}b [x] \u{1F600}\n\u{2026}\u{2026} cd\n\nlast \u{E9}\u{E9}\u{E9} line"
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { pointer in
            let source = SourceText(pointer)
            var generator = SystemRandomNumberGenerator()
            for sorted in [true, false] {
                var offsets = (0 ..< 200).map { _ in Int.random(in: 0 ..< bytes.count, using: &generator) }
                if sorted { offsets.sort() }
                var cursor = SourceText.ColumnCursor()
                for offset in offsets {
                    let position = cursor.position(ofOffset: offset, in: source)
                    #expect(position.line == source.line(containing: offset) && position.column == source.scalarColumn(ofOffset: offset), "\(offset)")
                }
            }
        }
    }
}
