import Testing
@testable import TrackerCore

/// A date after today (most often a mistyped year): `tracker check` warns at the value.
@Suite struct FutureDateWarningTestSuite {
    static let today = PartialDate(year: 2026, month: 12, day: 6)

    func warnings(incident: String, source: String = TestSite.source) throws -> [String] {
        let site = try TestSite(files: ["content/incidents/x-block.md": incident, "content/sources/report.md": source])
        defer { site.remove() }
        let found: [String]? = site.withCurrentDirectory {
            guard let linked = SiteLinker.link(ContentLoader(siteDirectory: ".").load(), includeDrafts: false).site else { return nil }
            return SiteLinker.futureDateWarnings(linked, today: Self.today).map(\.description)
        }
        return try #require(found, "the site does not build: \(site.errors())")
    }

    @Test func aDateAfterTodayIsWarnedAboutAtItsValue() throws {
        // (`end` and `updated` written in order here: keys `replacing` adds come in a dictionary's order.)
        let incident = TestSite.incident("""
            updated: 2027-01-01
            end: 2205
            timeline:
              - date: 2024-02-17
                text: Blocked.
                sources: [report]
              - date: 2205-01
                text: Restored.
                sources: [report]
            """, replacing: ["start": "2204-02-17", "status": "resolved"])
        let source = TestSite.source.replacingOccurrences(of: "published: 2024-02-10", with: "published: 2204-02-10\naccessed: 2026-12-07")
        #expect(try warnings(incident: incident, source: source) == [
            "content/incidents/x-block.md:8:8: warning: 'start' is 2204-02-17, after today (2026-12-06): is the year mistyped?",
            "content/incidents/x-block.md:9:10: warning: 'updated' is 2027-01-01, after today (2026-12-06): is the year mistyped?",
            "content/incidents/x-block.md:10:6: warning: 'end' is 2205, after today (2026-12-06): is the year mistyped?",
            "content/incidents/x-block.md:15:5: warning: this event's date, 2205-01, is after today (2026-12-06): is the year mistyped?",
            "content/sources/report.md:5:12: warning: 'published' is 2204-02-10, after today (2026-12-06): is the year mistyped?",
            "content/sources/report.md:6:11: warning: 'accessed' is 2026-12-07, after today (2026-12-06): is the year mistyped?",
        ])
    }

    @Test func todayAndADateThatMayBeTodayAreNot() throws {
        for start in ["2026-12-06", "2026-12", "2026", "2024-02-17"] {
            let incident = TestSite.incident("updated: \(start)", replacing: ["start": start])
            let source = TestSite.source.replacingOccurrences(of: "published: 2024-02-10", with: "published: \(start)\naccessed: \(start)")
            #expect(try warnings(incident: incident, source: source) == [], "\(start)")
        }
    }
}
