/// Every URL the site links to, in one place, so pages and link checks agree.
/// Internal links are root-relative with the base path (`/tracker/incidents/x/`), so a site
/// published under a sub-path works; feeds and sitemaps use absolute URLs.
struct SiteURLs: Sendable {
    let root: String
    let base: String

    init(config: SiteConfig) {
        root = config.basePath
        base = config.baseURL
    }

    func incident(_ id: String) -> String { root + "incidents/\(id)/" }
    func source(_ id: String) -> String { root + "sources/\(id)/" }
    func country(_ code: String) -> String { root + "countries/\(code.lowercased())/" }
    func platform(_ slug: String) -> String { root + "platforms/\(slug)/" }
    func page(_ id: String) -> String { root + "\(id)/" }
    var home: String { root }
    var incidents: String { root + "incidents/" }
    var timeline: String { root + "timeline/" }
    var sources: String { root + "sources/" }
    var countries: String { root + "countries/" }
    var platforms: String { root + "platforms/" }
    var feed: String { root + "feed.xml" }

    /// The absolute form of a root-relative URL.
    func absolute(_ path: String) -> String { base + path.dropFirst(root.count) }
}
