import Testing
@testable import TrackerCore

/// Two sources recording one document (the same `url`): `tracker check` warns at the later one.
@Suite struct SharedURLTestSuite {
    /// A source file with `url` (and `archive`), its `url` at line 4, column 6.
    func source(_ url: String?, archive: String? = nil, publisher: String = "Daily Times") -> String {
        """
        ---
        title: A report
        publisher: \(publisher)
        \(url.map { "url: \($0)" } ?? "language: en")
        published: 2024-02-10
        kind: news
        \(archive.map { "archive: \($0)" } ?? "")
        ---
        Notes.
        """
    }

    /// What `tracker check` warns about for a site of these sources, each cited by one incident.
    func warnings(_ sources: [String: String]) throws -> [String] {
        var files: [String: String] = [:]
        for (id, text) in sources { files["content/sources/\(id).md"] = text }
        let body = sources.keys.sorted().map { "[@\($0)]" }.joined(separator: " ")
        files["content/incidents/x-block.md"] = TestSite.incident(body: "Blocked \(body).")
        let site = try TestSite(files: files)
        defer { site.remove() }
        let found: [String]? = site.withCurrentDirectory {
            guard let linked = SiteLinker.link(ContentLoader(siteDirectory: ".").load(), includeDrafts: false).site else { return nil }
            return SiteLinker.checkWarnings(linked).map(\.description)
        }
        return try #require(found, "the site does not build: \(site.errors())")
    }

    func shared(_ path: String, _ earlier: String, at line: Int = 4) -> String {
        "content/sources/\(path).md:\(line):6: warning: the same url as source '\(earlier)' (content/sources/\(earlier).md:4:6): "
            + "one document recorded twice counts as two sources; cite one of them, "
            + "or give each an archive: of its own if the page changed between them"
    }

    @Test func aSourceWithTheURLOfAnotherIsWarnedAboutAtItsURL() throws {
        // Copied under a new id, and its publisher spelled otherwise: it looks like a second origin.
        #expect(try warnings([
            "a": source("https://example.org/report"),
            "b": source("https://example.org/report", publisher: "The Daily Times"),
        ]) == [shared("b", "a")])
        // Three of one document: each later one names the first.
        #expect(try warnings([
            "c": source("https://example.org/report"),
            "a": source("https://example.org/report"),
            "b": source("https://example.org/report"),
        ]) == [shared("b", "a"), shared("c", "a")])
        // The scheme and host in any case, and a fragment, are the same address.
        #expect(try warnings([
            "a": source("https://example.org/report"),
            "b": source("HTTPS://Example.ORG/report#section-2"),
        ]) == [shared("b", "a")])
    }

    @Test func otherAddressesAndSavedVersionsAreNotWarnedAbout() throws {
        // A path or query in another case, another scheme, another path: other addresses.
        #expect(try warnings([
            "a": source("https://example.org/report"),
            "b": source("https://example.org/Report"),
            "c": source("http://example.org/report"),
            "d": source("https://example.org/report/"),
            "e": source("https://example.org/report?page=2"),
            "f": source(nil),
            "g": source(nil),
        ]) == [])
        // A page that changed, each version with its own saved copy.
        #expect(try warnings([
            "a": source("https://example.org/live", archive: "https://web.archive.org/web/20240210/https://example.org/live"),
            "b": source("https://example.org/live", archive: "https://web.archive.org/web/20240417/https://example.org/live"),
        ]) == [])
    }

    @Test func oneSavedCopyOrTheSameOneIsStillOneDocument() throws {
        let archive = "https://web.archive.org/web/20240210/https://example.org/live"
        // One with a saved copy and one without: the second adds nothing the first lacks.
        #expect(try warnings([
            "a": source("https://example.org/live", archive: archive),
            "b": source("https://example.org/live"),
        ]) == [shared("b", "a")])
        // The same saved copy (its host in another case).
        #expect(try warnings([
            "a": source("https://example.org/live", archive: archive),
            "b": source("https://example.org/live", archive: archive.replacingOccurrences(of: "web.archive.org", with: "WEB.archive.org")),
        ]) == [shared("b", "a")])
        // Of three, the one with its own copy is another version; the one without any is the first's twin.
        #expect(try warnings([
            "a": source("https://example.org/live", archive: archive),
            "b": source("https://example.org/live", archive: archive + "x"),
            "c": source("https://example.org/live"),
        ]) == [shared("c", "a")])
    }
    /// The earlier source named is the first that is the same document: one without a saved copy, or one with the
    /// same copy, whichever comes first.
    @Test func theFirstEarlierTwinIsNamed() throws {
        let archive = { (day: Int) in "https://web.archive.org/web/202402\(day)/https://example.org/live" }
        #expect(try warnings([
            "a": source("https://example.org/live", archive: archive(10)),
            "b": source("https://example.org/live", archive: archive(11)),
            "c": source("https://example.org/live"),
            "d": source("https://example.org/live", archive: archive(11)),
            "e": source("https://example.org/live", archive: archive(12)),
            "f": source("https://example.org/live", archive: archive(10)),
        ]) == [shared("c", "a"), shared("d", "b"), shared("e", "c"), shared("f", "a")])
    }

    /// A live page saved hundreds of times, each version a source with its own copy, and one version recorded twice.
    @Test func manySavedVersionsAndOneTwin() throws {
        var sources: [String: String] = [:]
        for version in 0 ..< 300 {
            sources["v\(1_000 + version)"] = source("https://example.org/live", archive: "https://web.archive.org/web/\(version)/https://example.org/live")
        }
        sources["w"] = source("https://example.org/live", archive: "https://web.archive.org/web/150/https://example.org/live")
        #expect(try warnings(sources) == [shared("w", "v1150")])
    }
}
