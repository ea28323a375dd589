import Foundation
import Testing
import TrackerTestSupport
@testable import TrackerCore

/// Custom incident and source fields declared in site.yml: declarations, values, pages, exports, the preview.
@Suite struct CustomFieldTestSuite {
    static let siteYAML = """
        title: Test Tracker
        base_url: https://example.org/
        fields:
          incidents:
            affected_users: {type: integer, label: "Affected users"}
            isp: {type: one_of, values: [PTCL, Jazz, Zong], label: ISP, required: true}
            share: {type: number}
            acknowledged: {type: boolean, label: "Acknowledged by the government"}
            order_date: {type: date, label: Order dated}
            order_url: {type: url, label: Order}
            networks: {type: list, label: Networks}
            court: {type: string, label: Court}
          sources:
            paywalled: {type: boolean, label: Paywalled}
        """

    func errors(siteYAML: String = Self.siteYAML, incident: String, source: String = TestSite.source) throws -> [String] {
        let site = try TestSite(files: ["content/incidents/x-block.md": incident, "content/sources/report.md": source], siteYAML: siteYAML)
        defer { site.remove() }
        return site.errors()
    }

    @Test func declarationsAreReadInOrder() throws {
        let site = try TestSite(files: [:], siteYAML: Self.siteYAML)
        defer { site.remove() }
        let config = site.withCurrentDirectory { ContentLoader(siteDirectory: ".").loadConfig() }
        #expect(config.diagnostics == [])
        #expect(config.config.fields.incidents == [
            CustomField(name: "affected_users", label: "Affected users", kind: .integer),
            CustomField(name: "isp", label: "ISP", kind: .oneOf(["PTCL", "Jazz", "Zong"]), required: true),
            CustomField(name: "share", label: "Share", kind: .number),
            CustomField(name: "acknowledged", label: "Acknowledged by the government", kind: .boolean),
            CustomField(name: "order_date", label: "Order dated", kind: .date),
            CustomField(name: "order_url", label: "Order", kind: .url),
            CustomField(name: "networks", label: "Networks", kind: .list),
            CustomField(name: "court", label: "Court", kind: .string),
        ])
        #expect(config.config.fields.sources == [CustomField(name: "paywalled", label: "Paywalled", kind: .boolean)])
    }

    @Test func badDeclarationsAreErrorsAtTheirSiteYmlPositions() throws {
        let yaml = """
            title: T
            base_url: https://example.org/
            fields:
              incidents:
                affected_users: {type: intger}
                isp: {type: one_of}
                title: {type: string}
                Affected Users: {type: string}
                note: {type: string, lable: Note}
                empty_label: {type: string, label: ""}
                tags_x: {type: list, values: [a]}
                dup: {type: one_of, values: [a, a]}
                plain: string
                flag: {type: boolean, required: maybe}
              source: {}
            """
        let site = try TestSite(files: [:], siteYAML: yaml)
        defer { site.remove() }
        #expect(site.errors() == [
            "content/site.yml:5:28: error: unknown type 'intger'; the types are string, integer, number, boolean, date, url, list, one_of; did you mean 'integer'?",
            "content/site.yml:6:10: error: custom field 'isp' of type one_of needs 'values', the list of allowed values",
            "content/site.yml:7:5: error: custom field 'title' has the name of a built-in incident field; choose another name",
            "content/site.yml:8:5: error: custom field name 'Affected Users' must be lowercase letters, digits and '_', starting with a letter; did you mean 'affected_users'?",
            "content/site.yml:9:26: error: unknown key 'lable' in custom field 'note'; did you mean 'label'?",
            "content/site.yml:10:40: error: 'label' must not be empty",
            "content/site.yml:11:26: error: 'values' is only for type one_of, not list",
            "content/site.yml:12:37: error: 'a' is listed twice in 'values'",
            "content/site.yml:13:12: error: custom field 'plain' must be a mapping such as {type: string, label: \"Label\"}, not a single value",
            "content/site.yml:14:37: error: 'required' must be true or false, not 'maybe'",
            "content/site.yml:15:3: error: unknown key 'source' in fields; did you mean 'sources'?",
        ])
    }

    @Test func exportNamesAreTakenToo() throws {
        let yaml = "title: T\nbase_url: https://example.org/\nfields:\n  incidents:\n    url: {type: url}\n    summary: {type: string}\n  sources:\n    cited_by: {type: list}\n    kind: {type: string}\n    notes: {type: string}\n"
        let site = try TestSite(files: [:], siteYAML: yaml)
        defer { site.remove() }
        #expect(site.errors() == [
            "content/site.yml:5:5: error: custom field 'url' has the name of a built-in incident field; choose another name",
            "content/site.yml:6:5: error: custom field 'summary' has the name of a built-in incident field; choose another name",
            "content/site.yml:8:5: error: custom field 'cited_by' has the name of a built-in source field; choose another name",
            "content/site.yml:9:5: error: custom field 'kind' has the name of a built-in source field; choose another name",
        ])
    }

    @Test func aBadDeclarationIsNotAlsoAnUnknownKeyInEveryFile() throws {
        let yaml = "title: T\nbase_url: https://example.org/\nfields:\n  incidents:\n    isp: {type: one_off}\n"
        #expect(try errors(siteYAML: yaml, incident: TestSite.incident("isp: anything")) == [
            "content/site.yml:5:17: error: unknown type 'one_off'; the types are string, integer, number, boolean, date, url, list, one_of; did you mean 'one_of'?",
        ])
    }

    @Test func fieldsStayKnownWhenSiteYmlLacksATitle() throws {
        let yaml = "base_url: https://example.org/\nfields:\n  incidents:\n    isp: {type: string}\n"
        #expect(try errors(siteYAML: yaml, incident: TestSite.incident("isp: Jazz")) == [
            "content/site.yml:1:1: error: missing required key 'title' in site.yml",
        ])
    }

    @Test func validValuesAreReadByType() throws {
        let site = try TestSite(files: [
            "content/incidents/x-block.md": TestSite.incident("""
                affected_users: 128000000
                isp: Jazz
                share: 12.50
                acknowledged: no
                order_date: 2024-02
                order_url: https://example.org/order.pdf
                networks: [PTCL, "Jazz 4G"]
                """),
            "content/sources/report.md": TestSite.source.replacingOccurrences(of: "kind: news", with: "kind: news\npaywalled: true"),
        ], siteYAML: Self.siteYAML)
        defer { site.remove() }
        let loaded = try #require(site.site(), "\(site.errors())")
        #expect(loaded.incidents[0].customFields == [
            .integer(128_000_000), .string("Jazz"), .number(Decimal(string: "12.5")!), .boolean(false), .date(PartialDate(year: 2024, month: 2)),
            .string("https://example.org/order.pdf"), .list(["PTCL", "Jazz 4G"]), nil,
        ])
        #expect(loaded.sources[0].customFields == [.boolean(true)])
    }

    @Test func wrongValuesAreErrorsWithHints() throws {
        let incident = TestSite.incident("""
            affected_users: 128 million
            isp: Jaz
            share: 1e3
            acknowledged: perhaps
            order_date: 2024-02-30
            order_url: ftp://example.org/order.pdf
            networks: PTCL
            court: [a, b]
            afected_users: 5
            """)
        let source = TestSite.source.replacingOccurrences(of: "kind: news", with: "kind: news\npaywaled: true")
        #expect(try errors(incident: incident, source: source) == [
            "content/incidents/x-block.md:9:17: error: 'affected_users' must be a whole number written with digits only, such as 1200, not '128 million'",
            "content/incidents/x-block.md:10:6: error: 'isp' must be one of PTCL, Jazz, Zong, not 'Jaz'; did you mean 'Jazz'?",
            "content/incidents/x-block.md:11:8: error: 'share' must be a number such as 12.5 (digits, at most one '.'), not '1e3'",
            "content/incidents/x-block.md:12:15: error: 'acknowledged' must be true or false, not 'perhaps'",
            "content/incidents/x-block.md:13:13: error: 'order_date' is not a real date: '2024-02-30' has day 30, but that month has 29 days",
            "content/incidents/x-block.md:14:12: error: 'order_url' must be an http:// or https:// address, not 'ftp://example.org/order.pdf'",
            "content/incidents/x-block.md:15:11: error: 'networks' must be a list, like [PTCL]",
            "content/incidents/x-block.md:16:8: error: 'court' must be a single value, not a list",
            "content/incidents/x-block.md:17:1: error: unknown key 'afected_users' in incident; did you mean 'affected_users'?",
            "content/sources/report.md:7:1: error: unknown key 'paywaled' in source; did you mean 'paywalled'?",
        ])
    }

    /// Found by hand: `affected_users: -9223372036854775808` (Int.min) crashed the build where the facts box grouped
    /// its digits (`abs` has no positive Int for it). The extremes are shown; past them, the error says the size.
    @Test func theLargestNumbersAreShownAndLargerOnesAreErrors() throws {
        for (value, shown) in [(Int.min, "-9,223,372,036,854,775,808"), (Int.max, "9,223,372,036,854,775,807")] {
            #expect(CustomValue.integer(value).display == shown)
            for code in ["en", "fa"] {
                let digits = try Theme.builtIn().get().localization(code).number(value)
                #expect(digits == (code == "en" ? shown : shown.replacingOccurrences(of: ",", with: "٬").map { Self.urduDigit($0) }.joined()), "\(digits)")
            }
        }
        let incident = TestSite.incident("""
            affected_users: -9223372036854775809
            isp: Jazz
            share: 123456789012345678901234567890.12
            """)
        #expect(try errors(incident: incident) == [
            "content/incidents/x-block.md:9:17: error: 'affected_users' is too large a number: a whole number goes from -9223372036854775808 to 9223372036854775807, not '-9223372036854775809'",
            "content/incidents/x-block.md:11:8: error: 'share' is too long a number: at most 32 characters, not 33",
        ])
        let site = try TestSite(files: [
            "content/incidents/x-block.md": TestSite.incident("affected_users: -9223372036854775808\nisp: Jazz"),
            "content/sources/report.md": TestSite.source,
        ], siteYAML: Self.siteYAML)
        defer { site.remove() }
        let loaded = try #require(site.site(), "\(site.errors())")
        #expect(loaded.incidents[0].customFields.first == .integer(Int.min))
    }

    static func urduDigit(_ character: Character) -> String {
        guard let value = character.wholeNumberValue else { return String(character) }
        return String(UnicodeScalar(0x06F0 + UInt32(value))!)
    }

    @Test func aRequiredFieldMustBeSet() throws {
        #expect(try errors(incident: TestSite.incident()) == [
            "content/incidents/x-block.md:1:1: error: missing required key 'isp' in incident",
        ])
        #expect(try errors(incident: TestSite.incident("isp:")) == [
            "content/incidents/x-block.md:9:1: error: 'isp' must not be empty",
        ])
    }

    @Test func numbersAreGroupedByThousands() {
        #expect(CustomValue.integer(128_000_000).display == "128,000,000")
        #expect(CustomValue.integer(-1234).display == "-1,234")
        #expect(CustomValue.integer(999).display == "999")
        #expect(CustomValue.number(Decimal(string: "1234567.25")!).display == "1,234,567.25")
        #expect(CustomValue.number(Decimal(string: "-0.5")!).display == "-0.5")
        #expect(CustomValue.number(Decimal(string: "12.50")!).exportText == "12.5")
        #expect(CustomValue.boolean(true).display == "Yes")
        #expect(CustomValue.date(PartialDate(year: 2024, month: 2)).display == "February 2024")
        #expect(CustomValue.list(["a", "b"]).display == "a, b")
        #expect(CustomValue.list(["a", "b"]).exportText == "a; b")
    }

    /// A site with every type set on one incident, and none on another.
    static func fullSite() throws -> TemporarySite {
        var files = TemporarySite.small
        files["content/site.yml"] = siteYAML.replacingOccurrences(of: ", required: true", with: "")
        files["content/incidents/pk-x-2024.md"] = TemporarySite.incident(title: "X blocked in Pakistan").replacingOccurrences(of: "start: 2024-02-17\n", with: """
            start: 2024-02-17
            affected_users: 128000000
            isp: Jazz
            share: 12.5
            acknowledged: true
            order_date: 2024-02-17
            order_url: https://example.org/order?a=1&b=2
            networks: [PTCL, "Jazz <4G>"]
            court: "=HYPERLINK(\\"x\\")"

            """)
        files["content/sources/dawn-2024.md"] = TemporarySite.source(title: "X remains blocked").replacingOccurrences(of: "kind: news", with: "kind: news\npaywalled: false")
        return try TemporarySite(files: files)
    }

    func rendered(_ site: TemporarySite) throws -> SiteRenderer {
        guard case .success(let (loaded, theme)) = SiteBuilder.load(BuildOptions(siteDirectory: site.root)) else { throw Failure() }
        return SiteRenderer(site: loaded, theme: theme)
    }

    struct Failure: Error {}

    @Test func theFactsBoxShowsTheSetFieldsInDeclarationOrder() throws {
        let renderer = try rendered(try Self.fullSite())
        let index = try #require(renderer.site.incidentIndex["pk-x-2024"])
        let page = String(decoding: renderer.render(.incident(index)), as: UTF8.self)
        #expect(page.contains("""
                  <div><dt>Affected users</dt><dd>128,000,000</dd></div>
                  <div><dt>ISP</dt><dd>Jazz</dd></div>
                  <div><dt>Share</dt><dd>12.5</dd></div>
                  <div><dt>Acknowledged by the government</dt><dd>Yes</dd></div>
                  <div><dt>Order dated</dt><dd><time datetime="2024-02-17">17 February 2024</time></dd></div>
                  <div><dt>Order</dt><dd><a class="external" href="https://example.org/order?a=1&amp;b=2">https://example.org/order?a=1&amp;b=2</a></dd></div>
                  <div><dt>Networks</dt><dd>PTCL, Jazz &lt;4G&gt;</dd></div>
                  <div><dt>Court</dt><dd>=HYPERLINK(&quot;x&quot;)</dd></div>
                </dl>
            """))
        let other = String(decoding: renderer.render(.incident(try #require(renderer.site.incidentIndex["in-x-2023"]))), as: UTF8.self)
        #expect(!other.contains("<dt>Affected users</dt>") && other.contains("<div><dt>Verification</dt>"))
        let source = String(decoding: renderer.render(.source(try #require(renderer.site.sourceIndex["dawn-2024"]))), as: UTF8.self)
        #expect(source.contains("    <div><dt>Paywalled</dt><dd>No</dd></div>\n  </dl>"))
    }

    @Test func templatesGetTheFieldsAsAListAndByName() throws {
        let renderer = try rendered(try Self.fullSite())
        let context = renderer.incidentContext(try #require(renderer.site.incidentIndex["pk-x-2024"]))
        guard case .layered(let incident, _)? = context["incident"] else { throw Failure() }
        guard case .list(let fields)? = incident["fields"], case .object(let custom)? = incident["custom"] else { throw Failure() }
        #expect(fields.count == 8)
        #expect(custom["share"] == [
            "name": "share", "label": "Share", "type": "number", "value": "12.5", "href": false, "date": false, "items": [], "is_true": false,
        ])
        #expect(custom["order_date"] == [
            "name": "order_date", "label": "Order dated", "type": "date", "value": "17 February 2024", "href": false,
            "date": ["iso": "2024-02-17", "display": "17 February 2024"], "items": [], "is_true": false,
        ])
        #expect(custom["acknowledged"]?.child("is_true") == true)
        #expect(custom["networks"]?.child("items") == ["PTCL", "Jazz <4G>"])
        #expect(custom["order_url"]?.child("href") == "https://example.org/order?a=1&b=2")
        let other = renderer.incidentContext(try #require(renderer.site.incidentIndex["in-x-2023"]))
        guard case .layered(let bare, _)? = other["incident"] else { throw Failure() }
        #expect(bare["fields"] == [] && bare["custom"] == .object([:]))
    }

    @Test func theExportsCarryEveryDeclaredField() throws {
        let renderer = try rendered(try Self.fullSite())
        let urls = SiteURLs(config: renderer.site.config)
        let json = String(decoding: renderer.render(.incidentsJSON), as: UTF8.self)
        #expect(json.contains("""
                "fields" : {
                  "acknowledged" : true,
                  "affected_users" : 128000000,
                  "court" : "=HYPERLINK(\\"x\\")",
                  "isp" : "Jazz",
                  "networks" : [
                    "PTCL",
                    "Jazz <4G>"
                  ],
                  "order_date" : "2024-02-17",
                  "order_url" : "https://example.org/order?a=1&b=2",
                  "share" : 12.5
                },
                "id" : "pk-x-2024",
            """))
        #expect(json.contains("""
                "fields" : {
                  "acknowledged" : null,
                  "affected_users" : null,
            """))
        // Exactly what JSONEncoder writes for the records.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        #expect(json == String(decoding: try encoder.encode(DataExport.records(renderer.site, urls: urls)), as: UTF8.self) + "\n")
        let sources = String(decoding: renderer.render(.sourcesJSON), as: UTF8.self)
        #expect(sources == String(decoding: try encoder.encode(DataExport.sourceRecords(renderer.site, urls: urls)), as: UTF8.self) + "\n")
        #expect(sources.contains("\"cited_by\" : [\n      \"pk-x-2024\",\n      \"pk-mobile-2024\"\n    ],\n    \"fields\" : {\n      \"paywalled\" : false\n    },\n"))

        let csv = String(decoding: renderer.render(.incidentsCSV), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(csv[0] == "id,title,country,country_name,regions,platforms,type,status,verification,start,end,ordered_by,justification,tags,updated,url,sources,origin_count,origins,affected_users,isp,share,acknowledged,order_date,order_url,networks,court")
        #expect(csv[1] == "pk-x-2024,X blocked in Pakistan,PK,Pakistan,,X,service-block,ongoing,confirmed,2024-02-17,,,,,,https://example.org/incidents/pk-x-2024/,dawn-2024,1,Dawn,128000000,Jazz,12.5,true,2024-02-17,https://example.org/order?a=1&b=2,PTCL; Jazz <4G>,\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(csv[2].hasSuffix(",dawn-2024; netblocks-2024,2,Dawn; NetBlocks,,,,,,,,"))
    }

    @Test func noDeclaredFieldsLeaveTheExportsAsTheyWere() throws {
        let renderer = try rendered(try TemporarySite())
        let json = String(decoding: renderer.render(.incidentsJSON), as: UTF8.self)
        #expect(!json.contains("\"fields\""))
        #expect(String(decoding: renderer.render(.incidentsCSV), as: UTF8.self).hasPrefix(DataExport.csvColumns.joined(separator: ",") + "\r\n"))
    }

    @Test func thePreviewRerendersWhatShowsAChangedValue() throws {
        let site = try Self.fullSite()
        let engine = IncrementalBuild(options: BuildOptions(siteDirectory: site.root))
        guard case .built = engine.rebuild(changedPaths: nil) else { throw Failure() }
        try site.setField("content/incidents/pk-x-2024.md", "affected_users", "129000000")
        guard case .built(let output) = engine.rebuild(changedPaths: ["content/incidents/pk-x-2024.md"]) else { throw Failure() }
        #expect(engine.verify() == [])
        #expect(engine.lastRebuildPatched)
        #expect(output.changed == ["data/incidents.csv", "data/incidents.json", "incidents/pk-x-2024/index.html"])
        #expect(String(decoding: output.files["incidents/pk-x-2024/index.html"]!, as: UTF8.self).contains("<dd>129,000,000</dd>"))

        try site.setField("content/sources/dawn-2024.md", "paywalled", "true")
        guard case .built(let sourceOutput) = engine.rebuild(changedPaths: ["content/sources/dawn-2024.md"]) else { throw Failure() }
        #expect(engine.verify() == [])
        #expect(sourceOutput.changed == ["data/sources.json", "sources/dawn-2024/index.html"])

        // A new declaration in site.yml re-renders everything, and the new field is read at once.
        try site.write("content/site.yml", try site.read("content/site.yml") + "\n    language_note: {type: string, label: Language}\n")
        try site.setField("content/sources/dawn-2024.md", "paywalled", "true\nlanguage_note: Urdu")
        guard case .built(let configOutput) = engine.rebuild(changedPaths: ["content/site.yml", "content/sources/dawn-2024.md"]) else { throw Failure() }
        #expect(engine.verify() == [])
        #expect(String(decoding: configOutput.files["sources/dawn-2024/index.html"]!, as: UTF8.self).contains("<div><dt>Language</dt><dd>Urdu</dd></div>"))
    }
}
