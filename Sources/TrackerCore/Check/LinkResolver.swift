import Foundation

/// Where a URL written in the output points, as a web browser would resolve it on the published site.
enum LinkTarget: Sendable, Hashable {
    /// Another site, or a scheme other than http(s): not checked.
    case external
    /// A path on the site's host that is not under the base path, so not part of this site.
    case outsideBasePath(String)
    /// Not a URL a browser could follow (bad percent-encoding).
    case malformed
    /// A path under the base path, relative to the output folder ("" is the home page, "incidents/x/" a folder),
    /// and the fragment after `#`, percent-decoded.
    case inSite(path: String, fragment: String?)
}

/// Resolves links against `base_url` the way the published site will see them: root-relative links
/// must carry the base path, relative links are taken from the page's own address, and absolute
/// links into the same base URL count as internal.
struct LinkResolver: Sendable {
    let baseURL: String
    let basePath: String
    private let origin: String?
    /// How many characters an in-site path's base path is, decoded: what `resolve` drops from its front.
    private let decodedBasePathCount: Int
    /// The base URL's host, lowercased: an absolute link to another host is another site's.
    private let host: String?
    /// The base URL when it is made only of the characters `resolvedPlainly` reads an absolute link into it by: a
    /// scheme, a host of letters, digits, dots and hyphens, a port, and path segments of unreserved characters.
    private let plainBaseURL: [UInt8]?

    init(baseURL: String) {
        let withSlash = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.baseURL = withSlash
        let components = URLComponents(string: withSlash)
        let path = components?.percentEncodedPath ?? "/"
        basePath = path.isEmpty ? "/" : (path.hasSuffix("/") ? path : path + "/")
        origin = components.flatMap(Self.origin)
        decodedBasePathCount = basePath.removingPercentEncoding?.count ?? basePath.count
        host = origin == nil ? nil : components?.host?.lowercased()
        plainBaseURL = origin != nil && Self.isPlainBaseURL(Array(withSlash.utf8)) ? Array(withSlash.utf8) : nil
    }

    /// `http(s)://host[:port]/` and segments each ending in `/`, the host of letters, digits, dots and hyphens, the
    /// segments of unreserved characters.
    private static func isPlainBaseURL(_ url: [UInt8]) -> Bool {
        guard let authority = authorityStart(url) else { return false }
        let pathStart = url[authority...].firstIndex(of: UInt8(ascii: "/")) ?? url.count
        let hostPort = url[authority ..< pathStart]
        let hostEnd = hostPort.firstIndex(of: UInt8(ascii: ":")) ?? pathStart
        guard hostEnd > authority, url[authority ..< hostEnd].allSatisfy(isHostByte),
              url[hostEnd ..< pathStart].dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              pathStart < url.count, url.last == UInt8(ascii: "/") else { return false }
        return url[pathStart...].allSatisfy { isUnreserved($0) || $0 == UInt8(ascii: "/") }
    }

