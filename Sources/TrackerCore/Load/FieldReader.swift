import Foundation

/// Reads typed values out of a YAML mapping, recording a `path:line:col` error for every
/// key that is unknown, missing, of the wrong type or out of range.
struct FieldReader {
    let mapping: [FrontMatterPair]
    /// Each key of `mapping`, at the same position: its name (nil when it is not a scalar), whether its value is a
    /// YAML null, and whether an earlier key had the same name. Worked out in one pass, into one array: a reader
    /// is made for every timeline event, and the four lists it kept before showed up in profiles. A mapping has a
    /// handful of keys and most names are small strings, so a scan comparing them is cheaper than hashing each
    /// name into a dictionary.
    private let keys: [Key]
    let collector: DiagnosticCollector
    /// Added to YAML line numbers to make them file line numbers.
    let lineOffset: Int
    /// Where "missing key" errors point.
    let ownLocation: SourceLocation
    /// What the mapping is, for messages ("incident", "timeline event").
    let what: String
    /// Shares the storage of repeated values (`ContentLoader.internsStrings`); nil keeps each its own.
    var interner: StringInterner?

    private struct Key {
        let name: String?
        let isNull: Bool
        let repeated: Bool
    }

    init(mapping: [FrontMatterPair], collector: DiagnosticCollector, lineOffset: Int, ownLocation: SourceLocation, what: String) {
        self.mapping = mapping
        // A set only for unusually long mappings, so spotting repeats never turns quadratic.
        var seen: Set<String>? = mapping.count > 32 ? [] : nil
        var keys: [Key] = []
        keys.reserveCapacity(mapping.count)
        for pair in mapping {
            guard let name = pair.key.string else {
                keys.append(Key(name: nil, isNull: false, repeated: false))
                continue
            }
            let repeated = seen != nil ? !seen!.insert(name).inserted : keys.contains { $0.name == name }
            keys.append(Key(name: name, isNull: pair.value.isNull, repeated: repeated))
        }
        self.keys = keys
        self.collector = collector
        self.lineOffset = lineOffset
        self.ownLocation = ownLocation
        self.what = what
    }

    /// The position in `mapping` of the first key named `key`.
    @inline(__always) private func position(of key: String) -> Int? {
        keys.firstIndex { $0.name == key }
    }

    /// A list of mappings (`timeline:`, `languages:`), each item read with its own reader (`what` in its
    /// messages); nil when the key is absent. A value that is not a list (or an empty one, unless `allowsEmpty`)
    /// and an item that is not a mapping are errors with the messages given, at their places.
    func mappingList(_ key: String, what: String, notAList: String, notAMapping: String, allowsEmpty: Bool = true) -> [FieldReader]? {
        guard let (_, node) = entry(key) else { return nil }
        guard let sequence = node.sequence, allowsEmpty || !sequence.isEmpty else {
            collector.error(notAList, at: location(of: node))
            return []
        }
        return sequence.compactMap { item in
            guard let mapping = item.mapping else {
                collector.error(notAMapping, at: location(of: item))
                return nil
            }
            var reader = FieldReader(mapping: mapping, collector: collector, lineOffset: lineOffset, ownLocation: location(of: item), what: what)
            reader.interner = interner
            return reader
        }
    }

    func location(of node: FrontMatterNode) -> SourceLocation {
        guard let mark = node.mark else { return ownLocation }
        return SourceLocation(line: mark.line + lineOffset, column: mark.column)
    }

    /// Reports every key that is not in `allowed`, with the closest allowed key as a hint.
    func rejectUnknownKeys(allowed: [String]) {
        for (index, key) in keys.enumerated() {
            guard let name = key.name else {
                collector.error("\(what) keys must be plain names", at: location(of: mapping[index].key))
                continue
            }
            if !allowed.contains(name) {
                collector.error("unknown key '\(name)' in \(what)\(Suggestion.hint(for: name, in: allowed))", at: location(of: mapping[index].key))
            } else if key.repeated {
                // An earlier key had this (allowed) name: the same keys the old "seen" set caught.
                collector.error("duplicate key '\(name)' in \(what)", at: location(of: mapping[index].key))
            }
        }
    }

