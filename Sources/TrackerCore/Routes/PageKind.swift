/// One output file of the site. Indices refer to the `Site`'s arrays.
public enum PageKind: Sendable, Hashable {
    case home, incidentList, incident(Int), timeline, sourceList, source(Int)
    case countryList, country(Int), platformList, platform(Int), page(Int), notFound, alias(Int)
    case feed, sitemap, robots, incidentsJSON, incidentsCSV, sourcesJSON, asset(Int)
    /// `/search/` (the page) and `/search/index.json` (what its script searches).
    case search, searchIndex
    /// A file copied as it is: one of `Site.files` (from `static/` or beside a bundle's `index.md`).
    case file(Int)
    // Large trackers and discovery (see the same cases of `Route`).
    /// Page `number` (2 or more) of a paginated list: `.incidentList`, `.timeline`, `.sourceList`, `.country` or `.platform`.
    indirect case listPage(PageKind, Int)
    case incidentRows, countryFeed(Int), platformFeed(Int), dataPage
    /// Incident `i`'s citation in one format (`Route.incidentCitation`).
    case incidentCitation(Int, CitationFile)
    /// `/changes/` and `/changes.xml` (see `Route.changes`).
    case changes, changesFeed
    /// `data/incidents.stop.csv` (see `Route.incidentsStopCSV`).
    case incidentsStopCSV
    /// A page in the site's other language number `edition` (`SiteConfig.otherLanguages`), under its folder: `/ur/incidents/x/`.
    indirect case translation(Int, PageKind)
    /// `/cases/`, case `i`'s page, and the cases' exports (see `Route.caseList`).
    case caseList, legalCase(Int), casesJSON, casesCSV
    /// Part `number` (from 1) of a sitemap too large for one file (see `Route.sitemapPart`).
    case sitemapPart(Int)

    /// HTML pages are listed in the sitemap and get the live-reload script in preview.
    public var isHTMLPage: Bool {
        switch self {
        case .translation(_, let kind): return kind.isHTMLPage
        case .feed, .sitemap, .robots, .incidentsJSON, .incidentsCSV, .sourcesJSON, .asset, .searchIndex, .file,
             .incidentRows, .countryFeed, .platformFeed, .incidentCitation, .changesFeed, .incidentsStopCSV, .casesJSON, .casesCSV,
             .sitemapPart: return false
        default: return true
        }
    }

    /// The kind without its index, for timings: "incident", "source", "feed"… (a case's name, written out: asking
    /// `String(describing:)` for it takes reflection some 15 µs a page, which `--timings` counted in each page's time).
    public var category: String {
        switch self {
        case .home: "home"
        case .incidentList: "incidentList"
        case .incident: "incident"
        case .timeline: "timeline"
        case .sourceList: "sourceList"
        case .source: "source"
        case .countryList: "countryList"
        case .country: "country"
        case .platformList: "platformList"
        case .platform: "platform"
        case .page: "page"
        case .notFound: "notFound"
        case .alias: "alias"
        case .feed: "feed"
        case .sitemap: "sitemap"
        case .robots: "robots"
        case .incidentsJSON: "incidentsJSON"
        case .incidentsCSV: "incidentsCSV"
        case .sourcesJSON: "sourcesJSON"
        case .asset: "asset"
        case .search: "search"
        case .searchIndex: "searchIndex"
        case .file: "file"
        case .listPage: "listPage"
        case .incidentRows: "incidentRows"
        case .countryFeed: "countryFeed"
        case .platformFeed: "platformFeed"
        case .dataPage: "dataPage"
        case .incidentCitation: "incidentCitation"
        case .changes: "changes"
        case .changesFeed: "changesFeed"
        case .incidentsStopCSV: "incidentsStopCSV"
        case .translation: "translation"
        case .caseList: "caseList"
        case .legalCase: "legalCase"
        case .casesJSON: "casesJSON"
        case .casesCSV: "casesCSV"
        case .sitemapPart: "sitemapPart"
        }
    }
}

