import Foundation

/// The file `tracker new` writes: every key of the schema, with the allowed values in comments.
public struct Scaffold: Sendable {
    public enum Kind: Sendable { case incident, source, page, `case` }

    public let kind: Kind
    public let title: String
    public let today: String

    /// The site's own fields for this kind (`site.yml`'s `fields:`), written after the built-in keys.
    public var fields: [CustomField]

    public init(kind: Kind, title: String, today: String, fields: [CustomField] = []) {
        self.kind = kind
        self.title = title
        self.today = today
        self.fields = fields
    }

    /// The custom fields `tracker new` writes for `kind`: the incident or source fields the site's `site.yml` declares.
    public static func fields(_ kind: Kind, siteDirectory: String) -> [CustomField] {
        let declared = ContentLoader(siteDirectory: siteDirectory).loadConfig().config.fields
        return switch kind {
        case .incident: declared.incidents
        case .source: declared.sources
        case .page, .case: []
        }
    }

    /// One line per custom field, its value empty (a list's `[]`) and a comment with its label, what it takes, and
    /// whether it is required, lined up with the built-in keys' comments.
    var fieldLines: String {
        fields.map { field in
            let key = field.name + ":" + (field.kind == .list ? " []" : "")
            let padding = String(repeating: " ", count: max(1, 28 - key.count))
            let takes: String
            switch field.kind {
            case .string: takes = "text"
            case .integer: takes = "a whole number, e.g. 128000000"
            case .number: takes = "a number, e.g. 87.5"
            case .boolean: takes = "true | false"
            case .date: takes = "YYYY, YYYY-MM or YYYY-MM-DD"
            case .url: takes = "http:// or https:// only"
            case .list: takes = "a list, e.g. [a, b]"
            case .oneOf(let values): takes = values.joined(separator: " | ")
            case .unchecked: takes = "see its declaration in site.yml"
            }
            // A comment is one line: a label or value holding a line break must not end it.
            let comment = "\(field.label): \(takes)\(field.required ? " (required)" : "")"
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            return key + padding + "# " + comment + "\n"
        }.joined()
    }

    /// Today's date in the local time zone, as YYYY-MM-DD.
    public static func today() -> String { PartialDate.today().iso }

    /// For an id made from the date (`isDated`), which no title tells apart: 2 gives `incident-2024-05-01-2`.
    public var sequence = 1

    /// The file's id: the title's slug (`Slug`: "Café Ürdü" → `cafe-urdu`, other scripts kept as they are), cut at
    /// a word to at most `maximumIDBytes` so every file system takes the name; or, when the title has no letter
    /// or digit, the kind and today's date (`incident-2024-05-01`).
    public var id: String {
        let words = Self.shortened(Slug.words(title))
        let base = words.isEmpty ? "\(kind)-\(today)" : words
        return sequence > 1 ? "\(base)-\(sequence)" : base
    }

    /// Why the title cannot be written, or nil: one with no visible character (only spaces, U+00A0, U+200B…), or
    /// one holding a character XML and HTML forbid. Written as it was, the file failed the next build.
    public var titleProblem: String? {
        if let forbidden = title.unicodeScalars.first(where: ForbiddenCharacters.isForbidden) {
            return ForbiddenCharacters.message(forbidden, "the title holds ")
        }
        guard title.trimmedOfWhitespace.isEmpty else { return nil }
        let named = title.invisibleCharactersNamed
        return "the title must not be empty" + (named.isEmpty ? "" : ": it holds only invisible characters (\(named))")
    }

    /// True when the id is made from the date, not the title.
    public var isDated: Bool { Slug.words(title).isEmpty }

    /// Incidents and pages start as drafts (`draft: true` in `text`); sources and cases have no draft state.
    public var isDraft: Bool { kind == .incident || kind == .page }

    static let maximumIDBytes = 100

    /// The id cut after its last whole word that fits in `maximumIDBytes` UTF-8 bytes.
    static func shortened(_ id: String) -> String {
        guard id.utf8.count > maximumIDBytes else { return id }
        var cut = ""
        var rest = Substring(id)
        while let character = rest.first, cut.utf8.count + character.utf8.count <= maximumIDBytes {
            cut.append(character)
            rest = rest.dropFirst()
        }
        if rest.first != "-", let dash = cut.lastIndex(of: "-"), dash > cut.startIndex { cut = String(cut[..<dash]) }
        return cut
    }

    public var relativePath: String {
        switch kind {
        case .incident: return "content/incidents/\(id).md"
        case .source: return "content/sources/\(id).md"
        case .page: return "content/pages/\(id).md"
        case .case: return "content/cases/\(id).md"
        }
    }

    /// The title as a double-quoted YAML string, so any title is valid YAML.
    var quotedTitle: String { Self.yamlQuoted(title) }

    /// A one-line text as a double-quoted YAML string (what `tracker new` and the imports write).
    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    public var text: String {
        switch kind {
        case .incident:
            return """
            ---
            title: \(quotedTitle)
            country:                    # ISO 3166-1 alpha-2 code, e.g. PK
            regions: []                 # optional: free text or ISO 3166-2 codes
            platforms: []               # services affected, e.g. [X]
            type:                       # full-shutdown | mobile-shutdown | throttling | service-block
            status: ongoing             # ongoing | resolved | unknown
            verification: reported      # confirmed | reported | disputed
            start: \(today)           # YYYY, YYYY-MM or YYYY-MM-DD
            end:                        # same forms; required when status is resolved
            ordered_by:
            justification:
            tags: []
            aliases: []                 # earlier ids of this incident
            draft: true
            updated: \(today)
            timeline: []                # - {date: YYYY-MM-DD, text: ..., sources: [source-id]}
            \(fieldLines)---
            Summary of the incident in one or two sentences, citing a source like this [@source-id].

            """
        case .source:
            return """
            ---
            title: \(quotedTitle)
            publisher:
            url:                        # optional: http:// or https:// only
            published: \(today)       # YYYY, YYYY-MM or YYYY-MM-DD
            kind: news                  # news | wire | ngo | measurement | government | court | social
            origin:                     # optional: whose reporting this carries
            language: en
            archive:                    # optional: an archived copy
            accessed: \(today)
            \(fieldLines)---
            Notes, and short quotations that incidents rely on.

            """
        case .case:
            return """
            ---
            title: \(quotedTitle)
            court:                      # e.g. Islamabad High Court
            country:                    # ISO 3166-1 alpha-2 code, e.g. PK
            subdivision:                # optional: ISO 3166-2 code within the country, e.g. PK-IS
            case_number:                # optional: leave out when unknown
            petitioners: []             # optional
            respondents: []             # optional
            filed:                      # optional: YYYY, YYYY-MM or YYYY-MM-DD
            status: pending             # pending | decided | dismissed | withdrawn | unknown
            outcome:                    # optional
            incidents: []               # ids of the incidents the case is about
            proceedings: []             # - {date: YYYY-MM-DD, type: hearing | filing | order | judgment, text: ..., sources: [source-id], document: https://...}
            ---
            The facts of the case, citing a source like this [@source-id].

            """
        case .page:
            return """
            ---
            title: \(quotedTitle)
            description:
            draft: true
            menu_order:                 # optional: a number puts the page in the navigation
            ---
            Write the page here.

            """
        }
    }
}
