import Foundation
import Testing
@testable import TrackerCore

/// The exports are written by `JSONWriter`, straight to bytes; they must be exactly what `JSONEncoder`
/// gives for the same records (sorted keys, slashes as is, pretty for the data exports, compact for search).
@Suite struct DataExportTestSuite {
    static let awkward = "Quote \" back\\slash / tab\t nl\n cr\r bell\u{07} nul\u{00} esc\u{1B} del\u{7F} \u{1F} é 日本 🚫 </script>"

    func site() throws -> (Site, SiteURLs) {
        let site = try TestSite(files: [
            "content/sources/report.md": TestSite.source,
            "content/sources/other.md": "---\ntitle: \"Other \\\"one\\\"\"\npublisher: Ministry\npublished: 2023\nkind: government\nlanguage: ur\norigin: Agency\naccessed: 2024-03-01\narchive: https://web.archive.org/x\n---\n",
            "content/incidents/x-block.md": TestSite.incident(
                "regions: [Punjab, \"Sindh / Karachi\"]\ntags: [elections]\naliases: [old-x]\nupdated: 2024-03-01\ntimeline:\n  - date: 2024-02-17\n    text: \"Blocked, \\\"they said\\\" \\u2028\"\n    sources: [report, other]\n  - date: 2024-03\n    text: Still blocked.\n    sources: [report]",
                // Content may not hold the control characters XML forbids (`ForbiddenCharacters`); the writer's escaping of
                // those is checked on its own below.
                body: "Blocked [@report] and \(Self.awkward.unicodeScalars.filter { !ForbiddenCharacters.isForbidden($0) }.map(String.init).joined()) [@other].",
                replacing: ["ordered_by": "\"Ministry of Interior\"", "justification": "'Security & order'"]),
            "content/incidents/y-throttle.md": TestSite.incident(body: "Slow [@report].", replacing: ["title": "Y slowed", "country": "IR", "end": "2024-02-20", "status": "resolved"]),
        ])
        defer { site.remove() }
        let loaded = try #require(site.site(), "\(site.errors())")
        return (loaded, SiteURLs(config: loaded.config))
    }

    func encoded<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func incidentsJSONIsWhatJSONEncoderWrites() throws {
        let (site, urls) = try site()
        let written = String(decoding: ByteBuffer.data { DataExport.incidentsJSON(site, urls: urls, into: $0) }, as: UTF8.self)
        #expect(written == (try encoded(DataExport.records(site, urls: urls), pretty: true)) + "\n")
        #expect(written.contains(#""aliases" : ["#))
        #expect(written.contains("\"regions\" : [\n\n    ]"))
    }

    @Test func sourcesJSONIsWhatJSONEncoderWrites() throws {
        let (site, urls) = try site()
        let written = String(decoding: ByteBuffer.data { DataExport.sourcesJSON(site, urls: urls, into: $0) }, as: UTF8.self)
        #expect(written == (try encoded(DataExport.sourceRecords(site, urls: urls), pretty: true)) + "\n")
    }

    @Test func searchIndexIsWhatJSONEncoderWrites() throws {
        let (site, urls) = try site()
        let english = try Theme.builtIn().get().localization("en")
        let written = String(decoding: ByteBuffer.data { SearchIndex.json(site, urls: urls, localization: english, into: $0) }, as: UTF8.self)
        #expect(written == (try encoded(SearchIndex.entries(site, urls: urls, localization: english), pretty: false)))
    }

    @Test func stringsEscapeAsJSONEncoderEscapesThem() throws {
        var every = (0 ..< 128).map { String(UnicodeScalar(UInt8($0))) }
        every.append(Self.awkward)
        for pretty in [true, false] {
            var json = JSONWriter(pretty: pretty)
            json.openArray()
            for string in every { json.string(string) }
            json.openArray()
            json.closeArray()
            json.openObject()
            json.closeObject()
            json.openObject()
            json.field("a", ["x"])
            json.field("b", nil)
            json.field("c", "y")
            json.closeObject()
            json.closeArray()
            struct Fields: Encodable {
                let a: [String]
                let b: String?
                let c: String
            }
            struct Mixed: Encodable {
                let every: [String]
                func encode(to encoder: Encoder) throws {
                    var container = encoder.unkeyedContainer()
                    for string in every { try container.encode(string) }
                    try container.encode([String]())
                    try container.encode([String: String]())
                    try container.encode(Fields(a: ["x"], b: nil, c: "y"))
                }
            }
            let expected = try encoded(Mixed(every: every), pretty: pretty)
            let got = json.text
            #expect(got == expected, "pretty: \(pretty)")
        }
    }
}
