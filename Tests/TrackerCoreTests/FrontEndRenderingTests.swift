import Foundation
import Testing
@testable import TrackerCore

/// What the default theme's scripts and charts rely on in the rendered HTML.
@Suite struct FrontEndRenderingTestSuite {
    func render(_ files: [String: String], _ kind: PageKind) throws -> String {
        let site = try TestSite(files: files)
        defer { site.remove() }
        let (graph, theme) = try site.withCurrentDirectory { SiteBuilder.load(BuildOptions()) }.get()
        return String(decoding: SiteRenderer(site: graph, theme: theme).render(kind), as: UTF8.self)
    }

    let source = ["content/sources/report.md": TestSite.source]

    @Test func relatedIncidentsAreTheFirstFiveOfEachOfItsTermsOnceEachInSiteOrder() throws {
        func incident(_ country: String, _ platforms: String, _ start: String) -> String {
            TestSite.incident(replacing: ["country": country, "platforms": platforms, "start": start])
        }
        let site = try TestSite(files: source.merging([
            "content/incidents/t.md": incident("PK", "[X, Mobile internet]", "2024-01-01"),
            "content/incidents/z1.md": incident("IN", "[Telegram]", "2025-01-01"),
            "content/incidents/p1.md": incident("PK", "[Facebook]", "2024-02-01"),
            "content/incidents/p2.md": incident("PK", "[Facebook]", "2024-02-02"),
            "content/incidents/x1.md": incident("IN", "[x]", "2023-06-01"),
            "content/incidents/m1.md": incident("IN", "[Mobile Internet]", "2023-05-01"),
            "content/incidents/d1.md": incident("PK", "[X]", "2023-01-01"),
            "content/incidents/d2.md": incident("PK", "[Facebook]", "2022-01-01"),
        ]) { a, _ in a })
        defer { site.remove() }
        let (graph, theme) = try site.withCurrentDirectory { SiteBuilder.load(BuildOptions()) }.get()
        let renderer = SiteRenderer(site: graph, theme: theme)
        let ids = graph.incidents.map(\.id)
        #expect(ids == ["z1", "p2", "p1", "t", "x1", "m1", "d1", "d2"])
        // Pakistan gives p2, p1, d1, d2; X gives x1 and d1 again; mobile internet gives m1: five of them, in site order.
        // z1 shares India with x1 and m1, and its platform with none.
        #expect(renderer.relatedIncidents(3).map { ids[$0] } == ["p2", "p1", "x1", "m1", "d1"])
        #expect(renderer.relatedIncidents(0).map { ids[$0] } == ["x1", "m1"])
        #expect(renderer.relatedIncidents(7).map { ids[$0] } == ["p2", "p1", "t", "d1"])
    }

    @Test func incidentRowsCarryTheValuesTheFiltersUse() throws {
        let html = try render(source.merging(["content/incidents/x-block.md": TestSite.incident(replacing: ["platforms": "[X, Mobile internet]"])]) { a, _ in a },
                              .incidentList)
        #expect(html.contains(#"<tr data-country="PK" data-platforms="x mobile-internet " data-type="service-block" data-status="ongoing" data-year="2024" data-start="2024-02-17""#))
        #expect(html.contains(#"<option value="mobile-internet" data-label="Mobile internet">Mobile internet (1)</option>"#))
        #expect(html.contains(#"<form class="filters" id="incident-filters" role="search" aria-label="Filter incidents" hidden>"#))
    }

    @Test func anOngoingIncidentIsDrawnToItsLastKnownDateNotTheBuildDate() throws {
        let html = try render(source.merging(["content/incidents/x-block.md": TestSite.incident(replacing: ["updated": "2024-04-17"])]) { a, _ in a },
                              .incident(0))
        #expect(html.contains("<span class=\"status-note\">ongoing as of 17 April 2024</span> <span class=\"meta\">(61 days so far)</span>"))
        #expect(html.contains(#"<rect class="duration-span duration-open" x="0.0%" y="0" width="100.0%""#))
    }

    @Test func theTimelineChartIsAnImageWithTitleDescriptionAndTable() throws {
        let html = try render(source.merging(["content/incidents/x-block.md": TestSite.incident()]) { a, _ in a }, .timeline)
        #expect(html.contains(#"role="img" aria-labelledby="chart-title chart-desc">"#))
        #expect(html.contains("<title id=\"chart-title\">Incidents started per month, by type</title>"))
        #expect(html.contains("<rect class=\"bar type-service-block\" x=\"52\" y=\"28\" width=\"48\" height=\"160\"><title>February 2024: 1 service block</title></rect>"))
        #expect(html.contains("<tr><th scope=\"row\"><time datetime=\"2024-02\">February 2024</time></th><td>1</td><td>1</td></tr>"))
    }

    @Test func theSearchIndexKeepsFrontMatterAsPlainJSONText() throws {
        let hostile = #""<script>alert(\"x\")</script> & 'y'""#
        let json = try render(source.merging(["content/incidents/x-block.md": TestSite.incident(replacing: ["title": hostile])]) { a, _ in a },
                              .searchIndex)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(entries.first?["title"] as? String == #"<script>alert("x")</script> & 'y'"#)
        #expect(entries.map { $0["kind"] as? String } == ["incident", "source"])
    }
}
