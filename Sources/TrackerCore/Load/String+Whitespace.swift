import Foundation

extension String {
    /// Trims spaces, tabs and line breaks; returns self untouched in the common case of nothing to trim. A value
    /// with no visible character (only no-break or ideographic spaces, zero-width or other invisible characters)
    /// is empty: as a title or a name it would show as nothing.
    /// Inlined where every front matter value is read: the usual value (ASCII first, nothing to trim) costs two
    /// byte comparisons; the rest is apart.
    @inline(__always) var trimmedOfWhitespace: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first < 0x80, !Self.isSpace(first), !Self.isSpace(last) { return self }
        return trimmedApart
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    @inline(never) private var trimmedApart: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        guard Self.isSpace(first) || Self.isSpace(last) else { return hasVisibleCharacter ? self : "" }
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasVisibleCharacter ? trimmed : ""
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, returning self untouched, without Foundation's work (tens of
    /// thousands of instructions a call on Linux), when there is nothing to trim: its first and last bytes are ASCII
    /// and not white space (every other character of the set is beyond ASCII).
    var trimmingWhitespaceAndNewlines: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first < 0x80, last < 0x80, first != 32, last != 32, !(9 ... 13).contains(first), !(9 ... 13).contains(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether any character would show: one that is neither white space (U+00A0, U+3000…) nor default-ignorable
    /// (U+200B, U+FEFF, U+00AD…). Stops at the first such character, usually the first.
    var hasVisibleCharacter: Bool {
        unicodeScalars.contains { !$0.properties.isWhitespace && !$0.properties.isDefaultIgnorableCodePoint }
    }

    /// "U+00A0, U+200B": the invisible characters a value holds, for an error that says why it counts as empty.
    var invisibleCharactersNamed: String {
        var named: [String] = []
        for scalar in unicodeScalars where !(scalar.isASCII && Self.isSpace(UInt8(scalar.value))) {
            let name = scalar.codePoint
            if !named.contains(name) { named.append(name) }
            if named.count == 4 { break }
        }
        return named.joined(separator: ", ")
    }
}

extension Unicode.Scalar {
    /// "U+00A0", "U+1F600": the code point as messages name it, at least four hexadecimal digits.
    var codePoint: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
