#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ids given to more than one element of a page: a link to one jumps to the first, and assistive
/// technology labels the wrong element. Checked on every HTML page `tracker build` and `tracker
/// publish` produce, whichever theme wrote it, and on the pages the preview re-renders.
///
/// Every page of a build goes through here, so it reads the page's bytes where they are, once, the way
/// `HTMLTagScanner` reads tags (comments, doctypes and end tags skipped, the text of `script`, `style`…
/// never read as markup, the first of repeated attributes winning), but keeps nothing of a tag but its
/// id: the ids seen are slices of the page, so no id is copied unless it holds a character reference.
enum DuplicateIDs {
    /// One diagnostic per id used again, at the value of its second use; `path` is the page as shown in messages.
    static func diagnostics(path: String, bytes: UnsafeBufferPointer<UInt8>) -> [Diagnostic] {
        var scan = Scan(bytes: bytes)
        defer { scan.release() }
        scan.run()
        return scan.repeated.map { range in
            let (line, column) = TextPositions.lineAndColumn(of: range.lowerBound, in: bytes)
            let value = scan.decoded[range.lowerBound] ?? String(decoding: bytes[range], as: UTF8.self)
            return Diagnostic(path: path, line: line, column: column,
                              message: "duplicate id \"\(value)\": an element before it on the page has the same id")
        }
    }

    static func diagnostics(path: String, bytes: [UInt8]) -> [Diagnostic] {
        bytes.withUnsafeBufferPointer { diagnostics(path: path, bytes: $0) }
    }

    /// An id as bytes that outlive the scan's use of them: a slice of the page, or a decoded copy.
    private struct Key: Hashable {
        let start: UnsafePointer<UInt8>
        let count: Int

        static func == (a: Key, b: Key) -> Bool { a.count == b.count && (a.count == 0 || memcmp(a.start, b.start, a.count) == 0) }
        func hash(into hasher: inout Hasher) { hasher.combine(bytes: UnsafeRawBufferPointer(start: start, count: count)) }
    }

    private struct Scan {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var seen: Set<Key> = []
        var reported: Set<Key> = []
        /// The values of ids used again, once per id.
        var repeated: [Range<Int>] = []
        /// Decoded copies of ids that hold a character reference, freed by `release`.
        var copies: [UnsafeMutableBufferPointer<UInt8>] = []
        var decoded: [Int: String] = [:]

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func release() { for copy in copies { copy.deallocate() } }

        mutating func run() {
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            while index < count, let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) {
                index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
                guard index < count else { return }
                let next = bytes[index]
                if starts(with: "!--") {
                    index = (find("-->", from: index + 3) ?? count - 3) + 3
                } else if starts(with: "![CDATA[") {
                    index = (find("]]>", from: index) ?? count - 3) + 3
                } else if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                    index = (find(">", from: index) ?? count - 1) + 1
                } else if next == UInt8(ascii: "/"), index + 1 < count, isASCIILetter(bytes[index + 1]) {
                    index += 1
                    _ = readTag()  // end tags may carry attributes whose quoted values hold '>'
                } else if isASCIILetter(next), let name = readTag(), let element = textElement(name) {
                    index = HTMLTagScanner.textEnd(of: element, in: bytes, from: index)
                }
            }
        }

        /// Reads a tag from its name up to and past its `>`, noting its id; its name, or nil at the end of input.
        mutating func readTag() -> Range<Int>? {
            let nameStart = index
            skip { !isHTMLSpace($0) && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ">") }
            let name = nameStart..<index
            let isStart = nameStart == 0 || bytes[nameStart - 1] != UInt8(ascii: "/")
            var id: Range<Int>?
            var sawID = false
            while true {
                skip { isHTMLSpace($0) || $0 == UInt8(ascii: "/") }
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    if let id { note(id) }
                    return name
                }
                let attributeStart = index
                index += 1  // a name may start with '=' (then it is part of the name)
                skip { !isHTMLSpace($0) && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "=") }
                let isID = isStart && !sawID && index - attributeStart == 2
                    && bytes[attributeStart] | 0x20 == UInt8(ascii: "i") && bytes[attributeStart + 1] | 0x20 == UInt8(ascii: "d")
                if isID { sawID = true }
                skip(while: isHTMLSpace)
                var value = index..<index
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    skip(while: isHTMLSpace)
                    guard index < bytes.count else { return nil }
                    let quote = bytes[index]
                    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                        guard let close = find(quote, from: index + 1) else { return nil }
                        value = (index + 1)..<close
                        index = close + 1
                    } else {
                        let start = index
                        skip { !isHTMLSpace($0) && $0 != UInt8(ascii: ">") }
                        value = start..<index
                    }
                }
                if isID { id = value }
            }
        }

        /// Records an id's value, noting it when an earlier element had it.
        mutating func note(_ value: Range<Int>) {
            let key: Key
            if memchr(bytes.baseAddress! + value.lowerBound, Int32(UInt8(ascii: "&")), value.count) != nil {
                let text = CharacterReferences.decode(ArraySlice(bytes[value]))
                let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.utf8.count))
                _ = copy.initialize(from: text.utf8)
                copies.append(copy)
                key = Key(start: UnsafePointer(copy.baseAddress!), count: text.utf8.count)
                decoded[value.lowerBound] = text
            } else {
                key = Key(start: bytes.baseAddress! + value.lowerBound, count: value.count)
            }
            if !seen.insert(key).inserted, reported.insert(key).inserted { repeated.append(value) }
        }

        /// The text element a start tag opens (`script`, `style`…), lowercased, if it is one; compared in place,
        /// since this is asked of every tag.
        func textElement(_ name: Range<Int>) -> [UInt8]? {
            guard (3...8).contains(name.count) else { return nil }
            // Their first letters (s, t, x, i, n) rule out most tags with one comparison each.
            switch asciiLowercase(bytes[name.lowerBound]) {
            case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "x"), UInt8(ascii: "i"), UInt8(ascii: "n"): break
            default: return nil
            }
            return HTMLTagScanner.textElementBytes.first { element in
                element.count == name.count && zip(bytes[name], element).allSatisfy { asciiLowercase($0) == $1 }
            }
        }

        func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0
        }

        func find(_ byte: UInt8, from start: Int) -> Int? {
            guard start < bytes.count, let found = memchr(bytes.baseAddress! + start, Int32(byte), bytes.count - start) else { return nil }
            return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - bytes.baseAddress!
        }

        func find(_ text: StaticString, from start: Int) -> Int? {
            let count = text.utf8CodeUnitCount
            let first = text.utf8Start.pointee
            var from = start
            while let position = find(first, from: from) {
                guard position + count <= bytes.count else { return nil }
                if memcmp(bytes.baseAddress! + position, text.utf8Start, count) == 0 { return position }
                from = position + 1
            }
            return nil
        }

        mutating func skip(while accept: (UInt8) -> Bool) {
            while index < bytes.count, accept(bytes[index]) { index += 1 }
        }
    }
}
