import Foundation
import Testing
@testable import TrackerCore

@Suite struct OriginsTestSuite {
    let english = try! Theme.builtIn().get().localization("en")
    static func source(_ id: String, publisher: String, origin: String? = nil) -> Source {
        Source(id: id, path: "content/sources/\(id).md", title: id, publisher: publisher, url: nil,
               published: PartialDate(year: 2024, month: 4, day: 17), kind: .news, origin: origin, language: nil, archive: nil,
               accessed: nil, body: RenderedMarkdown(html: "", summaryHTML: "", summaryText: "", citations: [], citedSourceIDs: [], headings: []))
    }

    @Test func countsOriginsIgnoringCaseAndSpacesAndShowsTheFirstSpelling() {
        let count = OriginCount([
            Self.source("kt", publisher: "Khaleej Times", origin: "Reuters"),
            Self.source("aj", publisher: "Al Jazeera"),
            Self.source("dh", publisher: "Deccan Herald", origin: " reuters "),
            nil,
            Self.source("isoc", publisher: "Internet Society Pulse", origin: "AL JAZEERA"),
            Self.source("empty", publisher: "Dawn", origin: "  "),
        ])
        #expect(count.sourceCount == 5)
        #expect(count.names == ["Reuters", "Al Jazeera", "Dawn"])
        #expect(count.origins.map(\.sources) == [[0, 2], [1, 4], [5]])
        #expect(english.originSummary(count) == "5 sources from 3 independent origins")
        #expect(count.singleOrigin == nil)
    }

    /// Names equal as strings are one origin, whichever way their accents are written (composed or not).
    @Test func countsCanonicallyEqualNamesAsOneOrigin() {
        let count = OriginCount([
            Self.source("a", publisher: "Le Café", origin: nil),
            Self.source("b", publisher: "x", origin: "LE CAFE\u{301}"),
            Self.source("c", publisher: "Cafe"),
            Self.source("d", publisher: "le café"),
        ])
        #expect(count.names == ["Le Café", "Cafe"])
        #expect(count.origins.map(\.sources) == [[0, 1, 3], [2]])
    }