    /// The first key node and value node named `key`, null or not.
    private func firstEntry(_ key: String) -> (key: FrontMatterNode, value: FrontMatterNode)? {
        guard let position = position(of: key) else { return nil }
        let pair = mapping[position]
        return (pair.key, pair.value)
    }

    /// The key node and value node for `key`, treating a YAML null as absent.
    func entry(_ key: String) -> (key: FrontMatterNode, value: FrontMatterNode)? {
        guard let position = position(of: key), !keys[position].isNull else { return nil }
        let pair = mapping[position]
        return (pair.key, pair.value)
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        firstEntry(key).map { location(of: $0.key) }
    }

    private func missing(_ key: String) {
        if let at = keyLocation(key) {
            collector.error("'\(key)' must not be empty", at: at)
        } else {
            collector.error("missing required key '\(key)' in \(what)", at: ownLocation)
        }
    }

    /// ": it holds only invisible characters (U+200B)" for a value that is not blank yet shows nothing; else "".
    static func invisibly(_ value: String) -> String {
        value.utf8.contains { $0 >= 0x80 } ? ": it holds only invisible characters (\(value.invisibleCharactersNamed))" : ""
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let (_, value) = entry(key) else {
            if required { missing(key) }
            return nil
        }
        guard let string = value.string else {
            collector.error("'\(key)' must be a single value, not a \(value.kindName)", at: location(of: value))
            return nil
        }
        let text = string.trimmedOfWhitespace
        if text.isEmpty {
            if required { collector.error("'\(key)' must not be empty\(Self.invisibly(string))", at: location(of: value)) }
            return nil
        }
        return interner.intern(text)
    }

    /// A list of strings; a single scalar is not accepted, so `platforms: X` gets a clear error.
    func stringList(_ key: String, required: Bool = false) -> [(String, SourceLocation)] {
        stringList(key, required: required) { ($0, $1) }
    }

    /// `stringList`'s items, each made into `make(item, location)`: no list of pairs made and dropped on the way.
    /// With `unique`, an item the same as one before it is left out, with a warning at its place ("'x' is
    /// listed twice in 'tags'", naming the earlier spelling when it differs).
    func stringList<Item>(_ key: String, required: Bool = false, unique: ListSameness? = nil,
                          _ make: (String, SourceLocation) -> Item) -> [Item] {
        guard let (_, value) = entry(key) else {
            if required { missing(key) }
            return []
        }
        guard let sequence = value.sequence else {
            collector.error("'\(key)' must be a list, like [\(value.string ?? "a, b")]", at: location(of: value))
            return []
        }
        var items: [Item] = []
        items.reserveCapacity(sequence.count)
        // The items kept so far, to compare with: a list of one item needs none, and one of two no array
        // (an event's two sources are the usual list, thousands of times in a large site).
        let unique = sequence.count > 1 ? unique : nil
        var kept = KeptTexts()
        for item in sequence {
            guard let string = item.string, !item.isNull else {
                collector.error("each item of '\(key)' must be a single value", at: location(of: item))
                continue
            }
            let text = string.trimmedOfWhitespace
            if text.isEmpty {
                collector.error("an item of '\(key)' is empty\(Self.invisibly(string))", at: location(of: item))
            } else {
                if let unique {
                    if let earlier = kept.first(sameAs: text, by: unique) {
                        let spelling = earlier == text ? "" : " (as '\(earlier)' before it)"
                        collector.warning("'\(text)' is listed twice in '\(key)'\(spelling)", at: location(of: item))
                        continue
                    }
                    kept.append(text, by: unique)
                }
                items.append(make(interner.intern(text), location(of: item)))
            }
        }
        if required && items.isEmpty && sequence.isEmpty {
            collector.error("'\(key)' must list at least one item", at: location(of: value))
        }
        return items
    }

