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

    @Test func newRefusesToOverwrite() throws {
        let site = try TemporaryFolder()
        try site.write("content/sources/netblocks.md", "mine\n")
        let result = try TrackerBinary.run(["new", "source", "NetBlocks"], in: site.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: ./content/sources/netblocks.md already exists; choose another title or edit that file\n")
        #expect(try site.read("content/sources/netblocks.md") == "mine\n")
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

    @Test func refusesToReplaceTheSiteFolder() throws {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: T\nbase_url: https://example.org/\n")
        let result = try TrackerBinary.run(["build", "--output", "."], in: site.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: refusing to use . as the output folder: a build replaces it whole, and it holds the site's own files\n")
        #expect(FileManager.default.fileExists(atPath: site.path + "/content/site.yml"))
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
