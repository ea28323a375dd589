/// tracker's version (defined here and nowhere else) and the source commit the binary was built from
/// (recorded at build time by the `EmbedSourceCommit` plugin).
public enum TrackerVersion {
    public static let number = "0.1.0"

    /// The full hash of the source commit, with "-dirty" when the checkout had uncommitted changes;
    /// "unknown" when the binary was not built from a git checkout.
    public static var commit: String {
        guard let hash = EmbeddedSourceCommit.hash else { return "unknown" }
        return EmbeddedSourceCommit.isDirty ? hash + "-dirty" : hash
    }

    /// What `tracker --version` prints: `0.1.0 (commit 8f0d75b…)`.
    public static var description: String { "\(number) (commit \(commit))" }

    /// The commit as a git revision CI can fetch: the hash without "-dirty", nil when unknown.
    public static var revision: String? { EmbeddedSourceCommit.hash }

    /// The address tracker's source was cloned from (the checkout's `origin`), as an https URL a CI runner can
    /// clone without keys: `git@github.com:o/r.git` becomes `https://github.com/o/r.git`. Nil when unknown
    /// or not reachable from elsewhere (a local path).
    public static var sourceRepository: String? { EmbeddedSourceCommit.repository.flatMap(cloneableURL) }

    static func cloneableURL(_ remote: String) -> String? {
        if remote.hasPrefix("https://") || remote.hasPrefix("http://") { return remote }
        var rest = Substring(remote)
        if rest.hasPrefix("ssh://") {
            rest = rest.dropFirst("ssh://".count)
            if let at = rest.firstIndex(of: "@") { rest = rest[rest.index(after: at)...] }
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            var host = rest[..<slash]
            if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
            return "https://\(host)\(rest[slash...])"
        }
        // scp-like: user@host:path
        guard !rest.contains("://"), let at = rest.firstIndex(of: "@"), let colon = rest[at...].firstIndex(of: ":") else { return nil }
        let host = rest[rest.index(after: at)..<colon]
        let path = rest[rest.index(after: colon)...].drop { $0 == "/" }
        guard !host.isEmpty, !path.isEmpty else { return nil }
        return "https://\(host)/\(path)"
    }
}
