import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TrackerTestSupport

/// Each incident and source page shows its git history and its corrections; `/changes/` and
/// `/changes.xml` collect them; without git, or in a shallow clone, nothing wrong is shown.
@Suite struct RecordHistoryTestSuite {
    /// The small site in `tracker/` of a repository: a site need not be at the repository's top.
    func siteInRepository() throws -> (TemporarySite, TestRepository, String) {
        var files = Dictionary(uniqueKeysWithValues: TemporarySite.small.map { ("tracker/" + $0.key, $0.value) })
        files["README.md"] = "A repository holding a tracker.\n"
        files[".gitignore"] = "public/\nfirst/\nsecond/\n"
        let site = try TemporarySite(files: files)
        let repository = TestRepository(directory: site.root)
        try repository.git(["init", "-q"])
        try repository.commit("Add the first records", date: "2024-03-01T10:00:00Z")
        let incident = "tracker/content/incidents/pk-x-2024.md"
        try site.write(incident, try site.read(incident).replacingOccurrences(of: "What happened.", with: "X was blocked nationwide."))
        try repository.commit("Describe the block", date: "2024-03-05T12:30:00Z")
        return (site, repository, site.path("tracker"))
    }

    func build(_ site: String) throws -> String {
        let result = try TrackerBinary.run(["build"], in: site)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    func read(_ site: String, _ file: String) throws -> String { try String(contentsOfFile: site + "/public/" + file, encoding: .utf8) }

    /// A site's strings file is text, escaped where it shows, as front matter is: the changes page wrote its
    /// introduction raw, so `i18n/en.yml` could put markup (a script) on it.
    @Test func theChangesIntroductionOfASitesStringsIsEscaped() throws {
        let (site, _, root) = try siteInRepository()
        try site.write("tracker/i18n/en.yml", "changes_intro: \"Each <em>commit</em> is a change & the <script>x()</script> tracker's record;\"\n")
        #expect(try build(root).hasPrefix("Built "))
        let changes = try read(root, "changes/index.html")
        #expect(changes.contains("<p>Each &lt;em&gt;commit&lt;/em&gt; is a change &amp; the &lt;script&gt;x()&lt;/script&gt; tracker&#39;s record; <a href=\"/changes.xml\">"),
                "\(changes)")
        #expect(!changes.contains("<script>x()"))
    }