extension PageKind {
    /// Every output file of a site, in a stable order. A `static/robots.txt` replaces the generated one.
    static func all(in site: Site, theme: Theme) -> [PageKind] {
        var jobs: [PageKind] = [.home, .incidentList, .timeline, .sourceList, .countryList, .platformList, .notFound,
                                .feed, .sitemap, .robots, .incidentsJSON, .incidentsCSV, .sourcesJSON, .search, .searchIndex]
        if site.files.contains(where: { $0.route == .staticFile(Route.robots.location) }) { jobs.removeAll { $0 == .robots } }
        jobs += site.incidents.indices.map(PageKind.incident)
        jobs += site.incidents.indices.flatMap { index in CitationFile.allCases.map { PageKind.incidentCitation(index, $0) } }
        jobs += site.sources.indices.map(PageKind.source)
        jobs += site.countries.indices.map(PageKind.country)
        jobs += site.platforms.indices.map(PageKind.platform)
        jobs += site.pages.indices.map(PageKind.page)
        jobs += site.aliases.indices.map(PageKind.alias)
        jobs += theme.assets.indices.map(PageKind.asset)
        jobs += site.files.indices.map(PageKind.file)
        jobs += [.dataPage, .incidentRows, .changes, .changesFeed, .incidentsStopCSV]
        // The cases' pages and exports exist once the site has a case.
        if !site.cases.all.isEmpty { jobs += [.caseList, .casesJSON, .casesCSV] + site.cases.all.indices.map(PageKind.legalCase) }
        jobs += site.countries.indices.map(PageKind.countryFeed)
        jobs += site.platforms.indices.map(PageKind.platformFeed)
        if !site.editions.isEmpty {
            let perLanguage = jobs.filter { $0.route(in: site, theme: theme).isPerLanguage }
            for edition in site.editions.indices { jobs += perLanguage.map { .translation(edition, $0) } }
        }
        return jobs
    }

    /// Where this output lives in `site`: its entry in the route table, named by the item it shows.
    /// An alias is a second address of an incident, so it takes an incident's route.
    func route(in site: Site, theme: Theme) -> Route {
        switch self {
        case .home: return .home
        case .incidentList: return .incidentList
        case .incident(let i): return .incident(site.incidents[i].id)
        case .timeline: return .timeline
        case .sourceList: return .sourceList
        case .source(let i): return .source(site.sources[i].id)
        case .countryList: return .countryList
        case .country(let i): return .country(site.countries[i].slug)
        case .platformList: return .platformList
        case .platform(let i): return .platform(site.platforms[i].slug)
        case .page(let i): return .page(site.pages[i].id)
        case .notFound: return .notFound
        case .alias(let i): return .incident(site.aliases[i].alias)
        case .feed: return .feed
        case .sitemap: return .sitemap
        case .robots: return .robots
        case .incidentsJSON: return .incidentsJSON
        case .incidentsCSV: return .incidentsCSV
        case .sourcesJSON: return .sourcesJSON
        case .asset(let i): return .asset(theme.assets[i].path)
        case .search: return .search
        case .searchIndex: return .searchIndex
        case .file(let i): return site.files[i].route
        case .listPage(let list, let number): return .listPage(list.route(in: site, theme: theme), number)
        case .incidentRows: return .incidentRows
        case .countryFeed(let i): return .countryFeed(site.countries[i].slug)
        case .platformFeed(let i): return .platformFeed(site.platforms[i].slug)
        case .dataPage: return .dataPage
        case .incidentCitation(let i, let file): return .incidentCitation(site.incidents[i].id, file)
        case .changes: return .changes
        case .changesFeed: return .changesFeed
        case .incidentsStopCSV: return .incidentsStopCSV
        case .translation(let edition, let kind): return kind.route(in: site, theme: theme).inLanguage(site.editions[edition].language.code)
        case .caseList: return .caseList
        case .legalCase(let i): return .legalCase(site.cases.all[i].id)
        case .casesJSON: return .casesJSON
        case .casesCSV: return .casesCSV
        case .sitemapPart(let number): return .sitemapPart(number)
        }
    }
}
