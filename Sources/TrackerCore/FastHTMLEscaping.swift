import Mustache

/// The same escaping as swift-mustache's HTML content type (& < > " ' → &amp; &lt; &gt; &quot; &#39;),
/// done on UTF-8 bytes: the library's walks Characters through a dictionary, which was a quarter of
/// the build time of a large site. Most values have nothing to escape and come back untouched.
struct FastHTMLContentType: MustacheContentType {
    static let name = "TRACKER_HTML"
    /// The pragma the theme loader puts before every template, so every template and partial uses it.
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"

    static let registered: Void = MustacheContentTypes.register(FastHTMLContentType(), named: name)

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard let first = bytes.firstIndex(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else {
                return String(decoding: bytes, as: UTF8.self)
            }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            output.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                switch byte {
                case 38: output.append(contentsOf: [38, 97, 109, 112, 59])  // &amp;
                case 60: output.append(contentsOf: [38, 108, 116, 59])  // &lt;
                case 62: output.append(contentsOf: [38, 103, 116, 59])  // &gt;
                case 34: output.append(contentsOf: [38, 113, 117, 111, 116, 59])  // &quot;
                case 39: output.append(contentsOf: [38, 35, 51, 57, 59])  // &#39;
                default: output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
