/// URL path segments made from names ("Mobile internet" → "mobile-internet").
enum Slug {
    static func make(_ text: String) -> String {
        if let slug = asciiSlug(text) { return slug }
        var slug = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingDash && !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "untitled" : slug
    }

    /// The same slug for all-ASCII text, byte by byte: for ASCII, lowercasing and "is alphabetic" are A-Z/a-z.
    /// Nil when the text has any non-ASCII byte, which takes the Unicode path above.
    private static func asciiSlug(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
            if (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (lower >= UInt8(ascii: "0") && lower <= UInt8(ascii: "9")) {
                if pendingDash && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                pendingDash = false
                bytes.append(lower)
            } else {
                pendingDash = true
            }
        }
        return bytes.isEmpty ? "untitled" : String(decoding: bytes, as: UTF8.self)
    }
}
