import Foundation
import Testing
@testable import TrackerCore

@Suite struct StopDatasetTestSuite {
    @Test func readsBothDateStylesAndPartialDates() {
        #expect(StopDataset.date("02/17/2024")?.iso == "2024-02-17")
        #expect(StopDataset.date("2/4/2021")?.iso == "2021-02-04")
        #expect(StopDataset.date("2/8/2024 0:00")?.iso == "2024-02-08")
        #expect(StopDataset.date("2024-02-17")?.iso == "2024-02-17")
        #expect(StopDataset.date("2016-08")?.iso == "2016-08")
        #expect(StopDataset.date("08/2016")?.iso == "2016-08")
        #expect(StopDataset.date("2016")?.iso == "2016")
        for bad in ["31/12/2020", "3 June 2019", "02/30/2024", "2024/02/17", "17.02.2024", "", "1/1/24"] {
            #expect(StopDataset.date(bad) == nil, "\(bad)")
        }
    }

    @Test func namesCountriesAsStopSpellsThem() {
        let expected = [
            "Pakistan": "PK", "pakistan": "PK", "PK": "PK", "Russia": "RU", "Russian Federation": "RU", "DRC": "CD",
            "Democratic Republic of the Congo": "CD", "Congo, The Democratic Republic of the": "CD", "Ivory Coast": "CI",
            "Côte d'Ivoire": "CI", "Cote d’Ivoire": "CI", "The Gambia": "GM", "Iran, Islamic Republic of": "IR",
            "Turkey": "TR", "Türkiye": "TR", "Palestine": "PS", "Myanmar": "MM", "Burma": "MM", "Swaziland": "SZ",
            "Tanzania": "TZ", "Venezuela": "VE", " India ": "IN", "Trinidad & Tobago": "TT",
        ]
        for (name, code) in expected { #expect(StopDataset.countryCode(name) == code, "\(name)") }
        for unknown in ["Ethopia", "Kashmir", "Somaliland", "", "XX"] { #expect(StopDataset.countryCode(unknown) == nil, "\(unknown)") }
    }

    @Test func everyCountryNameTheExportWritesReadsBack() {
        for (code, name) in CountryCodes.names { #expect(StopDataset.countryCode(name) == code, "\(name)") }
    }

    @Test func mapsTypesAndPlatformsBothWays() {
        #expect(StopDataset.incidentType(shutdownType: "Full network", extent: "", network: "Mobile, Broadband") == .fullShutdown)
        #expect(StopDataset.incidentType(shutdownType: "Full network", extent: "", network: "Mobile") == .mobileShutdown)
        #expect(StopDataset.incidentType(shutdownType: "Throttling", extent: "Full", network: "") == .throttling)
        #expect(StopDataset.incidentType(shutdownType: "Service-based", extent: "", network: "") == .serviceBlock)
        #expect(StopDataset.incidentType(shutdownType: "", extent: "Service-based", network: "") == .serviceBlock)
        #expect(StopDataset.incidentType(shutdownType: "Curfew", extent: "", network: "") == nil)
        #expect(StopDataset.platforms(type: .fullShutdown, network: "", services: []) == ["Internet"])
        #expect(StopDataset.platforms(type: .fullShutdown, network: "Mobile, Broadband", services: ["X"]) == ["Mobile internet", "Fixed-line internet", "X"])
        #expect(StopDataset.platforms(type: .throttling, network: "", services: ["X"]) == ["X"])
        #expect(StopDataset.platforms(type: .serviceBlock, network: "Mobile", services: []) == [])
        let row = ["twitter_affected": "Yes", "whatsapp_affected": "no", "sms_affected": "TRUE", "other_affected": "YouTube; twitter, TikTok"]
        #expect(StopDataset.services { row[$0] ?? "" } == ["X", "SMS", "YouTube", "TikTok"])

        let values = StopDataset.stopValues(type: .fullShutdown, platforms: ["Mobile internet", "Fixed-line internet", "Twitter", "YouTube"])
        #expect(values.shutdownType == "Full network")
        #expect(values.network == "Mobile, Broadband")
        func affected(_ column: String) -> String? {
            StopDataset.serviceColumns.firstIndex { $0.column == column }.map { values.affected[$0] }
        }
        #expect(affected("twitter_affected") == "Yes")
        #expect(affected("facebook_affected") == "")
        #expect(values.other == "YouTube")
        #expect(StopDataset.stopValues(type: .mobileShutdown, platforms: ["Mobile services"]).network == "Mobile")
        #expect(StopDataset.stopValues(type: .mobileShutdown, platforms: ["Mobile services"]).other == "Mobile services")
    }

    @Test func mapsStatusesAndSourceKinds() {
        #expect(StopDataset.status("Ongoing", hasEnd: false) == .ongoing)
        #expect(StopDataset.status("Ended", hasEnd: true) == .resolved)
        #expect(StopDataset.status("", hasEnd: true) == .resolved)
        #expect(StopDataset.status("", hasEnd: false) == .unknown)
        #expect(StopDataset.sourceKinds("Media, Civil society", links: 2) == [.news, .ngo])
        #expect(StopDataset.sourceKinds("Media, Civil society", links: 3) == [.news, .news, .news])
        #expect(StopDataset.sourceKinds("", links: 1) == [.news])
        for kind in SourceKind.allCases where kind != .wire {
            #expect(StopDataset.sourceKind(StopDataset.stopLabel(kind)) == kind, "\(kind)")
        }
        #expect(StopDataset.links("https://a.example/x,\nhttps://b.example/y see also (archived)").links == ["https://a.example/x", "https://b.example/y"])
        #expect(StopDataset.links("https://a.example/x,\nhttps://b.example/y see also (archived)").other == ["see also (archived)"])
        #expect(StopDataset.durationInDays(start: PartialDate(year: 2011, month: 1, day: 27), end: PartialDate(year: 2011, month: 2, day: 2)) == 7)
        #expect(StopDataset.durationInDays(start: PartialDate(year: 2011, month: 1), end: PartialDate(year: 2011, month: 2, day: 2)) == nil)
    }

    @Test func countsDaysAsFoundationsCalendarDoes() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let start = PartialDate(year: 2000, month: 1, day: 1)
        let from = formatter.date(from: start.iso)!
        // Every day from 1600 to 2400, by steps of 37 days: leap years, centuries, months of every length.
        var date = formatter.date(from: "1600-03-01")!
        while date < formatter.date(from: "2400-12-31")! {
            let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
            let end = PartialDate(year: parts.year!, month: parts.month!, day: parts.day!)
            let expected = Int((date.timeIntervalSince(from) / 86_400).rounded()) + 1
            #expect(StopDataset.durationInDays(start: start, end: end) == expected, "\(end.iso)")
            date += 37 * 86_400
        }
    }

    @Test func removesTheApostropheThatDisarmedAFormula() {
        for value in ["=cmd|calc", "-3", "+1", "@x", "'quoted'", "plain", "'plain"] {
            #expect(DataExport.csvImportedField(DataExport.csvField(value).trimmingCharacters(in: ["\""])) == value, "\(value)")
        }
    }
}

@Suite struct StopImportTestSuite {
    static let header = StopDataset.columns.joined(separator: ",")

    func csv(_ rows: [String]) -> Data { Data((([Self.header] + rows).joined(separator: "\r\n") + "\r\n").utf8) }

    /// A row from the named columns; the others empty.
    func row(_ values: [String: String]) -> String {
        StopDataset.columns.map { DataExport.csvField(values[$0] ?? "") }.joined(separator: ",")
    }

    @Test func writesAnIncidentAndItsSourceAsTheImportsFiles() throws {
        let stop = try StopImport(csv: csv([row([
            "start_date": "02/17/2024", "country": "Pakistan", "shutdown_type": "Service-based", "twitter_affected": "Yes",
            "decision_maker": "Ministry of Interior", "gov_justification": "National security, \"public order\"",
            "info_source": "Media", "info_source_link": "https://www.dawn.com/news/1815224", "shutdown_status": "Ongoing",
        ])]), name: "stop.csv")
        #expect(stop.notes.isEmpty)
        #expect(stop.files.map(\.path) == ["content/incidents/stop-pk-2024-02-17-service-block.md", "content/sources/stop-www-dawn-com-news-1815224-\(String(ContentHash.hex(ContentHash.digest(Data("https://www.dawn.com/news/1815224".utf8))).prefix(8))).md"])
        let body = """
            title: "Service block in Pakistan"
            country: PK
            platforms: ["X"]
            type: service-block
            status: ongoing
            verification: reported
            start: 2024-02-17
            ordered_by: "Ministry of Interior"
            justification: "National security, \\"public order\\""
            ---
            Recorded in Access Now's STOP dataset [@\(stop.files[1].path.dropFirst("content/sources/".count).dropLast(3))].

            """
        #expect(stop.files[0].text == "---\n" + ImportedFile.marker(importer: "stop", text: body) + "\n" + body)
        #expect(stop.files[1].text.hasSuffix("""
            title: "www.dawn.com/news/1815224"
            publisher: "dawn.com"
            url: "https://www.dawn.com/news/1815224"
            published: 2024-02-17
            kind: news
            ---

            """))
    }

    @Test func listsEachPlatformOnceAsAnIncidentMust() throws {
        // "Mobile internet" is the mobile shutdown's own platform; "whats-app" has the page of "Whats App".
        #expect(StopDataset.platforms(type: .mobileShutdown, network: "Mobile", services: ["Mobile internet", "Whats App", "YouTube", "whats-app"])
                == ["Mobile internet", "Whats App", "YouTube"])
        let stop = try StopImport(csv: csv([row([
            "start_date": "02/08/2024", "country": "Pakistan", "shutdown_type": "Full network", "affected_network": "Mobile",
            "other_affected": "Mobile internet; Whats App, whats-app", "shutdown_status": "Ended", "end_date": "02/08/2024",
            "info_source": "Media", "info_source_link": "https://www.dawn.com/news/1815224",
        ])]), name: "stop.csv")
        #expect(stop.notes.isEmpty)
        var files = Dictionary(uniqueKeysWithValues: stop.files.map { ($0.path, $0.text) })
        files["content/site.yml"] = TestSite.siteYAML
        let site = try TestSite(files: files)
        defer { site.remove() }
        #expect(site.errors() == [])
        #expect(site.site()?.incidents.map(\.platforms) == [["Mobile internet", "Whats App"]])
    }

    /// Found by hand: a cell holding a noncharacter (U+FFFE, U+FDD0) or a citation (`[@x]`), or an address holding
    /// `|` or `{`, was imported as it was, and the next build refused the file it wrote. Noncharacters are dropped as
    /// control characters are; a citation is written `[ @x]` (no citation) and such an address escaped, each with a
    /// note; the imported site builds.
    @Test func writesOnlyWhatTheBuildAccepts() throws {
        // (Swift's literals cannot hold a noncharacter.)
        func scalar(_ value: UInt32) -> String { String(Character(Unicode.Scalar(value)!)) }
        let stop = try StopImport(csv: csv([row([
            "start_date": "2024-02-17", "country": "Pakistan", "shutdown_type": "Service-based", "twitter_affected": "Yes",
            "area_name": "Punjab [@a-2024]", "decision_maker": "Ministry\(scalar(0xFFFE)) of\(scalar(0xFDD0)) Interior [@moi; @pta]",
            "gov_justification": "Security\(scalar(0x1FFFF))\u{0B} [@ x] [sic] @pta", "other_affected": "Signal [@b]",
            "info_source": "Media", "info_source_link": "https://www.dawn.com/news/1815224 https://example.org/a|b?q={x}&p=100%",
            "shutdown_status": "Ongoing",
        ])]), name: "stop.csv")
        #expect(stop.notes.map(\.description) == [
            "row 2: note: info_source_link 'https://example.org/a|b?q={x}&p=100%' holds '|', which an address cannot hold; imported as https://example.org/a%7Cb?q=%7Bx%7D&p=100%25",
            "row 2: note: area_name holds [@a-2024], which the build would read as a citation of a source; imported as [ @a-2024]",
            "row 2: note: decision_maker holds [@moi; @pta], which the build would read as a citation of a source; imported as [ @moi; @pta]",
            "row 2: note: other_affected holds [@b], which the build would read as a citation of a source; imported as [ @b]",
        ])
        #expect(stop.files.contains { $0.text.contains("url: \"https://example.org/a%7Cb?q=%7Bx%7D&p=100%25\"\n") })
        let incident = try #require(stop.files.first?.text)
        #expect(incident.contains("""
            regions: ["Punjab [ @a-2024]"]
            """))
        #expect(incident.contains("""
            platforms: ["X", "Signal [ @b]"]
            """))
        #expect(incident.contains("""
            ordered_by: "Ministry of Interior [ @moi; @pta]"
            justification: "Security [@ x] [sic] @pta"
            """))
        var files: [String: String] = Dictionary(uniqueKeysWithValues: stop.files.map { ($0.path, $0.text) })
        files["content/site.yml"] = TestSite.siteYAML
        let site = try TestSite(files: files)
        defer { site.remove() }
        #expect(site.errors() == [])
    }

    @Test func notesAnOngoingRowWithAnEndDate() throws {
        let stop = try StopImport(csv: csv([row([
            "start_date": "2024-02-17", "end_date": "2024-05-01", "country": "Pakistan", "shutdown_type": "Service-based",
            "twitter_affected": "Yes", "shutdown_status": "Ongoing",
        ])]), name: "stop.csv")
        #expect(stop.notes.map(\.description) == [
            "row 2: note: shutdown_status 'Ongoing' with an end_date; imported as ongoing, which tracker check warns about",
        ])
        #expect(stop.files.first?.text.contains("status: ongoing\n") == true && stop.files.first?.text.contains("end: 2024-05-01\n") == true)
    }

    @Test func reportsEverySkippedRowByItsNumber() throws {
        let stop = try StopImport(csv: csv([
            row(["start_date": "2024-02-17", "country": "Pakistan", "shutdown_type": "Service-based", "twitter_affected": "Yes"]),
            ",,,",
            row(["start_date": "2024-02-17", "country": "Atlantis", "shutdown_type": "Full network"]),
            row(["start_date": "17/02/2024", "country": "Pakistan", "shutdown_type": "Full network"]),
            row(["start_date": "", "country": "Pakistan", "shutdown_type": "Full network"]),
            row(["start_date": "2024", "country": "Pakistan", "shutdown_type": "Curfew"]),
            row(["start_date": "2024", "country": "Pakistan", "shutdown_type": "Service-based"]),
            row(["start_date": "2024-02", "country": "PK", "shutdown_type": "Full network", "shutdown_status": "Ended", "end_date": "2023-01-01"]),
        ]), name: "stop.csv")
        #expect(stop.notes.map(\.description) == [
            "row 3: skipped: blank row",
            "row 4: skipped: unknown country 'Atlantis'",
            "row 5: skipped: start_date '17/02/2024' is not a date (MM/DD/YYYY or YYYY-MM-DD)",
            "row 6: skipped: no start_date",
            "row 7: skipped: unknown shutdown_type 'Curfew'",
            "row 8: skipped: a service-based shutdown with no platform marked affected",
            "row 9: note: start_date '2024-02' is partial; imported as 2024-02",
            "row 9: note: end_date '2023-01-01' is before start_date '2024-02'; imported without an end",
            "row 9: note: shutdown_status 'Ended' without an end date; imported with status unknown",
        ])
        #expect(stop.rowCount == 8)
        #expect(stop.importedRows == 2)
    }

    @Test func failsOnAFileThatIsNotStops() {
        #expect(throws: StopImport.Failure.self) { try StopImport(csv: Data("id,title\n1,x\n".utf8), name: "other.csv") }
        do {
            _ = try StopImport(csv: Data("id,title,country\n1,x,PK\n".utf8), name: "other.csv")
            Issue.record("no failure")
        } catch {
            #expect("\(error)" == "other.csv: not STOP's layout: no column 'start_date' in the header row")
        }
        do {
            _ = try StopImport(csv: Data(), name: "empty.csv")
            Issue.record("no failure")
        } catch {
            #expect("\(error)" == "empty.csv: the file is empty; expected STOP's header row (country, start_date, …)")
        }
        do {
            // Saved as Latin-1: "Côte d'Ivoire" with its "ô" as the one byte 0xF4, on the second line.
            _ = try StopImport(csv: Data("country,start_date\nC".utf8) + Data([0xF4]) + Data("te d'Ivoire,2024-01-01\n".utf8), name: "latin1.csv")
            Issue.record("no failure")
        } catch {
            #expect("\(error)" == "latin1.csv:2:2: not UTF-8 text; save it as UTF-8")
        }
    }

    @Test func ownsOnlyTheFilesItWroteAndNoOneEdited() {
        let file = ImportedFile(path: "content/incidents/x.md", importer: "stop", body: "title: \"A\"\n---\nText.\n")
        #expect(file.action(existing: nil, importer: "stop") == .create)
        #expect(file.action(existing: file.text, importer: "stop") == .unchanged)
        let older = ImportedFile(path: file.path, importer: "stop", body: "title: \"B\"\n---\nText.\n")
        #expect(file.action(existing: older.text, importer: "stop") == .update)
        #expect(file.action(existing: older.text.replacingOccurrences(of: "Text.", with: "My text."), importer: "stop") == .keepEdited)
        #expect(file.action(existing: "---\ntitle: \"A\"\n---\nText.\n", importer: "stop") == .keepAuthored)
    }

    @Test func idsFollowTheRowNotItsPlace() throws {
        let egypt = row(["start_date": "01/27/2011", "country": "Egypt", "shutdown_type": "Full network"])
        let kashmir = row(["start_date": "2019-08-04", "country": "India", "area_name": "Jammu and Kashmir", "shutdown_type": "Full network"])
        let first = try StopImport(csv: csv([egypt, kashmir, egypt]), name: "a.csv").files.map(\.path)
        let second = try StopImport(csv: csv([kashmir, "", egypt, egypt]), name: "b.csv").files.map(\.path)
        #expect(first == ["content/incidents/stop-eg-2011-01-27-full-shutdown.md", "content/incidents/stop-in-2019-08-04-full-shutdown-jammu-and-kashmir.md",
                          "content/incidents/stop-eg-2011-01-27-full-shutdown-2.md"])
        #expect(Set(first) == Set(second))
    }

    /// Rows sharing an id are numbered in their order, past a row whose own id is one of those numbers.
    @Test func manyRowsSharingAnIDAreNumberedInOrder() throws {
        let egypt = row(["start_date": "01/27/2011", "country": "Egypt", "shutdown_type": "Full network"])
        let egyptArea2 = row(["start_date": "01/27/2011", "country": "Egypt", "area_name": "2", "shutdown_type": "Full network"])
        let base = "content/incidents/stop-eg-2011-01-27-full-shutdown"
        let paths = try StopImport(csv: csv([egypt, egyptArea2, egypt, egypt]), name: "a.csv").files.map(\.path)
        #expect(paths == ["\(base).md", "\(base)-2.md", "\(base)-3.md", "\(base)-4.md"])
        let many = try StopImport(csv: csv(Array(repeating: egypt, count: 400)), name: "b.csv").files.map(\.path).filter { $0.hasPrefix("content/incidents/") }
        #expect(many == ["\(base).md"] + (2 ... 400).map { "\(base)-\($0).md" })
    }

    @Test func theStopExportQuotesAndDisarmsEveryCell() throws {
        let site = try TestSite(files: [
            "content/sources/report.md": TestSite.source,
            "content/incidents/x-block.md": TestSite.incident(replacing: [
                "title": "X blocked", "ordered_by": "'=cmd|calc'", "regions": "[Sindh, Karachi]", "justification": "\"Say \\\"no\\\"\"",
                "platforms": "[X, YouTube]",
            ]),
        ])
        defer { site.remove() }
        let (graph, theme) = try site.withCurrentDirectory { SiteBuilder.load(BuildOptions()) }.get()
        let csv = String(decoding: SiteRenderer(site: graph, theme: theme).render(.incidentsStopCSV), as: UTF8.self)
        #expect(csv == StopDataset.columns.joined(separator: ",") + "\r\n"
            + #",2024-02-17,Pakistan,,"Sindh, Karachi",Service-based,,,,'=cmd|calc,,,Media,https://example.org/report,Ongoing,,,"Say ""no""",,,Yes,,,,YouTube,,,"# + "\r\n")
    }
}
