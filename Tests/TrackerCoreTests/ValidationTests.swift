import Testing
@testable import TrackerCore

/// Each rule of the content schema, with the exact error it gives.
@Suite struct ValidationTestSuite {
    func errors(incident: String, extraFiles: [String: String] = [:]) throws -> [String] {
        var files = ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": incident]
        files.merge(extraFiles) { $1 }
        let site = try TestSite(files: files)
        defer { site.remove() }
        return site.errors()
    }

    @Test func aValidIncidentHasNoErrors() throws {
        #expect(try errors(incident: TestSite.incident()) == [])
    }

    @Test func unknownKeyIsAnErrorWithASuggestion() throws {
        #expect(try errors(incident: TestSite.incident("titel: Again")) == [
            "content/incidents/x-block.md:9:1: error: unknown key 'titel' in incident; did you mean 'title'?",
        ])
    }

    @Test func impossibleDateIsAnError() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["start": "2024-02-30"])) == [
            "content/incidents/x-block.md:8:8: error: 'start' is not a real date: '2024-02-30' has day 30, but that month has 29 days",
        ])
    }

    @Test func malformedDateIsAnError() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["start": "17/02/2024"])) == [
            "content/incidents/x-block.md:8:8: error: 'start' must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '17/02/2024'",
        ])
    }

    @Test func endBeforeStartIsAnError() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["status": "resolved", "end": "2024-02-01"])) == [
            "content/incidents/x-block.md:9:6: error: 'end' (2024-02-01) is before 'start' (2024-02-17)",
        ])
    }

    @Test func endInTheSameMonthAsAPreciseStartIsAccepted() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["status": "resolved", "end": "2024-02"])) == [])
    }

    @Test func resolvedWithoutEndIsAnError() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["status": "resolved"])) == [
            "content/incidents/x-block.md:6:1: error: 'end' is required when 'status' is resolved",
        ])
    }

    @Test func countryMustBeISO3166() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["country": "XX"])) == [
            "content/incidents/x-block.md:3:10: error: 'country' must be an ISO 3166-1 alpha-2 code such as PK, not 'XX'",
        ])
        #expect(try errors(incident: TestSite.incident(replacing: ["country": "pk"])) == [
            "content/incidents/x-block.md:3:10: error: 'country' must be an ISO 3166-1 alpha-2 code such as PK, not 'pk'; did you mean 'PK'?",
        ])
    }

    @Test func wrongTypeIsAnError() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["platforms": "X"])) == [
            "content/incidents/x-block.md:4:12: error: 'platforms' must be a list, like [X]",
        ])
        #expect(try errors(incident: TestSite.incident(replacing: ["title": "[a, b]"])) == [
            "content/incidents/x-block.md:2:8: error: 'title' must be a single value, not a list",
        ])
    }

    @Test func closedSetsSuggestTheNearestWord() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["status": "ongoin"])) == [
            "content/incidents/x-block.md:6:9: error: 'status' must be one of ongoing, resolved, unknown, not 'ongoin'; did you mean 'ongoing'?",
        ])
    }

    @Test func missingRequiredKeyIsAnError() throws {
        #expect(try errors(incident: TestSite.incident(replacing: ["verification": ""])) == [
            "content/incidents/x-block.md:1:1: error: missing required key 'verification' in incident",
        ])
    }

    @Test func unknownSourceIsAnErrorAtTheCitation() throws {
        #expect(try errors(incident: TestSite.incident(body: "Line one.\n\nBlocked since [@reprot].")) == [
            "content/incidents/x-block.md:12:15: error: unknown source 'reprot'; did you mean 'report'?",
        ])
    }

    @Test func unknownSourceInTimelineIsAnError() throws {
        let timeline = "timeline:\n  - date: 2024-02-17\n    text: Blocked.\n    sources: [report, missing]"
        #expect(try errors(incident: TestSite.incident(timeline)) == [
            "content/incidents/x-block.md:12:23: error: unknown source 'missing'",
        ])
    }

    @Test func timelineEventsAreCheckedLikeIncidents() throws {
        let timeline = "timeline:\n  - date: 2024-13-01\n    txt: Blocked.\n    sources: [report]"
        #expect(try errors(incident: TestSite.incident(timeline)) == [
            "content/incidents/x-block.md:10:5: error: missing required key 'text' in timeline event",
            "content/incidents/x-block.md:10:11: error: 'date' is not a real date: '2024-13-01' has month 13; months run from 01 to 12",
            "content/incidents/x-block.md:11:5: error: unknown key 'txt' in timeline event; did you mean 'text'?",
        ])
    }

    @Test func yearZeroIsNotADate() throws {
        let timeline = "timeline:\n  - date: 0000-02-17\n    text: Blocked.\n    sources: [report]"
        #expect(try errors(incident: TestSite.incident(timeline, replacing: ["start": "0000"])) == [
            "content/incidents/x-block.md:8:8: error: 'start' is not a real date: '0000' has year 0000; the calendar has no year 0, its years start at 0001",
            "content/incidents/x-block.md:10:11: error: 'date' is not a real date: '0000-02-17' has year 0000; the calendar has no year 0, its years start at 0001",
        ])
    }

    @Test func sourceURLMustBeHTTP() throws {
        let source = TestSite.source.replacingOccurrences(of: "https://example.org/report", with: "javascript:alert(1)")
        #expect(try errors(incident: TestSite.incident(), extraFiles: ["content/sources/report.md": source]) == [
            "content/sources/report.md:4:6: error: 'url' must be an http:// or https:// address, not 'javascript:alert(1)'",
        ])
    }

    @Test func sourceWithoutURLIsValid() throws {
        let source = TestSite.source.replacingOccurrences(of: "url: https://example.org/report\n", with: "")
        #expect(try errors(incident: TestSite.incident(), extraFiles: ["content/sources/report.md": source]) == [])
    }

    @Test func duplicateIDAcrossFoldersIsAnError() throws {
        #expect(try errors(incident: TestSite.incident(), extraFiles: ["content/incidents/2024/x-block.md": TestSite.incident()]) == [
            "content/incidents/x-block.md:1:1: error: duplicate incident id 'x-block': content/incidents/2024/x-block.md has the same file name",
        ])
    }

    @Test func duplicateYAMLKeyIsAnError() throws {
        let result = try errors(incident: TestSite.incident("title: Twice"))
        #expect(result == ["content/incidents/x-block.md:2:1: error: duplicate key 'title' in front matter"])
    }

    @Test func yamlSyntaxErrorPointsAtTheLine() throws {
        #expect(try errors(incident: TestSite.incident("tags: [a, b")) == [
            "content/incidents/x-block.md:10:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        ])
    }

    @Test func missingFrontMatterIsAnError() throws {
        #expect(try errors(incident: "Just text\n") == [
            "content/incidents/x-block.md:1:1: error: missing front matter: the file must start with a line that is exactly '---'",
        ])
    }

    @Test func eachItemOfAListIsListedOnce() throws {
        // Platforms are one when they share a page ("signal!" is Signal's); regions and tags whatever their
        // case; aliases and an event's sources as written. The second of each is left out, with a warning:
        // the site builds, and the repeated alias is not "already an alias of incident 'x-block'".
        let incident = TestSite.incident("""
            regions: [Punjab, Sindh, punjab]
            tags: [elections, protests, Elections, elections]
            aliases: [x-old, x-old]
            timeline:
              - date: 2024-02-17
                text: Blocked.
                sources: [report, report]
            """, replacing: ["platforms": "[X, Signal, x, signal!, Signal]"])
        let site = try TestSite(files: ["content/sources/report.md": TestSite.source, "content/incidents/x-block.md": incident])
        defer { site.remove() }
        #expect(site.errors() == [])
        let built = try #require(site.site())
        #expect(built.contentWarnings.map(\.description) == [
            "content/incidents/x-block.md:4:24: warning: 'x' is listed twice in 'platforms' (as 'X' before it)",
            "content/incidents/x-block.md:4:27: warning: 'signal!' is listed twice in 'platforms' (as 'Signal' before it)",
            "content/incidents/x-block.md:4:36: warning: 'Signal' is listed twice in 'platforms'",
            "content/incidents/x-block.md:9:26: warning: 'punjab' is listed twice in 'regions' (as 'Punjab' before it)",
            "content/incidents/x-block.md:10:29: warning: 'Elections' is listed twice in 'tags' (as 'elections' before it)",
            "content/incidents/x-block.md:10:40: warning: 'elections' is listed twice in 'tags'",
            "content/incidents/x-block.md:11:18: warning: 'x-old' is listed twice in 'aliases'",
            "content/incidents/x-block.md:15:23: warning: 'report' is listed twice in 'sources'",
        ])
        // One of each is kept, in the order first listed.
        let decoded = try #require(built.incidents.first)
        #expect(decoded.platforms == ["X", "Signal"])
        #expect(decoded.regions == ["Punjab", "Sindh"])
        #expect(decoded.tags == ["elections", "protests"])
        #expect(decoded.aliases.map(\.id) == ["x-old"])
        #expect(decoded.timeline.map { $0.sources.map(\.id) } == [["report"]])
        // A list of distinct items warns about nothing.
        let plain = try TestSite(files: ["content/sources/report.md": TestSite.source,
                                         "content/incidents/x-block.md": TestSite.incident("tags: [elections, protests]")])
        defer { plain.remove() }
        #expect(try #require(plain.site()).contentWarnings.isEmpty)
    }

    @Test func aliasMustNotBeAnotherIncidentsID() throws {
        let other = TestSite.incident(replacing: ["aliases": "[x-block]"])
        #expect(try errors(incident: TestSite.incident(), extraFiles: ["content/incidents/other.md": other]) == [
            "content/incidents/other.md:9:11: error: alias 'x-block' is the id of an incident (content/incidents/x-block.md)",
        ])
    }

    /// Found by hand: an incident, alias or source named `rows.json` or `index.html` got as far as writing, where
    /// the build stopped with "cannot write …/incidents/rows.json: Is a directory" (or "…/sources/index.html/index.html:
    /// Not a directory"): its folder and the list's own file would have one name.
    @Test func anItemMustNotTakeTheNameOfAFileInItsFolder() throws {
        #expect(try errors(incident: TestSite.incident(), extraFiles: [
            "content/incidents/rows.json.md": TestSite.incident(), "content/incidents/index.html.md": TestSite.incident(),
            "content/sources/index.html.md": TestSite.source,
        ]) == [
            "content/incidents/index.html.md:1:1: error: incident 'index.html' would replace the site's own /incidents/index.html (the incident list); rename the file",
            "content/incidents/rows.json.md:1:1: error: incident 'rows.json' would replace the site's own /incidents/rows.json (the filters' rows); rename the file",
            "content/sources/index.html.md:1:1: error: source 'index.html' would replace the site's own /sources/index.html (the source list); rename the file",
        ])
        #expect(try errors(incident: TestSite.incident("aliases: [old-x, rows.json, index.html]")) == [
            "content/incidents/x-block.md:9:18: error: alias 'rows.json' would replace the site's own /incidents/rows.json (the filters' rows); choose another",
            "content/incidents/x-block.md:9:29: error: alias 'index.html' would replace the site's own /incidents/index.html (the incident list); choose another",
        ])
        // Other names with a dot are ids like any other.
        #expect(try errors(incident: TestSite.incident("aliases: [rows.json.old, index.htm]"), extraFiles: ["content/sources/rows.json.md": TestSite.source]) == [])
    }

    @Test func pageMustNotTakeAReservedPath() throws {
        #expect(try errors(incident: TestSite.incident(), extraFiles: ["content/pages/incidents.md": "---\ntitle: Mine\n---\n"]) == [
            "content/pages/incidents.md:1:1: error: page 'incidents' would replace the site's own /incidents output; rename the file",
        ])
    }

    @Test func siteConfigRejectsUnknownKeysAndBadURLs() throws {
        let site = try TestSite(files: [:], siteYAML: "title: T\nbase_url: ftp://example.org/\nlanguage: English\noptoins: {}\n")
        defer { site.remove() }
        #expect(site.errors() == [
            "content/site.yml:2:11: error: 'base_url' must be an http:// or https:// address, not 'ftp://example.org/'",
            "content/site.yml:3:11: error: 'language' must be a language tag such as en or pt-BR, not 'English'",
            "content/site.yml:4:1: error: unknown key 'optoins' in site.yml; did you mean 'options'?",
        ])
    }

    /// Found by hand: `base_url: https://example.org/sub/?x=1` built without a word, every link of every page made
    /// `https://example.org/sub/?x=1/about/`; a fragment did the same, and a user name and password were published.
    @Test func baseURLWithAQueryAFragmentOrCredentialsIsAnError() throws {
        let cases: [(String, String)] = [
            ("https://example.org/sub/?x=1", "must not have a query ('?x=1'): each page's address is base_url followed by its path; remove it"),
            ("https://example.org/?", "must not have a query ('?'): each page's address is base_url followed by its path; remove it"),
            ("https://example.org/#top", "must not have a fragment ('#top'): each page's address is base_url followed by its path; remove it"),
            ("https://example.org/sub#", "must not have a fragment ('#'): each page's address is base_url followed by its path; remove it"),
            ("https://editor:secret@example.org/", "must not hold a user name or password: every page, feed and sitemap would publish it; remove it"),
            ("https://editor@example.org/", "must not hold a user name or password: every page, feed and sitemap would publish it; remove it"),
        ]
        for (url, message) in cases {
            let site = try TestSite(files: [:], siteYAML: "title: T\nbase_url: \(url)\n")
            defer { site.remove() }
            #expect(site.errors() == ["content/site.yml:2:11: error: 'base_url' \(message)"], "\(url)")
        }
        // What a base_url may hold: a path, a port, percent-escapes.
        for url in ["https://example.org/tracker/", "http://localhost:8080/a%20b/", "https://example.org/~team/t"] {
            let site = try TestSite(files: [:], siteYAML: "title: T\nbase_url: \(url)\n")
            defer { site.remove() }
            #expect(site.errors() == [], "\(url)")
        }
    }

    /// Found by hand: `url: https://example.org/a b` built, written raw into every `href` citing it (no valid URL in
    /// HTML): Foundation reads such a text as an address, escaping it itself. Each character no address may hold is
    /// an error naming its escape; letters of other scripts (an IRI, as a browser shows it) and escapes are fine.
    @Test func anAddressHoldingACharacterNoAddressMayHoldIsAnError() throws {
        let cases: [(String, String)] = [
            ("https://example.org/a b", "holds a space, which an address cannot hold; write it as %20"),
            ("https://example.org/a|b", "holds '|', which an address cannot hold; write it as %7C"),
            ("https://example.org/?q={x}", "holds '{', which an address cannot hold; write it as %7B"),
            ("https://example.org/a\\b", "holds '\\', which an address cannot hold; write it as %5C"),
            ("https://example.org/100%", "holds a '%' that two hex digits do not follow; write a '%' itself as %25"),
            ("https://example.org/%zz", "holds a '%' that two hex digits do not follow; write a '%' itself as %25"),
        ]
        for (url, problem) in cases {
            let source = TestSite.source.replacingOccurrences(of: "url: https://example.org/report", with: "url: '\(url)'\narchive: '\(url)'")
            #expect(try errors(incident: TestSite.incident(), extraFiles: ["content/sources/report.md": source]) == [
                "content/sources/report.md:4:6: error: 'url' \(problem)",
                "content/sources/report.md:5:10: error: 'archive' \(problem)",
            ], "\(url)")
            let site = try TestSite(files: [:], siteYAML: "title: T\nbase_url: '\(url)'\n")
            defer { site.remove() }
            #expect(site.errors() == ["content/site.yml:2:11: error: 'base_url' \(problem)"], "\(url)")
        }
        for url in ["https://ur.wikipedia.org/wiki/پاکستان", "https://example.org/a%20b?q=%7Bx%7D#top", "https://example.org/search?q=x&page=2"] {
            let source = TestSite.source.replacingOccurrences(of: "url: https://example.org/report", with: "url: '\(url)'")
            #expect(try errors(incident: TestSite.incident(), extraFiles: ["content/sources/report.md": source]) == [], "\(url)")
        }
    }

    /// Found by hand: `status: ongoing` with an `end` built a page saying "Ongoing" and "Ended 1 May 2024" side by side.
    /// `tracker check` warns at the end; the other statuses with an end are fine.
    @Test func anOngoingIncidentWithAnEndIsWarnedAbout() throws {
        func warnings(_ status: String) throws -> [String] {
            let site = try TestSite(files: [
                "content/sources/report.md": TestSite.source,
                "content/incidents/x-block.md": TestSite.incident("end: 2024-05-01", replacing: ["status": status]),
            ])
            defer { site.remove() }
            #expect(site.errors() == [], "\(status)")
            return site.withCurrentDirectory {
                SiteLinker.link(ContentLoader(siteDirectory: ".").load(), includeDrafts: false).site.map {
                    SiteLinker.checkWarnings($0, today: PartialDate(year: 2026, month: 12, day: 6)).map(\.description)
                } ?? ["the site does not build"]
            }
        }
        #expect(try warnings("ongoing") == [
            "content/incidents/x-block.md:9:6: warning: 'end' is 2024-05-01, but 'status' is ongoing: the page would say both; set status: resolved, or remove end",
        ])
        #expect(try warnings("resolved") == [])
        #expect(try warnings("unknown") == [])
    }

    @Test func allErrorsOfAllFilesAreReportedTogetherInOrder() throws {
        let broken = TestSite.incident(body: "See [@nope].", replacing: ["start": "2024-02-30"])
        let result = try errors(incident: broken, extraFiles: ["content/incidents/a-first.md": TestSite.incident(replacing: ["type": "blocked"])])
        #expect(result == [
            "content/incidents/a-first.md:5:7: error: 'type' must be one of full-shutdown, mobile-shutdown, throttling, service-block, not 'blocked'",
            "content/incidents/x-block.md:8:8: error: 'start' is not a real date: '2024-02-30' has day 30, but that month has 29 days",
            "content/incidents/x-block.md:10:5: error: unknown source 'nope'",
        ])
    }
}

