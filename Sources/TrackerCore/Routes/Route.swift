/// The route table: where every output of the site lives, written once.
///
/// A route's `location` is relative to the site root. A location ending in "/" (the home page's is "")
/// is a folder, linked as is and written as the folder's `index.html`; any other location is a file.
/// A link is the base path plus the location (`SiteURLs`) and the output file is `outputPath(of:)` the
/// location, so a page's address and its file cannot disagree. The link checker and the preview map a
/// URL path to the file it is served from with the same `outputPath(of:)`.
public enum Route: Sendable, Hashable {
    case home, incidentList, incident(String), timeline, sourceList, source(String)
    case countryList, country(String), platformList, platform(String), page(String), notFound
    case feed, sitemap, robots, incidentsJSON, incidentsCSV, sourcesJSON, asset(String)
    /// `search/` (the page) and `search/index.json` (what its script searches).
    case search, searchIndex
    /// A file of `static/`, at the same path under the site root ("CNAME", ".well-known/security.txt").
    case staticFile(String)
    /// A file beside a bundle's `index.md`, at the same path under its page's folder ("incidents/x/map.png").
    indirect case bundleFile(Route, String)
    // Large trackers and discovery: numbered list pages, the filters' data, per-term feeds, the data page.
    /// Page `number` (2 or more) of a paginated list, Hugo's way: `incidents/page/2/`, `countries/pk/page/3/`.
    indirect case listPage(Route, Int)
    /// `incidents/rows.json`: one compact row per incident, which the table's script loads when filtering a paginated list.
    case incidentRows
    /// The Atom feed of one country's or platform's incidents: `countries/pk/feed.xml`.
    case countryFeed(String), platformFeed(String)
    /// `data/`: the page describing the exports.
    case dataPage
    /// An incident's citation, to download: `incidents/x/cite.bib` (see `CitationFile`).
    case incidentCitation(String, CitationFile)
    /// `changes/` and `changes.xml`: the latest changes to the records, corrections first (from git).
    case changes, changesFeed
    /// `data/incidents.stop.csv`: the incidents in the columns of Access Now's STOP dataset.
    case incidentsStopCSV
    /// A route in one of the site's other languages, under the language's folder: `ur/incidents/x/`, `ur/feed.xml`.
    indirect case translation(String, Route)
    /// `cases/` and `cases/<id>/`: the court cases; `data/cases.json` and `data/cases.csv`: their export.
    case caseList, legalCase(String), casesJSON, casesCSV
    /// Part `number` (from 1) of a sitemap too large for one file: `sitemap-1.xml`, beside `sitemap.xml`, which
    /// is then their index (see `SitemapLimits`). At the root, as a sitemap may only list addresses under its own folder.
    case sitemapPart(Int)

    /// The names the site takes at its top level, each a folder or a file. Every location starts with
    /// one of them except a free page's, which is its own slug at the top level.
    enum Section: String, CaseIterable, Sendable {
        case home = "", incidents = "incidents/", timeline = "timeline/", sources = "sources/"
        case countries = "countries/", platforms = "platforms/", search = "search/", data = "data/", assets = "assets/"
        case notFound = "404.html", feed = "feed.xml", sitemap = "sitemap.xml", robots = "robots.txt"
        case changes = "changes/", changesFeed = "changes.xml"
        case cases = "cases/"

        /// The name it takes in the output folder: the folder's, or the file's (`index.html` for the home page).
        var name: String { String(Route.outputPath(of: rawValue).prefix { $0 != "/" }) }
    }

    /// Top-level names a free page must not take: it would replace, or sit beside, the site's own output.
    public static let reservedSlugs: Set<String> = Set(Section.allCases.map(\.name))

