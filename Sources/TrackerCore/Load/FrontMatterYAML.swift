import Foundation
import Yams

/// Where a YAML node starts, exactly as Yams' `Node.mark` gives it: libyaml's start mark plus one, so the line
/// is 1-based within the YAML text and the column is 1-based, counted in Unicode scalars (not bytes).
struct FrontMatterMark: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// One key and its value in a YAML mapping.
struct FrontMatterPair: Sendable, Equatable {
    var key: FrontMatterNode
    var value: FrontMatterNode
}

/// The tracker's own YAML node: what the readers need of a `Yams.Node` and nothing more, so building one costs a
/// few small values instead of a `Tag` object per node. With the basic resolver every scalar is a string; only
/// whether it was written plain matters afterwards (for nulls).
enum FrontMatterNode: Sendable, Equatable {
    case scalar(String, plain: Bool, mark: FrontMatterMark?)
    case sequence([FrontMatterNode], mark: FrontMatterMark?)
    /// Pairs in document order; keys are nodes, as YAML allows.
    case mapping([FrontMatterPair], mark: FrontMatterMark?)
    case alias(mark: FrontMatterMark?)

    /// The text of a scalar.
    var string: String? {
        if case let .scalar(string, _, _) = self { return string }
        return nil
    }

    var sequence: [FrontMatterNode]? {
        if case let .sequence(items, _) = self { return items }
        return nil
    }

    var mapping: [FrontMatterPair]? {
        if case let .mapping(pairs, _) = self { return pairs }
        return nil
    }

    var mark: FrontMatterMark? {
        switch self {
        case let .scalar(_, _, mark), let .sequence(_, mark), let .mapping(_, mark), let .alias(mark): return mark
        }
    }

    /// With the basic resolver every scalar is a string, so nulls are recognised here: only PLAIN "", "~", "null",
    /// "Null" and "NULL" (a quoted "null" is the word).
    var isNull: Bool {
        guard case let .scalar(string, plain, _) = self, plain else { return false }
        switch string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    var kindName: String {
        switch self {
        case .scalar: return "single value"
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        }
    }
}

extension FrontMatterNode {
    /// A front matter that asks for more than this is refused before any of it is used: YAML aliases can
    /// repeat a node many times over (ten levels of nine aliases, under a kilobyte, stand for 3.5 billion
    /// values), and a deep nesting costs a stack frame a level.
    enum Limits {
        static let maxBytes = 1 << 20
        static let maxDepth = 64
        /// Values (scalars, lists, mappings) after aliases are expanded: enough for any hand-written file of
        /// up to a megabyte, far below what an alias bomb expands to.
        static func maxValues(forBytes count: Int) -> Int { max(100_000, count) }
    }

    enum LimitExceeded: Error {
        case tooDeep(FrontMatterMark?)
        case tooManyValues(FrontMatterMark?, limit: Int)
    }

    /// The same tree as a Yams node: every value, style and mark carried over, aliases expanded (Yams
    /// already replaced each alias by its anchor's node) within `budget` values and `Limits.maxDepth` levels.
    static func converting(_ node: Node, depth: Int = 1, budget: inout Int, limit: Int) throws(LimitExceeded) -> FrontMatterNode {
        budget -= 1
        if budget < 0 { throw .tooManyValues(FrontMatterMark(node.mark), limit: limit) }
        if depth > Limits.maxDepth { throw .tooDeep(FrontMatterMark(node.mark)) }
        switch node {
        case let .scalar(scalar):
            return .scalar(scalar.string, plain: scalar.style == .plain, mark: FrontMatterMark(scalar.mark))
        case let .sequence(sequence):
            var items: [FrontMatterNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try converting(item, depth: depth + 1, budget: &budget, limit: limit)) }
            return .sequence(items, mark: FrontMatterMark(sequence.mark))
        case let .mapping(mapping):
            var pairs: [FrontMatterPair] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                pairs.append(FrontMatterPair(key: try converting(key, depth: depth + 1, budget: &budget, limit: limit),
                                             value: try converting(value, depth: depth + 1, budget: &budget, limit: limit)))
            }
            return .mapping(pairs, mark: FrontMatterMark(mapping.mark))
        case let .alias(alias):
            return .alias(mark: FrontMatterMark(alias.mark))
        }
    }

    /// Calls `body` with every scalar of the tree (keys too) that holds a character XML and HTML forbid.
    func forEachForbiddenCharacter(_ body: (Unicode.Scalar, FrontMatterMark?) -> Void) {
        switch self {
        case let .scalar(string, _, mark):
            if let scalar = string.unicodeScalars.first(where: ForbiddenCharacters.isForbidden) { body(scalar, mark) }
        case let .sequence(items, _):
            for item in items { item.forEachForbiddenCharacter(body) }
        case let .mapping(pairs, _):
            for pair in pairs {
                pair.key.forEachForbiddenCharacter(body)
                pair.value.forEachForbiddenCharacter(body)
            }
        case .alias:
            break
        }
    }
}

extension FrontMatterNode {
    /// Each scalar value (not key) that holds a citation (`[@a]`), with the key it is the value of, or is inside
    /// the list of, and the first citation's text.
    func forEachCitation(key: String? = nil, _ body: (_ key: String?, _ citation: String, FrontMatterMark?) -> Void) {
        switch self {
        case let .scalar(string, _, mark):
            var text = string
            let found = text.withUTF8 { bytes in CitationScanner.scanLiteral(bytes).first.map { Array(bytes[$0.range]) } }
            if let found { body(key, String(decoding: found, as: UTF8.self), mark) }
        case let .sequence(items, _):
            for item in items { item.forEachCitation(key: key, body) }
        case let .mapping(pairs, _):
            for pair in pairs { pair.value.forEachCitation(key: pair.key.string ?? key, body) }
        case .alias:
            break
        }
    }
}

extension FrontMatterMark {
    init?(_ mark: Mark?) {
        guard let mark else { return nil }
        self.init(line: mark.line, column: mark.column)
    }
}

/// Front-matter YAML parsing: a hand-written parser for the strict subset content files use, and Yams for the rest.
enum FrontMatterYAML {
    /// What `Yams.compose` would otherwise work out again for every file: `Parser.Encoding.default` reads the whole
    /// process environment each time (it honours `YAMS_DEFAULT_ENCODING`) and `Constructor.default` builds three
    /// dictionaries; together they cost more than parsing a front matter. Both are fixed for the process, and a
    /// `Constructor` is immutable once made, so one of each serves every thread.
    nonisolated(unsafe) private static let encoding = Parser.Encoding.default
    nonisolated(unsafe) private static let constructor = Constructor.default

    /// Yams with the basic resolver (every scalar a string; the schema gives types), its tree converted
    /// within `FrontMatterNode.Limits`. nil for an empty document (no node at all).
    static func parseWithYams(_ yaml: String) throws -> FrontMatterNode? {
        guard let node = try Yams.compose(yaml: yaml, .basic, constructor, encoding) else { return nil }
        let limit = FrontMatterNode.Limits.maxValues(forBytes: yaml.utf8.count)
        var budget = limit
        return try FrontMatterNode.converting(node, budget: &budget, limit: limit)
    }

    /// The document's root, when the text lies entirely inside the subset `FastFrontMatterParser` reads; nil
    /// means "ask Yams" (anything else, including every input Yams would reject).
    static func parseFast(_ yaml: String) -> FrontMatterNode? {
        let parsed = yaml.utf8.withContiguousStorageIfAvailable { bytes -> FrontMatterNode? in
            var parser = FastFrontMatterParser(bytes)
            return parser.parseDocument()
        }
        return parsed ?? nil
    }
}