    @Test func pagesShowTheirHistoryAndANewCommitWithACorrectionRebuildsWhatShowsIt() throws {
        let (site, repository, root) = try siteInRepository()
        let first = try repository.shortHash("HEAD~1"), second = try repository.shortHash()
        #expect(try build(root).hasPrefix("Built "))
        var page = try read(root, "incidents/pk-x-2024/index.html")
        #expect(page.contains("""
            <p>Created on <time datetime="2024-03-01T10:00:00Z">1 March 2024</time>. 2 changes, the latest on <time datetime="2024-03-05T12:30:00Z">5 March 2024</time>.</p>
            """))
        #expect(page.contains("""
            <li><time datetime="2024-03-05T12:30:00Z">5 March 2024</time> Describe the block <code>\(second)</code></li>
            <li><time datetime="2024-03-01T10:00:00Z">1 March 2024</time> Add the first records <code>\(first)</code></li>
            """))
        #expect(!page.contains("corrections-heading"))
        // "Cite this" gives the day of the record's last commit as its last update.
        let cite = try read(root, "incidents/pk-x-2024/cite.txt")
        #expect(cite.contains(" updated 5 March 2024. "), "\(cite)")
        let source = try read(root, "sources/dawn-2024/index.html")
        #expect(source.contains("<p>Created on <time datetime=\"2024-03-01T10:00:00Z\">1 March 2024</time>. One change, the latest on"))
        var changes = try read(root, "changes/index.html")
        #expect(changes.contains("<p>No record has been corrected.</p>"))
        #expect(changes.contains("<li id=\"change-\(second)\">"))
        #expect(try build(root).hasPrefix("Nothing changed since the last build"))

        // The start date corrected: uncommitted, it is not history yet.
        try site.setField("tracker/content/incidents/pk-x-2024.md", "start", "2024-02-16")
        #expect(try build(root).hasPrefix("Built "))
        #expect(try read(root, "incidents/pk-x-2024/index.html").contains("2 changes, the latest on"))
        // The incident becomes a bundle (a rename), built before it is committed.
        try FileManager.default.createDirectory(atPath: site.path("tracker/content/incidents/pk-x-2024"), withIntermediateDirectories: true)
        try repository.git(["mv", "tracker/content/incidents/pk-x-2024.md", "tracker/content/incidents/pk-x-2024/index.md"])
        #expect(try build(root).hasPrefix("Built "))

        // The commit alone changes no content file: the cache must still see it.
        try repository.git(["add", "-A"])
        try repository.git(["commit", "-q", "-m", "Correct the start date", "-m", "Correction: The block began on 16 February, not 17 February & <earlier>."],
                           date: "2024-03-10T08:00:00Z")
        let third = try repository.shortHash()
        #expect(try build(root).hasPrefix("Built "))
        page = try read(root, "incidents/pk-x-2024/index.html")
        #expect(page.contains("""
              <aside class="corrections" aria-labelledby="corrections-heading">
                <h2 id="corrections-heading">Corrected</h2>
                <ul>
                  <li><time datetime="2024-03-10T08:00:00Z">10 March 2024</time>: The block began on 16 February, not 17 February &amp; &lt;earlier&gt;.</li>
            """))
        // The rename is followed: the record was still created by the first commit.
        #expect(page.contains("Created on <time datetime=\"2024-03-01T10:00:00Z\">1 March 2024</time>. 3 changes, the latest on <time datetime=\"2024-03-10T08:00:00Z\">10 March 2024</time>."))
        #expect(page.contains("<li class=\"is-correction\"><time datetime=\"2024-03-10T08:00:00Z\">10 March 2024</time> Correct the start date <code>\(third)</code> <strong>Correction:</strong> The block began"))
        changes = try read(root, "changes/index.html")
        let corrections = try #require(changes.range(of: "<h2 id=\"corrections-heading\">Corrections</h2>"))
        let recent = try #require(changes.range(of: "<h2 id=\"recent-heading\">Recent changes</h2>"))
        let correction = try #require(changes.range(of: "<li id=\"change-\(third)\" class=\"is-correction\">"))
        #expect(corrections.upperBound < correction.lowerBound && correction.upperBound < recent.lowerBound, "corrections come first")
        #expect(changes.contains("<ul class=\"changed-records\"><li><a href=\"/incidents/pk-x-2024/\">X blocked in Pakistan</a></li></ul>"))
        let recentPart = changes[recent.upperBound...]
        #expect(recentPart.contains("<li id=\"change-\(second)\">") && recentPart.contains("<li id=\"change-\(first)\">"))

        let feed = try read(root, "changes.xml")
        #expect(feed.contains("<updated>2024-03-10T08:00:00Z</updated>"))
        #expect(feed.contains("<title>Correction: Correct the start date</title>"))
        #expect(feed.contains("<id>https://example.org/changes/#change-\(third)</id>"))
        #expect(feed.contains("<summary>Correction: The block began on 16 February, not 17 February &amp; &lt;earlier&gt;. Changed: X blocked in Pakistan</summary>"))
        #expect(XMLParser(data: Data(feed.utf8)).parse(), "changes.xml is well-formed")
        #expect(try read(root, "index.html").contains("<a href=\"/changes/\">Changes</a>"))
        #expect(try build(root).hasPrefix("Nothing changed since the last build"))
    }

    /// `--timings` shows git's log, which runs while the files are decoded, as a row of its own after "load" (a
    /// site without git has none: `timingsNameEveryStageAndPageKindAndSkipTheCache`).
    @Test func timingsShowGitsHistoryAfterTheLoad() throws {
        let (site, _, root) = try siteInRepository()
        let result = try withExtendedLifetime(site) { try TrackerBinary.run(["build", "--timings"], in: root) }
        #expect(result.status == 0, "\(result.stderr)")
        let names = result.stdout.split(separator: "\n").map { $0.prefix(16).trimmingCharacters(in: .whitespaces) }
        #expect(Array(names.prefix(4)) == ["git and cache", "load", "git history", "theme"], "\(result.stdout)")
        #expect(names.filter { $0 == "git history" }.count == 1, "\(result.stdout)")
    }

    @Test func twoBuildsOfTheSameCommitAreByteIdentical() throws {
        let (site, _, root) = try siteInRepository()
        defer { withExtendedLifetime(site) {} }
        _ = try TrackerBinary.run(["build", "--output", "first"], in: root)
        _ = try TrackerBinary.run(["build", "--output", "second"], in: root)
        let first = snapshot(root + "/first"), second = snapshot(root + "/second")
        #expect(!first.isEmpty && first == second)
    }

    @Test func withoutGitThereIsNoHistoryAndNothingFails() throws {
        let site = try TemporarySite()
        #expect(try build(site.root).hasPrefix("Built "))
        #expect(!(try read(site.root, "incidents/pk-x-2024/index.html")).contains("history-heading"))
        #expect(try read(site.root, "changes/index.html").contains("<p>The history of the records is not available: this copy of the site was built without its git repository.</p>"))
        let feed = try read(site.root, "changes.xml")
        #expect(!feed.contains("<entry>") && feed.contains("<updated>1970-01-01T00:00:00Z</updated>"))
        // A repository with no commit yet has no history either: the same output.
        try TestRepository(directory: site.root).git(["init", "-q"])
        #expect(try build(site.root).hasPrefix("Nothing changed since the last build"))
        #expect(try read(site.root, "changes/index.html").contains("<p>The history of the records is not available"))
    }

    @Test func aShallowCloneShowsNoCreationDateAndSaysHistoryIsIncomplete() throws {
        let (site, _, _) = try siteInRepository()
        let clone = site.path("clone")
        try TestRepository(directory: site.root).git(["clone", "-q", "--depth", "1", "file://" + site.root, clone])
        let root = clone + "/tracker"
        #expect(try build(root).hasPrefix("Built "))
        // The clone's one commit shows every file as added: it is not shown as anyone's change.
        #expect(!(try read(root, "incidents/pk-x-2024/index.html")).contains("history-heading"))
        #expect(try read(root, "changes/index.html").contains("Earlier changes are not shown: this copy of the repository is a shallow clone."))
        try TestRepository(directory: clone).git(["fetch", "-q", "--deepen", "1"])
        #expect(try build(root).hasPrefix("Built "), "deepening the clone changes the history")
        let page = try read(root, "incidents/pk-x-2024/index.html")
        #expect(page.contains("<p>One change, the latest on <time datetime=\"2024-03-05T12:30:00Z\">5 March 2024</time>.</p>"))
        #expect(page.contains("Earlier changes are not shown: this copy of the repository is a shallow clone."))
        #expect(!page.contains("Created on"))
    }
}

/// The preview notices a commit (no content file changes) and shows the new history.
@Suite(.previewTimeLimit) struct RecordHistoryPreviewTestSuite {
    @Test func aCommitWhileServingChangesThePage() throws {
        let (site, repository, root) = try RecordHistoryTestSuite().siteInRepository()
        // Edited before serving, committed while serving: only .git changes then.
        let incident = "tracker/content/incidents/pk-x-2024.md"
        try site.write(incident, try site.read(incident).replacingOccurrences(of: "nationwide", with: "nationwide on 17 February"))
        let server = try ServeProcess(site: root)
        let http = RawHTTP(port: server.port)
        func page() throws -> String { String(decoding: try http.get("/incidents/pk-x-2024/").body, as: UTF8.self) }
        #expect(try page().contains("2 changes, the latest on"))
        try repository.git(["commit", "-q", "-a", "-m", "Date the block", "-m", "Correction: The block began on 17 February."],
                           date: "2024-03-12T09:00:00Z")
        let seen = server.waitUntil(timeout: 20) { (try? page())?.contains("<time datetime=\"2024-03-12T09:00:00Z\">12 March 2024</time>: The block began on 17 February.</li>") == true }
        #expect(seen, "the page shows the new commit's correction:\n\(server.log)")
        #expect(try page().contains("3 changes, the latest on"))
        let changes = String(decoding: try http.get("/changes/").body, as: UTF8.self)
        #expect(changes.contains("<li id=\"change-\(try repository.shortHash())\" class=\"is-correction\">"))
        server.everyBuildMatchedAFullBuild(2)
    }
}
