/// Decodes the character references of an HTML attribute value (`&amp;`, `&#39;`, `&#x2F;`).
/// Named references are limited to those a URL or an id can plausibly hold; any other is left as written.
enum CharacterReferences {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "sol": "/", "colon": ":", "num": "#", "quest": "?", "equals": "=", "percnt": "%", "plus": "+", "period": ".",
    ]

    static func decode<Bytes: Collection<UInt8>>(_ raw: Bytes) -> String where Bytes.Index == Int {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "&"), let (text, next) = reference(in: raw, at: index) {
                output += Array(text.utf8)
                index = next
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The text of the reference starting at `start` (an `&`) and the index after it; nil when it is not one.
    private static func reference<Bytes: Collection<UInt8>>(in raw: Bytes, at start: Int) -> (String, Int)? where Bytes.Index == Int {
        guard let semicolon = raw[start...].prefix(34).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let body = String(decoding: raw[(start + 1)..<semicolon], as: UTF8.self)
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            guard let value else { return nil }
            // Browsers replace NUL, surrogates and values past U+10FFFF with U+FFFD.
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (String(scalar ?? "\u{FFFD}"), semicolon + 1)
        }
        guard let text = named[body] else { return nil }
        return (text, semicolon + 1)
    }
}