@Suite struct FieldReaderKeyTestSuite {
    func reader(_ yaml: String, _ collector: DiagnosticCollector) throws -> FieldReader {
        let pairs = try #require(parseYAML(yaml, collector: collector, lineOffset: 0))
        return FieldReader(mapping: pairs, collector: collector, lineOffset: 0, ownLocation: SourceLocation(line: 1, column: 1), what: "test")
    }

    @Test func keysAlikeInLengthAndFirstBytesAreToldApart() throws {
        let collector = DiagnosticCollector(path: "x.md")
        let fields = try reader("abcdefgh1: one\nabcdefgh2: two\nab: short\nabcdefgh12: long\n", collector)
        #expect(fields.string("abcdefgh2") == "two")
        #expect(fields.string("abcdefgh1") == "one")
        #expect(fields.string("abcdefgh12") == "long")
        #expect(fields.string("ab") == "short")
        #expect(fields.string("abcdefgh3") == nil)
        #expect(fields.string("a") == nil)
        fields.rejectUnknownKeys(allowed: ["abcdefgh1", "abcdefgh2", "ab"])
        #expect(collector.diagnostics.map(\.description) == ["x.md:4:1: error: unknown key 'abcdefgh12' in test; did you mean 'abcdefgh1'?"])
    }

    /// Lists of every length up to past `KeptTexts.shortList` (where the kept items go into a dictionary), with
    /// repeats before and after that point, against a plain model: an item is kept unless one kept before it is
    /// the same whatever its case.
    @Test func eachItemIsKeptOnceInListsOfEveryLength() throws {
        var generator = SystemRandomNumberGenerator()
        for length in [2, 3, 16, 17, 18, 40, 300] {
            for _ in 0 ..< 5 {
                let items = (0 ..< length).map { _ in
                    let name = "t\(Int.random(in: 0 ..< max(2, length * 2 / 3), using: &generator))"
                    return Bool.random(using: &generator) ? name.uppercased() : name
                }
                var expectedKept: [String] = [], expectedWarnings: [String] = []
                var column = 8
                for item in items {
                    if let earlier = expectedKept.first(where: { $0.lowercased() == item.lowercased() }) {
                        let spelling = earlier == item ? "" : " (as '\(earlier)' before it)"
                        expectedWarnings.append("x.md:1:\(column): warning: '\(item)' is listed twice in 'tags'\(spelling)")
                    } else {
                        expectedKept.append(item)
                    }
                    column += item.count + 2
                }
                let collector = DiagnosticCollector(path: "x.md")
                let fields = try reader("tags: [\(items.joined(separator: ", "))]\n", collector)
                #expect(fields.strings("tags", unique: .anyCase) == expectedKept, "\(items)")
                #expect(collector.warnings.map(\.description) == expectedWarnings, "\(items)")
                #expect(collector.diagnostics.isEmpty)
            }
        }
    }

