/// URL path segments and ids made from names and titles: "Mobile internet" → "mobile-internet",
/// "Café Ürdü" → "cafe-urdu", "ایکس پر پابندی" → "ایکس-پر-پابندی".
///
/// Latin letters lose their diacritics (and ß, æ, œ, ø, ł, đ, ð, þ, ı are spelled out in plain
/// letters); letters and digits of every other script are kept, with their combining marks, in NFC.
/// Any other run of characters becomes one "-". The result is always a valid `ContentID`.
enum Slug {
    /// The slug of a name; a name with no letter or digit at all gets its code points ("😀" → "u1f600"),
    /// so two such names never share a slug.
    static func make(_ text: String) -> String {
        let slug = words(text)
        return slug.isEmpty ? codePoints(text) : slug
    }

    /// The slug's words alone: empty when the text has no letter or digit.
    static func words(_ text: String) -> String {
        asciiWords(text) ?? unicodeWords(text)
    }

    /// "u" and the hexadecimal code point of every non-space character, joined by "-"; "untitled" for blank text.
    static func codePoints(_ text: String) -> String {
        let points = text.unicodeScalars.filter { !$0.properties.isWhitespace }.map { "u" + String($0.value, radix: 16) }
        return points.isEmpty ? "untitled" : points.joined(separator: "-")
    }

    /// The words of all-ASCII text, byte by byte: for ASCII, lowercasing and "is alphabetic" are A-Z/a-z.
    /// Nil when the text has any non-ASCII byte, which takes the Unicode path below.
    private static func asciiWords(_ text: String) -> String? {
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
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func unicodeWords(_ text: String) -> String {
        var slug = String.UnicodeScalarView()
        var pendingDash = false
        // Whether the last letter kept was Latin: its combining marks (accents) are dropped, other scripts' kept.
        var afterLatin = false
        for scalar in text.decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if isMark(scalar) {
                if !afterLatin && !pendingDash && !slug.isEmpty { slug.append(scalar) }
                continue
            }
            if joiners.contains(scalar.value) { continue }
            let letters: String.UnicodeScalarView
            if let spelled = latinLetters[scalar] {
                letters = spelled.unicodeScalars
            } else if HeadingSlug.isLetterLike(scalar) {
                letters = String.UnicodeScalarView([scalar])
            } else {
                pendingDash = true
                continue
            }
            if pendingDash && !slug.isEmpty { slug.append("-") }
            pendingDash = false
            slug.append(contentsOf: letters)
            afterLatin = isLatin(scalar)
        }
        return String(slug).precomposedStringWithCanonicalMapping
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Zero-width (non-)joiners and the soft hyphen shape a word without separating it.
    private static let joiners: Set<UInt32> = [0x200C, 0x200D, 0x00AD]

    /// Latin letters that do not decompose into a plain letter and a mark.
    private static let latinLetters: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t", "ŀ": "l",
    ]

    /// ASCII digits and the Latin blocks: Basic Latin, Latin-1 Supplement, Extended-A and -B, Extended Additional, -C, -D, -E.
    private static func isLatin(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F: true
        default: false
        }
    }
}
