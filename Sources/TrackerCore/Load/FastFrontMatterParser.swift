import ByteScan
import Foundation

/// Reads the YAML that front matter is written in practice, giving exactly the tree (values, styles, marks) that
/// Yams would, and gives up (nil) on anything else so that Yams reads it instead. The subset, line by line:
///
/// - blank lines (spaces only) and full-line comments (`#` after optional spaces) anywhere;
/// - a top-level block mapping: each key at column 1, a name `[A-Za-z_][A-Za-z0-9_-]*`, then `:` and either one or
///   more spaces and a value on the same line, or the end of the line and an indented block sequence below;
/// - a block sequence: `- ` items, all at the same indentation (at least one space), each a single-line scalar or
///   a block mapping (`- date: …`, further keys aligned under the first, values on the same line);
/// - values on the same line: plain scalars, double-quoted scalars (the escapes libyaml knows, no line break),
///   single-quoted scalars, and (as mapping values) flow sequences `[a, "b", 'c']` / `[]` on one line.
///
/// Everything else gives up: tabs, CR, control characters, NEL, LS, PS, BOMs, document markers, directives,
/// anchors, aliases, tags, block scalars, flow mappings, multi-line scalars, trailing comments, duplicate keys,
/// empty values, empty documents, deeper nesting, and any plain scalar holding `: `, ` #` or a trailing `:`.
struct FastFrontMatterParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let count: Int
    /// Whether the text has any byte above 0x7F; when not, a column is the byte offset in the line plus one.
    private var hasNonASCII = false
    /// The current line: its 1-based number, where it starts, where it ends (its line feed or `count`) and its
    /// indentation in spaces. Only content lines (not blank, not comments) are ever current.
    private var line = 0
    private var lineStart = 0
    private var lineEnd = 0
    private var indent = 0
    /// Where the line after the current one starts.
    private var next = 0

    private static let space = UInt8(ascii: " ")
    private static let colon = UInt8(ascii: ":")
    private static let hash = UInt8(ascii: "#")
    private static let dash = UInt8(ascii: "-")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let singleQuote = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
    private static let comma = UInt8(ascii: ",")
    /// Longest key accepted: libyaml requires a simple key to be shorter than 1024 characters.
    private static let maxKeyLength = 256

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.count = bytes.count
    }

    mutating func parseDocument() -> FrontMatterNode? {
        guard checkCharacters(), nextContentLine() else { return nil }
        let rootMark = mark(at: lineStart)
        var pairs: [FrontMatterPair] = []
        pairs.reserveCapacity(16)
        var keyNames: [String] = []
        keyNames.reserveCapacity(16)
        while true {
            guard indent == 0, let keyEnd = keyEnd(at: lineStart) else { return nil }
            let name = string(lineStart, keyEnd)
            guard !keyNames.contains(name) else { return nil }
            keyNames.append(name)
            let key = FrontMatterNode.scalar(name, plain: true, mark: mark(at: lineStart))
            var position = keyEnd + 1
            while position < lineEnd && bytes[position] == Self.space { position += 1 }
            let value: FrontMatterNode
            if position == lineEnd {
                // `key:` alone: a block sequence must follow, indented.
                guard nextContentLine(), indent > 0, let sequence = parseBlockSequence() else { return nil }
                value = sequence
            } else {
                guard position > keyEnd + 1, let inline = parseLineValue(at: position, allowFlowSequence: true) else { return nil }
                value = inline
                nextContentLineOrEnd()
            }
            pairs.append(FrontMatterPair(key: key, value: value))
            if lineStart >= count { break }
        }
        return .mapping(pairs, mark: rootMark)
    }

    // MARK: - Characters and lines

    /// Gives up on any character outside printable ASCII, line feeds and the non-ASCII characters libyaml reads
    /// as ordinary printable ones: C0 controls (tab, CR, NUL…), DEL, C1 controls (NEL among them), U+2028, U+2029,
    /// U+FEFF, U+FFFE and U+FFFF. The text is a Swift string, so its UTF-8 is valid.
    private mutating func checkCharacters() -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F || byte == Self.lineFeed {
                // Printable ASCII and line feeds, most of any front matter, are skipped sixteen bytes at a time.
                index += tracker_next_not_printable_ascii(base + index, count - index)
                continue
            }
            guard byte >= 0x80 else { return false }
            hasNonASCII = true
            switch byte {
            case 0xC2:
                guard index + 1 < count, bytes[index + 1] >= 0xA0 else { return false }
            case 0xE2:
                guard index + 2 < count else { return false }
                if bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) { return false }
            case 0xEF:
                guard index + 2 < count else { return false }
                if bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF { return false }
                if bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE { return false }
            default:
                break
            }
            index += 1
        }
        return true
    }

    /// Moves to the next line that is neither blank nor a comment; false (with `lineStart == count`) at the end.
    private mutating func nextContentLine() -> Bool {
        while next < count {
            line += 1
            lineStart = next
            // memchr finds the line's end a word or more at a time.
            let end = memchr(bytes.baseAddress! + next, Int32(Self.lineFeed), count - next)
                .map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - bytes.baseAddress! } ?? count
            lineEnd = end
            next = end + 1
            var position = lineStart
            while position < lineEnd && bytes[position] == Self.space { position += 1 }
            indent = position - lineStart
            if position < lineEnd && bytes[position] != Self.hash { return true }
        }
        lineStart = count
        lineEnd = count
        indent = 0
        return false
    }

    private mutating func nextContentLineOrEnd() {
        _ = nextContentLine()
    }

    /// The mark of a position on the current line.
    private func mark(at position: Int) -> FrontMatterMark {
        guard hasNonASCII else { return FrontMatterMark(line: line, column: position - lineStart + 1) }
        var column = 1
        var index = lineStart
        while index < position {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return FrontMatterMark(line: line, column: column)
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// When a key name starts at `start` and is followed by `:` and then a space or the end of the line: where
    /// the `:` is.
    private func keyEnd(at start: Int) -> Int? {
        guard start < lineEnd, Self.isNameStart(bytes[start]) else { return nil }
        var position = start + 1
        while position < lineEnd && Self.isNameCharacter(bytes[position]) { position += 1 }
        guard position < lineEnd, bytes[position] == Self.colon, position - start <= Self.maxKeyLength,
              position + 1 == lineEnd || bytes[position + 1] == Self.space else { return nil }
        return position
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == dash
    }

    /// The characters that cannot start a plain scalar (or that start one only in some contexts): YAML's
    /// indicators and a space.
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
             UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
             UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: " "):
            return true
        default:
            return false
        }
    }

    // MARK: - Block structure

    /// A block sequence starting on the current line (indented, not yet checked to be an item). Leaves the first
    /// line after the sequence current: one at indentation 0, or the end.
    private mutating func parseBlockSequence() -> FrontMatterNode? {
        let itemIndent = indent
        let sequenceMark = mark(at: lineStart + itemIndent)
        var items: [FrontMatterNode] = []
        while true {
            let dash = lineStart + itemIndent
            guard indent == itemIndent, bytes[dash] == Self.dash, dash + 1 < lineEnd, bytes[dash + 1] == Self.space else { return nil }
            var position = dash + 1
            while position < lineEnd && bytes[position] == Self.space { position += 1 }
            guard position < lineEnd else { return nil }
            if keyEnd(at: position) != nil {
                guard let mapping = parseItemMapping(keyColumn: position - lineStart) else { return nil }
                items.append(mapping)
            } else {
                guard let scalar = parseLineValue(at: position, allowFlowSequence: false) else { return nil }
                items.append(scalar)
                nextContentLineOrEnd()
            }
            if lineStart >= count || indent == 0 { break }
        }
        return .sequence(items, mark: sequenceMark)
    }

    /// A block mapping inside a sequence item, its first key on the current line at byte offset `keyColumn`
    /// (the line's prefix is ASCII, so that is also its character offset). Leaves the first line that is not one
    /// of its keys current.
    private mutating func parseItemMapping(keyColumn: Int) -> FrontMatterNode? {
        let mappingMark = mark(at: lineStart + keyColumn)
        var pairs: [FrontMatterPair] = []
        pairs.reserveCapacity(4)
        var keyNames: [String] = []
        keyNames.reserveCapacity(4)
        var keyStart = lineStart + keyColumn
        while true {
            guard let keyEnd = keyEnd(at: keyStart) else { return nil }
            let name = string(keyStart, keyEnd)
            guard !keyNames.contains(name) else { return nil }
            keyNames.append(name)
            let key = FrontMatterNode.scalar(name, plain: true, mark: mark(at: keyStart))
            var position = keyEnd + 1
            while position < lineEnd && bytes[position] == Self.space { position += 1 }
            guard position < lineEnd, position > keyEnd + 1,
                  let value = parseLineValue(at: position, allowFlowSequence: true) else { return nil }
            pairs.append(FrontMatterPair(key: key, value: value))
            nextContentLineOrEnd()
            guard lineStart < count, indent == keyColumn else { break }
            keyStart = lineStart + keyColumn
        }
        return .mapping(pairs, mark: mappingMark)
    }

    // MARK: - Values on one line

    /// A value starting at `start` that must end the line (trailing spaces aside).
    private func parseLineValue(at start: Int, allowFlowSequence: Bool) -> FrontMatterNode? {
        let parsed: (node: FrontMatterNode, end: Int)?
        switch bytes[start] {
        case Self.doubleQuote: parsed = parseDoubleQuoted(at: start)
        case Self.singleQuote: parsed = parseSingleQuoted(at: start)
        case Self.openBracket: parsed = allowFlowSequence ? parseFlowSequence(at: start) : nil
        default: return parseBlockPlain(at: start)
        }
        guard let (node, end) = parsed, onlySpaces(from: end) else { return nil }
        return node
    }

    private func onlySpaces(from start: Int) -> Bool {
        var position = start
        while position < lineEnd {
            if bytes[position] != Self.space { return false }
            position += 1
        }
        return true
    }

    /// A plain scalar in block context running to the end of the line, trailing spaces trimmed. Gives up on
    /// `: ` or a final `:` (a mapping value indicator) and on ` #` (a comment).
    private func parseBlockPlain(at start: Int) -> FrontMatterNode? {
        guard !Self.isIndicator(bytes[start]) else { return nil }
        var end = start + 1
        var position = start + 1
        while position < lineEnd {
            let byte = bytes[position]
            if byte == Self.space {
                position += 1
                continue
            }
            if byte == Self.colon && (position + 1 == lineEnd || bytes[position + 1] == Self.space) { return nil }
            if byte == Self.hash && bytes[position - 1] == Self.space { return nil }
            position += 1
            end = position
        }
        return .scalar(string(start, end), plain: true, mark: mark(at: start))
    }

    /// A flow sequence on one line: `[]` or items separated by commas, each plain or quoted. Gives up on
    /// nesting, flow mappings, empty items and trailing commas.
    private func parseFlowSequence(at start: Int) -> (node: FrontMatterNode, end: Int)? {
        var items: [FrontMatterNode] = []
        var position = skipSpaces(from: start + 1)
        guard position < lineEnd else { return nil }
        if bytes[position] != Self.closeBracket {
            while true {
                guard position < lineEnd else { return nil }
                let item: (node: FrontMatterNode, end: Int)?
                switch bytes[position] {
                case Self.doubleQuote: item = parseDoubleQuoted(at: position)
                case Self.singleQuote: item = parseSingleQuoted(at: position)
                default: item = parseFlowPlain(at: position)
                }
                guard let (node, end) = item else { return nil }
                items.append(node)
                position = skipSpaces(from: end)
                guard position < lineEnd else { return nil }
                if bytes[position] == Self.closeBracket { break }
                guard bytes[position] == Self.comma else { return nil }
                position = skipSpaces(from: position + 1)
                guard position < lineEnd, bytes[position] != Self.closeBracket, bytes[position] != Self.comma else { return nil }
            }
        }
        return (.sequence(items, mark: mark(at: start)), position + 1)
    }

    private func skipSpaces(from start: Int) -> Int {
        var position = start
        while position < lineEnd && bytes[position] == Self.space { position += 1 }
        return position
    }

    /// A plain item of a flow sequence, ending before `,` or `]` (trailing spaces trimmed). Gives up on any
    /// `:`, `#`, bracket or brace in it, and on reaching the end of the line.
    private func parseFlowPlain(at start: Int) -> (node: FrontMatterNode, end: Int)? {
        guard !Self.isIndicator(bytes[start]) else { return nil }
        var end = start + 1
        var position = start + 1
        while position < lineEnd {
            switch bytes[position] {
            case Self.comma, Self.closeBracket:
                return (.scalar(string(start, end), plain: true, mark: mark(at: start)), end)
            case Self.space:
                position += 1
            case Self.colon, Self.hash, Self.openBracket, UInt8(ascii: "{"), UInt8(ascii: "}"):
                return nil
            default:
                position += 1
                end = position
            }
        }
        return nil
    }

    /// A single-quoted scalar closed on the same line (`''` is a quote). Returns the node and the position after
    /// the closing quote.
    private func parseSingleQuoted(at start: Int) -> (node: FrontMatterNode, end: Int)? {
        var position = start + 1
        var text: [UInt8]? = nil
        var runStart = position
        while position < lineEnd {
            if bytes[position] == Self.singleQuote {
                if position + 1 < lineEnd && bytes[position + 1] == Self.singleQuote {
                    if text == nil { text = [] }
                    text!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...position]))
                    position += 2
                    runStart = position
                    continue
                }
                return quoted(start: start, unescaped: text, lastRun: runStart..<position)
            }
            position += 1
        }
        return nil
    }

    /// The scalar of a quoted string that opened at `start` and whose closing quote ends `lastRun`: the
    /// bytes between the quotes when nothing was unescaped, else `unescaped` followed by the last run.
    private func quoted(start: Int, unescaped: [UInt8]?, lastRun: Range<Int>) -> (node: FrontMatterNode, end: Int) {
        let value: String
        if var text = unescaped {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lastRun]))
            value = String(decoding: text, as: UTF8.self)
        } else {
            value = string(lastRun.lowerBound, lastRun.upperBound)
        }
        return (.scalar(value, plain: false, mark: mark(at: start)), lastRun.upperBound + 1)
    }

    /// A double-quoted scalar closed on the same line, with libyaml's escapes (not an escaped line break).
    /// Returns the node and the position after the closing quote.
    private func parseDoubleQuoted(at start: Int) -> (node: FrontMatterNode, end: Int)? {
        var position = start + 1
        var text: [UInt8]? = nil
        var runStart = position
        while position < lineEnd {
            let byte = bytes[position]
            if byte == Self.doubleQuote {
                return quoted(start: start, unescaped: text, lastRun: runStart..<position)
            }
            guard byte == Self.backslash else {
                position += 1
                continue
            }
            if text == nil { text = [] }
            text!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            guard position + 1 < lineEnd else { return nil }
            var hexDigits = 0
            switch bytes[position + 1] {
            case UInt8(ascii: "0"): text!.append(0)
            case UInt8(ascii: "a"): text!.append(0x07)
            case UInt8(ascii: "b"): text!.append(0x08)
            case UInt8(ascii: "t"): text!.append(0x09)
            case UInt8(ascii: "n"): text!.append(0x0A)
            case UInt8(ascii: "v"): text!.append(0x0B)
            case UInt8(ascii: "f"): text!.append(0x0C)
            case UInt8(ascii: "r"): text!.append(0x0D)
            case UInt8(ascii: "e"): text!.append(0x1B)
            case UInt8(ascii: " "): text!.append(0x20)
            case UInt8(ascii: "\""): text!.append(0x22)
            case UInt8(ascii: "/"): text!.append(0x2F)
            case UInt8(ascii: "\\"): text!.append(0x5C)
            case UInt8(ascii: "N"): text!.append(contentsOf: [0xC2, 0x85])
            case UInt8(ascii: "_"): text!.append(contentsOf: [0xC2, 0xA0])
            case UInt8(ascii: "L"): text!.append(contentsOf: [0xE2, 0x80, 0xA8])
            case UInt8(ascii: "P"): text!.append(contentsOf: [0xE2, 0x80, 0xA9])
            case UInt8(ascii: "x"): hexDigits = 2
            case UInt8(ascii: "u"): hexDigits = 4
            case UInt8(ascii: "U"): hexDigits = 8
            default: return nil
            }
            position += 2
            if hexDigits > 0 {
                guard position + hexDigits <= lineEnd else { return nil }
                var value: UInt32 = 0
                for offset in 0..<hexDigits {
                    guard let digit = Self.hexValue(bytes[position + offset]) else { return nil }
                    value = value << 4 | digit
                }
                // Yams turns libyaml's bytes into a String with Foundation, which drops a leading U+FEFF.
                guard let scalar = Unicode.Scalar(value), value != 0xFEFF else { return nil }
                text!.append(contentsOf: UTF8.encode(scalar)!)
                position += hexDigits
            }
            runStart = position
        }
        return nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
