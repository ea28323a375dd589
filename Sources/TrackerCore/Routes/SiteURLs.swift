/// The links to the routes of one site (`Route`), so pages and link checks agree.
/// Internal links are root-relative with the base path (`/tracker/incidents/x/`), so a site
/// published under a sub-path works; feeds and sitemaps use absolute URLs.
struct SiteURLs: Sendable {
    let root: String
    let base: String

    init(config: SiteConfig) {
        root = config.basePath
        base = config.baseURL
    }

    /// The root-relative link to a route: `/tracker/incidents/x/`.
    func url(for route: Route) -> String { root + route.location }

    /// The absolute link to a route: `https://example.org/tracker/incidents/x/`.
    func absoluteURL(for route: Route) -> String { base + route.location }

    /// The absolute form of a root-relative URL.
    func absolute(_ path: String) -> String { base + path.dropFirst(root.count) }
}
