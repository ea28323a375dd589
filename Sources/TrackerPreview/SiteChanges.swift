/// What a watcher saw change since its last report, as paths relative to the site folder.
public struct SiteChanges: Sendable, Equatable {
    /// Files or folders that were written, created, deleted or renamed (either name of a rename).
    public var paths: Set<String>
    /// True when the watcher may have missed events (queue overflow): everything must be looked at again.
    public var rescan: Bool

    public init(paths: Set<String> = [], rescan: Bool = false) {
        self.paths = paths
        self.rescan = rescan
    }

    public var isEmpty: Bool { paths.isEmpty && !rescan }

    public mutating func merge(_ other: SiteChanges) {
        paths.formUnion(other.paths)
        rescan = rescan || other.rescan
    }

    /// The folders of a site whose files change the output; `public/` and the rest are not watched.
    /// `.tracker-cache/` holds `tracker check --links`'s results, which source pages show.
    public static let watchedFolders = ["content", "templates", "static", "i18n", ".tracker-cache"]

    /// A path the output can depend on (not an editor's temporary file beside it): counts towards a burst.
    public static func isSource(_ path: String) -> Bool {
        path.hasSuffix(".md") || path.hasSuffix(".yml") || !path.hasPrefix("content/")
    }

    /// Editor droppings (swap, backup and lock files) that are never content, so saving does not rebuild twice.
    /// Hidden names are skipped as the build skips them, but for `static/.well-known/`, which it copies.
    public static func isIgnored(name: String) -> Bool {
        (name.hasPrefix(".") && name != ".well-known") || name.hasPrefix("#") || name.hasSuffix("~") || name == "4913"
            || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix(".swo")
            || name.hasSuffix(".tmp") || name.hasSuffix(".kate-swp")
    }
}