    /// Where the authority of an `http://` or `https://` link (in lowercase) starts, after its `//`.
    private static func authorityStart<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int? where Bytes.Index == Int {
        for scheme in ["http://", "https://"] where bytes.starts(with: scheme.utf8) { return bytes.startIndex + scheme.utf8.count }
        return nil
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// RFC 3986's unreserved characters: letters, digits, `-`, `.`, `_`, `~`.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        isHostByte(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    /// Whether `path` (which starts with `/`) has a `.` or `..` segment.
    private static func hasDotSegment(_ path: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        var segmentStart = path.startIndex + 1
        for index in segmentStart ... path.endIndex where index == path.endIndex || path[index] == UInt8(ascii: "/") {
            let length = index - segmentStart
            if length == 1 || length == 2, path[segmentStart] == UInt8(ascii: "."), length == 1 || path[segmentStart + 1] == UInt8(ascii: ".") {
                return true
            }
            segmentStart = index + 1
        }
        return false
    }

    /// The folder URL of an output file: `incidents/x/index.html` is at `/base/incidents/x/`.
    func directoryURL(ofFile path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return basePath + (folder.isEmpty ? "" : folder + "/")
    }

    /// Resolves `link` as written on the output file `pagePath`.
    func resolve(_ link: String, onPage pagePath: String) -> LinkTarget {
        resolvedPlainly(link, onPage: pagePath) ?? resolvedBySteps(link, onPage: pagePath)
    }

    /// What `resolvedBySteps` makes of the links a built site is mostly made of, worked out from their bytes; nil for
    /// any other link. Only printable ASCII is taken, which trimming leaves as it is, and:
    /// - a `#fragment` or a path from the site's root (`/incidents/x/`, with a query or fragment or not), without `%`,
    ///   which percent-decoding leaves as it is, and without `.` or `..` segments, which removing them leaves as it is;
    /// - an `http://` or `https://` link whose host (letters, digits, dots and hyphens) is not the base URL's: another
    ///   site's, whatever the rest of it;
    /// - the base URL itself followed by a path of unreserved characters and `/` alone (a feed's or sitemap's
    ///   address), when the base URL is of such characters too (`plainBaseURL`), without dot segments.
    /// The steps' Foundation calls (trimming, percent-decoding, splitting the path, parsing a URL) took some 6 µs a
    /// link, and a site of 10,000 long incident pages has two million links: `tracker publish` spent 12 s of CPU here.
    func resolvedPlainly(_ link: String, onPage pagePath: String) -> LinkTarget? {
        var link = link
        return link.withUTF8 { bytes -> LinkTarget? in
            var hash = bytes.count
            var query = bytes.count
            var hasPercent = false
            for (index, byte) in bytes.enumerated() {
                guard byte > 0x20, byte < 0x7F else { return nil }
                if byte == UInt8(ascii: "%") { hasPercent = true }
                if byte == UInt8(ascii: "#"), hash == bytes.count { hash = index }
                if byte == UInt8(ascii: "?"), hash == bytes.count, query == bytes.count { query = index }
            }
            if let authority = Self.authorityStart(bytes) { return absolute(bytes, authority: authority) }
            guard !hasPercent else { return nil }
            let fragment = hash < bytes.count ? String(decoding: UnsafeBufferPointer(rebasing: bytes[(hash + 1)...]), as: UTF8.self) : nil
            let end = min(hash, query)
            if end == 0 { return .inSite(path: pagePath, fragment: fragment) }
            guard bytes[0] == UInt8(ascii: "/"), end == 1 || bytes[1] != UInt8(ascii: "/"), !Self.hasDotSegment(bytes[..<end]) else { return nil }
            var resolved = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
            if resolved + "/" == basePath { resolved = basePath }
            guard resolved.hasPrefix(basePath) else { return .outsideBasePath(resolved) }
            return .inSite(path: String(resolved.dropFirst(decodedBasePathCount)), fragment: fragment)
        }
    }

    /// `resolvedPlainly` of an `http(s)://` link of printable ASCII whose authority starts at `authority`.
    private func absolute(_ bytes: UnsafeBufferPointer<UInt8>, authority: Int) -> LinkTarget? {
        var authorityEnd = authority
        while authorityEnd < bytes.count, bytes[authorityEnd] != UInt8(ascii: "/"), bytes[authorityEnd] != UInt8(ascii: "?"),
              bytes[authorityEnd] != UInt8(ascii: "#") { authorityEnd += 1 }
        let hostEnd = bytes[authority ..< authorityEnd].firstIndex(of: UInt8(ascii: ":")) ?? authorityEnd
        let linkHost = bytes[authority ..< hostEnd]
        // However URL parsing reads the rest, the origin is not the site's: the steps find the link external.
        if !linkHost.isEmpty, linkHost.allSatisfy(Self.isHostByte),
           host == nil || !linkHost.elementsEqual(host!.utf8, by: { asciiLowercase($0) == $1 }) {
            return .external
        }
        guard let base = plainBaseURL, bytes.starts(with: base),
              bytes[base.count...].allSatisfy({ Self.isUnreserved($0) || $0 == UInt8(ascii: "/") }),
              !Self.hasDotSegment(bytes[authorityEnd...]) else { return nil }
        let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[authorityEnd...]), as: UTF8.self)
        return .inSite(path: String(path.dropFirst(decodedBasePathCount)), fragment: nil)
    }

    /// Resolves `link` step by step, as a browser does: any link.
    func resolvedBySteps(_ link: String, onPage pagePath: String) -> LinkTarget {
        var rest = Substring(link.trimmingWhitespaceAndNewlines)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            guard let decoded = String(rest[rest.index(after: hash)...]).removingPercentEncoding else { return .malformed }
            fragment = decoded
            rest = rest[..<hash]
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }

        let path: String
        if Self.hasScheme(rest) || rest.hasPrefix("//") {
            let absolute = rest.hasPrefix("//") ? (URLComponents(string: baseURL)?.scheme ?? "https") + ":" + rest : String(rest)
            guard let components = URLComponents(string: absolute), let linkOrigin = Self.origin(components), linkOrigin == origin else {
                return .external
            }
            let linkPath = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
            // Another site on the same host (a parent or sibling path) is not ours to check.
            guard Self.removingDotSegments(linkPath).hasPrefix(basePath) || linkPath + "/" == basePath else { return .external }
            path = linkPath
        } else if rest.hasPrefix("/") {
            path = String(rest)
        } else if rest.isEmpty {
            return .inSite(path: pagePath, fragment: fragment)
        } else {
            path = directoryURL(ofFile: pagePath) + rest
        }

        var resolved = Self.removingDotSegments(path)
        if resolved + "/" == basePath { resolved = basePath }
        guard let decoded = resolved.removingPercentEncoding else { return .malformed }
        guard resolved.hasPrefix(basePath) else { return .outsideBasePath(decoded) }
        return .inSite(path: String(decoded.dropFirst(decodedBasePathCount)), fragment: fragment)
    }

    /// Whether `text` starts with a URL scheme and its colon: an ASCII letter, then ASCII letters, digits,
    /// "+", "-" or ".", then ":" (a character of its own). Read as bytes: a link of every body is asked, and
    /// reading it as characters cost thousands of instructions each.
    static func hasScheme(_ text: Substring) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            guard let first = bytes.first, isASCIILetter(first) else { return false }
            var index = 1
            while index < bytes.count, isSchemeByte(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            // A colon followed by ASCII (or nothing) is a character of its own; one followed by anything else
            // may carry a combining mark, so the characters decide.
            if index + 1 < bytes.count, bytes[index + 1] >= 0x80 { return nil }
            return true
        } ?? hasSchemeByCharacters(text)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// `hasScheme` read a character at a time (the rule's own statement), for a colon followed by non-ASCII text.
    static func hasSchemeByCharacters(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":"), let first = text.first, first.isASCII, first.isLetter else { return false }
        return text[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// `https://example.org:443`, lowercased, with the default port spelled out; nil for schemes other than http(s).
    static func origin(_ components: URLComponents) -> String? {
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host?.lowercased(), !host.isEmpty else { return nil }
        return "\(scheme)://\(host):\(components.port ?? (scheme == "https" ? 443 : 80))"
    }

    /// RFC 3986 section 5.2.4, for paths that start with "/": `/a/b/../c/./` becomes `/a/c/`.
    static func removingDotSegments(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var output: [Substring] = []
        for (offset, segment) in segments.enumerated() {
            let isLast = offset == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return "/" + output.joined(separator: "/")
    }
}
