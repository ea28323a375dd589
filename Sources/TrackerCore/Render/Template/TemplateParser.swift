/// A template that cannot be compiled: what is wrong and where (1-based line and column).
public struct TemplateSyntaxError: Error, Equatable, Sendable {
    public let message: String
    public let line: Int
    public let column: Int
}

/// Compiles Mustache text (the spec's tags, partials, inheritance, set delimiters and the
/// `CONTENT_TYPE` pragma) into `TemplateNode`s.
///
/// Whitespace follows swift-mustache, the engine the theme was written against, so a template renders
/// to the same bytes: a section, inverted section, comment, partial, block, parent or delimiter tag
/// alone on its line ("standalone") takes the line with it; a standalone partial or block indents each
/// line of what it renders by the tag's indentation; inside a parent's `{{$block}}` overrides, lines
/// lose the indentation of the override's first line.
struct TemplateParser {
    private let bytes: [UInt8]
    private var position = 0
    /// The offset of each line's first byte, for the positions of names.
    private let lineStarts: [Int]

    private struct State {
        var sectionName: String?
        /// Where the open section's tag starts, for "never closed" errors.
        var sectionStart = 0
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var partialDefinitionIndent: Int?
        var start: [UInt8] = Array("{{".utf8)
        var end: [UInt8] = Array("}}".utf8)
        /// How many sections, blocks and parents are open around this one.
        var depth = 0

