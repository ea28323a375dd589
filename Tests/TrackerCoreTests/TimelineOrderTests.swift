import Foundation
import Testing
@testable import TrackerCore

/// The timeline's order (newest first, then by incident id, then by event; a case's proceedings after the
/// incidents' events of the same day) made from one number per entry is the order of comparing the entries.
@Suite struct TimelineOrderTests {
    @Test func theKeyedOrderIsTheComparedOrder() throws {
        var random = SeededGenerator(seed: 17)
        func date() -> String {
            let year = Int.random(in: 2019 ... 2024, using: &random)
            switch Int.random(in: 0 ..< 4, using: &random) {
            case 0: return "\(year)"
            case 1: return String(format: "%d-%02d", year, Int.random(in: 1 ... 12, using: &random))
            default: return String(format: "%d-%02d-%02d", year, Int.random(in: 1 ... 12, using: &random), Int.random(in: 1 ... 3, using: &random))
            }
        }
        var files: [String: String] = ["content/sources/report.md": TestSite.source]
        for number in 0 ..< 60 {
            let events = (0 ..< Int.random(in: 0 ... 6, using: &random)).map { _ in
                "  - date: \(date())\n    text: An event.\n    sources: [report]"
            }
            let timeline = events.isEmpty ? "" : "timeline:\n" + events.joined(separator: "\n")
            let id = "x\(Int.random(in: 0 ... 9, using: &random))-\(number)"
            files["content/incidents/\(id).md"] = TestSite.incident(timeline, replacing: ["start": "2019-01-01"])
        }
        for number in 0 ..< 3 {
            // A case's proceedings are in date order: one a year, on a day that events share.
            let proceedings = (0 ..< 4).map { step in
                "  - date: \(2020 + step)-0\(number + 1)-01\n    type: hearing\n    text: A hearing.\n    sources: [report]"
            }
            files["content/cases/c\(number).md"] = "---\ntitle: Petition \(number)\ncourt: Sindh High Court\ncountry: PK\nstatus: pending\n"
                + "proceedings:\n" + proceedings.joined(separator: "\n") + "\n---\nFacts.\n"
        }
        let testSite = try TestSite(files: files)
        defer { testSite.remove() }
        #expect(testSite.errors() == [])
        let site = try #require(testSite.site())
        func described(_ entries: [TimelineEntry]) -> [String] {
            entries.map { "\($0.proceeding ? "case" : "incident") \($0.incident) event \($0.event) \($0.date.iso)" }
        }
        let keyed = SiteLinker.timelineEntries(of: site.incidents, cases: site.cases)
        #expect(keyed.count > 150 && keyed.contains(where: \.proceeding))
        #expect(described(keyed) == described(SiteLinker.timelineEntriesBySorting(of: site.incidents, cases: site.cases)))
        #expect(described(site.timeline) == described(keyed))
    }
}
