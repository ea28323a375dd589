import TrackerCore

/// A request target reduced to a key of the served site, or rejected.
///
/// Every segment is percent-decoded once and must then be a plain name: no `.` or `..`, no `/`,
/// `\` or NUL inside it, no empty segment in the middle. Anything else is "not found", so no
/// spelling of a path can name a file outside the output, whatever the client did or did not normalise.
public struct RequestPath: Sendable, Equatable {
    /// Decoded segments, e.g. ["incidents", "x"] for `/incidents/x/`.
    public let segments: [String]
    /// True when the target ended with `/` (or is the root).
    public let isDirectory: Bool
    /// The query string with its `?`, or empty; kept on redirects.
    public let query: String

    /// Parses the raw target of an HTTP request line (`/a/b/?q`); nil when it must be a 404.
    public init?(target: String) {
        var path = Substring(target)
        if let hash = path.firstIndex(of: "#") { path = path[..<hash] }
        var query = ""
        if let mark = path.firstIndex(of: "?") {
            query = String(path[mark...])
            path = path[..<mark]
        }
        // Only origin-form (`/path`): absolute-form and `*` are not for a preview server.
        guard path.first == "/" else { return nil }
        var raw = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        let isDirectory = raw.last == "" || raw.isEmpty
        if raw.last == "" { raw.removeLast() }
        var segments: [String] = []
        for piece in raw {
            guard let decoded = Self.percentDecode(piece), Self.isPlainName(decoded) else { return nil }
            segments.append(decoded)
        }
        self.segments = segments
        self.isDirectory = isDirectory
        self.query = query
    }

    /// The path under the site root, with its trailing slash for a directory: `a/b/`, `a/b`, "" for the root.
    public var location: String {
        let joined = segments.joined(separator: "/")
        return isDirectory && !joined.isEmpty ? joined + "/" : joined
    }

    /// The served file this path names (`Route.outputPath(of:)`): `a/b/index.html` for a directory, `a/b` otherwise.
    public var key: String { Route.outputPath(of: location) }

    /// The same path with a trailing slash, percent-encoded again, for the pretty-URL redirect.
    public var directoryLocation: String {
        "/" + segments.map(Self.percentEncode).joined(separator: "/") + "/" + query
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".."
            && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0 == "\0" }
    }

    /// Decodes `%XX` escapes once; nil for a malformed escape or bytes that are not UTF-8.
    static func percentDecode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func percentEncode(_ segment: String) -> String {
        var result = ""
        for byte in segment.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~!$&'()*+,;=:@".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
