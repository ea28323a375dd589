import Foundation
import Testing
import TrackerCore
import TrackerTestSupport

/// `tracker init`, `tracker theme export`, and what a new user meets first: an empty folder, drafts.
@Suite struct InitCommandTestSuite {
    @Test func anEmptyTrackerBuildsChecksAndPublishesAtOnce() throws {
        let folder = try TemporaryFolder()
        let result = try TrackerBinary.run(["init", "t"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("""
            Created a new tracker in t
            Next:
              cd t
              edit content/site.yml (title, description, base_url) and content/pages/about.md
              tracker new incident "What happened"   # starts content/incidents/what-happened.md
              tracker serve                          # preview at http://127.0.0.1:8000/

            """))
        let site = folder.path + "/t"
        #expect(Set(snapshot(site).keys) == [".gitignore", ".github/workflows/publish.yml", "content/site.yml", "content/pages/about.md"])
        for empty in ["content/incidents", "content/sources", "static"] {
            #expect(try FileManager.default.contentsOfDirectory(atPath: site + "/" + empty) == [], "\(empty)")
        }
        #expect(try folder.read("t/.gitignore").contains("\n/public/\n/.tracker-cache/\n"))

        let check = try TrackerBinary.run(["check"], in: site)
        #expect(check.stderr == "")
        #expect(check.stdout == "No errors: 0 incidents, 0 sources, 1 pages\n")
        let build = try TrackerBinary.run(["build"], in: site)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.hasPrefix("Built "))
        let output = Set(snapshot(site + "/public").keys)
        for page in ["index.html", "incidents/index.html", "timeline/index.html", "sources/index.html", "about/index.html",
                     "countries/index.html", "platforms/index.html", "feed.xml", "sitemap.xml", "data/incidents.csv"] {
            #expect(output.contains(page), "missing \(page)")
        }
        #expect(try folder.read("t/public/index.html").contains("<h1>My Incident Tracker</h1>"))
        // What the workflow runs: a production build in which every link resolves.
        let publish = try TrackerBinary.run(["publish", "--to", folder.path + "/site", "--base-url", "https://someone.github.io/t/"], in: site)
        #expect(publish.status == 0, "\(publish.stderr)")
    }

    @Test func theSiteConfigurationDescribesEveryKey() throws {
        let folder = try TemporaryFolder()
        #expect(try TrackerBinary.run(["init"], in: folder.path).status == 0)
        let text = try folder.read("content/site.yml")
        for key in ["title", "description", "base_url", "language", "author", "options", "raw_html", "feed_items", "taxonomies"] {
            #expect(text.contains("\n\(key):") || text.contains("\n# \(key):") || text.contains("\n#   \(key):"), "\(key) is not in site.yml")
        }
    }

