import Foundation

/// The theme's labels in each language: `templates/i18n/<lang>.yml` of the theme (the built-in theme ships
/// `en` and `ur`), with the site's own `i18n/<lang>.yml` laid over them key by key, as in Hugo.
///
/// A file maps each key to its text, or, for a counted label, to its CLDR plural forms with `{count}`
/// where the number goes:
///
///     facts: Facts
///     incidents_count:
///       one: "{count} incident"
///       other: "{count} incidents"
///
/// English is the reference: every key must be in `en.yml`. A language the theme ships must have every key
/// (a missing one is an error naming the file and key); a language only the site adds falls back to English
/// for the keys it leaves out.
public struct ThemeStrings: Sendable {
    enum Value: Sendable, Equatable {
        case text(String)
        /// Plural category (`one`, `few`, `other`…) → text.
        case plural([String: String])
    }

    typealias Table = [String: Value]

    /// The languages' tables, by code, each already the theme's with the site's laid over it.
    let languages: [String: Table]
    /// Every key, from `en.yml`.
    public let keys: [String]

    /// The site's own strings folder, beside `content/` (Hugo's `i18n/`).
    public static let siteFolder = "i18n"

    static let empty = ThemeStrings(languages: ["en": [:]], keys: [])
    static let categories: Set<String> = ["zero", "one", "two", "few", "many", "other"]

    /// The table of the first language of `chain` that has one, each key missing there taken from the next.
    func table(for chain: [String]) -> Table {
        var table: Table = [:]
        for code in chain.reversed() {
            if let strings = languages[code] { table.merge(strings) { _, new in new } }
        }
        return table
    }

    /// Reads the theme's files (`i18n/<lang>.yml` among the theme's files, with the path errors name) and the
    /// site's (`i18n/<lang>.yml` in the site's folder, read from `siteFiles`).
    static func load(theme: [(path: String, data: Data, display: String)], site: [(path: String, data: Data, display: String)])
        -> (ThemeStrings, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var shipped: [String: (Table, [String: SourceLocation], String)] = [:]
        // An English file that could not be read (not UTF-8, not YAML) is no reference: checked against it,
        // every key of every other file would be another error hiding the one that matters.
        var englishUnread = false
        for file in theme {
            guard let code = language(of: file.path) else { continue }
            let (table, locations, problems) = read(file.data, path: file.display)
            diagnostics += problems
            if code == "en", !problems.isEmpty { englishUnread = true }
            shipped[code] = (table, locations, file.display)
        }
        guard let english = shipped["en"] else {
            if shipped.isEmpty { return (.empty, diagnostics) }
            diagnostics.append(Diagnostic(path: "templates/i18n/en.yml", line: 1, column: 1,
                                          message: "missing 'i18n/en.yml': the theme's English strings are the reference every language is checked against"))
            return (.empty, diagnostics)
        }
        let keys = english.0.keys.sorted()
        var languages: [String: Table] = [:]
        for (code, (table, locations, display)) in shipped.sorted(by: { $0.key < $1.key }) {
            if englishUnread {
                languages[code] = table
                continue
            }
            for key in keys where table[key] == nil {
                diagnostics.append(Diagnostic(path: display, line: 1, column: 1, message: "missing key '\(key)': every language the theme ships needs every key of en.yml"))
            }
            diagnostics += unknownKeys(table, locations, known: english.0, path: display)
            languages[code] = table
        }
        for file in site {
            guard let code = language(of: file.path) else { continue }
            let (table, locations, problems) = read(file.data, path: file.display)
            diagnostics += problems + (englishUnread ? [] : unknownKeys(table, locations, known: english.0, path: file.display))
            languages[code, default: [:]].merge(table) { _, new in new }
        }
        return (ThemeStrings(languages: languages, keys: keys), diagnostics)
    }

    /// `i18n/ur.yml` → `ur`.
    static func language(of path: String) -> String? {
        guard path.hasPrefix("i18n/"), path.hasSuffix(".yml") else { return nil }
        let code = String(path.dropFirst("i18n/".count).dropLast(".yml".count))
        return LanguageTag.isValid(code) ? code : nil
    }

