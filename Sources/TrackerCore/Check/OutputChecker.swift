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
        let paths = Set(files.map(\.path))
        let pages = files.filter { $0.path.hasSuffix(".html") || $0.path.hasSuffix(".htm") }.parallelMap { file in
            ScannedPage(path: file.path, bytes: [UInt8](file.data))
        }
        let ids = Dictionary(uniqueKeysWithValues: pages.map { ($0.path, $0.ids) })
        let site = CheckedSite(paths: paths, ids: ids, resolver: resolver, prefix: pathPrefix)
        var diagnostics = pages.parallelMap {
            site.checkLinks(of: $0) + DuplicateIDs.diagnostics(path: pathPrefix + $0.path, bytes: $0.bytes)
        }.flatMap { $0 }
        for file in files where file.path.hasSuffix(".xml") {
            diagnostics += site.checkXML(file.path, file.data)
        }
        return diagnostics.sorted()
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

/// One HTML page's start tags, read once and used both for its links and for the ids other pages point at.
struct ScannedPage: Sendable {
    static let attributes: Set<String> = ["href", "src", "id", "name", "http-equiv", "content"]

    let path: String
    let bytes: [UInt8]
    let tags: [HTMLStartTag]

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        tags = HTMLTagScanner.startTags(in: bytes, keeping: Self.attributes)
    }

    var ids: Set<String> {
        var ids: Set<String> = []
        for tag in tags {
            if let id = tag.attribute("id") { ids.insert(id.value) }
            if tag.name == "a", let name = tag.attribute("name") { ids.insert(name.value) }
        }
        return ids
    }

    /// The URLs a browser would follow or load: href (except `<base>`), src, and a meta refresh target.
    var links: [HTMLAttribute] {
        var links: [HTMLAttribute] = []
        for tag in tags {
            if tag.name != "base", let href = tag.attribute("href") { links.append(href) }
            if let src = tag.attribute("src") { links.append(src) }
            if tag.name == "meta", tag.attribute("http-equiv")?.value.lowercased() == "refresh",
               let content = tag.attribute("content"), let url = MetaRefresh.url(in: content.value) {
                links.append(HTMLAttribute(name: "content", value: url, offset: content.offset))
            }
        }
        return links
    }
}