    @Test func aKeyIsFoundByAnyCanonicallyEquivalentSpellingAsStringsCompare() throws {
        let collector = DiagnosticCollector(path: "x.md")
        // "région" written with a precomposed é, and looked up with e and a combining acute accent: the same name.
        let fields = try reader("r\u{E9}gion: first\n", collector)
        #expect(fields.string("re\u{301}gion") == "first")
        #expect(fields.string("r\u{E9}gion") == "first")
        fields.rejectUnknownKeys(allowed: ["re\u{301}gion"])
        #expect(collector.diagnostics.isEmpty)
    }
}

@Suite struct SourceLocationTestSuite {
    /// A location is two 32-bit numbers (a large site keeps one per citation): it reads back what it was given,
    /// changes in place, and holds a number past 32 bits as the largest it can.
    @Test func holdsLinesAndColumnsInThirtyTwoBitsEach() {
        #expect(MemoryLayout<TrackerCore.SourceLocation>.size == 8)
        #expect(MemoryLayout<SourceReference>.stride == 24)
        var location = TrackerCore.SourceLocation(line: 1_234_567, column: 89)
        #expect(location.line == 1_234_567)
        #expect(location.column == 89)
        location.line += 1
        location.column = 1
        #expect(location == TrackerCore.SourceLocation(line: 1_234_568, column: 1))
        #expect(TrackerCore.SourceLocation(line: Int(Int32.max) + 5, column: 3).line == Int(Int32.max))
        #expect(TrackerCore.SourceLocation(line: 2, column: 3) != TrackerCore.SourceLocation(line: 3, column: 2))
    }
}
