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
    public func check(_ files: [(path: String, data: Data)], pathPrefix: String = "") -> [Diagnostic] {
        do {
            return try check(SiteFiles(files), pathPrefix: pathPrefix)
        } catch {
            preconditionFailure("files held in memory are always read: \(error)")
        }
    }

    /// Checks a site's files, by path relative to the output folder. Returns the problems sorted; none means the
    /// site is sound. Throws when a file cannot be read.
    public func check(_ files: SiteFiles, pathPrefix: String = "") throws(SiteFiles.ReadError) -> [Diagnostic] {
        let scanned = files.indices.parallelMap(startingAt: 0) { index in
            Result { () throws(SiteFiles.ReadError) in
                // Only pages, feeds and sitemaps are read: nothing is kept of any other file.
                Self.isScanned(files.paths[index]) ? scan(files.paths[index], try files.read(index), pathPrefix: pathPrefix) : ScannedFile.nothing
            }
        }
        return try problems(of: scanned.map { result throws(SiteFiles.ReadError) in try result.get() }, paths: files.paths,
                            pathPrefix: pathPrefix, reading: files.read)
    }

    /// What the check keeps of one file, read (or rendered) once: a page's ids and links and its repeated ids; a feed's
    /// or sitemap's bytes; nothing of any other file.
    public struct ScannedFile: Sendable {
        let page: ScannedPage?
        let repeatedIDs: [Diagnostic]
        let xml: Data?

        static let nothing = ScannedFile(page: nil, repeatedIDs: [], xml: nil)
    }

    /// Whether `scan` keeps anything of the file at `path`: pages, feeds and sitemaps.
    public static func isScanned(_ path: String) -> Bool {
        path.hasSuffix(".html") || path.hasSuffix(".htm") || path.hasSuffix(".xml")
    }

    /// Reads one file of the site for the check (`problems(of:…)`); any thread may scan any file.
    ///
    /// A page's start tags are read once, for its ids and links, and not kept: nor are its bytes, which are read
    /// again only when one of its links is broken, for the link's line. Holding every page's bytes twice and all its
    /// tags made `tracker publish` of 10,000 long incident pages need 2.3 GB.
    public func scan(_ path: String, _ data: Data, pathPrefix: String = "") -> ScannedFile {
        if path.hasSuffix(".html") || path.hasSuffix(".htm") {
            let bytes = [UInt8](data)
            return ScannedFile(page: ScannedPage(path: path, bytes: bytes),
                               repeatedIDs: bytes.withUnsafeBufferPointer { DuplicateIDs.diagnostics(path: pathPrefix + path, bytes: $0) },
                               xml: nil)
        }
        return path.hasSuffix(".xml") ? ScannedFile(page: nil, repeatedIDs: [], xml: data) : .nothing
    }

    /// The problems of a site whose files (`paths`) were scanned, in the same order, sorted. `reading` gives a page's
    /// bytes again when one of its links is broken.
    public func problems<Failure: Error>(of scanned: [ScannedFile], paths: [String], pathPrefix: String = "",
                                         reading: @Sendable (Int) throws(Failure) -> Data) throws(Failure) -> [Diagnostic] {
        let pageIndices = scanned.indices.filter { scanned[$0].page != nil }
        let ids = Dictionary(uniqueKeysWithValues: pageIndices.map { (paths[$0], scanned[$0].page!.ids) })
        let site = CheckedSite(paths: Set(paths), ids: ids, resolver: resolver, prefix: pathPrefix)
        let linkProblems = pageIndices.parallelMap { index in
            Result { () throws(Failure) -> [Diagnostic] in
                let page = scanned[index].page!
                let broken = site.brokenLinks(of: page)
                guard !broken.isEmpty else { return [] }
                return try reading(index).withUnsafeBytes { raw in
                    site.diagnostics(for: broken, on: page, bytes: raw.bindMemory(to: UInt8.self))
                }
            }
        }
        // Feeds and sitemaps, each on the next core free.
        let xmlProblems = scanned.indices.filter { scanned[$0].xml != nil }.parallelMap { site.checkXML(paths[$0], scanned[$0].xml!) }
        var problems = scanned.flatMap(\.repeatedIDs)
        for result in linkProblems { problems += try result.get() }
        return (problems + xmlProblems.flatMap { $0 }).sorted()
    }

    /// Reads every file under `directory` (hidden files too) and checks them; diagnostics name files as `directory/path`.
    public func check(directory: String) throws(ReadError) -> [Diagnostic] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw ReadError(description: "cannot read \(directory)")
        }
        var paths: [String] = []
        for case let path as String in enumerator where enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
            paths.append(path)
        }
        do {
            return try check(SiteFiles(paths: paths, in: directory), pathPrefix: directory.hasSuffix("/") ? directory : directory + "/")
        } catch {
            throw ReadError(description: error.description)
        }
    }
}

/// What the checker keeps of one HTML page: the ids other pages point at and the URLs it links to, read from its
/// start tags once.
struct ScannedPage: Sendable {
    static let attributes: Set<String> = ["href", "src", "id", "name", "http-equiv", "content"]

    let path: String
    let ids: Set<String>
    /// The URLs a browser would follow or load: href (except `<base>`), src, and a meta refresh target.
    let links: [Link]

    /// A URL of the page, and where its attribute's value starts in the page's bytes. Kept for every link of every
    /// page until the whole site is scanned: without the attribute's name, in a list of its exact length (a list
    /// grown by appending held up to twice the room, and the name; 116 MB of a publish of 10,000 long incident pages).
    struct Link: Sendable {
        let value: String
        let offset: Int
    }

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
        self.links = links.map { Link(value: $0.value, offset: $0.offset) }
    }
}
