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

    /// The text element (one of `textElements`) a start tag whose name is at `name` in `bytes` opens, its name lowercased,
    /// if it is one; compared in place, since this is asked of every tag. Only ASCII letters are lowercased, as the HTML
    /// tokenizer does (of the letters beyond ASCII only the Kelvin sign lowercases to an ASCII one, `k`, in none of the names).
    static func textElement(named name: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard (3...8).contains(name.count) else { return nil }
        // Their first letters (s, t, x, i, n) rule out most tags with one comparison each.
        switch asciiLowercase(bytes[name.lowerBound]) {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "x"), UInt8(ascii: "i"), UInt8(ascii: "n"): break
        default: return nil
        }
        return textElementBytes.first { element in
            element.count == name.count && zip(bytes[name], element).allSatisfy { asciiLowercase($0) == $1 }
        }
    }

    /// The start tags of a document; only attributes named in `attributes` are kept (all when nil), which spares decoding the rest.
    static func startTags(in bytes: [UInt8], keeping attributes: Set<String>? = nil) -> [HTMLStartTag] {
        var tags: [HTMLStartTag] = []
        bytes.withUnsafeBufferPointer { bytes in
            forEachStartTag(in: bytes, keeping: attributes.map(KeptAttributes.init)) { tags.append($0) }
        }
        return tags
    }

    /// Gives each start tag of a document to `body` as it is read, keeping only the attributes `keeping` names (all
    /// when nil); no list of the tags is made.
    ///
    /// The output check reads every page of a site so (`ScannedPage`), where the page's bytes are.
    ///
    /// With `skippingBare`, a tag without any of the attributes kept is not handed over, and its name is not made
    /// into a string: most of a page's tags (`div`, `li`, `p`) have no link and no id.
    static func forEachStartTag(in bytes: UnsafeBufferPointer<UInt8>, keeping: KeptAttributes?, skippingBare: Bool = false,
                                _ body: (HTMLStartTag) -> Void) {
        var scanner = Scanner(bytes: bytes, keeping: keeping)
        while let (name, attributes) = scanner.nextStartTag() {
            let text = textElement(named: name, in: bytes)
            if !skippingBare || !attributes.isEmpty { body(HTMLStartTag(name: scanner.lowercasedName(name), attributes: attributes)) }
            if let text { scanner.skipText(of: text) }
        }
    }

    /// The attributes a scan keeps, worked out once for every document scanned with them.
    struct KeptAttributes: Sendable {
        let names: Set<String>
        /// The names that are ASCII, as bytes, in order (at most 64 of them): an attribute's name is compared with them
        /// as bytes, and no string is made of a name that is not kept.
        let ascii: [(bytes: [UInt8], name: String)]?

        init(_ names: Set<String>) {
            self.names = names
            let ascii = names.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.sorted().map { (bytes: Array($0.utf8), name: $0) }
            self.ascii = ascii.count <= 64 ? ascii : nil
        }
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
        let bytes: UnsafeBufferPointer<UInt8>
        let keeping: Set<String>?
        /// `KeptAttributes.ascii`.
        let keptASCII: [(bytes: [UInt8], name: String)]?
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, keeping: KeptAttributes?) {
            self.bytes = bytes
            self.keeping = keeping?.names
            keptASCII = keeping?.ascii
        }

        /// The offset of the first `byte` from `start`, found with `memchr`.
        func firstIndex(of byte: UInt8, from start: Int) -> Int? {
            bytes.offset(of: byte, from: start)
        }

        /// `bytes[range]` lowercased as `String.lowercased()` does: ASCII letters a byte at a time, any other text by the characters.
        func lowercasedName(_ range: Range<Int>) -> String {
            let slice = bytes[range]
            guard slice.allSatisfy({ $0 < 0x80 }) else { return String(decoding: slice, as: UTF8.self).lowercased() }
            guard slice.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return String(decoding: slice, as: UTF8.self) }
            return String(decoding: slice.lazy.map(asciiLowercase), as: UTF8.self)
        }

        /// Which of `keptASCII` the name at `range` is, lowercased; nil when none (or not ASCII: `readTag` then asks
        /// `keeping` itself, since a letter such as the Kelvin sign lowercases to an ASCII one).
        func keptIndex(_ range: Range<Int>, in kept: [(bytes: [UInt8], name: String)]) -> Int? {
            kept.firstIndex { name in
                name.bytes.count == range.count && zip(name.bytes, bytes[range]).allSatisfy { $0 == asciiLowercase($1) }
            }
        }

        /// The next start tag: where its name is, and its attributes.
        mutating func nextStartTag() -> (name: Range<Int>, attributes: [HTMLAttribute])? {
            while let open = firstIndex(of: UInt8(ascii: "<"), from: index) {
                index = open + 1
                guard index < bytes.count else { return nil }
                let next = bytes[index]
                if starts(with: "!--") {
                    index = (find("-->", from: index + 3) ?? bytes.count - 3) + 3
                } else if starts(with: "![CDATA[") {
                    index = (find("]]>", from: index) ?? bytes.count - 3) + 3
                } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                    index = (firstIndex(of: UInt8(ascii: ">"), from: index) ?? bytes.count - 1) + 1
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
        mutating func readTag() -> (name: Range<Int>, attributes: [HTMLAttribute])? {
            let nameStart = index
            index = indexWhere(from: index) { isHTMLSpace($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ">") }
            let name = nameStart ..< index
            var attributes: [HTMLAttribute] = []
            // The names read so far (all of them when every attribute is kept, else only the kept ones, by their
            // place in `keptASCII` and by name for the rest): the first of duplicate names wins.
            var seen: Set<String> = []
            var seenKept: UInt64 = 0
            while true {
                index = indexWhere(from: index) { !isHTMLSpace($0) && $0 != UInt8(ascii: "/") }
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ">") { index += 1; return (name, attributes) }
                let attributeStart = index
                index += 1  // a name may start with '=' (then it is part of the name)
                index = indexWhere(from: index) { isHTMLSpace($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "=") }
                let attributeName = attributeStart ..< index
                index = indexWhere(from: index) { !isHTMLSpace($0) }
                var valueStart = index
                var raw = bytes[0 ..< 0]
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    index = indexWhere(from: index) { !isHTMLSpace($0) }
                    guard index < bytes.count else { return nil }
                    let quote = bytes[index]
                    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                        guard let close = firstIndex(of: quote, from: index + 1) else { return nil }
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
                if let kept = keptASCII, bytes[attributeName].allSatisfy({ $0 < 0x80 }) {
                    guard let place = keptIndex(attributeName, in: kept), seenKept & (1 << place) == 0 else { continue }
                    seenKept |= 1 << place
                    attributes.append(HTMLAttribute(name: kept[place].name, value: CharacterReferences.decode(raw), offset: valueStart))
                } else {
                    // Read as it always was: the first byte alone (a byte of a longer character is then U+FFFD), then the rest.
                    let lowercased = (String(decoding: bytes[attributeStart ..< attributeStart + 1], as: UTF8.self)
                        + String(decoding: bytes[(attributeStart + 1) ..< attributeName.upperBound], as: UTF8.self)).lowercased()
                    if let kept = keptASCII, let place = kept.firstIndex(where: { $0.name == lowercased }) {
                        guard seenKept & (1 << place) == 0 else { continue }
                        seenKept |= 1 << place
                    } else if !seen.insert(lowercased).inserted || !(keeping?.contains(lowercased) ?? true) {
                        continue
                    }
                    attributes.append(HTMLAttribute(name: lowercased, value: CharacterReferences.decode(raw), offset: valueStart))
                }
            }
        }

        /// Skips the text content of a text element (`name`, lowercased) up to (not past) its end tag.
        mutating func skipText(of name: [UInt8]) {
            let from = index
            index = HTMLTagScanner.textEnd(of: name, in: bytes, from: from)
        }

        func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return text.withUTF8Buffer { needle in (0..<count).allSatisfy { bytes[index + $0] == needle[$0] } }
        }

        func indexWhere(from start: Int, _ predicate: (UInt8) -> Bool) -> Int {
            var position = start
            while position < bytes.count, !predicate(bytes[position]) { position += 1 }
            return position
        }

        /// Where `needle` first starts at `start` or after it.
        func find(_ needle: StaticString, from start: Int) -> Int? {
            needle.withUTF8Buffer { bytes.offset(of: $0, from: start) }
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
