/// Ids come from file names and appear in URLs.
enum ContentID {
    /// Lowercase ASCII letters, digits, "-", "_" and "."; starting with a letter or digit. Checked on UTF-8 bytes:
    /// any non-ASCII byte fails, as a non-ASCII scalar always did.
    static func isValid(_ id: String) -> Bool {
        func isLowercaseOrDigit(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        guard let first = id.utf8.first, isLowercaseOrDigit(first) else { return false }
        return id.utf8.allSatisfy { isLowercaseOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }
}
