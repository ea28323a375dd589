/// The bits of CommonMark inline syntax that turn source bytes into different literal bytes.
enum MarkdownSyntax {
    struct Entity {
        enum Value { case scalar(Unicode.Scalar), named }
        /// Just after the ";".
        var end: Int
        var value: Value

        var isOpeningBracket: Bool {
            switch value {
            case .scalar(let scalar): scalar == "["
            case .named: false
            }
        }
    }

    /// Backslash escapes apply to exactly these (CommonMark "ASCII punctuation character").
    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (byte >= 0x21 && byte <= 0x2F) || (byte >= 0x3A && byte <= 0x40)
            || (byte >= 0x5B && byte <= 0x60) || (byte >= 0x7B && byte <= 0x7E)
    }

    /// An entity reference starting at the "&" at `start`, shaped as cmark accepts it.
    static func entity(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Entity? {
        var index = start + 1
        guard index < end else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let isHex = index < end && (bytes[index] == UInt8(ascii: "x") || bytes[index] == UInt8(ascii: "X"))
            if isHex { index += 1 }
            let digitsStart = index
            var value: UInt32 = 0
            while index < end, let digit = digitValue(bytes[index], hex: isHex) {
                value = min(value * (isHex ? 16 : 10) + digit, 0x110000)
                index += 1
            }
            let digits = index - digitsStart
            guard digits >= 1, digits <= (isHex ? 6 : 7), index < end, bytes[index] == UInt8(ascii: ";") else { return nil }
            // cmark turns NUL, surrogates and out-of-range code points into U+FFFD.
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return Entity(end: index + 1, value: .scalar(scalar ?? "\u{FFFD}"))
        }
        let nameStart = index
        while index < end, index - nameStart <= 32, isAlphanumeric(bytes[index]) { index += 1 }
        guard index > nameStart, index < end, bytes[index] == UInt8(ascii: ";") else { return nil }
        let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<index])
        if name.elementsEqual("lsqb".utf8) || name.elementsEqual("lbrack".utf8) {
            return Entity(end: index + 1, value: .scalar("["))
        }
        return Entity(end: index + 1, value: .named)
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
