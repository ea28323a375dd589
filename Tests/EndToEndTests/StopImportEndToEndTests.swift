import Foundation
import Testing

/// `tracker import stop` on `Tests/Fixtures/stop/stop.csv` (STOP's layout, with a byte order mark, CRLF line
/// ends, a blank line, quoted commas and line breaks, both date styles, an unknown country), and the site it makes.
@Suite struct StopImportEndToEndTestSuite {
    static let fixture = TrackerBinary.packageRoot + "/Tests/Fixtures/stop/stop.csv"

    func newSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("content/site.yml", "title: Shutdowns\nbase_url: https://tracker.example/\n")
        return site
    }

    static let incidents = [
        "content/incidents/stop-cd-2018-12-31-full-shutdown.md",
        "content/incidents/stop-eg-2011-01-27-full-shutdown.md",
        "content/incidents/stop-ga-2016-08-full-shutdown.md",
        "content/incidents/stop-in-2019-08-04-full-shutdown-jammu-and-kashmir.md",
        "content/incidents/stop-ir-2022-09-21-service-block.md",
        "content/incidents/stop-mm-2021-02-04-service-block.md",
        "content/incidents/stop-ru-2021-03-10-throttling.md",
    ]

    static let notes = """
        row 4: skipped: blank row
        row 7: note: shutdown_status 'Ended' without an end date; imported with status unknown
        row 8: skipped: unknown country 'Ethopia'; did you mean 'Ethiopia'?
        row 9: skipped: start_date '3 June 2019' is not a date (MM/DD/YYYY or YYYY-MM-DD)
        row 10: note: start_date '2016-08' is partial; imported as 2016-08
        row 10: note: info_source_link 'see the Access Now report' is not an http(s) address; no source made from it
        row 11: skipped: a service-based shutdown with no platform marked affected
        row 13: skipped: no country

        """

    func sources(in site: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: site.path + "/content/sources").sorted().map { "content/sources/" + $0 }
    }

    @Test func importsTheFixtureAndBuildsAValidSite() throws {
        let site = try newSite()
        let result = try TrackerBinary.run(["import", "stop", Self.fixture], in: site.path)
        #expect(result.stderr == "")
        #expect(result.status == 0)
        let sources = try sources(in: site)
        #expect(sources.count == 7)
        let created = (Self.incidents + sources).sorted().map { "create \($0)\n" }.joined()
        #expect(result.stdout == Self.notes + created
            + "Imported 7 of 12 rows (5 skipped): 7 incidents (7 new, 0 updated, 0 unchanged, 0 kept), 7 sources (7 new, 0 updated, 0 unchanged, 0 kept).\n")
        let kashmir = try site.read(Self.incidents[3])
        #expect(kashmir.hasSuffix("""
            title: "Full shutdown in Jammu and Kashmir, India"
            country: IN
            regions: ["Jammu and Kashmir"]
            platforms: ["Mobile internet", "Fixed-line internet"]
            type: full-shutdown
            status: resolved
            verification: reported
            start: 2019-08-04
            end: 2021-02-05
            ordered_by: "Government of Jammu and Kashmir"
            justification: "Public safety, prevention of unrest"
            ---
            Recorded in Access Now's STOP dataset [@\(try #require(sources.first { $0.contains("bbc-com-news-world-asia") }).dropFirst(16).dropLast(3)); @\(try #require(sources.first { $0.contains("accessnow") }).dropFirst(16).dropLast(3))].

            """), "\(kashmir)")
        #expect(try site.read(Self.incidents[4]).contains("platforms: [\"WhatsApp\", \"Instagram\", \"Skype\", \"LinkedIn\"]\n"))
        #expect(try site.read(Self.incidents[6]).contains("platforms: [\"X\"]\ntype: throttling\nstatus: unknown\n"))
        let accessNow = try site.read(try #require(sources.first { $0.contains("accessnow") }))
        #expect(accessNow.contains("\nkind: ngo\n"))
        // One source for the address two rows cite, published at the earlier start.
        let netblocks = try site.read(try #require(sources.first { $0.contains("netblocks") }))
        #expect(netblocks.contains("\npublished: 2021-03-10\nkind: measurement\n"))

        let build = try TrackerBinary.run(["build"], in: site.path)
        #expect(build.stderr == "")
        #expect(build.status == 0)
        let export = try site.read("public/data/incidents.stop.csv")
        let lines = export.components(separatedBy: "\r\n")
        #expect(lines[0] == "start_date_type,start_date,country,geo_scope,area_name,shutdown_type,affected_network,shutdown_extent,ordered_by,decision_maker,actual_cause,actual_cause_details,info_source,info_source_link,shutdown_status,end_date,duration,gov_justification,gov_ack,facebook_affected,twitter_affected,whatsapp_affected,instagram_affected,telegram_affected,other_affected,sms_affected,event,an_link")
        #expect(export.contains("\r\n,2011-01-27,Egypt,,,Full network,\"Mobile, Broadband\",,,Government,,,Media,https://www.theguardian.com/technology/2011/jan/28/egypt-internet-shutdown,Ended,2011-02-02,7,,,Yes,Yes,,,,,Yes,,\r\n"), "\(export)")
        let dataPage = try site.read("public/data/index.html")
        #expect(dataPage.contains("<a href=\"/data/incidents.stop.csv\">incidents.stop.csv</a>"))
    }

    @Test func importingTheExportAgainChangesNothing() throws {
        let site = try newSite()
        #expect(try TrackerBinary.run(["import", "stop", Self.fixture], in: site.path).status == 0)
        #expect(try TrackerBinary.run(["build"], in: site.path).status == 0)
        let before = snapshot(site.path + "/content")
        let again = try TrackerBinary.run(["import", "stop", "public/data/incidents.stop.csv"], in: site.path)
        #expect(again.stderr == "")
        // The export writes the partial date as it is, and the import notes it again.
        #expect(again.stdout == "row 7: note: start_date '2016-08' is partial; imported as 2016-08\n"
            + "Imported 7 of 7 rows (0 skipped): 7 incidents (0 new, 0 updated, 7 unchanged, 0 kept), 7 sources (0 new, 0 updated, 7 unchanged, 0 kept).\n")
        #expect(snapshot(site.path + "/content") == before)
        // And the fixture itself, a second time.
        let twice = try TrackerBinary.run(["import", "stop", Self.fixture], in: site.path)
        #expect(twice.stdout == Self.notes + "Imported 7 of 12 rows (5 skipped): 7 incidents (0 new, 0 updated, 7 unchanged, 0 kept), 7 sources (0 new, 0 updated, 7 unchanged, 0 kept).\n")
        #expect(snapshot(site.path + "/content") == before)
    }

    @Test func aDryRunWritesNothingAndSaysWhatItWouldDo() throws {
        let site = try newSite()
        let result = try TrackerBinary.run(["import", "stop", Self.fixture, "--dry-run"], in: site.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(Self.notes + "would create content/incidents/stop-cd-2018-12-31-full-shutdown.md\n"))
        #expect(result.stdout.hasSuffix("\nDry run, nothing written: would import 7 of 12 rows (5 skipped): 7 incidents (7 new, 0 updated, 0 unchanged, 0 kept), 7 sources (7 new, 0 updated, 0 unchanged, 0 kept).\n"))
        #expect(snapshot(site.path + "/content").keys.sorted() == ["site.yml"])
    }

    @Test func anEditedFileIsKeptAndAnOwnedOneUpdated() throws {
        let site = try newSite()
        #expect(try TrackerBinary.run(["import", "stop", Self.fixture], in: site.path).status == 0)
        let edited = try site.read(Self.incidents[1]).replacingOccurrences(of: "verification: reported", with: "verification: confirmed")
        try site.write(Self.incidents[1], edited)
        try site.write("content/incidents/stop-ga-2016-08-full-shutdown.md", "---\ntitle: Gabon\n---\nMine.\n")
        // A newer release: Myanmar's block has a new status line, so its file is rewritten.
        let newer = try String(contentsOfFile: Self.fixture, encoding: .utf8).replacingOccurrences(of: "Ongoing,,,Stability", with: "Ended,2021-06-01,,Stability")
        try site.write("newer.csv", newer)
        let result = try TrackerBinary.run(["import", "stop", "newer.csv", "--site", site.path], in: site.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("""
            keep content/incidents/stop-eg-2011-01-27-full-shutdown.md: edited since it was imported, so the import leaves it alone
            keep content/incidents/stop-ga-2016-08-full-shutdown.md: not written by 'tracker import stop', so the import leaves it alone
            update content/incidents/stop-mm-2021-02-04-service-block.md
            Imported 7 of 12 rows (5 skipped): 7 incidents (0 new, 1 updated, 4 unchanged, 2 kept), 7 sources (0 new, 0 updated, 7 unchanged, 0 kept).

            """), "\(result.stdout)")
        #expect(try site.read(Self.incidents[1]) == edited)
        #expect(try site.read(Self.incidents[5]).contains("\nstatus: resolved\nverification: reported\nstart: 2021-02-04\nend: 2021-06-01\n"))
    }

    @Test func refusesWhatItCannotRead() throws {
        let site = try newSite()
        let missing = try TrackerBinary.run(["import", "stop", "nope.csv"], in: site.path)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: cannot read nope.csv\n")
        try site.write("other.csv", "id,title\n1,x\n")
        let other = try TrackerBinary.run(["import", "stop", "other.csv"], in: site.path)
        #expect(other.status == 1)
        #expect(other.stderr == "error: other.csv: not STOP's layout: no column 'country' or 'start_date' in the header row\n")
        let bare = try TemporaryFolder()
        let notATracker = try TrackerBinary.run(["import", "stop", Self.fixture], in: bare.path)
        #expect(notATracker.status == 1)
        #expect(notATracker.stderr.hasPrefix("error: no content/site.yml here"))
    }
}
