import Foundation

/// The file `tracker new` writes: every key of the schema, with the allowed values in comments.
public struct Scaffold: Sendable {
    public enum Kind: Sendable { case incident, source, page }

    public let kind: Kind
    public let title: String
    public let today: String

    public init(kind: Kind, title: String, today: String) {
        self.kind = kind
        self.title = title
        self.today = today
    }

    /// Today's date in the local time zone, as YYYY-MM-DD.
    public static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    public var id: String {
        let slug = title.lowercased().unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "-" }
        let collapsed = String(slug).split(separator: "-").joined(separator: "-")
        return collapsed.isEmpty ? "untitled" : collapsed
    }

    public var relativePath: String {
        switch kind {
        case .incident: return "content/incidents/\(id).md"
        case .source: return "content/sources/\(id).md"
        case .page: return "content/pages/\(id).md"
        }
    }

    /// The title as a double-quoted YAML string, so any title is valid YAML.
    var quotedTitle: String {
        "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
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
            start: \(today)             # YYYY, YYYY-MM or YYYY-MM-DD
            end:                        # same forms; required when status is resolved
            ordered_by:
            justification:
            tags: []
            aliases: []                 # earlier ids of this incident
            draft: true
            updated: \(today)
            timeline: []                # - {date: YYYY-MM-DD, text: ..., sources: [source-id]}
            ---
            Summary of the incident in one or two sentences, citing a source like this [@source-id].

            """
        case .source:
            return """
            ---
            title: \(quotedTitle)
            publisher:
            url:                        # optional: http:// or https:// only
            published: \(today)         # YYYY, YYYY-MM or YYYY-MM-DD
            kind: news                  # news | wire | ngo | measurement | government | court | social
            origin:                     # optional: whose reporting this carries
            language: en
            archive:                    # optional: an archived copy
            accessed: \(today)
            ---
            Notes, and short quotations that incidents rely on.

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
