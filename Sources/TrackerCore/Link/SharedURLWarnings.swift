extension SiteLinker {
    /// Each source whose `url` is that of a source before it (in path order): one document recorded twice,
    /// which a reader (and the origin count) takes for two. Two sources sharing a `url` but each with an
    /// `archive` of its own are two saved versions of a page that changed, and are not warned about.
    /// Addresses are compared without their `#fragment` and with their scheme and host in any case.
    /// Reported at the later source's `url`, naming the earlier one and where its `url` is.
    static func sharedURLWarnings(_ site: Site) -> [Diagnostic] {
        var byDocument: [String: [Source]] = [:]
        for source in site.sources {
            guard let url = source.url else { continue }
            byDocument[documentKey(url), default: []].append(source)
        }
        var warnings: [Diagnostic] = []
        for group in byDocument.values where group.count > 1 {
            let ordered = group.sorted { $0.path < $1.path }
            for (position, source) in ordered.enumerated() {
                guard let earlier = ordered[..<position].first(where: { sameDocument(source, $0) }) else { continue }
                let here = FrontMatterLocations.read(source.path)["url"] ?? SourceLocation(line: 1, column: 1)
                let there = FrontMatterLocations.read(earlier.path)["url"] ?? SourceLocation(line: 1, column: 1)
                warnings.append(Diagnostic(
                    path: source.path, line: here.line, column: here.column,
                    message: "the same url as source '\(earlier.id)' (\(earlier.path):\(there.line):\(there.column)): "
                        + "one document recorded twice counts as two sources; cite one of them, "
                        + "or give each an archive: of its own if the page changed between them",
                    isWarning: true))
            }
        }
        return warnings.sorted()
    }

    /// Two sources with one `url` are one document unless each has an `archive`, and they differ.
    private static func sameDocument(_ a: Source, _ b: Source) -> Bool {
        guard let first = a.archive, let second = b.archive else { return true }
        return documentKey(first) == documentKey(second)
    }

    /// `url` without its fragment, its scheme and host lowercased: the key two spellings of one address share.
    static func documentKey(_ url: String) -> String {
        var address = Substring(url)
        if let hash = address.firstIndex(of: "#") { address = address[..<hash] }
        guard let separator = address.range(of: "://") else { return String(address) }
        let hostEnd = address[separator.upperBound...].firstIndex { $0 == "/" || $0 == "?" } ?? address.endIndex
        return address[..<hostEnd].lowercased() + address[hostEnd...]
    }
}
