/// One attribute of a start tag, its value with character references decoded, and the byte offset where the value starts.
struct HTMLAttribute: Sendable, Hashable {
    let name: String
    let value: String
    let offset: Int
}

/// A start tag: its lowercased name and its attributes (the first of duplicate names wins, as in browsers).
struct HTMLStartTag: Sendable, Hashable {
    let name: String
    let attributes: [HTMLAttribute]

    func attribute(_ name: String) -> HTMLAttribute? { attributes.first { $0.name == name } }
}

/// Finds the start tags of an HTML document the way the HTML5 tokenizer reads them: comments,
/// doctypes and end tags skipped, the text of `script`, `style`, `title` and `textarea` never read
/// as markup, attributes quoted, single-quoted or bare. It builds no tree: the link checker needs
/// only attributes, and a tree builder is far more than that.
enum HTMLTagScanner {
    /// Elements whose content is text, not markup, until their end tag.
    static let textElements: Set<String> = ["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"]
    static let textElementBytes = textElements.sorted().map { Array($0.utf8) }

    /// The start tags of a document; only attributes named in `attributes` are kept (all when nil), which spares decoding the rest.
    static func startTags(in bytes: [UInt8], keeping attributes: Set<String>? = nil) -> [HTMLStartTag] {
        var scanner = Scanner(bytes: bytes, keeping: attributes)
        var tags: [HTMLStartTag] = []
        while let tag = scanner.nextStartTag() {
            tags.append(tag)
            if textElements.contains(tag.name) { scanner.skipText(of: tag.name) }
        }
        return tags
    }

    /// Where the text of a text element (`name`, lowercased) that starts at `start` ends: at its end tag
    /// ("</name" in any case, then a space, "/", ">" or the end of input), else at the end of input.
    static func textEnd(of name: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var from = start
        while from < bytes.count, let found = bytes[from...].firstIndex(of: UInt8(ascii: "<")) {
            let after = found + 2 + name.count
            if after <= bytes.count, bytes[found + 1] == UInt8(ascii: "/"),
               zip(bytes[(found + 2)..<after], name).allSatisfy({ asciiLowercase($0) == $1 }),
               after == bytes.count || isHTMLSpace(bytes[after]) || bytes[after] == UInt8(ascii: "/") || bytes[after] == UInt8(ascii: ">") {
                return found
            }
            from = found + 1
        }
        return bytes.count
    }

    private struct Scanner {
        let bytes: [UInt8]
        let keeping: Set<String>?
        var index = 0

        init(bytes: [UInt8], keeping: Set<String>?) {
            self.bytes = bytes
            self.keeping = keeping
        }

        mutating func nextStartTag() -> HTMLStartTag? {
            while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
                index = open + 1
                guard index < bytes.count else { return nil }
                let next = bytes[index]
                if starts(with: "!--") {
                    index = (find(Array("-->".utf8), from: index + 3) ?? bytes.count - 3) + 3
                } else if starts(with: "![CDATA[") {
                    index = (find(Array("]]>".utf8), from: index) ?? bytes.count - 3) + 3
                } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                    index = (bytes[index...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count - 1) + 1
                } else if next == UInt8(ascii: "/"), index + 1 < bytes.count, isASCIILetter(bytes[index + 1]) {
                    index += 1
                    _ = readTag()  // end tags may carry attributes whose quoted values hold '>'
                } else if isASCIILetter(next), let tag = readTag() {
                    return tag
                }
            }
            index = bytes.count
            return nil
        }

        /// Reads a tag name and its attributes from `index` up to and past the closing `>`; nil at the end of input.
        mutating func readTag() -> HTMLStartTag? {
            let name = readWhile { !isHTMLSpace($0) && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ">") }.lowercased()
            var attributes: [HTMLAttribute] = []
            var seen: Set<String> = []
            while true {
                _ = readWhile { isHTMLSpace($0) || $0 == UInt8(ascii: "/") }
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ">") { index += 1; return HTMLStartTag(name: name, attributes: attributes) }
                let first = bytes[index]
                index += 1  // a name may start with '=' (then it is part of the name)
                let rest = readWhile { !isHTMLSpace($0) && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "=") }
                let attributeName = (String(decoding: [first], as: UTF8.self) + rest).lowercased()
                _ = readWhile(isHTMLSpace)
                var valueStart = index
                var raw: ArraySlice<UInt8> = []
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    _ = readWhile(isHTMLSpace)
                    guard index < bytes.count else { return nil }
                    let quote = bytes[index]
                    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                        guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
                        valueStart = index + 1
                        raw = bytes[valueStart..<close]
                        index = close + 1
                    } else {
                        valueStart = index
                        let end = indexWhere(from: index) { isHTMLSpace($0) || $0 == UInt8(ascii: ">") }
                        raw = bytes[index..<end]
                        index = end
                    }
                }
                if seen.insert(attributeName).inserted, keeping?.contains(attributeName) ?? true {
                    attributes.append(HTMLAttribute(name: attributeName, value: CharacterReferences.decode(raw), offset: valueStart))
                }
            }
        }

        /// Skips the text content of a text element up to (not past) its end tag.
        mutating func skipText(of name: String) {
            let from = index
            index = bytes.withUnsafeBufferPointer { HTMLTagScanner.textEnd(of: Array(name.utf8), in: $0, from: from) }
        }

        func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return text.withUTF8Buffer { needle in (0..<count).allSatisfy { bytes[index + $0] == needle[$0] } }
        }

        mutating func readWhile(_ accept: (UInt8) -> Bool) -> String {
            let end = indexWhere(from: index) { !accept($0) }
            defer { index = end }
            return String(decoding: bytes[index..<end], as: UTF8.self)
        }

        func indexWhere(from start: Int, _ predicate: (UInt8) -> Bool) -> Int {
            var position = start
            while position < bytes.count, !predicate(bytes[position]) { position += 1 }
            return position
        }

        func find(_ needle: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
            guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
            var position = start
            while position + needle.count <= bytes.count {
                var matched = true
                for offset in 0..<needle.count {
                    let byte = caseInsensitive ? asciiLowercase(bytes[position + offset]) : bytes[position + offset]
                    if byte != needle[offset] { matched = false; break }
                }
                if matched { return position }
                position += 1
            }
            return nil
        }
    }
}

/// HTML's ASCII letters, spaces and lowercasing, shared by the scanners of `Check/`.
func isASCIILetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
}

func isHTMLSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
}

func asciiLowercase(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
}
