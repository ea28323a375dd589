import Ccmark

/// What a reader sees of an inline subtree, without markup, raw HTML or citation markers.
enum PlainText {
    static func of(_ node: CmarkNode) -> String {
        guard let iterator = cmark_iter_new(node.raw) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER else { continue }
            let child = CmarkNode(cmark_iter_get_node(iterator))
            switch child.type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                text += String(decoding: child.literal, as: UTF8.self)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return collapsingWhitespace(text)
    }

    /// Runs of whitespace become one space; none at either end.
    static func collapsingWhitespace(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(UInt8(ascii: " ")) }
            pendingSpace = false
            if scalar.isASCII {
                result.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { result.append($0) }
            }
        }
        return String(decoding: result, as: UTF8.self)
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
