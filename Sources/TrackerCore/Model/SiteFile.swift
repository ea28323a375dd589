/// A file the site copies into its output as it is: one of `static/`, or one beside a bundle's `index.md`.
public struct SiteFile: Sendable, Hashable {
    /// Where it goes (`Route.staticFile` or `Route.bundleFile`).
    public let route: Route
    /// The file to copy, as messages show it ("static/CNAME", "content/incidents/x/map.png").
    public let path: String

    public init(route: Route, path: String) {
        self.route = route
        self.path = path
    }
}
