#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bracketed text that was meant as a citation but is not one (`[@a, @b]`, `[@]`, `[ @a]`, `[@a;]`):
/// left alone it would stay literal text, its ids never checked. An attempt is an unescaped "[" followed
/// by "@" (spaces allowed between) whose first "]" comes, in the same paragraph, before any other "[".
/// Code spans, link destinations, autolinks and e-mail addresses never reach here: only text is read.
enum CitationAttempts {
    /// Every attempt starting in `span` (a text node's source) whose "]" is before `limit` (its paragraph's end),
    /// as the offset of its "[" and why it is not a citation.
    static func problems(in source: SourceText, span: Range<Int>, limit: Int) -> [(offset: Int, message: String)] {
        let bytes = source.bytes
        guard let base = bytes.baseAddress else { return [] }
        var found: [(Int, String)] = []
        var index = span.lowerBound
        while index < span.upperBound, let hit = memchr(base + index, Int32(UInt8(ascii: "[")), span.upperBound - index) {
            let start = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            index = start + 1
            guard !isEscaped(bytes, start, from: span.lowerBound), opensWithAt(bytes, start, limit: limit),
                  !CitationScanner.isMatch(bytes, at: start, end: limit),
                  let close = closingBracket(bytes, after: start, limit: limit) else { continue }
            if let message = diagnose(normalised(bytes, start + 1, close)) { found.append((start, message)) }
        }
        return found
    }

    /// Whether the "[" at `start` is a citation or an attempt at one (see the type's comment), whatever its context.
    static func isCitationLike(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int) -> Bool {
        opensWithAt(bytes, start, limit: limit)
            && (CitationScanner.isMatch(bytes, at: start, end: limit) || closingBracket(bytes, after: start, limit: limit) != nil)
    }

    /// Whether "@" follows the "[" at `start`, spaces allowed between.
    private static func opensWithAt(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, limit: Int) -> Bool {
        var at = start + 1
        while at < limit, bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") { at += 1 }
        return at < limit && bytes[at] == UInt8(ascii: "@")
    }

    /// The first "]" after `start` before `limit`, unless a "[" comes first.
    private static func closingBracket(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int, limit: Int) -> Int? {
        var index = start + 1
        while index < limit {
            let byte = bytes[index]
            if byte == UInt8(ascii: "]") { return isEscaped(bytes, index, from: start) ? nil : index }
            if byte == UInt8(ascii: "[") { return nil }
            index += 1
        }
        return nil
    }

    /// Whether an odd number of backslashes comes right before `index` (not before `floor`).
    private static func isEscaped(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, from floor: Int) -> Bool {
        var count = 0
        var at = index
        while at > floor, bytes[at - 1] == UInt8(ascii: "\\") { count += 1; at -= 1 }
        return count % 2 == 1
    }

    /// The text between the brackets as one line: a line end (with a hard break's backslash before it, and the
    /// next line's indent and ">" markers) reads as one space, as it does in a wrapped citation.
    private static func normalised(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [UInt8] {
        var text: [UInt8] = []
        var index = start
        while index < end {
            var byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\\"), index < end, bytes[index] == 0x0A || bytes[index] == 0x0D { continue }
            if byte == 0x0A || byte == 0x0D {
                while index < end, [0x0A, 0x0D, 0x20, 0x09, UInt8(ascii: ">")].contains(bytes[index]) { index += 1 }
                byte = 0x20
            }
            text.append(byte == 0x09 ? 0x20 : byte)
        }
        return text
    }

    static let emptyMessage = "empty citation: put a source id after '@', as in [@source-id]"
    static let notACitationMessage = "not a citation: write [@id] or [@id; @id], each id a letter or digit followed by letters, digits, '.', '_' or '-' (write \\[@ for a literal bracket)"

    /// Why the text between "[" and "]" (from its "@" or the spaces before it) is not a citation; nil when it is one.
    static func diagnose(_ content: [UInt8]) -> String? {
        let text = String(decoding: content, as: UTF8.self)
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map(\.trimmed)
        if parts.allSatisfy({ $0.isEmpty || $0 == "@" }) { return emptyMessage }
        var ids: [Substring] = []
        var missingAt = false, unseparated = false, emptyPart = false
        for part in parts {
            let tokens = part.split(whereSeparator: { $0 == " " || $0 == "," })
            if tokens.isEmpty { emptyPart = true; continue }
            if tokens.count > 1 { unseparated = true }
            for token in tokens {
                if token.hasPrefix("@"), isID(token.dropFirst()) {
                    ids.append(token.dropFirst())
                } else if parts.count > 1, tokens.count == 1, isID(token) {
                    missingAt = true
                    ids.append(token)
                } else {
                    return notACitationMessage
                }
            }
        }
        let written = "[" + ids.map { "@" + $0 }.joined(separator: "; ") + "]"
        if missingAt { return "each cited id starts with '@': \(written)" }
        if unseparated { return "separate cited ids with ';': \(written)" }
        if emptyPart { return "a ';' must come between two cited ids: \(written)" }
        if content.first == UInt8(ascii: " ") { return "no space may come between '[' and '@': \(written)" }
        return nil
    }

    private static func isID(_ token: Substring) -> Bool {
        guard let first = token.utf8.first, first < 0x80, CitationScanner.isIDStart(first) else { return false }
        return token.utf8.allSatisfy { $0 < 0x80 && CitationScanner.isIDContinue($0) }
    }
}

private extension Substring {
    /// Without the spaces at either end.
    var trimmed: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
