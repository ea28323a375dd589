/// One output file of the site. Indices refer to the `Site`'s arrays.
public enum PageKind: Sendable, Hashable {
    case home, incidentList, incident(Int), timeline, sourceList, source(Int)
    case countryList, country(Int), platformList, platform(Int), page(Int), notFound, alias(Int)
    case feed, sitemap, robots, incidentsJSON, incidentsCSV, sourcesJSON, asset(Int)
    /// `/search/` (the page) and `/search/index.json` (what its script searches).
    case search, searchIndex

    /// HTML pages are listed in the sitemap and get the live-reload script in preview.
    public var isHTMLPage: Bool {
        switch self {
        case .feed, .sitemap, .robots, .incidentsJSON, .incidentsCSV, .sourcesJSON, .asset, .searchIndex: return false
        default: return true
        }
    }

    /// The kind without its index, for timings: "incident", "source", "feed"…
    public var category: String {
        let name = String(describing: self)
        return name.firstIndex(of: "(").map { String(name[..<$0]) } ?? name
    }
}
