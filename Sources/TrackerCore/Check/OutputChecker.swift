import Foundation

/// Checks a built site as a visitor would find it: every internal `href`, `src` and meta-refresh URL of
/// every HTML page resolves to a file in the output (a folder URL to its `index.html`), every `#fragment`
/// to an element with that id on the target page, and every XML file (feed, sitemap) is well-formed
/// with absolute URLs under `base_url` that resolve too, and no page gives two elements the same id.
/// Links to other sites are not followed.
///
/// Diagnostics name the page as `prefix + path`, with the line and column of the URL in that file.
public struct OutputChecker: Sendable {
    let resolver: LinkResolver

    public var baseURL: String { resolver.baseURL }

    public init(baseURL: String) {
        resolver = LinkResolver(baseURL: baseURL)
    }

    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Checks files held in memory, by path relative to the output folder. Returns the problems sorted; none means the site is sound.
    ///
    /// A page's start tags are read once, for its ids and links, and not kept: nor is a copy of its bytes, which
    /// are read where they are held when a link is broken (for its line) and for repeated ids. Holding every
    /// page's bytes twice and all its tags made `tracker publish` of 10,000 long incident pages need 2.3 GB.
    public func check(_ files: [(path: String, data: Data)], pathPrefix: String = "") -> [Diagnostic] {
        let paths = Set(files.map(\.path))
        let pageIndices = files.indices.filter { files[$0].path.hasSuffix(".html") || files[$0].path.hasSuffix(".htm") }
        let pages = pageIndices.parallelMap { index in ScannedPage(path: files[index].path, bytes: [UInt8](files[index].data)) }
        let ids = Dictionary(uniqueKeysWithValues: pages.map { ($0.path, $0.ids) })
        let site = CheckedSite(paths: paths, ids: ids, resolver: resolver, prefix: pathPrefix)
        let pageProblems = pages.indices.parallelMap(startingAt: 0) { position in
            files[pageIndices[position]].data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return site.checkLinks(of: pages[position], bytes: bytes) + DuplicateIDs.diagnostics(path: pathPrefix + pages[position].path, bytes: bytes)
            }
        }
        // Feeds and sitemaps, each on the next core free.
        let xmlProblems = files.indices.filter { files[$0].path.hasSuffix(".xml") }.parallelMap { site.checkXML(files[$0].path, files[$0].data) }
        return (pageProblems.flatMap { $0 } + xmlProblems.flatMap { $0 }).sorted()
    }

    /// Reads every file under `directory` (hidden files too) and checks them; diagnostics name files as `directory/path`.
    public func check(directory: String) throws(ReadError) -> [Diagnostic] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw ReadError(description: "cannot read \(directory)")
        }
        var files: [(path: String, data: Data)] = []
        for case let path as String in enumerator where enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
            do {
                files.append((path, try Data(contentsOf: URL(fileURLWithPath: directory + "/" + path))))
            } catch {
                throw ReadError(description: "cannot read \(directory)/\(path): \(error.localizedDescription)")
            }
        }
        return check(files, pathPrefix: directory.hasSuffix("/") ? directory : directory + "/")
    }
}

/// What the checker keeps of one HTML page: the ids other pages point at and the URLs it links to, read from its
/// start tags once.
struct ScannedPage: Sendable {
    static let attributes: Set<String> = ["href", "src", "id", "name", "http-equiv", "content"]

    let path: String
    let ids: Set<String>
    /// The URLs a browser would follow or load: href (except `<base>`), src, and a meta refresh target.
    let links: [HTMLAttribute]

    init(path: String, bytes: [UInt8]) {
        self.path = path
        var ids: Set<String> = []
        var links: [HTMLAttribute] = []
        for tag in HTMLTagScanner.startTags(in: bytes, keeping: Self.attributes) {
            if let id = tag.attribute("id") { ids.insert(id.value) }
            if tag.name == "a", let name = tag.attribute("name") { ids.insert(name.value) }
            if tag.name != "base", let href = tag.attribute("href") { links.append(href) }
            if let src = tag.attribute("src") { links.append(src) }
            if tag.name == "meta", tag.attribute("http-equiv")?.value.lowercased() == "refresh",
               let content = tag.attribute("content"), let url = MetaRefresh.url(in: content.value) {
                links.append(HTMLAttribute(name: "content", value: url, offset: content.offset))
            }
        }
        self.ids = ids
        self.links = links
    }
}
