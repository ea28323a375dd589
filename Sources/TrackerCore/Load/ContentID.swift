/// Ids come from file names and appear in URLs.
enum ContentID {
    /// Lowercase letters of any script (with their combining marks), digits, "-", "_" and "."; starting with a
    /// letter or digit. All-ASCII ids are checked on their UTF-8 bytes; others scalar by scalar.
    /// Every id `Slug` makes is valid.
    static func isValid(_ id: String) -> Bool {
        func isLowercaseOrDigit(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        guard let first = id.utf8.first, first >= 0x80 || isLowercaseOrDigit(first) else { return false }
        var ascii = true
        for byte in id.utf8 where !(isLowercaseOrDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")) {
            guard byte >= 0x80 else { return false }
            ascii = false
            break
        }
        return ascii || isValidUnicode(id)
    }

    /// Scalar by scalar: a combining mark only inside a word, "-", "_" and "." anywhere but first.
    private static func isValidUnicode(_ id: String) -> Bool {
        var inWord = false
        for (index, scalar) in id.unicodeScalars.enumerated() {
            if scalar == "-" || scalar == "_" || scalar == "." {
                guard index > 0 else { return false }
                inWord = false
            } else if Slug.isMark(scalar) {
                guard inWord else { return false }
            } else if scalar.isASCII {
                let byte = UInt8(scalar.value)
                guard (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else { return false }
                inWord = true
            } else {
                guard HeadingSlug.isLetterLike(scalar), !scalar.properties.changesWhenLowercased else { return false }
                inWord = true
            }
        }
        return true
    }
}