    /// Whether a top-level name is a part of the sitemap's (`sitemap-<number>.xml`): every site keeps them free,
    /// whether it has parts yet or not, so a site growing past one file's limits never finds one taken.
    public static func isSitemapPartName<Name: StringProtocol>(_ name: Name) -> Bool {
        let bytes = name.utf8
        guard bytes.starts(with: "sitemap-".utf8), bytes.count > "sitemap-.xml".utf8.count, name.hasSuffix(".xml") else { return false }
        let number = bytes.dropFirst("sitemap-".utf8.count).dropLast(".xml".utf8.count)
        return number.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The parts' names, for messages.
    static let sitemapPartNames = "sitemap-1.xml, sitemap-2.xml and so on"

    /// Names an incident's id or alias, a source's or a case's id must not take: the site's own files in their folder,
    /// whose place the item's folder would take (`incidents/rows.json`, each list's `index.html`).
    /// (A list compared name by name: a dictionary hashed every id of a large site for two names.)
    static let reservedIncidentNames: [(name: String, route: Route)] = [(folderIndex, .incidentList), ("rows.json", .incidentRows)]
    static let reservedSourceNames: [(name: String, route: Route)] = [(folderIndex, .sourceList)]
    static let reservedCaseNames: [(name: String, route: Route)] = [(folderIndex, .caseList)]

    /// The name of every Atom feed's file.
    static let feedFile = Section.feed.rawValue

    /// The file a folder is served from.
    public static let folderIndex = "index.html"

    /// Where the output lives, relative to the site root: "incidents/x/", "feed.xml", "" for the home page.
    public var location: String {
        switch self {
        case .home: return Self.at(.home)
        case .incidentList: return Self.at(.incidents)
        case .incident(let id): return Self.at(.incidents, folder: id)
        case .timeline: return Self.at(.timeline)
        case .sourceList: return Self.at(.sources)
        case .source(let id): return Self.at(.sources, folder: id)
        case .countryList: return Self.at(.countries)
        case .country(let code): return Self.at(.countries, folder: code.lowercased())
        case .platformList: return Self.at(.platforms)
        case .platform(let slug): return Self.at(.platforms, folder: slug)
        case .page(let id): return .concatenating(id, "/")
        case .notFound: return Self.at(.notFound)
        case .feed: return Self.at(.feed)
        case .sitemap: return Self.at(.sitemap)
        case .robots: return Self.at(.robots)
        case .incidentsJSON: return Self.at(.data, file: "incidents.json")
        case .incidentsCSV: return Self.at(.data, file: "incidents.csv")
        case .sourcesJSON: return Self.at(.data, file: "sources.json")
        case .asset(let path): return Self.at(.assets, file: path)
        case .search: return Self.at(.search)
        case .searchIndex: return Self.at(.search, file: "index.json")
        case .listPage(let list, let number): return list.location + "page/\(number)/"
        case .incidentRows: return Self.at(.incidents, file: "rows.json")
        case .countryFeed(let code): return .concatenating(Route.country(code).location, Self.feedFile)
        case .platformFeed(let slug): return .concatenating(Route.platform(slug).location, Self.feedFile)
        case .dataPage: return Self.at(.data)
        case .incidentCitation(let id, let file): return .concatenating(Route.incident(id).location, file.name)
        case .changes: return Self.at(.changes)
        case .changesFeed: return Self.at(.changesFeed)
        case .incidentsStopCSV: return Self.at(.data, file: "incidents.stop.csv")
        case .caseList: return Self.at(.cases)
        case .legalCase(let id): return Self.at(.cases, folder: id)
        case .casesJSON: return Self.at(.data, file: "cases.json")
        case .casesCSV: return Self.at(.data, file: "cases.csv")
        case .sitemapPart(let number): return "sitemap-\(number).xml"
        case .staticFile(let path): return path
        case .bundleFile(let page, let file): return .concatenating(page.location, file)
        case .translation(let language, let route): return .concatenating(language, "/", route.location)
        }
    }

    /// This route in a language of the site: under `<code>/` for another language (nil: the default one).
    /// The theme's assets, copied files, robots.txt and the sitemap (and its parts) exist once, for every language.
    public func inLanguage(_ code: String?) -> Route {
        guard let code else { return self }
        switch self {
        case .asset, .staticFile, .bundleFile, .robots, .sitemap, .sitemapPart, .translation: return self
        default: return .translation(code, self)
        }
    }

    /// Whether the route has a copy in every language of the site (see `inLanguage`).
    public var isPerLanguage: Bool { inLanguage("") != self }

    /// What the output is, for messages: "the feed", "the page of incident 'x'".
    public var label: String {
        switch self {
        case .home: return "the home page"
        case .incidentList: return "the incident list"
        case .incident(let id): return "the page of incident '\(id)'"
        case .timeline: return "the timeline"
        case .sourceList: return "the source list"
        case .source(let id): return "the page of source '\(id)'"
        case .countryList: return "the country list"
        case .country(let code): return "the page of country \(code.uppercased())"
        case .platformList: return "the platform list"
        case .platform(let slug): return "the page of platform '\(slug)'"
        case .page(let id): return "the page '\(id)'"
        case .notFound: return "the not-found page"
        case .feed: return "the generated feed"
        case .sitemap: return "the generated sitemap"
        case .sitemapPart(let number): return "part \(number) of the generated sitemap"
        case .robots: return "the generated robots.txt"
        case .incidentsJSON, .incidentsCSV, .sourcesJSON, .incidentsStopCSV, .casesJSON, .casesCSV: return "the data export"
        case .asset(let path): return "the theme asset '\(path)'"
        case .search: return "the search page"
        case .searchIndex: return "the search index"
        case .listPage(let list, let number): return "page \(number) of \(list.label)"
        case .incidentRows: return "the filters' rows"
        case .countryFeed(let code): return "the feed of country \(code.uppercased())"
        case .platformFeed(let slug): return "the feed of platform '\(slug)'"
        case .dataPage: return "the data page"
        case .incidentCitation(let id, let file): return "the \(file.label) citation of incident '\(id)'"
        case .changes: return "the list of changes"
        case .changesFeed: return "the feed of changes"
        case .caseList: return "the case list"
        case .legalCase(let id): return "the page of case '\(id)'"
        case .staticFile(let path): return "static/\(path)"
        case .bundleFile(let page, let file): return "the file '\(file)' beside \(page.label)"
        case .translation(let language, let route): return "\(route.label) in '\(language)'"
        }
    }

    /// The output file, relative to the output folder: "incidents/x/index.html", "feed.xml".
    public var outputPath: String { Self.outputPath(of: location) }

    /// The file a location (or a URL path under the base path) is served from: a folder's `index.html`, a file itself.
    public static func outputPath(of location: String) -> String {
        location.isEmpty || location.hasSuffix("/") ? .concatenating(location, folderIndex) : location
    }

    static func at(_ section: Section, folder name: String) -> String { .concatenating(section.rawValue, name, "/") }
    static func at(_ section: Section, file name: String = "") -> String { name.isEmpty ? section.rawValue : .concatenating(section.rawValue, name) }
}

/// The formats an incident's citation is offered in ("Cite this"), each a file in the incident's folder.
public enum CitationFile: String, Sendable, Hashable, CaseIterable {
    case text, bibtex, cslJSON

    /// The file's name: `cite.txt`, `cite.bib`, `cite.json`.
    public var name: String {
        switch self {
        case .text: return "cite.txt"
        case .bibtex: return "cite.bib"
        case .cslJSON: return "cite.json"
        }
    }

    public var label: String {
        switch self {
        case .text: return "plain-text"
        case .bibtex: return "BibTeX"
        case .cslJSON: return "CSL-JSON"
        }
    }
}
