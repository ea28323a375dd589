import Foundation
import Testing

/// An item listed twice in an incident's or a case's list, through the real binary: the site builds as if it
/// were listed once, `tracker check` warns about each, and `--strict` fails. And a source recorded twice.
@Suite struct ListedTwiceEndToEndTestSuite {
    let root = TrackerBinary.packageRoot

    /// A copy of the example's content with `replacements` made in `file`, each of which must be found.
    func edit(_ site: TemporaryFolder, _ file: String, _ replacements: [(String, String)]) throws {
        var text = try site.read(file)
        for (old, new) in replacements {
            #expect(text.contains(old), "\(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try site.write(file, text)
    }

    @Test func anItemListedTwiceIsBuiltOnceAndCheckWarns() throws {
        let plain = try TemporaryFolder(), twice = try TemporaryFolder()
        try copyFolder(root + "/content", to: plain.path + "/content")
        try copyFolder(root + "/content", to: twice.path + "/content")
        try edit(twice, "content/incidents/pk-election-mobile-shutdown-2024.md", [
            ("platforms: [Mobile services]", "platforms: [Mobile services, mobile services]"),
            ("tags: [elections]", "tags: [elections, Elections]"),
            ("sources: [aljazeera-2024-04-17, profit-2024-02-10]", "sources: [aljazeera-2024-04-17, profit-2024-02-10, aljazeera-2024-04-17]"),
        ])
        try edit(twice, "content/cases/shc-internet-access-orders.md", [
            ("incidents: [pk-election-mobile-shutdown-2024, pk-x-block-2024]",
             "incidents: [pk-election-mobile-shutdown-2024, pk-x-block-2024, pk-election-mobile-shutdown-2024]"),
        ])

        // The same site as the example's, byte for byte: nothing is shown twice.
        for site in [plain, twice] {
            let build = try TrackerBinary.run(["build"], in: site.path)
            #expect(build.status == 0, "\(build.stderr)")
            #expect(build.stderr == "")
        }
        let built = snapshot(twice.path + "/public")
        #expect(built.count == 103)
        #expect(built == snapshot(plain.path + "/public"))

        let warnings = """
            content/cases/shc-internet-access-orders.md:7:64: warning: 'pk-election-mobile-shutdown-2024' is listed twice in 'incidents'
            content/incidents/pk-election-mobile-shutdown-2024.md:5:30: warning: 'mobile services' is listed twice in 'platforms' (as 'Mobile services' before it)
            content/incidents/pk-election-mobile-shutdown-2024.md:12:19: warning: 'Elections' is listed twice in 'tags' (as 'elections' before it)
            content/incidents/pk-election-mobile-shutdown-2024.md:19:56: warning: 'aljazeera-2024-04-17' is listed twice in 'sources'

            """
        let check = try TrackerBinary.run(["check"], in: twice.path)
        #expect(check.status == 0)
        #expect(check.stdout == "No errors: 2 incidents, 9 sources, 2 pages\n")
        // (The Urdu translation's original changed: that warning follows, as for any edit.)
        #expect(check.stderr.hasPrefix(warnings + "4 warnings found (--strict fails on warnings)\n"), "\(check.stderr)")
        for arguments in [["check", "--strict"], ["build", "--strict", "--output", twice.path + "/strict"]] {
            let strict = try TrackerBinary.run(arguments, in: twice.path)
            #expect(strict.status == 1)
            #expect(strict.stderr.contains(warnings), "\(strict.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: twice.path + "/strict"))
        #expect(try TrackerBinary.run(["check"], in: plain.path).stderr == "")
    }

    /// A source copied under another id (its publisher spelled otherwise) records one document twice: the site
    /// builds, `tracker check` warns at the copy's `url`, naming the first, and `--strict` fails.
    @Test func aSourceRecordedTwiceIsWarnedAbout() throws {
        let site = try TemporaryFolder()
        try copyFolder(root + "/content", to: site.path + "/content")
        let original = try site.read("content/sources/dailytimes-2024-02-10.md")
        #expect(original.contains("publisher: Daily Times\n"))
        try site.write("content/sources/dailytimes-copy.md",
                       original.replacingOccurrences(of: "publisher: Daily Times\n", with: "publisher: The Daily Times\n"))

        let build = try TrackerBinary.run(["build"], in: site.path)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr == "")
        let warning = "content/sources/dailytimes-copy.md:4:6: warning: the same url as source 'dailytimes-2024-02-10' "
            + "(content/sources/dailytimes-2024-02-10.md:4:6): one document recorded twice counts as two sources; "
            + "cite one of them, or give each an archive: of its own if the page changed between them\n"
        let check = try TrackerBinary.run(["check"], in: site.path)
        #expect(check.status == 0)
        #expect(check.stdout == "No errors: 2 incidents, 10 sources, 2 pages\n")
        #expect(check.stderr == warning + "1 warning found (--strict fails on warnings)\n")
        for arguments in [["check", "--strict"], ["build", "--strict", "--output", site.path + "/strict"]] {
            let strict = try TrackerBinary.run(arguments, in: site.path)
            #expect(strict.status == 1)
            #expect(strict.stderr.contains(warning), "\(strict.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: site.path + "/strict"))
    }

    /// A mistyped year (2204 for 2024) built without a word: the incident first in every list and the feed, the
    /// chart stretched over 180 years. `tracker check` warns at the value; `--strict` fails.
    @Test func aDateAfterTodayIsWarnedAbout() throws {
        let site = try TemporaryFolder()
        try copyFolder(root + "/content", to: site.path + "/content")
        try edit(site, "content/incidents/pk-x-block-2024.md", [("start: 2024-02-17", "start: 2204-02-17")])
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        // Read before and after the run: a run across midnight may give either day.
        let dayBefore = formatter.string(from: Date())
        let check = try TrackerBinary.run(["check"], in: site.path)
        let dayAfter = formatter.string(from: Date())
        #expect(check.status == 0)
        let warning = { (today: String) in
            "content/incidents/pk-x-block-2024.md:9:8: warning: 'start' is 2204-02-17, after today (\(today)): is the year mistyped?\n"
        }
        #expect(check.stderr.hasPrefix(warning(dayBefore) + "1 warning found") || check.stderr.hasPrefix(warning(dayAfter) + "1 warning found"),
                "\(check.stderr)")
        let strict = try TrackerBinary.run(["build", "--strict", "--output", site.path + "/strict"], in: site.path)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("'start' is 2204-02-17, after today ("), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.path + "/strict"))
    }
}
