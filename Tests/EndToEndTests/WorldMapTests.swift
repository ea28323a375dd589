import Foundation
import Testing
import TrackerCore

/// The world map on the home page and `/countries/` (`partials/world-map`), built by the real binary:
/// the example's Pakistan, and `Tests/Fixtures/world-map` (a country too small to click without its
/// marker, one whose Natural Earth ISO_A2 is -99, one the map lacks, a name with an apostrophe).
@Suite struct WorldMapTestSuite {
    let root = TrackerBinary.packageRoot
    var fixture: String { root + "/Tests/Fixtures/world-map" }

    func build(_ site: String) throws -> TemporaryFolder {
        let output = try TemporaryFolder()
        let result = try TrackerBinary.run(["build", "--site", site, "--output", output.path + "/public"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        return output
    }

    /// The `<svg class="map-svg">` … `</svg>` of a page.
    func svg(_ page: String) -> Substring {
        guard let start = page.range(of: "<svg class=\"map-svg\""), let end = page.range(of: "</svg>", range: start.upperBound ..< page.endIndex) else { return "" }
        return page[start.lowerBound ..< end.upperBound]
    }

    @Test func theExamplesPakistanIsALinkNamedWithItsCountOnTheHomePageAndCountries() throws {
        let output = try build(root)
        for path in ["public/index.html", "public/countries/index.html"] {
            let page = try output.read(path)
            let map = svg(page)
            #expect(map.contains("viewBox=\"0 0 1000 435\">"), "\(path)")
            #expect(map.contains("<title id=\"map-title\">Incidents by country</title>"))
            #expect(map.contains("<desc id=\"map-desc\">World map of the 2 incidents by country: Pakistan 2.</desc>"))
            // Two incidents, the most of any country: the second of two steps, the darkest shade.
            #expect(map.contains("<a class=\"map-country map-step-5\" href=\"/countries/pk/\" aria-label=\"Pakistan: 2 incidents\"><title>Pakistan: 2 incidents</title><path d=\"M"), "\(path)")
            // One link in the map: the other 173 countries are plain shapes, hidden from assistive technology.
            #expect(map.components(separatedBy: "<a ").count == 2)
            #expect(map.contains("<g class=\"map-land\" aria-hidden=\"true\"><path d=\"M"))
            #expect(!map.contains("tabindex"))
            #expect(map.components(separatedBy: "<path ").count == 175)
            #expect(page.contains("<li><span class=\"swatch map-step-0\" aria-hidden=\"true\"></span>None</li>\n"))
            #expect(page.contains("<li><span class=\"swatch map-step-4\" aria-hidden=\"true\"></span>1</li><li><span class=\"swatch map-step-5\" aria-hidden=\"true\"></span>2</li>\n"))
            // The same numbers as a table: 2 incidents, 1 ongoing.
            #expect(page.contains("<tr><th scope=\"col\">Country</th><th scope=\"col\">Incidents</th><th scope=\"col\">Ongoing</th></tr>"))
            #expect(page.contains("<tr><th scope=\"row\"><span class=\"swatch map-step-5\" aria-hidden=\"true\"></span><a href=\"/countries/pk/\">Pakistan</a></th><td>2</td><td>1</td></tr>"))
            #expect(page.contains("<tr><th scope=\"row\">All countries</th><td>2</td><td>1</td></tr>"))
            #expect(!page.contains("Not on the map"))
        }
        // The map replaces the plain list of countries.
        #expect(!(try output.read("public/countries/index.html")).contains("<ul class=\"terms\">"))
    }

    @Test func theMapAddsAbout25KBToAPage() throws {
        let output = try build(root)
        let home = try output.read("public/index.html")
        let map = try #require(home.range(of: "<div class=\"world-map\">")).lowerBound
        let end = try #require(home.range(of: "</table>", range: map ..< home.endIndex)).upperBound
        let bytes = home[map ..< end].utf8.count
        #expect(bytes > 20_000 && bytes < 30_000, "\(bytes) bytes")
    }

    @Test func smallCountriesHaveAMarkerAndMissingOnesAreListedUnderTheMap() throws {
        let output = try build(fixture)
        let page = try output.read("public/countries/index.html")
        let map = svg(page)
        // Three in Pakistan is the most: each count its own step, the three darkest shades.
        #expect(map.contains("<a class=\"map-country map-step-5\" href=\"/countries/pk/\" aria-label=\"Pakistan: 3 incidents\">"))
        // Natural Earth's ISO_A2 for France is -99: drawn all the same.
        #expect(map.contains("<a class=\"map-country map-step-3\" href=\"/countries/fr/\" aria-label=\"France: 1 incident\">"))
        #expect(map.contains("<a class=\"map-country map-step-3\" href=\"/countries/ci/\" aria-label=\"Côte d&#39;Ivoire: 1 incident\"><title>Côte d&#39;Ivoire: 1 incident</title>"))
        // Luxembourg is a few units across: a circle at its centre keeps it clickable.
        let luxembourg = try #require(map.range(of: "aria-label=\"Luxembourg: 1 incident\">"))
        let link = map[luxembourg.upperBound...].prefix { $0 != "\n" }
        #expect(link.hasSuffix("<circle class=\"map-marker\" cx=\"514\" cy=\"70\" r=\"4\"/></a>"), "\(link)")
        let pakistan = try #require(map.range(of: "aria-label=\"Pakistan: 3 incidents\">"))
        #expect(!map[pakistan.upperBound...].prefix { $0 != "\n" }.contains("<circle"))
        // Singapore is not in the 1:110m outlines: listed, linked, never dropped.
        #expect(!map.contains("aria-label=\"Singapore") && !map.contains("/countries/sg/"))
        #expect(page.contains("<p class=\"map-missing\">Not on the map: <a href=\"/countries/sg/\">Singapore</a> (1).</p>"))
        #expect(page.contains("Not on the map: Singapore.</desc>"))
        #expect(page.contains("<tr><th scope=\"row\"><span class=\"swatch map-step-3\" aria-hidden=\"true\"></span><a href=\"/countries/sg/\">Singapore</a></th><td>1</td><td>0</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">All countries</th><td>7</td><td>2</td></tr>"))
        #expect(page.contains("<li><span class=\"swatch map-step-3\" aria-hidden=\"true\"></span>1</li><li><span class=\"swatch map-step-4\" aria-hidden=\"true\"></span>2</li><li><span class=\"swatch map-step-5\" aria-hidden=\"true\"></span>3</li>"))
    }

    @Test func checkWarnsAboutACountryTheMapLacksAndStrictFails() throws {
        let result = try TrackerBinary.run(["check", "--site", fixture], in: root)
        #expect(result.status == 0)
        #expect(result.stdout == "No errors: 7 incidents, 1 sources, 0 pages\n")
        let warning = "\(fixture)/content/incidents/sg-1.md:3:10: warning: country 'SG' (Singapore) has no outline on the world map; the map lists it under itself instead"
        #expect(result.stderr == "\(warning)\n1 warning found (--strict fails on warnings)\n")
        let strict = try TrackerBinary.run(["check", "--strict", "--site", fixture], in: root)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains(warning + "\n"))
        // The example's one country is on the map: nothing to say.
        let example = try TrackerBinary.run(["check"], in: root)
        #expect(example.stderr == "")
    }

    @Test func theMapCanBeTurnedOffInSiteYml() throws {
        let site = try TemporaryFolder()
        try copyFolder(fixture + "/content", to: site.path + "/content")
        try site.write("content/site.yml", "title: No map\nbase_url: https://example.org/\noptions:\n  map: false\n")
        let result = try TrackerBinary.run(["build"], in: site.path)
        #expect(result.status == 0, "\(result.stderr)")
        let home = try site.read("public/index.html"), countries = try site.read("public/countries/index.html")
        #expect(!home.contains("map-svg") && !home.contains("map-heading") && !countries.contains("map-svg"))
        #expect(countries.contains("<li><a href=\"/countries/sg/\">Singapore</a> <span class=\"meta\">1 incident, 0 ongoing</span></li>"))
        let check = try TrackerBinary.run(["check"], in: site.path)
        #expect(check.stderr == "")
        try site.write("content/site.yml", "title: No map\nbase_url: https://example.org/\noptions:\n  map: maybe\n")
        let wrong = try TrackerBinary.run(["check"], in: site.path)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("content/site.yml:4:8: error: "), "\(wrong.stderr)")
    }
}