        func section(_ name: String, at start: Int, newLine: Bool) -> State {
            var state = self
            state.depth += 1
            state.sectionName = name
            state.sectionStart = start
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func parent(_ name: String, at start: Int) -> State {
            var state = self
            state.depth += 1
            state.sectionName = name
            state.sectionStart = start
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    /// The most sections, inverted sections, blocks and parents open at once in one template. Parsing,
    /// checking and rendering a template recurse once per level, on threads with small stacks; a theme
    /// needs a few levels.
    static let maxDepth = 100

    private struct Failure: Error {
        let message: String
        let position: Int
    }

    static func compile(_ text: String) throws(TemplateSyntaxError) -> CompiledTemplate {
        var parser = TemplateParser(bytes: Array(text.utf8))
        do {
            return CompiledTemplate(nodes: try parser.parse(State()))
        } catch let failure as Failure {
            let (line, column) = parser.lineAndColumn(of: failure.position)
            throw TemplateSyntaxError(message: failure.message, line: line, column: column)
        } catch {
            throw TemplateSyntaxError(message: "\(error)", line: 1, column: 1)
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        lineStarts = [0] + bytes.indices.lazy.filter { bytes[$0] == 10 }.map { $0 + 1 }
    }

    /// The name read from the tag starting at `tagStart`, with the tag's line and column.
    private func name(_ text: String, at tagStart: Int) -> TemplateName {
        let (line, column) = lineAndColumn(of: tagStart)
        return TemplateName(text, line: line, column: column)
    }

    // MARK: - Tags

    private mutating func parse(_ initial: State) throws -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var state = initial
        var whitespaceBefore: [UInt8] = []
        func flushWhitespace() {
            if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
        }
        while position < bytes.count {
            if state.newLine {
                let whitespace = readSpacesAndTabs()
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whitespaceBefore = Array(whitespace.dropFirst(indent))
                    } else {
                        state.partialDefinitionIndent = whitespace.count
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let (text, tagStart) = readTextUntilTagOrNewline(state)
            if let newline = newlineLength(at: position) {
                nodes.append(.text(whitespaceBefore + text + bytes[position ..< position + newline]))
                state.newLine = true
                position += newline
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whitespaceBefore + text))
                whitespaceBefore = []
                state.newLine = false
            }
            guard let tagStart else { break }
            guard position < bytes.count else { throw Failure(message: "unfinished tag: expected a name and '\(string(state.end))'", position: tagStart) }
            var setNewLine = false
            switch bytes[position] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = bytes[position] == UInt8(ascii: "^")
                position += 1
                let name = try readName(state, tagStart: tagStart)
                try checkDepth(state, tagStart: tagStart)
                if isStandalone(state) { setNewLine = true } else { flushWhitespace(); whitespaceBefore = [] }
                let inner = try parse(state.section(name, at: tagStart, newLine: setNewLine))
                nodes.append(inverted ? .invertedSection(self.name(name, at: tagStart), inner) : .section(self.name(name, at: tagStart), inner, key: inner.hashValue))

            case UInt8(ascii: "/"):
                position += 1
                let namePosition = position
                let name = try readName(state, tagStart: tagStart)
                guard let open = state.sectionName else {
                    throw Failure(message: "closing tag '\(string(state.start))/\(name)\(string(state.end))' has no open section", position: namePosition)
                }
                guard name == open else {
                    throw Failure(message: "closing tag '\(string(state.start))/\(name)\(string(state.end))' does not match the open section '\(open)'", position: namePosition)
                }
                if !isStandalone(state) { flushWhitespace() }
                return nodes

            case UInt8(ascii: "!"):
                position += 1
                guard let close = find(state.end, from: position) else {
                    throw Failure(message: "comment is never closed (expected '\(string(state.end))')", position: tagStart)
                }
                position = close + state.end.count
                setNewLine = isStandalone(state)

            case UInt8(ascii: "{"):
                flushWhitespace(); whitespaceBefore = []
                position += 1
                let name = try readName(state, tagStart: tagStart)
                guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else {
                    throw Failure(message: "unfinished tag: expected '}' to close '{{{\(name)'", position: position)
                }
                position += 1
                nodes.append(.variable(self.name(name, at: tagStart), escaped: false))

            case UInt8(ascii: "&"):
                flushWhitespace(); whitespaceBefore = []
                position += 1
                nodes.append(.variable(name(try readName(state, tagStart: tagStart), at: tagStart), escaped: false))

            case UInt8(ascii: ">"):
                position += 1
                skipWhitespace()
                var dynamic = false
                if position < bytes.count, bytes[position] == UInt8(ascii: "*") { position += 1; dynamic = true }
                let name = try readPartialName(state, tagStart: tagStart)
                flushWhitespace()
                if isStandalone(state) {
                    setNewLine = true
                    nodes.append(.partial(name, dynamic: dynamic, indentation: whitespaceBefore, overrides: nil, overridesKey: 0))
                } else {
                    nodes.append(.partial(name, dynamic: dynamic, indentation: nil, overrides: nil, overridesKey: 0))
                }
                whitespaceBefore = []

            case UInt8(ascii: "<"):
                position += 1
                skipWhitespace()
                let written = try readPartialName(state, tagStart: tagStart)
                try checkDepth(state, tagStart: tagStart)
                let dynamic = written.hasPrefix("*")
                flushWhitespace()
                if isStandalone(state) { setNewLine = true }
                let inner = try parse(state.parent(written, at: tagStart))
                var overrides: [String: [TemplateNode]] = [:]
                for node in inner {
                    switch node {
                    case .blockDefinition(let block, let nodes): overrides[block] = nodes
                    case .text: break
                    default:
                        throw Failure(message: "only '{{$block}}…{{/block}}' overrides and text may appear inside '{{<\(written)}}'", position: tagStart)
                    }
                }
                nodes.append(.partial(dynamic ? String(written.dropFirst()) : written, dynamic: dynamic, indentation: whitespaceBefore,
                                      overrides: overrides, overridesKey: overrides.hashValue))
                whitespaceBefore = []

            case UInt8(ascii: "$"):
                position += 1
                let name = try readName(state, tagStart: tagStart)
                try checkDepth(state, tagStart: tagStart)
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parse(state.section(name, at: tagStart, newLine: setNewLine))
                    nodes.append(.blockDefinition(name, inner))
                } else {
                    flushWhitespace()
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parse(state.section(name, at: tagStart, newLine: setNewLine))
                    nodes.append(.block(name, defaultNodes: inner, indentation: whitespaceBefore))
                    whitespaceBefore = []
                }

            case UInt8(ascii: "="):
                position += 1
                state = try readDelimiters(state, tagStart: tagStart)
                setNewLine = isStandalone(state)

            case UInt8(ascii: "%"):
                position += 1
                nodes.append(try readPragma(state, tagStart: tagStart))
                setNewLine = isStandalone(state)

            default:
                flushWhitespace(); whitespaceBefore = []
                nodes.append(.variable(name(try readName(state, tagStart: tagStart), at: tagStart), escaped: true))
            }
            state.newLine = setNewLine
        }
        if let open = state.sectionName {
            let tag = state.isPartialDefinitionTopLevel ? "<" : "#"
            throw Failure(message: "'\(string(state.start))\(tag)\(open)\(string(state.end))' is never closed (expected '\(string(state.start))/\(open)\(string(state.end))')",
                          position: state.sectionStart)
        }
        return nodes
    }

    private func checkDepth(_ state: State, tagStart: Int) throws {
        guard state.depth < Self.maxDepth else {
            throw Failure(message: "sections, blocks and parents nest more than \(Self.maxDepth) levels deep here", position: tagStart)
        }
    }

    // MARK: - Reading

    /// Text up to the next start delimiter (consumed; its position returned) or newline (not consumed).
    private mutating func readTextUntilTagOrNewline(_ state: State) -> ([UInt8], Int?) {
        let begin = position
        let first = state.start[0]
        while position < bytes.count {
            let byte = bytes[position]
            if newlineLength(at: position) != nil { return (Array(bytes[begin ..< position]), nil) }
            if byte == first, matches(state.start, at: position) {
                let text = Array(bytes[begin ..< position])
                let tagStart = position
                position += state.start.count
                return (text, tagStart)
            }
            position += 1
        }
        return (Array(bytes[begin ..< position]), nil)
    }

