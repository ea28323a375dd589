import Foundation
import Testing
import TrackerTestSupport

/// `tracker check --links` against a local server whose paths answer 200, redirect, 404, 410, hang,
/// reset, answer slowly, refuse HEAD and are busy once; then the same check from the cache, and the
/// build showing the archived copy of a dead original.
@Suite struct LinkCheckTestSuite {
    /// Each source's `url` (and `archive`) as a path on the server.
    static let sources: [(id: String, url: String, archive: String?)] = [
        ("a-ok", "/ok", nil), ("b-chain", "/chain", nil), ("c-missing", "/missing", nil), ("d-gone", "/gone", "/ok"),
        ("e-hang", "/hang", nil), ("f-reset", "/reset", nil), ("g-slow", "/slow", nil), ("h-no-head", "/no-head", nil),
        ("i-busy", "/busy", nil), ("j-dead-archive", "/ok/2", "/missing"),
    ]

    /// A site with the given sources (all but the one that hangs by default).
    func site(_ server: LinkTestServer, _ ids: Set<String>? = nil) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: Links\nbase_url: https://example.org/\n")
        let chosen = Self.sources.filter { ids?.contains($0.id) ?? ($0.id != "e-hang") }
        try site.write("content/incidents/pk-x-2024.md", TemporarySite.incident(title: "X blocked", sources: "[\(chosen[0].id)]"))
        for source in chosen {
            try site.write("content/sources/\(source.id).md", """
                ---
                title: Source \(source.id)
                publisher: Dawn
                url: \(server.url(source.url))
                published: 2024-02-18
                kind: news
                \(source.archive.map { "archive: \(server.url($0))" } ?? "")
                ---

                """)
        }
        return site
    }

    /// A timeout long enough for a loaded machine: only `/hang` needs a short one (`aHangingServerTimesOut`).
    static let options = ["check", "--links", "--links-timeout", "10", "--links-retries", "1", "--links-delay", "0"]

    @Test func checksEveryLinkThenAnswersFromTheCache() throws {
        let server = try LinkTestServer(slowDelay: 0.3)
        defer { server.stop() }
        let site = try self.site(server)
        let first = try TrackerBinary.run(Self.options, in: site.path)
        let u = server.url
        #expect(first.stderr == """
            content/sources/b-chain.md:4:6: warning: url has moved: \(u("/chain")) now redirects to \(u("/ok"))
            content/sources/c-missing.md:4:6: error: url is dead (404 Not Found): \(u("/missing")); add an archive: link to a saved copy, e.g. one listed at https://web.archive.org/web/*/\(u("/missing"))
            content/sources/d-gone.md:4:6: warning: url is dead (410 Gone): \(u("/gone")); its page links to the archived copy \(u("/ok"))
            content/sources/f-reset.md:4:6: error: url is dead (connection reset): \(u("/reset")); add an archive: link to a saved copy, e.g. one listed at https://web.archive.org/web/*/\(u("/reset"))
            content/sources/j-dead-archive.md:7:10: error: archive is dead (404 Not Found): \(u("/missing"))

            """)
        #expect(first.stdout == "No errors: 1 incidents, 9 sources, 0 pages\n9 links checked, 5 ok, 1 moved, 3 dead, 0 from cache\n")
        #expect(first.status == 1)
        #expect(server.requests.sorted() == [
            "GET /busy", "GET /no-head", "HEAD /busy", "HEAD /busy", "HEAD /chain", "HEAD /chain/2", "HEAD /gone",
            "HEAD /missing", "HEAD /no-head", "HEAD /ok", "HEAD /ok", "HEAD /ok/2", "HEAD /reset", "HEAD /reset", "HEAD /slow",
        ])

        // Within --links-max-age every result comes from the cache: the server hears nothing new.
        let requests = server.requests.count
        let second = try TrackerBinary.run(Self.options, in: site.path)
        #expect(second.stderr == first.stderr)
        #expect(second.stdout == "No errors: 1 incidents, 9 sources, 0 pages\n9 links checked, 5 ok, 1 moved, 3 dead, 9 from cache\n")
        #expect(second.status == 1)
        #expect(server.requests.count == requests)

        // The cache is sorted JSON, one record per address.
        let cache = try site.read(".tracker-cache/links.json")
        #expect(cache.contains("""
                "\(u("/gone"))" : {
                  "checked" : "
            """))
        #expect(cache.contains("""
                  "reason" : "410 Gone",
                  "status" : "dead"
                },
            """))
        #expect(try site.read(".tracker-cache/.gitignore").hasSuffix("*\n"))

        // --links-max-age 0 fetches everything again.
        let third = try TrackerBinary.run(Self.options + ["--links-max-age", "0"], in: site.path)
        #expect(third.stdout.hasSuffix("9 links checked, 5 ok, 1 moved, 3 dead, 0 from cache\n"))
        #expect(server.requests.count > requests)
    }

    /// A redirect to an address that is not http or https is dead and not followed: `ftp://` to this server's
    /// port made the check connect there, and `file://` got "unsupported URL".
    @Test func aRedirectOffTheWebIsDeadAndNotFollowed() throws {
        let server = try LinkTestServer()
        defer { server.stop() }
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: Links\nbase_url: https://example.org/\n")
        try site.write("content/incidents/pk-x-2024.md", TemporarySite.incident(title: "X blocked", sources: "[a-file, b-ftp]"))
        for (id, path) in [("a-file", "/to-file"), ("b-ftp", "/to-ftp")] {
            try site.write("content/sources/\(id).md", "---\ntitle: Source \(id)\npublisher: Dawn\nurl: \(server.url(path))\npublished: 2024-02-18\nkind: news\n---\n")
        }
        let result = try TrackerBinary.run(Self.options, in: site.path)
        let u = server.url
        func dead(_ id: String, _ path: String, _ target: String) -> String {
            "content/sources/\(id).md:4:6: error: url is dead (redirects to \(target), which is not an http or https address): \(u(path)); "
                + "add an archive: link to a saved copy, e.g. one listed at https://web.archive.org/web/*/\(u(path))\n"
        }
        #expect(result.stderr == dead("a-file", "/to-file", "file:///etc/passwd") + dead("b-ftp", "/to-ftp", "ftp://127.0.0.1:\(server.port)/ftp-request"))
        #expect(result.status == 1)
        #expect(server.requests.sorted() == ["HEAD /to-file", "HEAD /to-ftp"])
    }

    @Test func aHangingServerTimesOutAndIsTriedAgain() throws {
        let server = try LinkTestServer()
        defer { server.stop() }
        let site = try self.site(server, ["e-hang"])
        let started = Date()
        // 2 s, not less: the timeout covers connecting and sending too, and on a loaded machine (the suites run
        // in parallel on 2 cores) a shorter one could expire before the retry's request left the client.
        let result = try TrackerBinary.run(["check", "--links", "--links-timeout", "2", "--links-retries", "1"], in: site.path)
        #expect(result.stderr == """
            content/sources/e-hang.md:4:6: error: url is dead (timed out after 2 s): \(server.url("/hang")); add an archive: link to a saved copy, e.g. one listed at https://web.archive.org/web/*/\(server.url("/hang"))

            """)
        #expect(result.stdout.hasSuffix("\n1 link checked, 0 ok, 0 moved, 1 dead, 0 from cache\n"))
        #expect(result.status == 1)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(server.requests(atLeast: 2) == ["HEAD /hang", "HEAD /hang"])
    }

    @Test func theBuildShowsTheArchivedCopyOfADeadOriginalFromTheCacheAlone() throws {
        let server = try LinkTestServer()
        let site = try self.site(server, ["a-ok", "c-missing", "d-gone"])
        let checked = try TrackerBinary.run(Self.options, in: site.path)
        #expect(checked.stdout.hasSuffix("\n3 links checked, 1 ok, 0 moved, 2 dead, 0 from cache\n"), "\(checked.stderr)")
        server.stop()
        let requests = server.requests.count

        let built = try TrackerBinary.run(["build"], in: site.path)
        #expect(built.status == 0, "\(built.stderr)")
        let gone = try site.read("public/sources/d-gone/index.html")
        let day = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        #expect(gone.contains("<p class=\"dead-link\" role=\"note\"><strong>The original address no longer works</strong> (410 Gone when checked on <time datetime=\"\(day)\">"))
        #expect(gone.contains("<a href=\"\(server.url("/ok"))\">Read the archived copy</a>.</p>"))
        #expect(gone.contains("\(server.url("/gone"))</a> (no longer works)"))
        #expect(try site.read("public/sources/c-missing/index.html").contains("No archived copy is recorded.</p>"))
        #expect(try !site.read("public/sources/a-ok/index.html").contains("dead-link"))
        #expect(server.requests.count == requests)

        // The links cache is an input of the build: a changed one builds again, an unchanged one does not.
        #expect(try TrackerBinary.run(["build"], in: site.path).stdout.hasPrefix("Nothing changed"))
        try FileManager.default.removeItem(atPath: site.path + "/.tracker-cache/links.json")
        #expect(try TrackerBinary.run(["build"], in: site.path).stdout.hasPrefix("Built "))
        #expect(try !site.read("public/sources/d-gone/index.html").contains("dead-link"))
    }

    @Test func badSettingsAreUsageErrors() throws {
        let server = try LinkTestServer()
        defer { server.stop() }
        let site = try self.site(server)
        let result = try TrackerBinary.run(["check", "--links", "--links-max-age", "soon"], in: site.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--links-max-age must be a duration such as 7d, 12h, 30m or 0, not 'soon'"))
        #expect(server.requests.isEmpty)
    }
}
