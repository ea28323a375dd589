/// One output file of the site. Indices refer to the `Site`'s arrays.
public enum PageKind: Sendable, Hashable {
    case home, incidentList, incident(Int), timeline, sourceList, source(Int)
    case countryList, country(Int), platformList, platform(Int), page(Int), notFound, alias(Int)
    case feed, sitemap, robots, incidentsJSON, incidentsCSV, sourcesJSON, asset(Int)

    /// HTML pages are listed in the sitemap and get the live-reload script in preview.
    public var isHTMLPage: Bool {
        switch self {
        case .feed, .sitemap, .robots, .incidentsJSON, .incidentsCSV, .sourcesJSON, .asset: return false
        default: return true
        }
    }
}