    /// 1 for "\n", 2 for "\r\n", nil when `index` is not at a newline (a lone "\r" is text).
    private func newlineLength(at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        if bytes[index] == 10 { return 1 }
        if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { return 2 }
        return nil
    }

    private mutating func readSpacesAndTabs() -> [UInt8] {
        let begin = position
        while position < bytes.count, bytes[position] == 32 || bytes[position] == 9 { position += 1 }
        return Array(bytes[begin ..< position])
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 32 || (9 ... 13).contains(byte) }

    private static func isNameByte(_ byte: UInt8, slash: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
             UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "?"), UInt8(ascii: "*"),
             UInt8(ascii: "("), UInt8(ascii: ")"):
            return true
        case UInt8(ascii: "/"): return slash
        default: return false
        }
    }

    private mutating func readName(_ state: State, tagStart: Int, slash: Bool = false) throws -> String {
        skipWhitespace()
        let begin = position
        while position < bytes.count, Self.isNameByte(bytes[position], slash: slash) { position += 1 }
        let name = String(decoding: bytes[begin ..< position], as: UTF8.self)
        skipWhitespace()
        guard matches(state.end, at: position) else {
            throw Failure(message: "unfinished tag: expected '\(string(state.end))' after '\(string(state.start))\(name)'", position: position)
        }
        position += state.end.count
        if name.contains("(") || name.contains(")") {
            throw Failure(message: "'\(name)': transforms such as 'name(value)' are not supported", position: begin)
        }
        return name
    }

    private mutating func readPartialName(_ state: State, tagStart: Int) throws -> String {
        try readName(state, tagStart: tagStart, slash: true)
    }

    private mutating func readDelimiters(_ state: State, tagStart: Int) throws -> State {
        let invalid = Failure(message: "invalid set-delimiters tag: expected '\(string(state.start))=<start> <end>=\(string(state.end))'", position: tagStart)
        skipWhitespace()
        var begin = position
        while position < bytes.count, !Self.isWhitespace(bytes[position]) { position += 1 }
        guard position < bytes.count else { throw invalid }
        let start = Array(bytes[begin ..< position])
        skipWhitespace()
        begin = position
        while position < bytes.count, !Self.isWhitespace(bytes[position]), bytes[position] != UInt8(ascii: "=") { position += 1 }
        guard position < bytes.count else { throw invalid }
        let end = Array(bytes[begin ..< position])
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else { throw invalid }
        position += 1
        guard matches(state.end, at: position), !start.isEmpty, !end.isEmpty else { throw invalid }
        position += state.end.count
        var state = state
        state.start = start
        state.end = end
        state.isPartialDefinitionTopLevel = false
        return state
    }

    private mutating func readPragma(_ state: State, tagStart: Int) throws -> TemplateNode {
        let invalid = Failure(message: "invalid pragma: expected '\(string(state.start))% CONTENT_TYPE: HTML\(string(state.end))' or TEXT", position: tagStart)
        func word() -> String {
            let begin = position
            while position < bytes.count, Self.isNameByte(bytes[position], slash: false), bytes[position] != UInt8(ascii: "("),
                  bytes[position] != UInt8(ascii: ")") { position += 1 }
            return String(decoding: bytes[begin ..< position], as: UTF8.self)
        }
        skipWhitespace()
        let variable = word()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw invalid }
        position += 1
        skipWhitespace()
        let value = word()
        skipWhitespace()
        guard matches(state.end, at: position) else { throw invalid }
        position += state.end.count
        switch (variable, value) {
        case ("CONTENT_TYPE", "HTML"): return .escaping(true)
        case ("CONTENT_TYPE", "TEXT"): return .escaping(false)
        default: throw invalid
        }
    }

    /// A tag alone on its line: at a line's start, followed only by spaces or tabs up to the newline
    /// (consumed) or the end of the template.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if position >= bytes.count { return true }
        var cursor = position
        while cursor < bytes.count, bytes[cursor] == 32 || bytes[cursor] == 9 { cursor += 1 }
        guard let newline = newlineLength(at: cursor) else { return false }
        position = cursor + newline
        return true
    }

    private func matches(_ delimiter: [UInt8], at index: Int) -> Bool {
        guard index + delimiter.count <= bytes.count else { return false }
        for offset in delimiter.indices where bytes[index + offset] != delimiter[offset] { return false }
        return true
    }

    private func find(_ delimiter: [UInt8], from index: Int) -> Int? {
        var cursor = index
        while cursor + delimiter.count <= bytes.count {
            if matches(delimiter, at: cursor) { return cursor }
            cursor += 1
        }
        return nil
    }

    private func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    private func lineAndColumn(of offset: Int) -> (Int, Int) {
        let offset = min(offset, bytes.count)
        // The last line starting at or before the offset.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let lineStart = lineStarts[low]
        // Every byte but UTF-8 continuation bytes starts a scalar.
        let column = bytes[lineStart ..< offset].lazy.filter { $0 & 0xC0 != 0x80 }.count + 1
        return (low + 1, column)
    }
}
