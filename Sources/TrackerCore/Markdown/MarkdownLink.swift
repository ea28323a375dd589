import Foundation

/// An internal link or image of a Markdown body, where it was written: what the build checks resolves.
public struct MarkdownLink: Sendable, Hashable {
    /// The URL as written ("map.png", "../other/#scope", "#background").
    public let url: String
    /// The URL in the HTML: root-relative with the base path ("/incidents/x/map.png"), or "#fragment" on the same page.
    public let target: String
    public let isImage: Bool
    /// File line and column (in Unicode scalars) of the link's "[" or the image's "!".
    public let line: Int
    public let column: Int
}

/// How a body's links are rewritten and recorded, for the item whose page it is on.
///
/// A relative URL is taken from the page's own folder (as a browser would on the page, `incidents/x/`),
/// and a root-relative one from the site root; both are written into the HTML root-relative with the base
/// path, so they work wherever the body is shown (lists and feeds show summaries on other pages) and
/// when the site is published under a sub-path. Links to other sites, `mailto:` and the like are left alone.
public struct MarkdownLinks: Sendable {
    /// The page's location under the site root: "incidents/x/".
    let pageLocation: String
    /// The file line of the body's first line: recorded positions are the file's.
    let firstLine: Int
    /// The SHA-256 (hex) of a file beside the page, by its location under the site root, decoded
    /// ("incidents/x/court order.pdf"); nil when there is no such file.
    let digest: @Sendable (String) -> String?

    /// The root-relative target of an internal URL, or nil for one left as written (another site, a scheme).
    func target(of url: String, basePath: String) -> String? {
        if url.isEmpty || url.hasPrefix("//") || LinkResolver.hasScheme(Substring(url)) { return nil }
        if url.hasPrefix("#") { return url }
        let suffixStart = url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex
        let path = url[..<suffixStart]
        let resolved = path.hasPrefix("/") ? String(path) : LinkResolver.removingDotSegments("/" + pageLocation + path)
        return basePath + resolved.dropFirst() + url[suffixStart...]
    }

    /// The digest of the file a target (as `target(of:)` gives it) names beside the page, if it is one.
    func digest(ofTarget target: String, basePath: String) -> String? {
        guard target.hasPrefix(basePath) else { return nil }
        var location = target.dropFirst(basePath.count)
        if let end = location.firstIndex(where: { $0 == "?" || $0 == "#" }) { location = location[..<end] }
        guard location.hasPrefix(pageLocation), location.count > pageLocation.count,
              let decoded = String(location).removingPercentEncoding else { return nil }
        return digest(decoded)
    }
}

/// The HTML put after a link to a file beside the page: its SHA-256, so a reader can check the copy they downloaded.
enum FileDigestHTML {
    static func html(_ hex: String) -> String {
        " <span class=\"file-digest\">(SHA-256: <code>\(hex)</code>)</span>"
    }
}
