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
        var urlLocations: [String: SourceLocation] = [:]
        func urlLocation(_ path: String) -> SourceLocation {
            if let known = urlLocations[path] { return known }
            let location = FrontMatterLocations.read(path)["url"] ?? SourceLocation(line: 1, column: 1)
            urlLocations[path] = location
            return location
        }
        for group in byDocument.values where group.count > 1 {
            let ordered = group.sorted { $0.path < $1.path }
            // The first earlier source that is the same document: any without an archive when this one has none,
            // else one without an archive or with the same archive. Found through the first of each kind so far: a page archived thousands of
            // times, each source with its own archive, compared each with all before it (50 s for 4,000).
            var firstWithoutArchive: Int?
            var firstWithArchive: [String: Int] = [:]
            for (position, source) in ordered.enumerated() {
                let archiveKey = source.archive.map(documentKey)
                let earlierIndex: Int? = if let archiveKey {
                    [firstWithoutArchive, firstWithArchive[archiveKey]].compactMap { $0 }.min()
                } else {
                    position > 0 ? 0 : nil
                }
                if let archiveKey {
                    if firstWithArchive[archiveKey] == nil { firstWithArchive[archiveKey] = position }
                } else if firstWithoutArchive == nil {
                    firstWithoutArchive = position
                }
                guard let earlierIndex else { continue }
                let earlier = ordered[earlierIndex]
                let here = urlLocation(source.path), there = urlLocation(earlier.path)
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

    /// `url` without its fragment, its scheme and host lowercased: the key two spellings of one address share.
    static func documentKey(_ url: String) -> String {
        var address = Substring(url)
        if let hash = address.firstIndex(of: "#") { address = address[..<hash] }
        guard let separator = address.range(of: "://") else { return String(address) }
        let hostEnd = address[separator.upperBound...].firstIndex { $0 == "/" || $0 == "?" } ?? address.endIndex
        return address[..<hostEnd].lowercased() + address[hostEnd...]
    }
}
