public enum SourceKind: String, Sendable, CaseIterable {
    case news, wire, ngo, measurement, government, court, social

    public var label: String {
        switch self {
        case .news: return "News report"
        case .wire: return "Wire report"
        case .ngo: return "NGO report"
        case .measurement: return "Network measurement"
        case .government: return "Government document"
        case .court: return "Court document"
        case .social: return "Social media post"
        }
    }
}

/// `content/sources/<id>.md`: one cited document.
public struct Source: Sendable {
    public let id: String
    public let path: String
    public var title: String
    public var publisher: String
    public var url: String?
    public var published: PartialDate
    public var kind: SourceKind
    public var origin: String?
    public var language: String?
    public var archive: String?
    public var accessed: PartialDate?
    public var body: RenderedMarkdown
    /// The notes' `[@id]` citations, with file positions: checked like an incident's, listed under the notes.
    public var bodyCitations: [SourceReference] = []
    /// The values of the site's declared source fields (`SiteConfig.fields.sources`), in declaration order; nil where not set.
    public var customFields: [CustomValue?] = []

    static let keys = ["title", "publisher", "url", "published", "kind", "origin", "language", "archive", "accessed"]

    static func decode(id: String, path: String, reader: FieldReader, body: RenderedMarkdown, bodyFirstLine: Int,
                       fields: [CustomField]) -> Source? {
        reader.rejectUnknownKeys(allowed: fields.isEmpty ? keys : keys + fields.map(\.name))
        let title = reader.string("title", required: true)
        let publisher = reader.string("publisher", required: true)
        let url = reader.url("url")
        let published = reader.date("published", required: true)
        let kind = reader.oneOf("kind", SourceKind.allCases.map(\.rawValue), required: true).flatMap(SourceKind.init)
        let language = reader.string("language")
        if let language, !LanguageTag.isValid(language) {
            reader.collector.error("'language' must be a language tag such as en or pt-BR, not '\(language)'", at: reader.location(of: reader.entry("language")!.value))
        }
        let archive = reader.url("archive")
        let accessed = reader.date("accessed")
        let customFields = reader.customValues(fields)
        guard let title, let publisher, let published, let kind else { return nil }
        return Source(id: id, path: path, title: title, publisher: publisher, url: url, published: published, kind: kind,
                      origin: reader.string("origin"), language: language, archive: archive, accessed: accessed, body: body,
                      bodyCitations: body.references(firstLine: bodyFirstLine), customFields: customFields)
    }
}
