import Foundation
import Testing
import TrackerTestSupport
@testable import TrackerCore

@Suite struct LinkCacheTestSuite {
    static let checked = Date(timeIntervalSince1970: 1_717_243_200) // 2024-06-01T12:00:00Z

    @Test func theCacheFileIsSortedAndReadsBackTheSame() throws {
        let cache = LinkCache(records: [
            "https://b.example/": LinkRecord(status: .moved, checked: Self.checked, reason: "200 OK", final: "https://b.example/new"),
            "https://a.example/": LinkRecord(status: .dead, checked: Self.checked, reason: "404 Not Found"),
        ])
        let text = String(decoding: cache.encoded(), as: UTF8.self)
        #expect(text == """
            {
              "links" : {
                "https://a.example/" : {
                  "checked" : "2024-06-01T12:00:00Z",
                  "reason" : "404 Not Found",
                  "status" : "dead"
                },
                "https://b.example/" : {
                  "checked" : "2024-06-01T12:00:00Z",
                  "final" : "https://b.example/new",
                  "reason" : "200 OK",
                  "status" : "moved"
                }
              },
              "version" : 1
            }

            """)
        #expect(LinkCache.decode(cache.encoded()) == cache)
        #expect(LinkCache.decode(Data("not json".utf8)) == LinkCache())
        #expect(Array(cache.dead.keys) == ["https://a.example/"])
    }

    @Test func durations() {
        #expect(LinkCheckOptions.duration("7d") == 604_800)
        #expect(LinkCheckOptions.duration("12h") == 43_200)
        #expect(LinkCheckOptions.duration("30m") == 1_800)
        #expect(LinkCheckOptions.duration("0") == 0)
        #expect(LinkCheckOptions.duration("soon") == nil)
        #expect(LinkCheckOptions.duration("-1d") == nil)
    }

    @Test func retriesWaitLongerEachTimeAndHonourRetryAfterWithinTheCap() {
        let options = LinkCheckOptions()
        #expect(LinkChecker.retryWait(.failed(.timedOut), attempt: 0, options: options) == 0.5)
        #expect(LinkChecker.retryWait(.failed(.reset), attempt: 2, options: options) == 2)
        #expect(LinkChecker.retryWait(.answered(status: 503, final: "", redirected: false, retryAfter: "7"), attempt: 0, options: options) == 7)
        #expect(LinkChecker.retryWait(.answered(status: 429, final: "", redirected: false, retryAfter: "3600"), attempt: 0, options: options) == 30)
        #expect(LinkChecker.retryWait(.answered(status: 404, final: "", redirected: false, retryAfter: nil), attempt: 0, options: options) == nil)
        #expect(LinkChecker.retryWait(.failed(.hostNotFound), attempt: 0, options: options) == nil)
    }

    /// The preview reads the links cache as an input: a new dead link re-renders, and equals a cold build.
    @Test func thePreviewShowsANewlyDeadOriginal() throws {
        let site = try TemporarySite()
        let engine = IncrementalBuild(options: BuildOptions(siteDirectory: site.root))
        guard case .built = engine.rebuild(changedPaths: nil) else { throw Failure("the first build failed") }
        let dead = LinkCache(records: ["https://example.org/17": LinkRecord(status: .dead, checked: Self.checked, reason: "410 Gone")])
        try dead.write(siteDirectory: site.root)
        guard case .built(let output) = engine.rebuild(changedPaths: [".tracker-cache/links.json"]) else { throw Failure("no rebuild") }
        #expect(engine.verify() == [])
        #expect(output.changed == ["sources/dawn-2024/index.html"])
        let page = String(decoding: output.files["sources/dawn-2024/index.html"]!, as: UTF8.self)
        #expect(page.contains("<strong>The original address no longer works</strong> (410 Gone when checked on <time datetime=\"2024-06-01\">"))
        #expect(page.contains("No archived copy is recorded.</p>"))

        // Only the dead links matter: another ok result changes nothing.
        var more = dead
        more.records["https://example.org/x"] = LinkRecord(status: .ok, checked: Self.checked, reason: "200 OK")
        try more.write(siteDirectory: site.root)
        guard case .unchanged = engine.rebuild(changedPaths: [".tracker-cache/links.json"]) else { throw Failure("expected no change") }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
