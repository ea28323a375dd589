import ByteScan
import Foundation

/// Characters that XML 1.0 and HTML cannot carry: C0 controls other than tab, line feed and carriage
/// return, DEL and the C1 controls, and the Unicode noncharacters (U+FDD0–U+FDEF and every U+xFFFE,
/// U+xFFFF). One of them in a title makes `feed.xml` malformed, and feed readers then reject the whole
/// feed; so a content file holding one, literally, through a YAML escape or through a numeric character
/// reference in Markdown, is an error at its position.
enum ForbiddenCharacters {
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if value < 0x7F { return false }
        if value <= 0x9F { return true }
        return (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }

    /// How a message names the character: its code point and, for the common ones, its name.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = scalar.codePoint
        let names: [UInt32: String] = [0x00: "null", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                                       0x1B: "escape", 0x7F: "delete"]
        if let name = names[scalar.value] { return "\(code) (\(name))" }
        return "\(code) (\(scalar.value <= 0x9F ? "a control character" : "a noncharacter"))"
    }

    static func message(_ scalar: Unicode.Scalar, _ how: String) -> String {
        "\(how)\(describe(scalar)), which XML and HTML forbid; remove it"
    }

    /// Reports every forbidden character written literally in a file's text at its line and column
    /// (counted in Unicode scalars, as YAML positions are).
    static func reportLiteral(in text: String, collector: DiagnosticCollector) {
        guard mayContainOne(text) else { return }
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if isForbidden(scalar) {
                collector.error(message(scalar, "forbidden character "), at: SourceLocation(line: line, column: column))
            }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
    }

    /// `text` with each forbidden character replaced by U+FFFD, for text no file of the site holds and so no
    /// error can point at (a commit's subject shown on /changes/, written by whoever made the commit).
    static func replacingEach(in text: String) -> String {
        guard containsLiteral(text) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isForbidden(scalar) ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    static func containsLiteral(_ text: String) -> Bool {
        mayContainOne(text) && text.unicodeScalars.contains(where: isForbidden)
    }

    /// A byte scan that rules out almost every file at once: only a byte below 0x20, DEL, or the lead byte of
    /// a C1 control or a noncharacter can begin a forbidden character.
    static func mayContainOne(_ text: String) -> Bool {
        var text = text
        // Sixteen bytes at a time (`tracker_may_hold_forbidden`): eight at a time, every word with a line
        // end or a non-ASCII letter was read again byte by byte, most of the words of a long body.
        return text.withUTF8 { tracker_may_hold_forbidden($0.baseAddress, $0.count) }
    }

    /// Numeric character references (`&#11;`, `&#x0B;`) in a Markdown body that libcmark would turn into a forbidden
    /// character. `firstLine` is the body's first line in the file.
    static func references(in body: Substring, firstLine: Int, collector: DiagnosticCollector) {
        // Most bodies hold no "&#" at all: only those are copied into scalars and walked. The test runs over
        // the contiguous bytes (zipping two UTF-8 views cost a quarter of loading long bodies).
        var text = body
        let mayHoldReference = text.withUTF8 { bytes -> Bool in
            guard var cursor = bytes.baseAddress, bytes.count > 1 else { return false }
            // memchr finds each "&" many bytes at a time; the byte after it is then looked at.
            let last = cursor + bytes.count - 1
            while cursor < last, let found = memchr(cursor, Int32(UInt8(ascii: "&")), last - cursor) {
                let ampersand = found.assumingMemoryBound(to: UInt8.self)
                if ampersand[1] == UInt8(ascii: "#") { return true }
                cursor = UnsafePointer(ampersand) + 1
            }
            return false
        }
        guard mayHoldReference else { return }
        let scalars = Array(body.unicodeScalars)
        var line = firstLine
        var column = 1
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "&", index + 2 < scalars.count, scalars[index + 1] == "#" {
                var cursor = index + 2
                let isHex = scalars[cursor] == "x" || scalars[cursor] == "X"
                if isHex { cursor += 1 }
                var value: UInt32 = 0
                var digits = 0
                while cursor < scalars.count, digits < 8, let digit = Character(scalars[cursor]).hexDigitValue, isHex || digit < 10 {
                    value = value * (isHex ? 16 : 10) + UInt32(digit)
                    digits += 1
                    cursor += 1
                }
                if digits > 0, cursor < scalars.count, scalars[cursor] == ";", value != 0,
                   let referenced = Unicode.Scalar(value), isForbidden(referenced) {
                    collector.error(message(referenced, "the character reference \(String(String.UnicodeScalarView(scalars[index...cursor]))) stands for "),
                                    at: SourceLocation(line: line, column: column))
                }
            }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }
}