    @Test func theWorkflowInstallsThisVersionOfTracker() throws {
        let folder = try TemporaryFolder()
        #expect(try TrackerBinary.run(["init"], in: folder.path).status == 0)
        let workflow = try folder.read(".github/workflows/publish.yml")
        #expect(workflow == NewTracker.workflow())
        if let revision = TrackerVersion.revision { #expect(workflow.contains("\n  TRACKER_REVISION: \(revision)\n")) }
        #expect(workflow.contains("make install PREFIX=/src/installed"))
        #expect(workflow.contains("tracker publish --to \"$RUNNER_TEMP/site\" --base-url"))
    }

    @Test func refusesAFolderThatHoldsFiles() throws {
        let folder = try TemporaryFolder()
        try folder.write("notes.txt", "mine\n")
        try folder.write("drafts/a.md", "mine\n")
        let result = try TrackerBinary.run(["init"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "error: this folder is not empty (it holds drafts, notes.txt); tracker init needs a new or empty folder\n")
        #expect(Set(snapshot(folder.path).keys) == ["notes.txt", "drafts/a.md"])

        let other = try TemporaryFolder()
        try other.write("x/.gitignore", "mine\n")
        let existing = try TrackerBinary.run(["init", "x", "--example"], in: other.path)
        #expect(existing.status == 1)
        #expect(existing.stderr == "error: x is not empty (it holds .gitignore); tracker init needs a new or empty folder\n")
        #expect(try other.read("x/.gitignore") == "mine\n")
    }

    @Test func acceptsAFolderHoldingOnlyAGitRepository() throws {
        let folder = try TemporaryFolder()
        try folder.write(".git/HEAD", "ref: refs/heads/main\n")
        let result = try TrackerBinary.run(["init"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Created a new tracker in this folder\nNext:\n  edit content/site.yml"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/content/site.yml"))
    }

    @Test func theExampleBuildsExactlyAsTheRepositorysExample() throws {
        let folder = try TemporaryFolder()
        let result = try TrackerBinary.run(["init", "--example", "example"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Created a tracker from the example in example\nNext:\n  cd example\n  tracker new incident"))
        let site = folder.path + "/example"
        let content = snapshot(site + "/content")
        #expect(content == snapshot(TrackerBinary.packageRoot + "/content"))
        #expect(try TrackerBinary.run(["build"], in: site).status == 0)
        // Without git: the new tracker has no history yet, the repository's example has this repository's.
        #expect(try TrackerBinary.run(["build", "--no-cache", "--output", folder.path + "/repository"], in: TrackerBinary.packageRoot,
                                      environment: ["PATH": "/nonexistent"]).status == 0)
        let built = snapshot(site + "/public")
        #expect(built.count > 30)
        #expect(built == snapshot(folder.path + "/repository"))
    }

    @Test func anEmptyFolderSaysToRunInit() throws {
        let folder = try TemporaryFolder()
        for command in [["build"], ["check"], ["publish", "--to", "out"]] {
            let result = try TrackerBinary.run(command, in: folder.path)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == "error: no content/site.yml here, so this folder is not a tracker: run 'tracker init' to start one, or pass --site with a tracker's folder\n")
        }
        let elsewhere = try TrackerBinary.run(["build", "--site", "new"], in: folder.path)
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr == "error: no content/site.yml in new, so it is not a tracker: run 'tracker init new' to start one there\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    @Test func versionNamesTheSourceCommit() throws {
        let result = try TrackerBinary.run(["--version"], in: NSTemporaryDirectory())
        #expect(result.status == 0)
        let pattern = #/tracker (\d+\.\d+\.\d+) \(commit ([0-9a-f]{40}(-dirty)?|unknown)\)\n/#
        let match = try #require(result.stdout.wholeMatch(of: pattern))
        #expect(match.1 == TrackerVersion.number)
        #expect(result.stdout == "tracker \(TrackerVersion.description)\n")
    }
}

@Suite struct ThemeExportTestSuite {
    @Test func anExportedThemeBuildsTheSameSite() throws {
        let folder = try TemporaryFolder()
        try copyFolder(TrackerBinary.packageRoot + "/content", to: folder.path + "/content")
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/built-in"], in: folder.path).status == 0)
        let result = try TrackerBinary.run(["theme", "export"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let count = ThemeExport.files.count
        #expect(result.stdout == """
            Wrote the built-in theme (\(count) files) into templates
            A build uses these files instead of the built-in ones; delete those you do not change, so they keep following tracker's updates.

            """)
        let exported = snapshot(folder.path + "/templates")
        #expect(exported.count == count)
        #expect(exported["base.mustache"] != nil && exported["assets/style.css"] != nil && exported["partials/incident-row.mustache"] != nil)
        // The repository's templates/ is the built-in theme.
        #expect(exported == snapshot(TrackerBinary.packageRoot + "/templates"))
        #expect(try TrackerBinary.run(["build", "--output", folder.path + "/exported"], in: folder.path).status == 0)
        #expect(snapshot(folder.path + "/exported") == snapshot(folder.path + "/built-in"))
    }

    @Test func refusesToOverwriteUnlessForced() throws {
        let folder = try TemporaryFolder()
        try folder.write("theme/base.mustache", "mine\n")
        let refused = try TrackerBinary.run(["theme", "export", "theme"], in: folder.path)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: theme/base.mustache already exists; nothing was written (use --force to overwrite)\n")
        #expect(Set(snapshot(folder.path + "/theme").keys) == ["base.mustache"])

        #expect(try TrackerBinary.run(["theme", "export", "theme", "--force"], in: folder.path).status == 0)
        #expect(try folder.read("theme/base.mustache") != "mine\n")
        let again = try TrackerBinary.run(["theme", "export", "theme"], in: folder.path)
        #expect(again.status == 1)
        #expect(again.stderr == "error: theme/404.mustache and \(ThemeExport.files.count - 1) other files of the theme already exist; nothing was written (use --force to overwrite)\n")
    }
}

@Suite struct DraftNoticeTestSuite {
    func site(drafts: [String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("content/site.yml", "title: T\nbase_url: https://example.org/\n")
        try folder.write("content/sources/dawn-2024.md", TemporarySite.source(title: "X remains blocked"))
        try folder.write("content/incidents/published.md", TemporarySite.incident(title: "Published"))
        for name in drafts {
            try folder.write("content/incidents/\(name).md", TemporarySite.incident(title: name).replacingOccurrences(of: "start:", with: "draft: true\nstart:"))
        }
        return folder
    }

    @Test func buildAndCheckCountTheDraftsTheyLeaveOut() throws {
        let two = try site(drafts: ["a", "b"])
        try two.write("content/pages/later.md", "---\ntitle: Later\ndraft: true\n---\nSoon.\n")
        let build = try TrackerBinary.run(["build"], in: two.path)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.hasSuffix(" s\n3 drafts not built; use --drafts to include them\n"), "\(build.stdout)")
        #expect(try TrackerBinary.run(["check"], in: two.path).stdout == "No errors: 1 incidents, 1 sources, 0 pages\n3 drafts not built; use --drafts to include them\n")
        let withDrafts = try TrackerBinary.run(["build", "--drafts"], in: two.path)
        #expect(!withDrafts.stdout.contains("draft"))
        #expect(try TrackerBinary.run(["check", "--drafts"], in: two.path).stdout == "No errors: 3 incidents, 1 sources, 1 pages\n")

        let one = try site(drafts: ["a"])
        #expect(try TrackerBinary.run(["check"], in: one.path).stdout == "No errors: 1 incidents, 1 sources, 0 pages\n1 draft not built; use --drafts to include it\n")
        let none = try site(drafts: [])
        #expect(try TrackerBinary.run(["check"], in: none.path).stdout == "No errors: 1 incidents, 1 sources, 0 pages\n")
    }

    @Test func newSaysTheFileIsADraft() throws {
        let folder = try TemporaryFolder()
        let incident = try TrackerBinary.run(["new", "incident", "Signal blocked"], in: folder.path)
        #expect(incident.stdout == """
            Created ./content/incidents/signal-blocked.md
            It is a draft: build and publish leave it out until you set 'draft: false' in it (preview it with 'tracker serve --drafts').

            """)
        #expect(try folder.read("content/incidents/signal-blocked.md").contains("\ndraft: true\n"))
        #expect(try TrackerBinary.run(["new", "page", "Methods"], in: folder.path).stdout.contains("It is a draft"))
        #expect(try TrackerBinary.run(["new", "source", "A report"], in: folder.path).stdout == "Created ./content/sources/a-report.md\n")
    }
}

@Suite struct IDTestSuite {
    @Test func newMakesIdsFromAnyTitle() throws {
        let folder = try TemporaryFolder()
        let urdu = try TrackerBinary.run(["new", "incident", "ایکس پر ملک گیر پابندی"], in: folder.path)
        #expect(urdu.status == 0)
        #expect(urdu.stdout.hasPrefix("Created ./content/incidents/ایکس-پر-ملک-گیر-پابندی.md\n"))
        let second = try TrackerBinary.run(["new", "incident", "ٹیلی گرام بند"], in: folder.path)
        #expect(second.stdout.hasPrefix("Created ./content/incidents/ٹیلی-گرام-بند.md\n"))
        let latin = try TrackerBinary.run(["new", "source", "Café Ürdü"], in: folder.path)
        #expect(latin.stdout == "Created ./content/sources/cafe-urdu.md\n")
        // Nothing usable in the title: a dated id, never one shared name.
        let first = try TrackerBinary.run(["new", "page", "📵"], in: folder.path)
        let again = try TrackerBinary.run(["new", "page", "!!!"], in: folder.path)
        let dated = try #require(first.stdout.firstMatch(of: #/Created \./content/pages/(page-\d{4}-\d{2}-\d{2})\.md\n/#))
        #expect(again.stdout.hasPrefix("Created ./content/pages/\(dated.1)-2.md\n"))
    }

    @Test func aUnicodeIdBuildsWithEncodedLinks() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/site.yml", "title: T\nbase_url: https://tracker.example/\n")
        try folder.write("content/sources/dawn-2024.md", TemporarySite.source(title: "X remains blocked"))
        try folder.write("content/incidents/ایکس-پر-پابندی.md", TemporarySite.incident(title: "ایکس پر پابندی", platforms: "[ایکس, Café]"))
        let build = try TrackerBinary.run(["build"], in: folder.path)
        #expect(build.status == 0, "\(build.stderr)")
        let encoded = "%D8%A7%DB%8C%DA%A9%D8%B3-%D9%BE%D8%B1-%D9%BE%D8%A7%D8%A8%D9%86%D8%AF%DB%8C"
        #expect(FileManager.default.fileExists(atPath: folder.path + "/public/incidents/ایکس-پر-پابندی/index.html"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/public/platforms/ایکس/index.html"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/public/platforms/cafe/index.html"))
        #expect(try folder.read("public/sitemap.xml").contains("<loc>https://tracker.example/incidents/\(encoded)/</loc>"))
        #expect(try folder.read("public/feed.xml").contains("https://tracker.example/incidents/\(encoded)/"))
        #expect(try folder.read("public/incidents/index.html").contains("href=\"/incidents/\(encoded)/\""))
        #expect(try folder.read("public/data/incidents.csv").contains("https://tracker.example/incidents/\(encoded)/"))
        // The link check of `publish` finds every encoded link's file.
        let publish = try TrackerBinary.run(["publish", "--to", folder.path + "/site"], in: folder.path)
        #expect(publish.status == 0, "\(publish.stderr)")
    }

    @Test func anIdWithCapitalsOrSpacesIsStillAnError() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/site.yml", "title: T\nbase_url: https://example.org/\n")
        try folder.write("content/sources/dawn-2024.md", TemporarySite.source(title: "X remains blocked"))
        try folder.write("content/incidents/Café Block.md", TemporarySite.incident(title: "X"))
        let check = try TrackerBinary.run(["check"], in: folder.path)
        #expect(check.status == 1)
        #expect(check.stderr == "content/incidents/Café Block.md:1:1: error: the incident id 'Café Block' comes from the file name and must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit; rename the file\n1 error found\n")
    }
}
