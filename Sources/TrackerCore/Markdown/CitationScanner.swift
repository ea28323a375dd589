#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `[@a]` or `[@a; @b]` found in a byte buffer.
struct CitationMatch: Equatable {
    /// From the "[" to just after the "]".
    var range: Range<Int>
    var ids: CitationIDs
    /// How many "[" the unescaped text holds before this one, so a match in source can be found in the literal.
    var bracketIndex: Int
}

/// A citation's ids, as ranges of the bytes scanned. Most citations name one source: that one is held in
/// place, and only the others in an array (an array per citation was an allocation per citation).
struct CitationIDs: RandomAccessCollection, Equatable {
    private var head: Range<Int> = 0 ..< 0
    private var tail: [Range<Int>] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Range<Int> { position == 0 ? head : tail[position - 1] }

    mutating func append(_ id: Range<Int>) {
        if count == 0 { head = id } else { tail.append(id) }
        count += 1
    }

    static func += (ids: inout CitationIDs, more: CitationIDs) {
        for id in more { ids.append(id) }
    }

    static func + (ids: CitationIDs, more: CitationIDs) -> CitationIDs {
        var all = ids
        all += more
        return all
    }

    static func == (lhs: CitationIDs, rhs: CitationIDs) -> Bool { lhs.elementsEqual(rhs) }
}

/// Recognises `"[@" id (";" "@" id)* "]"`, ids being `[A-Za-z0-9][A-Za-z0-9._-]*`; spaces may surround ";" and precede "]".
enum CitationScanner {
    /// Citations in Markdown source: a backslash-escaped "[" is text, and entities count as the brackets they spell.
    static func scanSource(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> [CitationMatch] {
        var matches: [CitationMatch] = []
        forEachSourceMatch(bytes, in: range) { matches.append($0) }
        return matches
    }

    /// `scanSource`'s matches handed to `body` one by one, in order, without a list of them.
    static func forEachSourceMatch(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, _ body: (CitationMatch) -> Void) {
        if let base = bytes.baseAddress, !range.isEmpty,
           memchr(base + range.lowerBound, Int32(UInt8(ascii: "\\")), range.count) == nil,
           memchr(base + range.lowerBound, Int32(UInt8(ascii: "&")), range.count) == nil {
            forEachPlainSourceMatch(bytes, in: range, body)
            return
        }
        var brackets = 0
        var index = range.lowerBound
        while index < range.upperBound {
            // Most bytes are none of the three this loop acts on: skip them in a tight loop.
            var byte = bytes[index]
            while byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "[") {
                index += 1
                guard index < range.upperBound else { return }
                byte = bytes[index]
            }
            if byte == UInt8(ascii: "\\"), index + 1 < range.upperBound, MarkdownSyntax.isASCIIPunctuation(bytes[index + 1]) {
                if bytes[index + 1] == UInt8(ascii: "[") { brackets += 1 }
                index += 2
            } else if byte == UInt8(ascii: "&"), let entity = MarkdownSyntax.entity(in: bytes, at: index, end: range.upperBound) {
                if entity.isOpeningBracket { brackets += 1 }
                index = entity.end
            } else if byte == UInt8(ascii: "["), let match = match(bytes, at: index, end: range.upperBound) {
                body(CitationMatch(range: index..<match.end, ids: match.ids, bracketIndex: brackets))
                brackets += 1
                index = match.end
            } else {
                if byte == UInt8(ascii: "[") { brackets += 1 }
                index += 1
            }
        }
    }

    /// `forEachSourceMatch` for the usual span with no backslash and no "&": only "[" matters, and memchr finds each one.
    private static func forEachPlainSourceMatch(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, _ body: (CitationMatch) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var brackets = 0
        var index = range.lowerBound
        while index < range.upperBound, let found = memchr(base + index, Int32(UInt8(ascii: "[")), range.upperBound - index) {
            index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            if let match = match(bytes, at: index, end: range.upperBound) {
                body(CitationMatch(range: index..<match.end, ids: match.ids, bracketIndex: brackets))
                brackets += 1
                index = match.end
            } else {
                brackets += 1
                index += 1
            }
        }
    }