    /// When two items of a list are the same.
    enum ListSameness {
        /// Written alike (ids, names).
        case text
        /// Alike whatever their case (regions, tags).
        case anyCase
        /// With one page (`Slug`): platforms, whose "X" and "x" share /platforms/x/.
        case page

        func key(_ text: String) -> String {
            switch self {
            case .text: text
            case .anyCase: text.lowercased()
            case .page: Slug.make(text)
            }
        }

        func same(_ text: String, _ other: String) -> Bool {
            switch self {
            case .text: text == other
            case .anyCase, .page: key(text) == key(other)
            }
        }
    }

    /// The texts a list has kept: the first without an array, a few in one, and past `shortList` (a long list
    /// is not compared item by item with every other) by their `ListSameness.key` in a dictionary.
    private struct KeptTexts {
        var first: String?
        var more: [String] = []
        var byKey: [String: String] = [:]
        static let shortList = 16

        mutating func append(_ text: String, by sameness: ListSameness) {
            if first == nil {
                first = text
            } else if byKey.isEmpty && more.count < Self.shortList {
                more.append(text)
            } else {
                // No two texts kept are the same (`first(sameAs:by:)` came first): each is its own entry.
                if byKey.isEmpty {
                    for kept in [first!] + more { byKey[sameness.key(kept)] = kept }
                }
                byKey[sameness.key(text)] = text
            }
        }

        /// The first text kept that is the same as `text`.
        func first(sameAs text: String, by sameness: ListSameness) -> String? {
            guard let first else { return nil }
            if !byKey.isEmpty { return byKey[sameness.key(text)] }
            if sameness.same(first, text) { return first }
            return more.first { sameness.same($0, text) }
        }
    }

    /// `stringList`'s items alone; with `unique`, each listed once.
    func strings(_ key: String, required: Bool = false, unique: ListSameness? = nil) -> [String] {
        stringList(key, required: required, unique: unique) { item, _ in item }
    }

    /// `stringList`'s items as references to what they name, at their places: each id listed once.
    func references(_ key: String, required: Bool = false) -> [SourceReference] {
        stringList(key, required: required, unique: .text) { SourceReference(id: $0, location: $1) }
    }

    func date(_ key: String, required: Bool = false) -> PartialDate? {
        guard let (_, value) = entry(key) else {
            if required { missing(key) }
            return nil
        }
        guard let text = value.string else {
            collector.error("'\(key)' must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not a \(value.kindName)", at: location(of: value))
            return nil
        }
        return parseDate(text, key: key, at: location(of: value))
    }

    func parseDate(_ text: String, key: String, at location: SourceLocation) -> PartialDate? {
        do {
            return try PartialDate.parse(text)
        } catch {
            switch error {
            case .malformed:
                collector.error("'\(key)' must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '\(text)'", at: location)
            case .yearZero:
                collector.error("'\(key)' is not a real date: '\(text)' has year 0000; the calendar has no year 0, its years start at 0001", at: location)
            case .monthOutOfRange(let month):
                collector.error("'\(key)' is not a real date: '\(text)' has month \(month); months run from 01 to 12", at: location)
            case .dayOutOfRange(let day, let length):
                collector.error("'\(key)' is not a real date: '\(text)' has day \(day), but that month has \(length) days", at: location)
            }
        }
        return nil
    }

    /// An ISO 3166-1 alpha-2 code, with a hint when only its case is wrong.
    func countryCode(_ key: String, required: Bool = false) -> String? {
        guard let code = string(key, required: required) else { return nil }
        guard CountryCodes.names[code] == nil else { return code }
        let upper = code.uppercased()
        let hint = CountryCodes.names[upper] != nil ? "; did you mean '\(upper)'?" : ""
        collector.error("'\(key)' must be an ISO 3166-1 alpha-2 code such as PK, not '\(code)'\(hint)", at: location(of: entry(key)!.value))
        return nil
    }

