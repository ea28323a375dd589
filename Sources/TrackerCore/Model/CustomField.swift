import Foundation

/// A field a site adds to its incidents or sources, declared in `site.yml`:
///
/// ```yaml
/// fields:
///   incidents:
///     affected_users: {type: integer, label: "Affected users"}
///     isp: {type: one_of, values: [PTCL, Jazz, Zong], required: true}
/// ```
public struct CustomField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case string, integer, number, boolean, date, url, list
        case oneOf([String])
        /// A declaration with errors: the name is known, so files using it get no "unknown key" too, but
        /// its values are not read (the build fails on the declaration anyway).
        case unchecked

        /// The name written in site.yml, and given to templates as `type`.
        public var name: String {
            switch self {
            case .string: "string"
            case .integer: "integer"
            case .number: "number"
            case .boolean: "boolean"
            case .date: "date"
            case .url: "url"
            case .list: "list"
            case .oneOf: "one_of"
            case .unchecked: "unchecked"
            }
        }
    }

    public let name: String
    public let label: String
    public let kind: Kind
    public let required: Bool

    public init(name: String, label: String? = nil, kind: Kind, required: Bool = false) {
        self.name = name
        self.label = label ?? Self.defaultLabel(name)
        self.kind = kind
        self.required = required
    }

    /// The types a declaration may name, as written.
    static let typeNames = ["string", "integer", "number", "boolean", "date", "url", "list", "one_of"]
    static let declarationKeys = ["type", "label", "required", "values"]

    /// "affected_users" → "Affected users".
    static func defaultLabel(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Lowercase letters, digits and `_`, starting with a letter: a safe CSV column, JSON key and template name.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") else { return false }
        return name.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") }
    }
}

/// The custom fields a site declares, for incidents and for sources, each in declaration order.
public struct CustomFields: Sendable, Hashable {
    public var incidents: [CustomField]
    public var sources: [CustomField]

    public init(incidents: [CustomField] = [], sources: [CustomField] = []) {
        self.incidents = incidents
        self.sources = sources
    }

    static let keys = ["incidents", "sources"]

    /// Names a custom field may not take: the front-matter keys and the export keys of the built-in fields.
    static let reservedIncidentNames = Set(Incident.keys + DataExport.incidentExportKeys)
    static let reservedSourceNames = Set(Source.keys + DataExport.sourceExportKeys)

    /// Reads site.yml's `fields:`; every problem is an error at its position in site.yml.
    static func decode(_ reader: FieldReader) -> CustomFields {
        guard let (_, node) = reader.entry("fields") else { return CustomFields() }
        guard let mapping = node.mapping else {
            reader.collector.error("'fields' must be a mapping with 'incidents' and 'sources', each a mapping of field names to declarations", at: reader.location(of: node))
            return CustomFields()
        }
        let fields = FieldReader(mapping: mapping, collector: reader.collector, lineOffset: reader.lineOffset,
                                 ownLocation: reader.location(of: node), what: "fields")
        fields.rejectUnknownKeys(allowed: keys)
        return CustomFields(incidents: declarations(fields, "incidents", kind: "incident", reserved: reservedIncidentNames),
                            sources: declarations(fields, "sources", kind: "source", reserved: reservedSourceNames))
    }

