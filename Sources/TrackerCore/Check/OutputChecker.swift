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
        let scanner = scanner(paths: files.paths, pathPrefix: pathPrefix)
        let scanned = files.indices.parallelMap(startingAt: 0) { index in
            Result { () throws(SiteFiles.ReadError) in
                // Only pages, feeds and sitemaps are read: nothing is kept of any other file.
                Self.isScanned(files.paths[index]) ? scanner.scan(index, try files.read(index)) : ScannedFile.nothing
            }
        }
        return try scanner.problems(of: scanned.map { result throws(SiteFiles.ReadError) in try result.get() }, reading: files.read)
    }

    /// The check of a site whose files are at `paths` (relative to the output folder), before any is read: each file is
    /// then scanned (`Scanner.scan`), on any thread, and the site's problems are found once every file is.
    public func scanner(paths: [String], pathPrefix: String = "") -> Scanner {
        Scanner(paths: paths, site: CheckedSite(paths: Set(paths), ids: [:], resolver: resolver, prefix: pathPrefix))
    }

    /// What the check keeps of one file, read (or rendered) once: a page's ids, the links of a page, feed or sitemap
    /// that wait for another page's ids, and what is already found wrong with it; nothing of any other file.
    public struct ScannedFile: Sendable {
        /// The page's ids; nil for a file that is not a page.
        let ids: Set<String>?
        /// The page's links to a fragment of another page, judged once every page's ids are known.
        let waiting: [ScannedPage.Link]
        /// The feed's or sitemap's URLs to a fragment of a page, judged once every page's ids are known.
        let waitingURLs: [XMLURL]
        /// What was found wrong as the file was scanned: a page's repeated ids and broken links, a feed's or sitemap's
        /// XML errors and bad URLs.
        let problems: [Diagnostic]

        static let nothing = ScannedFile(ids: nil, waiting: [], waitingURLs: [], problems: [])
    }

    /// Whether `scan` keeps anything of the file at `path`: pages, feeds and sitemaps.
    public static func isScanned(_ path: String) -> Bool {
        isPage(path) || path.hasSuffix(".xml")
    }

    /// Whether the file at `path` is an HTML page, whose ids a fragment is looked up in.
    static func isPage(_ path: String) -> Bool {
        path.hasSuffix(".html") || path.hasSuffix(".htm")
    }

    /// Checks a site's files one at a time as they are read or rendered, knowing every file's path beforehand.
    public struct Scanner: Sendable {
        /// Each file's path relative to the site's root; files are named by their index in it.
        public let paths: [String]
        /// Every file, and no page's ids.
        let site: CheckedSite

        /// Reads the file at `index` for the check; any thread may scan any file. A feed or sitemap is parsed there and
        /// then, and its URLs judged as a page's links are.
        ///
        /// A page's start tags are read once, for its ids and links, and not kept. Every link is judged there and then
        /// (the paths of the site are known, and so are the page's own ids) except a link to a fragment of another
        /// page, which waits for that page's ids: a broken link is placed (line and column) in the bytes at hand.
        /// Keeping every link of every page until the whole site was scanned made a publish of 10,000 long incident
        /// pages take 400 MB instead of 295 MB, and holding every page's bytes and tags 2.3 GB.
        public func scan(_ index: Int, _ data: Data) -> ScannedFile {
            let path = paths[index]
            if OutputChecker.isPage(path) {
                // Read where they are, not copied.
                return data.withUnsafeBytes { raw in
                    let bytes = raw.bindMemory(to: UInt8.self)
                    let page = ScannedPage(bytes: bytes)
                    var waiting: [ScannedPage.Link] = []
                    var broken: [(link: ScannedPage.Link, problem: String)] = []
                    for link in page.links {
                        switch site.verdict(on: link.value, page: path, pageIDs: page.ids) {
                        case .sound: continue
                        case .waiting: waiting.append(link)
                        case .broken(let problem): broken.append((link, problem))
                        }
                    }
                    // Kept until the whole site is scanned: copied into a list of its exact length.
                    return ScannedFile(ids: page.ids, waiting: waiting.map { $0 }, waitingURLs: [],
                                       problems: DuplicateIDs.diagnostics(path: site.prefix + path, bytes: bytes)
                                           + site.diagnostics(for: broken, on: path, bytes: bytes))
                }
            }
            guard path.hasSuffix(".xml") else { return .nothing }
            let (problems, waiting) = site.scanXML(path, data)
            return ScannedFile(ids: nil, waiting: [], waitingURLs: waiting, problems: problems)
        }

        /// The problems of the site once every file was scanned (`scanned`, in the order of `paths`), sorted. `reading`
        /// gives a page's bytes again when a link to another page's fragment is broken, to place it.
        public func problems<Failure: Error>(of scanned: [ScannedFile], reading: @Sendable (Int) throws(Failure) -> Data) throws(Failure) -> [Diagnostic] {
            var ids: [String: Set<String>] = [:]
            for (index, file) in scanned.enumerated() { if let pageIDs = file.ids { ids[paths[index]] = pageIDs } }
            let site = CheckedSite(paths: site.paths, ids: ids, resolver: site.resolver, prefix: site.prefix)
            let linkProblems = scanned.indices.filter { !scanned[$0].waiting.isEmpty }.parallelMap { [paths] index in
                Result { () throws(Failure) -> [Diagnostic] in
                    let broken = site.brokenLinks(scanned[index].waiting, on: paths[index])
                    guard !broken.isEmpty else { return [] }
                    return try reading(index).withUnsafeBytes { raw in
                        site.diagnostics(for: broken, on: paths[index], bytes: raw.bindMemory(to: UInt8.self))
                    }
                }
            }
            var problems = scanned.flatMap(\.problems)
            for result in linkProblems { problems += try result.get() }
            for (index, file) in scanned.enumerated() {
                for url in file.waitingURLs {
                    guard let problem = site.urlProblem(url.url, in: paths[index]) else { continue }
                    problems.append(Diagnostic(path: site.prefix + paths[index], line: url.line, column: url.column, message: problem))
                }
            }
            return problems.sorted()
        }
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

/// An HTML page's ids and the URLs it links to, read from its start tags once (and judged at once by `Scanner.scan`).
struct ScannedPage: Sendable {
    static let attributes: Set<String> = ["href", "src", "id", "name", "http-equiv", "content"]
    private static let kept = HTMLTagScanner.KeptAttributes(attributes)

    let ids: Set<String>
    /// The URLs a browser would follow or load: href (except `<base>`), src, and a meta refresh target.
    let links: [Link]

    /// A URL of the page, and where its attribute's value starts in the page's bytes. A link to another page's
    /// fragment is kept until the whole site is scanned: without the attribute's name, in a list of its exact length.
    struct Link: Sendable {
        let value: String
        let offset: Int
    }

    init(bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { ScannedPage(bytes: $0) }
    }

    /// Each start tag is read once, as it comes: no list of them is made.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        var ids: Set<String> = []
        var links: [HTMLAttribute] = []
        HTMLTagScanner.forEachStartTag(in: bytes, keeping: Self.kept, skippingBare: true) { tag in
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
