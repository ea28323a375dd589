import ByteScan
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
        // Most pages repeat no id: a pass over the places an id could be shows it, and only a page where two
        // of them hold the same value is read tag by tag.
        mayRepeat(bytes) ? readingEveryTag(path: path, bytes: bytes) : []
    }

    /// `diagnostics` without the first pass.
    static func readingEveryTag(path: String, bytes: UnsafeBufferPointer<UInt8>) -> [Diagnostic] {
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

    /// Whether two places of the page that could be an id attribute hold the same value: false proves that
    /// `Scan` finds no repeated id. Each id it notes is an attribute name `id` (in any case) after an HTML space,
    /// a `/` or a quote (what ends a tag's name or an attribute before it), followed by a space, `/`, `>` or
    /// `=`, with its value read from there as `Scan.readTag` reads it. Every such place of the page is taken,
    /// in text and comments too, so the ids are among them. Found sixteen bytes at a time
    /// (`tracker_next_id_candidate`): an `i` before a `d`, after a byte below "0".
    static func mayRepeat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        guard count >= 16 else { return true }
        // The table's first room on the stack: a page's ids seldom outgrow it, and a heap block for each page
        // took about 1,700 instructions to allocate.
        return withUnsafeTemporaryAllocation(of: SeenIDs.Slot.self, capacity: SeenIDs.firstCapacity) { room in
            var seen = SeenIDs(room: room)
            defer { seen.release() }
            var copies: [UnsafeMutableBufferPointer<UInt8>] = []
            defer { for copy in copies { copy.deallocate() } }
            // Most "id"s of the text (in "incident", "provided") are ruled out by the byte before them alone.
            var position = 2
            while true {
                let found = tracker_next_id_candidate(base, count, position)
                guard found < count else { return false }
                if repeats(found, bytes, &seen, &copies) { return true }
                position = found + 1
            }
        }
    }

    /// Whether the "id" whose "d" is at `position` could be an id attribute holding a value in `seen`; adds it.
    private static func repeats(_ position: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ seen: inout SeenIDs,
                                _ copies: inout [UnsafeMutableBufferPointer<UInt8>]) -> Bool {
        let base = bytes.baseAddress!
        let before = base[position - 2], after = base[position + 1]
        guard isHTMLSpace(before) || before == UInt8(ascii: "/") || before == UInt8(ascii: "\"") || before == UInt8(ascii: "'"),
              isHTMLSpace(after) || after == UInt8(ascii: "/") || after == UInt8(ascii: ">") || after == UInt8(ascii: "="),
              let value = attributeValue(after: position + 1, in: bytes).value else { return false }
        return !seen.insert(Key.of(value, in: bytes, copies: &copies).key)
    }

    /// The ids `mayRepeat` has met on one page: an open-addressed table of their slices, hashed a word at a
    /// time. A `Set` of them hashed each id with SipHash and allocated its storage for every page: together
    /// about 500 instructions an id, a third of the whole check. The seed is drawn once per process, so a
    /// page cannot be written to make its ids collide (the check's answer does not depend on it).
    struct SeenIDs {
        /// Sixteen bytes, so the first room fits the 1,024 bytes Swift puts on the stack without asking.
        struct Slot {
            var start: UnsafePointer<UInt8>?
            var count: UInt32
            /// The hash's high half, which also picks the slot: a larger table reads one more of its bits, so
            /// growing does not hash the ids again (pages of long bodies have hundreds of citation anchors).
            var hash: UInt32
        }

        /// Room for a page's ids from the start (more than half full, the table doubles).
        static let firstCapacity = 64
        private static let seed = UInt64.random(in: 0 ... .max)
        private var mask: Int
        private var used = 0
        private var slots: UnsafeMutablePointer<Slot>
        /// Whether `slots` was allocated here (by growing), to be freed here; the first room is the caller's.
        private var owned: Bool

        /// A table in `room` (of `firstCapacity` slots), which the caller frees after `release`.
        init(room: UnsafeMutableBufferPointer<Slot>) {
            precondition(room.count == Self.firstCapacity)
            slots = room.baseAddress!
            slots.initialize(repeating: Slot(start: nil, count: 0, hash: 0), count: room.count)
            mask = room.count - 1
            owned = false
        }

        mutating func release() { if owned { slots.deallocate() } }

        /// Adds `key`: false when an equal one was already in (or, never on a page of at most `TemplateLimits`'
        /// bytes, when it is too long to hold).
        mutating func insert(_ key: Key) -> Bool {
            guard let count = UInt32(exactly: key.count) else { return false }
            let hash = Self.hash(key)
            let high = UInt32(truncatingIfNeeded: hash >> 32)
            var index = Int(high) & mask
            while let start = slots[index].start {
                if slots[index].hash == high, Key(start: start, count: Int(slots[index].count)) == key { return false }
                index = (index + 1) & mask
            }
            slots[index] = Slot(start: key.start, count: count, hash: high)
            used += 1
            if used * 2 > mask { grow() }
            return true
        }

        private mutating func grow() {
            let oldCount = mask + 1, old = slots
            mask = oldCount * 2 - 1
            slots = .allocate(capacity: oldCount * 2)
            slots.initialize(repeating: Slot(start: nil, count: 0, hash: 0), count: oldCount * 2)
            for each in 0..<oldCount where old[each].start != nil {
                var index = Int(old[each].hash) & mask
                while slots[index].start != nil { index = (index + 1) & mask }
                slots[index] = old[each]
            }
            if owned { old.deallocate() }
            owned = true
        }

        /// The key's bytes eight at a time (the last ones zero-filled), each word mixed in by a multiply and
        /// shift, then the whole finished as SplitMix64 finishes.
        static func hash(_ key: Key) -> UInt64 {
            var hash = seed ^ (UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15)
            let raw = UnsafeRawPointer(key.start)
            var offset = 0
            while offset + 8 <= key.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
                offset += 8
            }
            if offset < key.count {
                var word: UInt64 = 0
                for shift in 0..<(key.count - offset) { word |= UInt64(key.start[offset + shift]) << (8 * shift) }
                hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
            }
            hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
            hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
            return hash ^ (hash >> 31)
        }
    }

    /// The value of the attribute whose name ends at `index` (`a`, `a=b`, `a = "b"`, `a='b'`): its bytes, empty
    /// for a name alone, nil when the page ends before the value does; and where reading goes on (after a
    /// closing quote; at an opening quote that never closes). `Scan.readTag` reads each attribute with it, and
    /// `mayRepeat` each place an id could be, so the two agree on the value of every id.
    static func attributeValue(after index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (value: Range<Int>?, end: Int) {
        let base = bytes.baseAddress!, count = bytes.count
        var index = index
        while index < count, isHTMLSpace(base[index]) { index += 1 }
        guard index < count, base[index] == UInt8(ascii: "=") else { return (index..<index, index) }
        index += 1
        while index < count, isHTMLSpace(base[index]) { index += 1 }
        guard index < count else { return (nil, index) }
        let quote = base[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            guard let found = memchr(base + index + 1, Int32(quote), count - index - 1) else { return (nil, index) }
            let close = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            return ((index + 1)..<close, close + 1)
        }
        let start = index
        while index < count, !isHTMLSpace(base[index]), base[index] != UInt8(ascii: ">") { index += 1 }
        return (start..<index, index)
    }

    /// An id as bytes that outlive the scan's use of them: a slice of the page, or a decoded copy.
    struct Key: Hashable {
        let start: UnsafePointer<UInt8>
        let count: Int

        /// The key of the id `value` of the page: its bytes there, or, when it holds a character reference, a
        /// decoded copy (kept in `copies` until the caller frees them) and the decoded text.
        static func of(_ value: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, copies: inout [UnsafeMutableBufferPointer<UInt8>]) -> (key: Key, decoded: String?) {
            guard memchr(bytes.baseAddress! + value.lowerBound, Int32(UInt8(ascii: "&")), value.count) != nil else {
                return (Key(start: bytes.baseAddress! + value.lowerBound, count: value.count), nil)
            }
            let text = CharacterReferences.decode(bytes[value])
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.utf8.count))
            _ = copy.initialize(from: text.utf8)
            copies.append(copy)
            return (Key(start: UnsafePointer(copy.baseAddress!), count: text.utf8.count), text)
        }

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
                } else if isASCIILetter(next), let name = readTag(), let element = HTMLTagScanner.textElement(named: name, in: bytes) {
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
                let (value, end) = attributeValue(after: index, in: bytes)
                index = end
                guard let value else { return nil }
                if isID { id = value }
            }
        }

        /// Records an id's value, noting it when an earlier element had it.
        mutating func note(_ value: Range<Int>) {
            let (key, text) = Key.of(value, in: bytes, copies: &copies)
            if let text { decoded[value.lowerBound] = text }
            if !seen.insert(key).inserted, reported.insert(key).inserted { repeated.append(value) }
        }

        func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0
        }

        func find(_ text: StaticString, from start: Int) -> Int? {
            text.withUTF8Buffer { bytes.offset(of: $0, from: start) }
        }

        mutating func skip(while accept: (UInt8) -> Bool) {
            while index < bytes.count, accept(bytes[index]) { index += 1 }
        }
    }
}
