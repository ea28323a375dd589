/// The links to the routes of one site (`Route`), so pages and link checks agree.
/// Internal links are root-relative with the base path (`/tracker/incidents/x/`), so a site
/// published under a sub-path works; feeds and sitemaps use absolute URLs.
struct SiteURLs: Sendable {
    let root: String
    let base: String
    /// The language the links are in: nil for the default language (at the root), else another one's code (under `<code>/`).
    let language: String?

    init(config: SiteConfig, language: String? = nil) {
        root = config.basePath
        base = config.baseURL
        self.language = language
    }

    /// The root-relative link to a route: `/tracker/incidents/x/` (`/tracker/ur/incidents/x/` in Urdu).
    func url(for route: Route) -> String { .concatenating(root, Self.encoded(route.inLanguage(language).location)) }

    /// The absolute link to a route: `https://example.org/tracker/incidents/x/`.
    func absoluteURL(for route: Route) -> String { .concatenating(base, Self.encoded(route.inLanguage(language).location)) }

    /// The same links in another language of the site (nil: the default).
    func inLanguage(_ code: String?) -> SiteURLs {
        SiteURLs(root: root, base: base, language: code)
    }

    private init(root: String, base: String, language: String?) {
        self.root = root
        self.base = base
        self.language = language
    }

    /// A location with its non-ASCII characters (ids and slugs in other scripts) percent-encoded as UTF-8,
    /// so every link is a valid URL in pages, feeds, the sitemap and the exports. The output file keeps its
    /// UTF-8 name, which web servers find from the encoded path. ASCII locations are returned as they are.
    static func encoded(_ location: String) -> String {
        if ByteWords.isASCII(location) { return location }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(location.utf8.count * 3)
        for byte in location.utf8 {
            if byte < 0x80 {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The absolute form of a root-relative URL: its bytes after the root put after the base's. Asked for the
    /// canonical link of every page and an incident's citations: dropping the root as characters (grapheme
    /// breaking every one) and joining a substring cost more than the rest of the link's making.
    func absolute(_ path: String) -> String {
        var base = base, path = path
        let rootCount = root.utf8.count
        return base.withUTF8 { base in
            path.withUTF8 { path in
                // Every link this site makes starts with its root; any other path keeps its old, character-wise reading.
                guard path.count >= rootCount, root.utf8.elementsEqual(path[..<rootCount]) else { return nil }
                let rest = UnsafeBufferPointer(rebasing: path[rootCount...])
                return String(unsafeUninitializedCapacity: base.count + rest.count) { output in
                    let (_, afterBase) = output.initialize(from: base)
                    _ = UnsafeMutableBufferPointer(rebasing: output[afterBase...]).initialize(from: rest)
                    return base.count + rest.count
                }
            }
        } ?? self.base + path.dropFirst(root.count)
    }
}