    /// Citations in already unescaped text, for when its source cannot be found.
    static func scanLiteral(_ bytes: UnsafeBufferPointer<UInt8>) -> [CitationMatch] {
        var matches: [CitationMatch] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "["), let match = match(bytes, at: index, end: bytes.count) {
                matches.append(CitationMatch(range: index..<match.end, ids: match.ids, bracketIndex: 0))
                index = match.end
            } else {
                index += 1
            }
        }
        return matches
    }

    /// Whether a literal may hold a citation, or an attempt at one (`[@]`, `[ @a]`), at all; most text nodes fail here.
    static func mayContainCitation(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 3, let base = bytes.baseAddress else { return false }
        // memchr hops from "[" to "["; most literals have none.
        var index = 0
        while index < bytes.count - 1, let found = memchr(base + index, Int32(UInt8(ascii: "[")), bytes.count - 1 - index) {
            index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
            while index < bytes.count - 1, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            if bytes[index] == UInt8(ascii: "@") { return true }
        }
        return false
    }

    static func match(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (end: Int, ids: CitationIDs)? {
        guard case .complete(let matchEnd, let ids) = resume(bytes, from: start + 1, end: end, state: .opened) else { return nil }
        return (matchEnd, ids)
    }

    /// Whether a citation starts at the "[" at `start` and closes before `end`: what `match` finds, without
    /// collecting its ids (the check for attempts asks this of every citation of a body).
    static func isMatch(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Bool {
        if case .complete = resume(bytes, from: start + 1, end: end, state: .opened, collectingIDs: false) { return true }
        return false
    }

    /// Where a citation's grammar stands at the end of a line: a line break may follow an id or a ";",
    /// where a space may (`[@a;` on one line, `@b]` on the next).
    enum State: Equatable {
        /// Just after the "[": "@" must follow at once.
        case opened
        /// After an id: spaces, then ";" or "]".
        case afterID
        /// After a ";": spaces, then "@".
        case afterSeparator
    }

    enum Progress: Equatable {
        /// The citation ends just before `end`, its "]" included.
        case complete(end: Int, ids: CitationIDs)
        /// The text ran out where a line break may continue the citation.
        case open(ids: CitationIDs, state: State)
        case failed
    }

    /// Reads a citation's grammar from `start` in `state` until it closes, fails, or `end` comes first. Without
    /// `collectingIDs` the ids are left out.
    static func resume(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, state: State, collectingIDs: Bool = true) -> Progress {
        var ids = CitationIDs()
        var index = start
        var state = state
        while true {
            switch state {
            case .opened, .afterSeparator:
                if state == .afterSeparator {
                    index = skipSpaces(bytes, from: index, end: end)
                    if index == end { return .open(ids: ids, state: .afterSeparator) }
                }
                guard index < end, bytes[index] == UInt8(ascii: "@") else { return .failed }
                index += 1
                let idStart = index
                guard index < end, isIDStart(bytes[index]) else { return .failed }
                while index < end, isIDContinue(bytes[index]) { index += 1 }
                if collectingIDs { ids.append(idStart..<index) }
                state = .afterID
            case .afterID:
                index = skipSpaces(bytes, from: index, end: end)
                guard index < end else { return .open(ids: ids, state: .afterID) }
                if bytes[index] == UInt8(ascii: "]") { return .complete(end: index + 1, ids: ids) }
                guard bytes[index] == UInt8(ascii: ";") else { return .failed }
                index += 1
                state = .afterSeparator
            }
        }
    }

    /// The "[" of a citation still open at the end of `range` (its text continues after a line break), if any.
    /// Only the last "[" can be one: any later "[" or "]" would have closed or broken it.
    static func openAtEnd(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> (start: Int, ids: CitationIDs, state: State)? {
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            let byte = bytes[index]
            if byte == UInt8(ascii: "]") { return nil }
            guard byte == UInt8(ascii: "[") else { continue }
            if index > range.lowerBound, bytes[index - 1] == UInt8(ascii: "\\") { return nil }
            guard case .open(let ids, let state) = resume(bytes, from: index + 1, end: range.upperBound, state: .opened) else { return nil }
            return (index, ids, state)
        }
        return nil
    }

    /// Whether a literal may end inside a citation: it has a "[@" with no "]" after it, and ends in an id or ";".
    static func mayEndOpen(_ bytes: UnsafeBufferPointer<UInt8>, continuing: Bool) -> Bool {
        guard let last = bytes.last, isIDContinue(last) || last == UInt8(ascii: ";") else { return false }
        var index = bytes.count
        while index > 0 {
            index -= 1
            if bytes[index] == UInt8(ascii: "]") { return false }
            if bytes[index] == UInt8(ascii: "["), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "@") { return true }
        }
        return continuing
    }

    private static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        var index = start
        while index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index
    }

    static func isIDStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func isIDContinue(_ byte: UInt8) -> Bool {
        isIDStart(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