    /// A count of one origin carrying every source is held as the name alone; it reads as the list it stands for,
    /// and equals the same count made from that list. One origin with an unknown id among its sources does not.
    @Test func oneOriginCarryingEverySourceReadsAsItsList() {
        let publishers = [["Dawn"], ["Dawn", "dawn "], ["Dawn", "AFP"], ["AFP", "Dawn", "afp"], []]
        for list in publishers {
            let count = OriginCount(list.enumerated().map { Self.source("s\($0.offset)", publisher: $0.element) })
            var groups: [(name: String, sources: [Int])] = []
            for (position, publisher) in list.enumerated() {
                let name = publisher.trimmedOfWhitespace
                if let existing = groups.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
                    groups[existing].sources.append(position)
                } else {
                    groups.append((name, [position]))
                }
            }
            let expected = groups.map { OriginCount.Origin(name: $0.name, sources: $0.sources) }
            #expect(count.origins == expected)
            #expect(count.originCount == expected.count)
            #expect(count.names == expected.map(\.name))
            #expect(count.singleOrigin == (expected.count == 1 ? expected[0].name : nil))
            #expect(count == OriginCount(sourceCount: list.count, origins: expected))
            #expect(count.hashValue == OriginCount(sourceCount: list.count, origins: expected).hashValue)
        }
        let unknownFirst = OriginCount([nil, Self.source("a", publisher: "Dawn"), Self.source("b", publisher: "Dawn")])
        #expect(unknownFirst.sourceCount == 2)
        #expect(unknownFirst.origins == [OriginCount.Origin(name: "Dawn", sources: [1, 2])])
        #expect(english.originSummary(unknownFirst) == "2 sources from 1 origin")
        let unknownLast = OriginCount([Self.source("a", publisher: "Dawn"), nil])
        #expect(unknownLast.origins == [OriginCount.Origin(name: "Dawn", sources: [0])])
        #expect(unknownLast.singleOrigin == "Dawn")
        #expect(OriginCount([nil]).origins.isEmpty)
        #expect(OriginCount([nil]) == .none)
    }

    /// An origin's positions, added one by one, equal the same positions given at once (one is held without an array).
    @Test func anOriginsPositionsAddedOneByOneEqualThoseGivenAtOnce() {
        var origin = OriginCount.Origin(name: "Dawn", sources: [3])
        #expect(origin.sources == [3])
        for (added, expected) in [(5, [3, 5]), (8, [3, 5, 8]), (13, [3, 5, 8, 13])] {
            origin.append(added)
            #expect(origin.sources == expected)
            #expect(origin == OriginCount.Origin(name: "Dawn", sources: expected))
            #expect(origin.hashValue == OriginCount.Origin(name: "Dawn", sources: expected).hashValue)
        }
        #expect(origin != OriginCount.Origin(name: "Dawn", sources: [3, 5, 8]))
    }

    @Test func joinsTheOriginsNamesWithTheSeparatorWhateverTheirNumber() {
        let names = ["Reuters", "Al Jazeera", "Dawn", "AFP"]
        for count in 0 ... names.count {
            let origins = OriginCount(names.prefix(count).enumerated().map { Self.source("s\($0.offset)", publisher: $0.element) })
            #expect(origins.names(joinedBy: " · ") == names.prefix(count).joined(separator: " · "))
        }
        #expect(OriginCount([Self.source("a", publisher: "Dawn"), Self.source("b", publisher: "AFP")]).names(joinedBy: ", ") == "Dawn, AFP")
    }

    @Test func pluralisesTheSummary() {
        let one = OriginCount([Self.source("a", publisher: "Dawn")])
        #expect(english.originSummary(one) == "1 source from 1 origin")
        #expect(one.singleOrigin == "Dawn")
        let two = OriginCount([Self.source("a", publisher: "Dawn", origin: "AFP"), Self.source("b", publisher: "Geo", origin: "afp")])
        #expect(english.originSummary(two) == "2 sources from 1 origin")
        #expect(two.singleOrigin == "AFP")
        #expect(english.originSummary(OriginCount([])) == "0 sources from 0 independent origins")
    }

    @Test func linksTheOriginsOfEachIncidentAndEvent() throws {
        let folder = try TestSite(files: [
            "content/sources/kt.md": "---\ntitle: A\npublisher: Khaleej Times\npublished: 2024-04-17\nkind: wire\norigin: Reuters\n---\n",
            "content/sources/dh.md": "---\ntitle: B\npublisher: Deccan Herald\npublished: 2024-04-17\nkind: wire\norigin: Reuters\n---\n",
            "content/sources/aj.md": "---\ntitle: C\npublisher: Al Jazeera\npublished: 2024-04-17\nkind: news\n---\n",
            "content/incidents/x.md": TestSite.incident("""
                timeline:
                  - date: 2024-04-17
                    text: Confirmed.
                    sources: [kt, dh, kt]
                  - date: 2024-04-18
                    text: Reported.
                    sources: [aj, dh]
                """, body: "Blocked [@aj]."),
        ])
        defer { folder.remove() }
        let site = folder.site()
        let origins = try #require(site).origins[0]
        #expect(origins.whole.names == ["Al Jazeera", "Reuters"])
        #expect(english.originSummary(origins.whole) == "3 sources from 2 independent origins")
        #expect(origins.events.map(english.originSummary) == ["2 sources from 1 origin", "2 sources from 2 independent origins"])
        // Positions in each counted list: the reference list (aj, kt, dh), then each event's sources once each.
        #expect(origins.whole.origins.map(\.sources) == [[0], [1, 2]])
        #expect(origins.events.map { $0.origins.map(\.sources) } == [[[0, 1]], [[0], [1]]])
        #expect(SiteLinker.strictWarnings(try #require(site)).map(\.description) == [
            "content/incidents/x.md:10:5: warning: event backed by a single origin (Reuters)",
        ])
    }

    @Test func warnsAtTheFirstCitationOfAnIncidentWithOneOrigin() throws {
        let folder = try TestSite(files: [
            "content/sources/report.md": TestSite.source,
            "content/incidents/x.md": TestSite.incident(body: "Blocked [@report]."),
        ])
        defer { folder.remove() }
        let site = folder.site()
        #expect(SiteLinker.strictWarnings(try #require(site)).map(\.description) == [
            "content/incidents/x.md:10:9: warning: incident backed by a single origin (Daily Times)",
        ])
    }
}

@Suite struct IncidentCitationTestSuite {
    static let citation = IncidentCitation(
        id: "pk-x-2024", title: "X {blocked} & 50% of users' \"news\" — in Śląsk, São Paulo and Zürich: ß_#$~^\\ 中文",
        author: "Tracker example site", siteTitle: "Pakistan X Block Tracker", url: "https://example.org/incidents/pk-x-2024/",
        updated: PartialDate(year: 2024, month: 4, day: 17))

