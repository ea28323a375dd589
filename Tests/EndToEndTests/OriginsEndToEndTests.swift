import Foundation
import Testing

/// Independent origins and "Cite this" on the example tracker, through the real binary.
@Suite(.serialized) struct OriginsEndToEndTestSuite {
    let root = TrackerBinary.packageRoot

    @Test func strictCheckWarnsAboutSingleOriginEventsAndFails() throws {
        let site = try TemporaryFolder()
        try copyFolder(root + "/content", to: site.path + "/content")
        let plain = try TrackerBinary.run(["check"], in: site.path)
        #expect(plain.status == 0)
        #expect(plain.stderr == "")
        let strict = try TrackerBinary.run(["check", "--strict"], in: site.path)
        #expect(strict.status == 1)
        #expect(strict.stdout == "")
        #expect(strict.stderr == """
            content/incidents/pk-x-block-2024.md:17:5: warning: event backed by a single origin (NetBlocks)
            content/incidents/pk-x-block-2024.md:20:5: warning: event backed by a single origin (NetBlocks)
            content/incidents/pk-x-block-2024.md:23:5: warning: event backed by a single origin (NetBlocks)
            3 warnings found (--strict fails on warnings)

            """)
        let build = try TrackerBinary.run(["build", "--strict"], in: site.path)
        #expect(build.status == 1)
        #expect(build.stderr == strict.stderr)
        #expect(!FileManager.default.fileExists(atPath: site.path + "/public"))
    }

    @Test func pagesAndExportsCountTheReutersStoryOnce() throws {
        let output = try TemporaryFolder()
        #expect(try TrackerBinary.run(["build", "--output", output.path + "/public"], in: root).status == 0)
        let page = try output.read("public/incidents/pk-x-block-2024/index.html")
        #expect(page.contains("<p class=\"origins-summary\">9 sources from 4 independent origins: Reuters, Al Jazeera, NetBlocks, AFP.</p>"))
        #expect(page.contains("<li><span class=\"origin-name\">Reuters</span> story carried by: <a href=\"#ref-1\">Khaleej Times [1]</a>, <a href=\"#ref-7\">Deccan Herald [7]</a></li>"))
        #expect(page.contains("<li><a href=\"#ref-8\">Odisha Bytes [8]</a></li>") == false)
        #expect(page.contains("<li><span class=\"origin-name\">AFP</span> story carried by: <a href=\"#ref-8\">Odisha Bytes [8]</a></li>"))
        #expect(page.contains("<span class=\"event-origins\">4 sources from 2 independent origins: Reuters, Al Jazeera</span>"))
        #expect(page.contains("<span class=\"event-origins\">3 sources from 1 origin: NetBlocks</span>"))
        #expect(page.contains("<span class=\"event-origins\">1 source from 1 origin: NetBlocks</span>"))
        let timeline = try output.read("public/timeline/index.html")
        #expect(timeline.contains("<span class=\"event-origins\">2 sources from 2 independent origins: AFP, Al Jazeera</span>"))
        let lines = try output.read("public/data/incidents.csv").components(separatedBy: "\r\n")
        #expect(lines[0] == "id,title,country,country_name,regions,platforms,type,status,verification,start,end,ordered_by,justification,tags,updated,url,sources,origin_count,origins")
        #expect(lines[1].hasSuffix(",4,Reuters; Al Jazeera; NetBlocks; AFP"))
        let json = try JSONSerialization.jsonObject(with: Data(try output.read("public/data/incidents.json").utf8)) as? [[String: Any]]
        #expect(json?[0]["origin_count"] as? Int == 4)
        #expect(json?[0]["origins"] as? [String] == ["Reuters", "Al Jazeera", "NetBlocks", "AFP"])
        let sources = try JSONSerialization.jsonObject(with: Data(try output.read("public/data/sources.json").utf8)) as? [[String: Any]]
        #expect(sources?.first { $0["id"] as? String == "deccanherald-2024-04-17" }?["origin"] as? String == "Reuters")
    }

    /// Outside git, the record's last update is its `updated` field (inside, its last commit: `RecordHistoryTests`).
    @Test func everyIncidentPageOffersItsCitation() throws {
        let output = try TemporaryFolder()
        try copyFolder(root + "/content", to: output.path + "/content")
        #expect(try TrackerBinary.run(["build"], in: output.path).status == 0)
        let text = try output.read("public/incidents/pk-x-block-2024/cite.txt")
        #expect(text == "Tracker example site. \u{201C}X blocked nationwide in Pakistan after the general election.\u{201D} Pakistan X Block Tracker, last updated 17 April 2024. https://example.org/incidents/pk-x-block-2024/\n")
        let bibtex = try output.read("public/incidents/pk-x-block-2024/cite.bib")
        #expect(bibtex.hasPrefix("@misc{pk-x-block-2024,\n  author = {{Tracker example site}},\n  title = {{X blocked nationwide in Pakistan after the general election}},\n"))
        let json = try output.read("public/incidents/pk-x-block-2024/cite.json")
        #expect(json.contains("\"URL\" : \"https://example.org/incidents/pk-x-block-2024/\""))
        let page = try output.read("public/incidents/pk-x-block-2024/index.html")
        #expect(page.contains("<a href=\"/incidents/pk-x-block-2024/cite.bib\" download>BibTeX</a>"))
        #expect(page.contains("<details open><summary>Plain text</summary><pre class=\"citation\"><code>Tracker example site. \u{201C}X blocked nationwide in Pakistan after the general election.\u{201D} Pakistan X Block Tracker, last updated 17 April 2024. https://example.org/incidents/pk-x-block-2024/</code></pre></details>"))
        #expect(page.contains("<summary>BibTeX</summary><pre class=\"citation\"><code>@misc{pk-x-block-2024,\n  author = {{Tracker example site}},"))
        #expect(page.contains("&quot;title&quot; : &quot;X blocked nationwide in Pakistan after the general election&quot;"))
    }
}