    /// One of a closed set of words, with a hint when the word is close to one of them.
    func oneOf(_ key: String, _ allowed: [String], required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard allowed.contains(text) else {
            let at = entry(key).map { location(of: $0.value) } ?? ownLocation
            collector.error("'\(key)' must be one of \(allowed.joined(separator: ", ")), not '\(text)'\(Suggestion.hint(for: text, in: allowed))", at: at)
            return nil
        }
        return text
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let text = string(key, required: required) else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "Yes": return true
        case "false", "False", "FALSE", "no", "No": return false
        default:
            collector.error("'\(key)' must be true or false, not '\(text)'", at: location(of: entry(key)!.value))
            return nil
        }
    }

    func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            collector.error("'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'", at: location(of: entry(key)!.value))
            return nil
        }
        return value
    }

    /// An http or https URL with a host.
    func url(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard WebAddress.isHTTP(text) else {
            collector.error("'\(key)' must be an http:// or https:// address, not '\(text)'", at: location(of: entry(key)!.value))
            return nil
        }
        if let problem = WebAddress.characterProblem(text) {
            collector.error("'\(key)' \(problem)", at: location(of: entry(key)!.value))
            return nil
        }
        return text
    }

    /// A whole number written with digits only (and an optional "-"), such as 128000000.
    func wholeNumber(_ key: String, required: Bool = false) -> Int? {
        guard let text = string(key, required: required) else { return nil }
        guard Self.isDecimal(text, fraction: false), let value = Int(text) else {
            let message = Self.isDecimal(text, fraction: false)
                ? "'\(key)' is too large a number: a whole number goes from \(Int.min) to \(Int.max), not '\(text)'"
                : "'\(key)' must be a whole number written with digits only, such as 1200, not '\(text)'"
            collector.error(message, at: location(of: entry(key)!.value))
            return nil
        }
        return value
    }

    /// A decimal number such as 12.5 or -3 (no exponent, no thousands separators, at most 32 characters).
    func decimal(_ key: String, required: Bool = false) -> Decimal? {
        guard let text = string(key, required: required) else { return nil }
        guard Self.isDecimal(text, fraction: true), text.utf8.count <= 32, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            let message = Self.isDecimal(text, fraction: true) && text.utf8.count > 32
                ? "'\(key)' is too long a number: at most 32 characters, not \(text.utf8.count)"
                : "'\(key)' must be a number such as 12.5 (digits, at most one '.'), not '\(text)'"
            collector.error(message, at: location(of: entry(key)!.value))
            return nil
        }
        return value
    }

    /// `-?[0-9]+`, and with `fraction` also `-?[0-9]+\.[0-9]+`.
    private static func isDecimal(_ text: String, fraction: Bool) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || (fraction && parts.count == 2) else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }

    /// A declared custom field's value, checked against its type; nil when it is not set (or wrong).
    func customValue(_ field: CustomField) -> CustomValue? {
        let key = field.name, required = field.required
        switch field.kind {
        case .string: return string(key, required: required).map(CustomValue.string)
        case .url: return url(key, required: required).map(CustomValue.string)
        case .oneOf(let values): return oneOf(key, values, required: required).map(CustomValue.string)
        case .integer: return wholeNumber(key, required: required).map(CustomValue.integer)
        case .number: return decimal(key, required: required).map(CustomValue.number)
        case .boolean: return bool(key, required: required).map(CustomValue.boolean)
        case .date: return date(key, required: required).map(CustomValue.date)
        case .list:
            let items = stringList(key, required: required)
            return items.isEmpty ? nil : .list(items.map(\.0))
        case .unchecked: return nil
        }
    }

    /// The values of the declared fields, in declaration order; reading them reports every wrong value.
    func customValues(_ fields: [CustomField]) -> [CustomValue?] {
        fields.map(customValue)
    }
}