    private static func declarations(_ reader: FieldReader, _ key: String, kind: String, reserved: Set<String>) -> [CustomField] {
        guard let (_, node) = reader.entry(key) else { return [] }
        guard let mapping = node.mapping else {
            reader.collector.error("'\(key)' must be a mapping of field names to declarations such as {type: string, label: \"Label\"}", at: reader.location(of: node))
            return []
        }
        var declared: [CustomField] = []
        var names: Set<String> = []
        for pair in mapping {
            let at = reader.location(of: pair.key)
            guard let name = pair.key.string else {
                reader.collector.error("custom field names must be plain names", at: at)
                continue
            }
            guard names.insert(name).inserted else {
                reader.collector.error("duplicate custom field '\(name)'", at: at)
                continue
            }
            var valid = true
            if !CustomField.isValidName(name) {
                valid = false
                let suggestion = name.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 }.map(String.init).joined()
                let hint = CustomField.isValidName(suggestion) && !reserved.contains(suggestion) ? "; did you mean '\(suggestion)'?" : ""
                reader.collector.error("custom field name '\(name)' must be lowercase letters, digits and '_', starting with a letter\(hint)", at: at)
            } else if reserved.contains(name) {
                valid = false
                reader.collector.error("custom field '\(name)' has the name of a built-in \(kind) field; choose another name", at: at)
            }
            guard let declaration = pair.value.mapping else {
                reader.collector.error("custom field '\(name)' must be a mapping such as {type: string, label: \"Label\"}, not a \(pair.value.kindName)", at: reader.location(of: pair.value))
                declared.append(CustomField(name: name, kind: .unchecked))
                continue
            }
            let fields = FieldReader(mapping: declaration, collector: reader.collector, lineOffset: reader.lineOffset,
                                     ownLocation: reader.location(of: pair.value), what: "custom field '\(name)'")
            let field = decodeDeclaration(name, fields)
            declared.append(valid ? field : CustomField(name: name, kind: .unchecked))
        }
        return declared
    }

    /// One declaration; `.unchecked` when it has an error.
    private static func decodeDeclaration(_ name: String, _ reader: FieldReader) -> CustomField {
        let errorsBefore = reader.collector.diagnostics.count
        reader.rejectUnknownKeys(allowed: CustomField.declarationKeys)
        var type = reader.string("type", required: true)
        if let name = type, !CustomField.typeNames.contains(name) {
            reader.collector.error("unknown type '\(name)'; the types are \(CustomField.typeNames.joined(separator: ", "))\(Suggestion.hint(for: name, in: CustomField.typeNames))",
                                   at: reader.location(of: reader.entry("type")!.value))
            type = nil
        }
        // An empty or null label is an error, not the default label.
        let label = reader.keyLocation("label") != nil ? reader.string("label", required: true) : nil
        let required = reader.bool("required") ?? false
        var kind: CustomField.Kind = .unchecked
        switch type {
        case "one_of":
            if reader.keyLocation("values") == nil {
                reader.collector.error("custom field '\(name)' of type one_of needs 'values', the list of allowed values", at: reader.ownLocation)
            } else {
                var values: [String] = []
                for (value, at) in reader.stringList("values", required: true) {
                    if values.contains(value) {
                        reader.collector.error("'\(value)' is listed twice in 'values'", at: at)
                    } else {
                        values.append(value)
                    }
                }
                kind = .oneOf(values)
            }
        case let type?:
            if let at = reader.keyLocation("values") {
                reader.collector.error("'values' is only for type one_of, not \(type)", at: at)
            }
            kind = CustomField.Kind.simple[type] ?? .unchecked
        case nil:
            break
        }
        guard reader.collector.diagnostics.count == errorsBefore else { return CustomField(name: name, kind: .unchecked) }
        return CustomField(name: name, label: label, kind: kind, required: required)
    }
}

extension CustomField.Kind {
    /// The types without parameters, by name.
    static let simple: [String: CustomField.Kind] = Dictionary(
        uniqueKeysWithValues: [CustomField.Kind.string, .integer, .number, .boolean, .date, .url, .list].map { ($0.name, $0) })
}

/// The value of a custom field in one incident or source. Strings, URLs and one_of values are `.string`;
/// the field's declaration says which.
public enum CustomValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case number(Decimal)
    case boolean(Bool)
    case date(PartialDate)
    case list([String])

    /// As exported to CSV: numbers plain (`128000000`, `12.5`), `true`/`false`, dates as written, lists joined with "; ".
    public var exportText: String {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .number(let value): value.description
        case .boolean(let value): value ? "true" : "false"
        case .date(let date): date.iso
        case .list(let items): items.joined(separator: "; ")
        }
    }

    /// As shown to readers: numbers with thousands separators (`128,000,000`, `1,234.5`), Yes/No, dates as
    /// precise as known ("February 2024"), lists joined with ", ".
    public var display: String {
        switch self {
        case .string(let text): text
        case .integer(let value): Self.groupingThousands(String(value))
        case .number(let value): Self.groupingThousands(value.description)
        case .boolean(let value): value ? "Yes" : "No"
        case .date(let date): date.display
        case .list(let items): items.joined(separator: ", ")
        }
    }

    /// "-1234567.25" → "-1,234,567.25": commas every three digits of the whole part, whatever the site's language.
    static func groupingThousands(_ number: String) -> String {
        let sign = number.hasPrefix("-") ? "-" : ""
        let unsigned = number.dropFirst(sign.count)
        let whole = unsigned.prefix { $0 != "." }
        let fraction = unsigned.dropFirst(whole.count)
        var grouped = ""
        for (offset, digit) in whole.enumerated() {
            if offset > 0 && (whole.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return sign + grouped + fraction
    }
}

extension Array where Element == CustomValue? {
    /// The value for declaration `index`; nil where not set, or past the end (an item made without custom fields).
    func value(at index: Int) -> CustomValue? { index < count ? self[index] : nil }
}
