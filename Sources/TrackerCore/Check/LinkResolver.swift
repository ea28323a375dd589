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

    init(baseURL: String) {
        let withSlash = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.baseURL = withSlash
        let components = URLComponents(string: withSlash)
        let path = components?.percentEncodedPath ?? "/"
        basePath = path.isEmpty ? "/" : (path.hasSuffix("/") ? path : path + "/")
        origin = components.flatMap(Self.origin)
    }

    /// The folder URL of an output file: `incidents/x/index.html` is at `/base/incidents/x/`.
    func directoryURL(ofFile path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return basePath + (folder.isEmpty ? "" : folder + "/")
    }

    /// Resolves `link` as written on the output file `pagePath`.
    func resolve(_ link: String, onPage pagePath: String) -> LinkTarget {
        var rest = Substring(link.trimmingCharacters(in: .whitespacesAndNewlines))
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
        return .inSite(path: String(decoded.dropFirst(basePath.removingPercentEncoding?.count ?? basePath.count)), fragment: fragment)
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
