import Foundation
import Testing
@testable import TrackerCore

@Suite struct RouteTableTestSuite {
    /// Every route: its location, its output file, and its link on a site published under `/tracker/`.
    static let table: [(route: Route, location: String, outputPath: String)] = [
        (.home, "", "index.html"),
        (.incidentList, "incidents/", "incidents/index.html"),
        (.incident("pk-x-2024"), "incidents/pk-x-2024/", "incidents/pk-x-2024/index.html"),
        (.timeline, "timeline/", "timeline/index.html"),
        (.sourceList, "sources/", "sources/index.html"),
        (.source("dawn-report"), "sources/dawn-report/", "sources/dawn-report/index.html"),
        (.countryList, "countries/", "countries/index.html"),
        (.country("PK"), "countries/pk/", "countries/pk/index.html"),
        (.platformList, "platforms/", "platforms/index.html"),
        (.platform("mobile-data"), "platforms/mobile-data/", "platforms/mobile-data/index.html"),
        (.page("about"), "about/", "about/index.html"),
        (.notFound, "404.html", "404.html"),
        (.feed, "feed.xml", "feed.xml"),
        (.sitemap, "sitemap.xml", "sitemap.xml"),
        (.robots, "robots.txt", "robots.txt"),
        (.incidentsJSON, "data/incidents.json", "data/incidents.json"),
        (.incidentsCSV, "data/incidents.csv", "data/incidents.csv"),
        (.sourcesJSON, "data/sources.json", "data/sources.json"),
        (.asset("fonts/a.woff2"), "assets/fonts/a.woff2", "assets/fonts/a.woff2"),
        (.search, "search/", "search/index.html"),
        (.searchIndex, "search/index.json", "search/index.json"),
        (.listPage(.incidentList, 2), "incidents/page/2/", "incidents/page/2/index.html"),
        (.listPage(.country("PK"), 3), "countries/pk/page/3/", "countries/pk/page/3/index.html"),
        (.listPage(.timeline, 12), "timeline/page/12/", "timeline/page/12/index.html"),
        (.incidentRows, "incidents/rows.json", "incidents/rows.json"),
        (.countryFeed("PK"), "countries/pk/feed.xml", "countries/pk/feed.xml"),
        (.platformFeed("mobile-data"), "platforms/mobile-data/feed.xml", "platforms/mobile-data/feed.xml"),
        (.dataPage, "data/", "data/index.html"),
        (.incidentCitation("pk-x-2024", .text), "incidents/pk-x-2024/cite.txt", "incidents/pk-x-2024/cite.txt"),
        (.incidentCitation("pk-x-2024", .bibtex), "incidents/pk-x-2024/cite.bib", "incidents/pk-x-2024/cite.bib"),
        (.incidentCitation("pk-x-2024", .cslJSON), "incidents/pk-x-2024/cite.json", "incidents/pk-x-2024/cite.json"),
        (.changes, "changes/", "changes/index.html"),
        (.changesFeed, "changes.xml", "changes.xml"),
        (.incidentsStopCSV, "data/incidents.stop.csv", "data/incidents.stop.csv"),
        (.caseList, "cases/", "cases/index.html"),
        (.legalCase("shc-2024"), "cases/shc-2024/", "cases/shc-2024/index.html"),
        (.casesJSON, "data/cases.json", "data/cases.json"),
        (.casesCSV, "data/cases.csv", "data/cases.csv"),
        (.bundleFile(.legalCase("shc-2024"), "order.pdf"), "cases/shc-2024/order.pdf", "cases/shc-2024/order.pdf"),
    ]

    @Test func everyRouteHasItsLocationAndOutputFile() {
        for entry in Self.table {
            #expect(entry.route.location == entry.location, "\(entry.route)")
            #expect(entry.route.outputPath == entry.outputPath, "\(entry.route)")
        }
    }

    @Test func linksCarryTheBasePathAndAbsoluteLinksTheBaseURL() {
        let urls = SiteURLs(config: SiteConfig(title: "T", baseURL: "https://example.org/tracker"))
        #expect(urls.url(for: .home) == "/tracker/")
        #expect(urls.url(for: .incident("pk-x-2024")) == "/tracker/incidents/pk-x-2024/")
        #expect(urls.url(for: .country("PK")) == "/tracker/countries/pk/")
        #expect(urls.url(for: .asset("style.css")) == "/tracker/assets/style.css")
        #expect(urls.url(for: .searchIndex) == "/tracker/search/index.json")
        #expect(urls.absoluteURL(for: .home) == "https://example.org/tracker/")
        #expect(urls.absoluteURL(for: .feed) == "https://example.org/tracker/feed.xml")
        #expect(urls.absoluteURL(for: .source("dawn-report")) == "https://example.org/tracker/sources/dawn-report/")
        #expect(urls.absolute(urls.url(for: .timeline)) == urls.absoluteURL(for: .timeline))
        // Every route's link, in the default language and another, under a base path or none, with ids in other scripts.
        for baseURL in ["https://example.org/tracker", "https://example.org", "http://[::1]:8080/a b/ü/"] {
            for language in [nil, "ur"] {
                let urls = SiteURLs(config: SiteConfig(title: "T", baseURL: baseURL), language: language)
                for route in [Route.home, .incident("pk-x-2024"), .incident("ایکس"), .incidentCitation("é\u{301}", .bibtex), .source("dawn"),
                              .country("PK"), .asset("style.css"), .feed, .searchIndex] {
                    #expect(urls.absolute(urls.url(for: route)) == urls.absoluteURL(for: route), "\(baseURL) \(language ?? "") \(route)")
                }
            }
        }
        // A path outside the root is read as before: the root's count of characters dropped.
        #expect(urls.absolute("/elsewhere/x") == "https://example.org/tracker/e/x")
        #expect(urls.absolute("/") == "https://example.org/tracker/")
    }

