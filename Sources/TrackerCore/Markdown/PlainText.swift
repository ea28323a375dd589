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
    /// Written in place into the new string, which is never longer than `text` (each space written stands
    /// for at least one byte of whitespace read): an array append per word cost more than the scan.
    static func collapsingWhitespace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard let source = bytes.baseAddress, !bytes.isEmpty else { return "" }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                let output = buffer.baseAddress!
                let count = bytes.count
                var written = 0
                var pendingSpace = false
                var index = 0
                while index < count {
                    // Runs of plain ASCII (not whitespace) are copied in one go.
                    let runStart = index
                    while index < count, source[index] > 0x20, source[index] < 0x80 { index += 1 }
                    if index > runStart {
                        if pendingSpace {
                            output[written] = UInt8(ascii: " ")
                            written += 1
                        }
                        pendingSpace = false
                        (output + written).initialize(from: source + runStart, count: index - runStart)
                        written += index - runStart
                        continue
                    }
                    let lead = source[index]
                    // A String's bytes are valid UTF-8, so the lead byte gives the length.
                    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    let whitespace: Bool
                    if length == 1 {
                        whitespace = lead == 0x20 || (lead >= 0x09 && lead <= 0x0D)
                    } else {
                        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                        for offset in 1..<length { value = value << 6 | UInt32(source[index + offset] & 0x3F) }
                        whitespace = Unicode.Scalar(value).map(isWhitespace) ?? false
                    }
                    if whitespace {
                        pendingSpace = written > 0
                    } else {
                        if pendingSpace {
                            output[written] = UInt8(ascii: " ")
                            written += 1
                        }
                        pendingSpace = false
                        (output + written).initialize(from: source + index, count: length)
                        written += length
                    }
                    index += length
                }
                return written
            }
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
