import Ccmark

/// What a reader sees of an inline subtree, without markup, raw HTML or citation markers.
enum PlainText {
    static func of(_ node: CmarkNode) -> String {
        guard let iterator = cmark_iter_new(node.raw) else { return "" }
        defer { cmark_iter_free(iterator) }
        // The pieces are gathered as bytes and made a String once, instead of one String append per node.
        var bytes: [UInt8] = []
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER else { continue }
            let child = CmarkNode(cmark_iter_get_node(iterator))
            switch child.type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                bytes.append(contentsOf: child.literal)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                bytes.append(UInt8(ascii: " "))
            default:
                break
            }
        }
        return collapsingWhitespace(String(decoding: bytes, as: UTF8.self))
    }

    /// Runs of whitespace become one space; none at either end.
    /// Walks the UTF-8 bytes: ASCII directly, other scalars decoded only to ask whether they are whitespace.
    static func collapsingWhitespace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                // Runs of plain ASCII (not whitespace) are copied in one go.
                let runStart = index
                while index < bytes.count, bytes[index] > 0x20, bytes[index] < 0x80 { index += 1 }
                if index > runStart {
                    if pendingSpace { result.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    continue
                }
                let lead = bytes[index]
                // A String's bytes are valid UTF-8, so the lead byte gives the length.
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                let whitespace: Bool
                if length == 1 {
                    whitespace = lead == 0x20 || (lead >= 0x09 && lead <= 0x0D)
                } else {
                    var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                    whitespace = Unicode.Scalar(value).map(isWhitespace) ?? false
                }
                if whitespace {
                    pendingSpace = !result.isEmpty
                } else {
                    if pendingSpace { result.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    for offset in 0..<length { result.append(bytes[index + offset]) }
                }
                index += length
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// ASCII answered without the (comparatively slow) Unicode property lookup.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D: true
        case 0..<0x80: false
        default: scalar.properties.isWhitespace
        }
    }
}
