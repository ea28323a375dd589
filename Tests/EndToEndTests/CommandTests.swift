import Foundation
import Testing

@Suite struct CommandTestSuite {
    @Test func newIncidentWritesEverySchemaKeyWithTodaysDate() throws {
        let site = try TemporaryFolder()
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        // Read before and after the run: a run across midnight may write either day.
        let dayBefore = formatter.string(from: Date())
        let result = try TrackerBinary.run(["new", "incident", "Telegram blocked in Spain"], in: site.path)
        let dayAfter = formatter.string(from: Date())
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Created ./content/incidents/telegram-blocked-in-spain.md\nIt is a draft"))
        let text = try site.read("content/incidents/telegram-blocked-in-spain.md")
        #expect(text.hasPrefix("---\ntitle: \"Telegram blocked in Spain\"\ncountry:"))
        #expect(text.contains("start: \(dayBefore) ") || text.contains("start: \(dayAfter) "), "\(text)")
        for key in ["regions", "platforms", "type", "status", "verification", "end", "ordered_by", "justification", "tags", "aliases", "draft", "updated", "timeline"] {
            #expect(text.contains("\n\(key):"), "missing \(key)")
        }
    }

    /// Found by hand: `tracker new` wrote the built-in keys only, so a site's own fields (a required one too) had to
    /// be looked up in site.yml and typed in. They follow the built-in keys, each with its label, what it takes and
    /// whether it is required; filled in, the file passes `tracker check`.
    @Test func newWritesTheSitesOwnFields() throws {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", """
            title: T
            base_url: https://example.org/
            fields:
              incidents:
                affected_users: {type: integer, label: "Affected users", required: true}
                isp: {type: one_of, values: [PTCL, Jazz, Zong], label: ISP}
                order_url: {type: url, label: "Court\\norder"}
                networks: {type: list}
                share: {type: number}
                confirmed_on: {type: date}
                notes_for_the_editors_of_this_record: {type: string}
              sources:
                paywalled: {type: boolean, label: Paywalled}

            """)
        #expect(try TrackerBinary.run(["new", "incident", "X blocked"], in: site.path).status == 0)
        #expect(try TrackerBinary.run(["new", "source", "A report"], in: site.path).status == 0)
        #expect(try TrackerBinary.run(["new", "page", "About"], in: site.path).status == 0)
        let incident = try site.read("content/incidents/x-blocked.md")
        #expect(incident.contains("""
            timeline: []                # - {date: YYYY-MM-DD, text: ..., sources: [source-id]}
            affected_users:             # Affected users: a whole number, e.g. 128000000 (required)
            isp:                        # ISP: PTCL | Jazz | Zong
            order_url:                  # Court order: http:// or https:// only
            networks: []                # Networks: a list, e.g. [a, b]
            share:                      # Share: a number, e.g. 87.5
            confirmed_on:               # Confirmed on: YYYY, YYYY-MM or YYYY-MM-DD
            notes_for_the_editors_of_this_record: # Notes for the editors of this record: text
            ---

            """), "\(incident)")
        let source = try site.read("content/sources/a-report.md")
        #expect(source.contains("\npaywalled:                  # Paywalled: true | false\n---\n"), "\(source)")
        let page = try site.read("content/pages/about.md")
        #expect(!page.contains("paywalled") && !page.contains("isp"))

        // Filled in (the optional ones left out), both pass the check.
        var filled = incident
        for (old, new) in [("country: ", "country: PK #"), ("platforms: []", "platforms: [X]"), ("type: ", "type: service-block #"),
                           ("draft: true", "draft: false"), ("affected_users: ", "affected_users: 5000 #"), ("isp: ", "isp: Jazz #"),
                           ("networks: []", "networks: [Jazz]"), ("[@source-id]", "[@a-report]")] {
            #expect(filled.contains(old), "\(old)")
            filled = filled.replacingOccurrences(of: old, with: new)
        }
        func dropping(_ prefixes: [String], from text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { line in !prefixes.contains { line.hasPrefix($0) } }.joined(separator: "\n")
        }
        filled = dropping(["end:", "ordered_by:", "justification:", "order_url:", "share:", "confirmed_on:", "notes_for"], from: filled)
        try site.write("content/incidents/x-blocked.md", filled)
        let report = try site.read("content/sources/a-report.md")
            .replacingOccurrences(of: "publisher:\n", with: "publisher: Dawn\n").replacingOccurrences(of: "paywalled: ", with: "paywalled: true #")
        try site.write("content/sources/a-report.md", dropping(["url:", "origin:", "archive:"], from: report))
        let check = try TrackerBinary.run(["check"], in: site.path)
        #expect(check.stderr == "")
        #expect(check.status == 0)
    }

    @Test func newRefusesToOverwrite() throws {
        let site = try TemporaryFolder()
        try site.write("content/sources/netblocks.md", "mine\n")
        let result = try TrackerBinary.run(["new", "source", "NetBlocks"], in: site.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: ./content/sources/netblocks.md already exists; choose another title or edit that file\n")
        #expect(try site.read("content/sources/netblocks.md") == "mine\n")
    }

    /// Found by hand: `tracker new incident "   "` wrote a file whose title was spaces, and a title with a control
    /// character (pasted from a terminal) wrote it raw; either failed the next build. Now refused, nothing written.
    @Test func newRefusesATitleTheBuildWouldRefuse() throws {
        let site = try TemporaryFolder()
        let cases = [
            ("", "error: the title must not be empty; nothing was written\n"),
            ("   ", "error: the title must not be empty; nothing was written\n"),
            ("\u{00A0}\u{200B}", "error: the title must not be empty: it holds only invisible characters (U+00A0, U+200B); nothing was written\n"),
            ("Bell\u{07} rings", "error: the title holds U+0007 (bell), which XML and HTML forbid; remove it; nothing was written\n"),
        ]
        for (title, message) in cases {
            let result = try TrackerBinary.run(["new", "incident", title], in: site.path)
            #expect(result.status == 1, "\(title.debugDescription)")
            #expect(result.stderr == message)
        }
        #expect(!FileManager.default.fileExists(atPath: site.path + "/content"), "nothing was written")
        let punctuation = try TrackerBinary.run(["new", "incident", "???"], in: site.path)
        #expect(punctuation.status == 0 && punctuation.stdout.hasPrefix("Created ./content/incidents/incident-"), "a title without letters is a title")
    }

    @Test func aNewSourceWithFilledKeysPassesCheck() throws {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: T\nbase_url: https://example.org/\n")
        #expect(try TrackerBinary.run(["new", "source", "Court order"], in: site.path).status == 0)
        let path = "content/sources/court-order.md"
        let filled = try site.read(path).replacingOccurrences(of: "publisher:\n", with: "publisher: High Court\n")
            .replacingOccurrences(of: "url:                        # optional: http:// or https:// only\n", with: "")
            .replacingOccurrences(of: "origin:                     # optional: whose reporting this carries\n", with: "")
            .replacingOccurrences(of: "archive:                    # optional: an archived copy\n", with: "")
        try site.write(path, filled)
        let result = try TrackerBinary.run(["check"], in: site.path)
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func usageErrorsExitWithStatusTwo() throws {
        let site = try TemporaryFolder()
        let result = try TrackerBinary.run(["build", "--bogus"], in: site.path)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: Unknown option '--bogus'\n"))
        #expect(try TrackerBinary.run(["new", "report", "X"], in: site.path).status == 2)
    }

    /// `--base-url` is held to site.yml's rule: an http(s) address with no query, fragment, user name or password
    /// (a query made every link `https://example.org/?x=1/about/`). Nothing is written.
    @Test func aBaseURLOptionThatCannotPrefixEveryPageIsAnError() throws {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: T\nbase_url: https://example.org/\n")
        let cases: [(String, String)] = [
            ("ftp://example.org/", "must be an http:// or https:// address, not 'ftp://example.org/'"),
            ("https://example.org/t/?utm_source=x", "must not have a query ('?utm_source=x'): each page's address is base_url followed by its path; remove it"),
            ("https://example.org/t/#main", "must not have a fragment ('#main'): each page's address is base_url followed by its path; remove it"),
            ("https://ci:token@example.org/", "must not hold a user name or password: every page, feed and sitemap would publish it; remove it"),
        ]
        for (url, message) in cases {
            for command in ["build", "publish"] {
                let arguments = command == "build" ? ["build", "--base-url", url] : ["publish", "--to", site.path + "/deployed", "--base-url", url]
                let result = try TrackerBinary.run(arguments, in: site.path)
                #expect(result.status == 1, "\(command) \(url)")
                #expect(result.stderr.hasPrefix("--base-url:1:1: error: \(message)\n"), "\(command) \(url): \(result.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: site.path + "/public"))
        #expect(!FileManager.default.fileExists(atPath: site.path + "/deployed"))
        #expect(try TrackerBinary.run(["build", "--base-url", "https://example.org/t/"], in: site.path).status == 0)
    }

    @Test func refusesToReplaceTheSiteFolder() throws {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: T\nbase_url: https://example.org/\n")
        let result = try TrackerBinary.run(["build", "--output", "."], in: site.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: refusing to use . as the output folder: a build replaces it whole, and it holds the site's own files\n")
        #expect(FileManager.default.fileExists(atPath: site.path + "/content/site.yml"))
    }

    /// Found by hand: `tracker build --output ~` replaced a home folder with the site, and `--output
    /// content/incidents` the site's own incidents. A folder that holds anything is replaced only when a build
    /// made it: it has the `.tracker-build` file each build writes, or the site's build record names it.
    @Test func aBuildReplacesOnlyAFolderABuildMade() throws {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: T\nbase_url: https://example.org/\n")
        try site.write("content/incidents/x.md", "---\ntitle: X blocked\n---\n")
        try site.write("elsewhere/notes.txt", "mine\n")
        try site.write("file", "mine\n")
        let refused = [
            ("elsewhere", "error: refusing to replace elsewhere: it is not empty and no earlier build made it (it has no .tracker-build file); build into a new or empty folder, or empty this one yourself\n"),
            ("content/incidents", "error: refusing to use content/incidents as the output folder: it is inside the site's content/, which every build reads\n"),
            ("file", "error: refusing to use file as the output folder: it is a file, and a build replaces its output whole\n"),
            // Inside a folder the build reads: static/out grew by a copy of itself on every build.
            ("static/out", "error: refusing to use static/out as the output folder: it is inside the site's static/, which every build reads\n"),
            ("content/incidents/new", "error: refusing to use content/incidents/new as the output folder: it is inside the site's content/, which every build reads\n"),
        ]
        // Content errors come first (this incident lacks its keys): with the incident fixed, the folder is the error.
        try site.write("content/incidents/x.md", "---\ntitle: X blocked\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: reported\nstart: 2024\n---\nBlocked.\n")
        for (output, message) in refused {
            let before = snapshot(site.path)
            let result = try TrackerBinary.run(["build", "--output", output], in: site.path)
            #expect(result.status == 1)
            #expect(result.stderr == message)
            #expect(snapshot(site.path) == before, "nothing written or removed")
        }
        // A new folder, and an empty one, are built into; each build leaves its marker, and the next replaces it.
        try FileManager.default.createDirectory(atPath: site.path + "/empty", withIntermediateDirectories: false)
        for output in ["public", "empty"] {
            #expect(try TrackerBinary.run(["build", "--output", output], in: site.path).status == 0)
            #expect(try site.read(output + "/.tracker-build") == "This folder is made by `tracker build` and replaced whole on every build.\n")
            let again = try TrackerBinary.run(["build", "--no-cache", "--output", output], in: site.path)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.hasPrefix("Built 13 pages (33 files, "), "34 files with the marker, which is not counted: \(again.stdout)")
            #expect(snapshot(site.path + "/" + output).count == 33)
        }
        // An output from before the marker: the site's build record names it.
        #expect(try TrackerBinary.run(["build"], in: site.path).status == 0)
        try FileManager.default.removeItem(atPath: site.path + "/public/.tracker-build")
        try site.write("content/incidents/x.md", "---\ntitle: X blocked again\ncountry: PK\nplatforms: [X]\ntype: service-block\nstatus: ongoing\nverification: reported\nstart: 2024\n---\nBlocked.\n")
        let recorded = try TrackerBinary.run(["build"], in: site.path)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try site.read("public/incidents/x/index.html").contains("X blocked again"))
        // With the marker gone and no record, the folder is the user's.
        try FileManager.default.removeItem(atPath: site.path + "/public/.tracker-build")
        try FileManager.default.removeItem(atPath: site.path + "/.tracker-cache")
        let unknown = try TrackerBinary.run(["build"], in: site.path)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: refusing to replace public: it is not empty and no earlier build made it (it has no .tracker-build file); build into a new or empty folder, or empty this one yourself\n")
    }

    @Test func aSiteWithoutTemplatesUsesTheBuiltInTheme() throws {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: Minimal\nbase_url: https://example.org/\n")
        let result = try TrackerBinary.run(["build"], in: site.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try site.read("public/index.html").contains("<h1>Minimal</h1>"))
        #expect(try site.read("public/assets/style.css").contains("prefers-color-scheme: dark"))
    }
}