    @Test func writesPlainText() {
        #expect(Self.citation.render(.text) == """
            Tracker example site. \u{201C}X {blocked} & 50% of users' "news" — in Śląsk, São Paulo and Zürich: ß_#$~^\\ 中文.\u{201D} \
            Pakistan X Block Tracker, last updated 17 April 2024. https://example.org/incidents/pk-x-2024/

            """)
        let own = IncidentCitation(id: "a", title: "Why?", author: "T", siteTitle: "T", url: "https://e.org/incidents/a/",
                                   updated: PartialDate(year: 2024))
        #expect(own.text == "T. \u{201C}Why?\u{201D} Last updated 2024. https://e.org/incidents/a/")
    }

    @Test func escapesBibTeX() {
        #expect(Self.citation.render(.bibtex) == ##"""
            @misc{pk-x-2024,
              author = {{Tracker example site}},
              title = {{X \{blocked\} \& 50\% of users' {"}news{"} --- in {\'S}l{\k a}sk, S{\~a}o Paulo and Z{\"u}rich: {\ss}\_\#\$\textasciitilde{}\textasciicircum{}\textbackslash{} 中文}},
              howpublished = {Pakistan X Block Tracker},
              publisher = {Pakistan X Block Tracker},
              year = {2024},
              month = apr,
              date = {2024-04-17},
              url = {https://example.org/incidents/pk-x-2024/},
              note = {Last updated 17 April 2024},
            }

            """##)
        // The site's author and title, escaped once for all its entries, are escaped as the title is.
        let publisher = IncidentCitation.Publisher(author: "Bytes & Rights_Łódź", siteTitle: "100% {Shutdowns}")
        let entry = IncidentCitation(id: "a", title: "T", publisher: publisher, url: "https://e.org/", updated: PartialDate(year: 2024)).bibtex
        #expect(entry.contains("\n  author = {{Bytes \\& Rights\\_{\\L}{\\'o}d{\\'z}}},\n"), "\(entry)")
        #expect(entry.contains("\n  howpublished = {100\\% \\{Shutdowns\\}},\n  publisher = {100\\% \\{Shutdowns\\}},\n"), "\(entry)")
        #expect(IncidentCitation.bibtexEscaped("“naïve” – café <b>|") == "``na{\\\"\\i}ve'' -- caf{\\'e} \\textless{}b\\textgreater{}\\textbar{}")
        #expect(IncidentCitation.bibtexURL("https://e.org/a b/{x}\\") == "https://e.org/a%20b/%7Bx%7D%5C")
        #expect(IncidentCitation.bibtexURL("https://e.org/plain") == "https://e.org/plain")
    }

    /// The fast test for plain ASCII text uses the escaped bytes as two bit masks: they must be `asciiEscapes`' keys.
    @Test func bibTeXEscapeMasksMatchTheTable() {
        for byte in UInt8(0) ..< 128 {
            let inMask = ((byte < 64 ? IncidentCitation.escapedBelow64 >> byte : IncidentCitation.escapedFrom64 >> (byte - 64)) & 1) != 0
            #expect(inMask == (IncidentCitation.asciiEscapes[byte] != nil), "byte \(byte)")
            let text = "a\(Character(Unicode.Scalar(byte)))b"
            #expect((IncidentCitation.bibtexEscaped(text) == text) == !inMask, "byte \(byte)")
        }
    }

    @Test func writesCSLJSON() throws {
        let json = Self.citation.render(.cslJSON)
        #expect(json == #"""
            [
              {
                "URL" : "https://example.org/incidents/pk-x-2024/",
                "author" : [
                  {
                    "literal" : "Tracker example site"
                  }
                ],
                "container-title" : "Pakistan X Block Tracker",
                "id" : "pk-x-2024",
                "issued" : {
                  "date-parts" : [
                    [
                      2024,
                      4,
                      17
                    ]
                  ]
                },
                "publisher" : "Pakistan X Block Tracker",
                "title" : "X {blocked} & 50% of users' \"news\" — in Śląsk, São Paulo and Zürich: ß_#$~^\\ 中文",
                "type" : "webpage"
              }
            ]

            """#)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["title"] as? String == Self.citation.title)
        let yearOnly = IncidentCitation(id: "a", title: "T", author: "T", siteTitle: "T", url: "u", updated: PartialDate(year: 2024))
        #expect(yearOnly.cslJSON.contains("\"date-parts\" : [\n        [\n          2024\n        ]\n      ]"))
        #expect(!yearOnly.bibtex.contains("month"))
    }
}
