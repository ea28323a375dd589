import Foundation

/// A file the site copies into its output as it is: one of `static/`, or one beside a bundle's `index.md`.
public struct SiteFile: Sendable, Hashable {
    /// Where it goes (`Route.staticFile` or `Route.bundleFile`).
    public let route: Route
    /// The file to copy, as messages show it ("static/CNAME", "content/incidents/x/map.png").
    public let path: String
    /// What is wrong when it is a symbolic link out of the site (`SiteBoundary`) or to nothing: an error, never copied.
    public let entryProblem: EntryProblem?

    public init(route: Route, path: String, entryProblem: EntryProblem? = nil) {
        self.route = route
        self.path = path
        self.entryProblem = entryProblem
    }

    /// Why the file at `path` could not be copied: `error` is the errno that stopped reading it.
    static func copyFailure(_ path: String, _ error: Int32) -> String {
        "cannot copy \(path): \(String(cString: strerror(error)))"
    }
}
