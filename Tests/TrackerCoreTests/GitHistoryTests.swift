import Foundation
import Testing
import TrackerTestSupport
@testable import TrackerCore

/// `git log -z --name-status` output read into each record's history: renames followed, trailers read,
/// bundles gathered, a shallow clone's boundary left out.
@Suite struct GitHistoryTestSuite {
    /// One commit in the format `GitHistory.read` asks git for.
    static func commit(_ id: Character, _ time: Int, _ subject: String, corrections: [String] = [], _ changes: [[String]]) -> String {
        let hash = String(repeating: id, count: 40)
        let header = "\u{1e}\(hash)\u{1f}\(time)\u{1f}\(subject)\u{1f}\(hash)\u{1f}" + corrections.joined(separator: "\0") + "\u{1f}\(hash)\u{1f}"
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

    /// Found by hand: `git log`'s own separators (U+001E between commits, U+001F between fields, U+001D between
    /// corrections) in a commit message, which git takes, split the record there, and the commit (or the one after
    /// it) was gone from every history. Each field now ends with the commit's own hash, which no message can hold;
    /// a file name with a separator in it is read whole too. Real git, real output.
    @Test func aCommitMessageOrFileNameHoldingTheLogsSeparatorsLosesNothing() throws {
        let site = try TemporarySite()
        let repository = TestRepository(directory: site.root)
        try repository.git(["init", "-q"])
        try repository.commit("Add the records", date: "2024-03-01T10:00:00Z")
        let incident = "content/incidents/pk-x-2024.md"
        try site.setField(incident, "title", "X blocked across Pakistan")
        try repository.git(["commit", "-q", "-m", "Split \u{1e}here\u{1f} and \u{1d}there", "-m", "Correction: One \u{1f}\u{1e} two.\nCorrection: Three\u{1d}four.", "--", incident],
                           date: "2024-03-12T09:00:00Z")
        try site.write("content/incidents/pk-x-2024/\u{1e}odd\u{1f}.txt", "odd\n")
        try site.write("content/sources/\u{1e}.md", "odd\n")
        try repository.commit("Add odd names", date: "2024-03-13T09:00:00Z")
        try site.setField("content/sources/dawn-2024.md", "title", "X blocked, Dawn reports")
        try repository.commit("Retitle the report", date: "2024-03-14T09:00:00Z")

        let state = try #require(GitHistory.state(siteDirectory: site.root))
        let history = try #require(GitHistory.read(siteDirectory: site.root, state: state, contentPrefix: "content/"))
        #expect(history.changes.map(\.subject) == ["Retitle the report", "Add odd names", "Split \u{FFFD}here\u{FFFD} and \u{FFFD}there", "Add the records"])
        let record = try #require(history.record(at: "content/incidents/pk-x-2024.md"))
        #expect(record.changes.map(\.subject) == ["Split \u{FFFD}here\u{FFFD} and \u{FFFD}there", "Add the records"])
        #expect(record.corrections.map(\.corrections) == [["One \u{FFFD}\u{FFFD} two.", "Three\u{FFFD}four."]])
        #expect(history.record(at: "content/sources/dawn-2024.md")?.changes.map(\.subject) == ["Retitle the report", "Add the records"])
        #expect(history.record(at: "content/sources/\u{1e}.md")?.changes.map(\.subject) == ["Add odd names"])
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
