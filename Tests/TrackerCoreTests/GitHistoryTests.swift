import Foundation
import Testing
@testable import TrackerCore

/// `git log -z --name-status` output read into each record's history: renames followed, trailers read,
/// bundles gathered, a shallow clone's boundary left out.
@Suite struct GitHistoryTestSuite {
    /// One commit in the format `GitHistory.read` asks git for.
    static func commit(_ id: Character, _ time: Int, _ subject: String, corrections: [String] = [], _ changes: [[String]]) -> String {
        let header = "\u{1e}" + String(repeating: id, count: 40) + "\u{1f}\(time)\u{1f}\(subject)\u{1f}" + corrections.joined(separator: "\u{1d}") + "\u{1f}"
        return header + "\0\n" + changes.map { $0.joined(separator: "\0") + "\0" }.joined()
    }

    static let log = [
        commit("c", 1_710_057_600, "Rename again and correct", corrections: ["The date was wrong.", "So was the place."],
               [["R100", "incidents/b.md", "incidents/c/index.md"], ["A", "incidents/c/map.png"]]),
        commit("b", 1_709_640_000, "Rename", [["R090", "incidents/a.md", "incidents/b.md"], ["M", "sources/s.md"]]),
        commit("a", 1_709_287_200, "Add", [["A", "incidents/a.md"], ["A", "sources/s.md"], ["A", "site.yml"]]),
    ].joined()

    static func history(shallow: Set<String> = []) -> SiteHistory {
        GitHistory.parse(Data(log.utf8), state: GitHistory.State(head: String(repeating: "c", count: 40), shallowBoundary: shallow),
                         contentPrefix: "site/content/")
    }

    @Test func renamesAreFollowedToTheCurrentPathAndABundleGathersItsFiles() throws {
        let record = try #require(Self.history().record(at: "site/content/incidents/c/index.md"))
        #expect(record.changes.map(\.subject) == ["Rename again and correct", "Rename", "Add"])
        #expect(record.created?.iso == "2024-03-01T10:00:00Z")
        #expect(record.lastChanged.iso == "2024-03-10T08:00:00Z")
        #expect(record.lastChanged.day.date.display == "10 March 2024")
        #expect(record.lastChanged.shortHash == "cccccccccc")
        #expect(record.corrections.map(\.corrections) == [["The date was wrong.", "So was the place."]])
        let source = try #require(Self.history().record(at: "site/content/sources/s.md"))
        #expect(source.changes.map(\.subject) == ["Rename", "Add"])
        #expect(Self.history().record(at: "site/content/incidents/a.md") == nil, "its file has another name now")
        #expect(Self.history().record(at: "elsewhere/content/sources/s.md") == nil)
    }

    @Test func aShallowClonesBoundaryIsNoChangeAndNoRecordIsCreated() throws {
        let history = Self.history(shallow: [String(repeating: "a", count: 40)])
        #expect(!history.isComplete)
        #expect(history.changes.map(\.subject) == ["Rename again and correct", "Rename"])
        let record = try #require(history.record(at: "site/content/incidents/c/index.md"))
        #expect(record.created == nil)
        #expect(record.changes.count == 2)
    }

    /// Found by hand: a commit subject with an escape sequence (pasted from a terminal) made changes.xml not
    /// well-formed and every page listing the commit invalid HTML. Characters XML and HTML forbid become U+FFFD.
    @Test func aCommitsControlCharactersAreReplaced() throws {
        let log = Self.commit("e", 1_710_100_000, "\u{1b}[31mRed\u{1b}[0m <b>\u{7f}", corrections: ["Bell\u{07} \u{FFFE}rung."],
                              [["M", "incidents/c/index.md"]]) + Self.log
        let history = GitHistory.parse(Data(log.utf8), state: GitHistory.State(head: String(repeating: "e", count: 40), shallowBoundary: []),
                                       contentPrefix: "site/content/")
        let record = try #require(history.record(at: "site/content/incidents/c/index.md"))
        #expect(record.changes.first?.subject == "\u{FFFD}[31mRed\u{FFFD}[0m <b>\u{FFFD}")
        #expect(record.corrections.first?.corrections == ["Bell\u{FFFD} \u{FFFD}rung."])
        #expect(record.changes.dropFirst().map(\.subject) == ["Rename again and correct", "Rename", "Add"])
    }

    /// A new commit changes the history of the records whose files (a bundle's: any of its files) it touched,
    /// and of no other; the history appearing, going, or becoming complete changes every record's.
    @Test func aNewCommitChangesTheHistoryOfTheRecordsItTouched() throws {
        let state = GitHistory.State(head: String(repeating: "d", count: 40), shallowBoundary: [])
        func history(_ commits: [String]) -> SiteHistory {
            GitHistory.parse(Data((commits + [Self.log]).joined().utf8), state: state, contentPrefix: "site/content/")
        }
        let files = ["content/incidents/c/index.md", "content/sources/s.md", "content/sources/t.md"]
        let old = history([])
        let map = history([Self.commit("d", 1_710_100_000, "Redraw the map", [["M", "incidents/c/map.png"]])])
        #expect(SiteHistory.changedRecords(from: old, to: map, among: files) == ["content/incidents/c/index.md"])
        let source = history([Self.commit("d", 1_710_100_000, "Add a source", [["A", "sources/t.md"]])])
        #expect(SiteHistory.changedRecords(from: old, to: source, among: files) == ["content/sources/t.md"])
        let config = history([Self.commit("d", 1_710_100_000, "Retitle the site", [["M", "site.yml"]])])
        #expect(SiteHistory.changedRecords(from: old, to: config, among: files) == [])
        #expect(SiteHistory.changedRecords(from: old, to: Self.history(shallow: [String(repeating: "a", count: 40)]), among: files) == nil)
        #expect(SiteHistory.changedRecords(from: nil, to: old, among: files) == nil)
        #expect(SiteHistory.changedRecords(from: nil, to: nil, among: files) == [])
    }

    @Test func theOwnerOfAChangedFileIsItsItemOrItsBundle() {
        let items: Set<String> = ["incidents/c/index.md", "sources/s.md"]
        #expect(SiteHistory.owner(of: "incidents/c/map.png", among: items) == "incidents/c/index.md")
        #expect(SiteHistory.owner(of: "incidents/c/scans/p1.png", among: items) == "incidents/c/index.md")
        #expect(SiteHistory.owner(of: "sources/s.md", among: items) == "sources/s.md")
        #expect(SiteHistory.owner(of: "site.yml", among: items) == nil)
    }

    @Test func datesAreUTCWhateverTheMoment() {
        let change = { (time: Int) in HistoryChange(commit: "x", timestamp: time, subject: "", corrections: []) }
        #expect(change(0).iso == "1970-01-01T00:00:00Z")
        #expect(change(951_782_400).iso == "2000-02-29T00:00:00Z")
        #expect(change(1_709_251_199).iso == "2024-02-29T23:59:59Z")
        #expect(change(-1).iso == "1969-12-31T23:59:59Z")
    }
}