    @Test func aURLPathIsServedFromTheFileOfTheSameLocation() {
        #expect(Route.outputPath(of: "") == "index.html")
        #expect(Route.outputPath(of: "incidents/") == "incidents/index.html")
        #expect(Route.outputPath(of: "incidents/x/") == "incidents/x/index.html")
        #expect(Route.outputPath(of: "incidents/x") == "incidents/x")
        #expect(Route.outputPath(of: "feed.xml") == "feed.xml")
    }

    @Test func theReservedSlugsAreTheTopLevelNamesOfEveryRouteButAPage() {
        #expect(Route.reservedSlugs == [
            "index.html", "incidents", "timeline", "sources", "countries", "platforms", "search", "data", "assets",
            "404.html", "feed.xml", "sitemap.xml", "robots.txt", "changes", "changes.xml", "cases",
        ])
        let topLevel = Set(Self.table.filter { $0.route != .page("about") }.map { String($0.outputPath.prefix { $0 != "/" }) })
        #expect(topLevel == Route.reservedSlugs)
        #expect(!Route.reservedSlugs.contains("about"))
    }

    /// Each output of a built site is written at the file its link is served from, with exact paths.
    @Test func everyJobIsWrittenWhereItsLinkPoints() throws {
        let site = try TestSite(files: [
            "content/sources/report.md": TestSite.source,
            "content/incidents/x-block.md": TestSite.incident(replacing: ["aliases": "[old-id]"]),
            "content/pages/about.md": "---\ntitle: About\nmenu_order: 1\n---\nAbout this tracker.\n",
        ], siteYAML: "title: T\nbase_url: https://example.org/tracker/\n")
        defer { site.remove() }
        let (graph, theme) = try site.withCurrentDirectory { SiteBuilder.load(BuildOptions()) }.get()
        let renderer = SiteRenderer(site: graph, theme: theme)
        let jobs = renderer.jobs()
        for job in jobs {
            let url = renderer.urls.url(for: renderer.route(of: job))
            #expect(url.hasPrefix("/tracker/"), "\(job)")
            #expect(renderer.path(of: job) == Route.outputPath(of: String(url.dropFirst("/tracker/".count))), "\(job)")
        }
        let paths = jobs.filter { if case .asset = $0 { false } else { true } }.map(renderer.path(of:))
        #expect(paths == [
            "index.html", "incidents/index.html", "timeline/index.html", "sources/index.html", "countries/index.html",
            "platforms/index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt", "data/incidents.json",
            "data/incidents.csv", "data/sources.json", "search/index.html", "search/index.json",
            "incidents/x-block/index.html", "incidents/x-block/cite.txt", "incidents/x-block/cite.bib", "incidents/x-block/cite.json",
            "sources/report/index.html", "countries/pk/index.html", "platforms/x/index.html",
            "about/index.html", "incidents/old-id/index.html", "data/index.html", "incidents/rows.json",
            "changes/index.html", "changes.xml", "data/incidents.stop.csv", "countries/pk/feed.xml", "platforms/x/feed.xml",
        ])
        let assets = jobs.filter { if case .asset = $0 { true } else { false } }.map(renderer.path(of:))
        #expect(assets.contains("assets/style.css"))
        #expect(assets.allSatisfy { $0.hasPrefix("assets/") })
    }
    /// `--timings` names a job by its case, written out by hand: each name is the case's own, as Swift spells it.
    @Test func everyPageKindsCategoryIsTheNameOfItsCase() {
        let kinds: [PageKind] = [
            .home, .incidentList, .incident(3), .timeline, .sourceList, .source(1), .countryList, .country(0), .platformList,
            .platform(2), .page(0), .notFound, .alias(4), .feed, .sitemap, .robots, .incidentsJSON, .incidentsCSV, .sourcesJSON,
            .asset(1), .search, .searchIndex, .file(5), .listPage(.timeline, 2), .incidentRows, .countryFeed(1), .platformFeed(0),
            .dataPage, .incidentCitation(2, .bibtex), .changes, .changesFeed, .incidentsStopCSV, .translation(1, .incident(0)),
            .caseList, .legalCase(1), .casesJSON, .casesCSV, .sitemapPart(2),
        ]
        for kind in kinds {
            let described = String(describing: kind)
            #expect(kind.category == String(described.prefix { $0 != "(" }), "\(described)")
        }
        #expect(Set(kinds.map(\.category)).count == kinds.count)
        #expect(PageKind.incidentCitation(0, .text).category == "incidentCitation")
        #expect(PageKind.translation(0, .home).category == "translation")
    }
}