    private static func unknownKeys(_ table: Table, _ locations: [String: SourceLocation], known: Table, path: String) -> [Diagnostic] {
        table.keys.sorted().compactMap { key -> Diagnostic? in
            if let english = known[key] {
                let at = locations[key] ?? SourceLocation(line: 1, column: 1)
                if case .plural = english, case .text = table[key] {
                    return Diagnostic(path: path, line: at.line, column: at.column,
                                      message: "'\(key)' is a counted label: give its plural forms (one, other…), each with {count}")
                }
                // A placeholder English does not have is one the theme does not fill: it would show as "{nope}".
                let filled = placeholders(in: english)
                guard let stray = placeholders(in: table[key]!).first(where: { !filled.contains($0) }) else { return nil }
                let listed = filled.isEmpty ? "it has none" : "it has " + filled.map { "{\($0)}" }.joined(separator: ", ")
                return Diagnostic(path: path, line: at.line, column: at.column,
                                  message: "'\(key)' has the placeholder {\(stray)}, which en.yml's '\(key)' does not have and nothing fills; \(listed)")
            }
            let at = locations[key] ?? SourceLocation(line: 1, column: 1)
            return Diagnostic(path: path, line: at.line, column: at.column,
                              message: "unknown key '\(key)': the theme has no such string\(Suggestion.hint(for: key, in: known.keys.sorted()))")
        }
    }

    /// The `{name}` placeholders of a label (of all its plural forms), names of lowercase letters, digits and
    /// "_", in order of first use: other braces are text.
    static func placeholders(in value: Value) -> [String] {
        let texts: [String]
        switch value {
        case .text(let text): texts = [text]
        case .plural(let forms): texts = forms.keys.sorted().map { forms[$0]! }
        }
        var names: [String] = []
        for var text in texts {
            // Byte by byte: every label of every language is scanned when a theme loads.
            text.withUTF8 { bytes in
                var index = 0
                while index < bytes.count {
                    defer { index += 1 }
                    guard bytes[index] == UInt8(ascii: "{") else { continue }
                    var end = index + 1
                    while end < bytes.count, bytes[end] == UInt8(ascii: "_") || (bytes[end] >= UInt8(ascii: "a") && bytes[end] <= UInt8(ascii: "z"))
                        || (bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9")) { end += 1 }
                    guard end > index + 1, end < bytes.count, bytes[end] == UInt8(ascii: "}") else { continue }
                    let name = String(decoding: bytes[(index + 1) ..< end], as: UTF8.self)
                    if !names.contains(name) { names.append(name) }
                    index = end
                }
            }
        }
        return names
    }

    private static func read(_ data: Data, path: String) -> (Table, [String: SourceLocation], [Diagnostic]) {
        let collector = DiagnosticCollector(path: path)
        guard let text = String(data: data, encoding: .utf8) else {
            return ([:], [:], [InvalidUTF8.diagnostic(path: path, data, what: "the strings file")])
        }
        var table: Table = [:]
        var locations: [String: SourceLocation] = [:]
        func at(_ node: FrontMatterNode) -> SourceLocation {
            SourceLocation(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        for pair in parseYAML(text, collector: collector, lineOffset: 0, source: .file("the strings file")) ?? [] {
            guard let key = pair.key.string else { continue }
            locations[key] = at(pair.key)
            if let string = pair.value.string {
                table[key] = .text(string)
            } else if let forms = pair.value.mapping {
                var plural: [String: String] = [:]
                for form in forms {
                    guard let category = form.key.string, categories.contains(category) else {
                        collector.error("'\(form.key.string ?? "")' is not a CLDR plural category: use zero, one, two, few, many or other", at: at(form.key))
                        continue
                    }
                    guard let string = form.value.string else {
                        collector.error("the '\(category)' form of '\(key)' must be text", at: at(form.value))
                        continue
                    }
                    plural[category] = string
                }
                if plural["other"] == nil { collector.error("'\(key)' needs an 'other' form, the one every language has", at: at(pair.key)) }
                table[key] = .plural(plural)
            } else {
                collector.error("'\(key)' must be text, or a mapping of plural forms to text", at: at(pair.value))
            }
        }
        return (table, locations, collector.diagnostics)
    }
}
