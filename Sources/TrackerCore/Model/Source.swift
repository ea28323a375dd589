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
///
/// A class, immutable, like `Incident`: every page context and export that reads a source shares one
/// instance, where copying a struct of this many fields retained each of them (on the wide corpus, with
/// two sources per incident, those copies were 1.5% of a build's samples).
public final class Source: Sendable {
    public let id: String
    public let path: String
    public let title: String
    public let publisher: String
    public let url: String?
    public let published: PartialDate
    public let kind: SourceKind
    public let origin: String?
    public let language: String?
    public let archive: String?
    public let accessed: PartialDate?
    public let body: RenderedMarkdown
    /// The notes' `[@id]` citations, with file positions: checked like an incident's, listed under the notes.
    public let bodyCitations: [SourceReference]
    /// The values of the site's declared source fields (`SiteConfig.fields.sources`), in declaration order; nil where not set.
    public let customFields: [CustomValue?]

    init(id: String, path: String, title: String, publisher: String, url: String?, published: PartialDate, kind: SourceKind,
         origin: String?, language: String?, archive: String?, accessed: PartialDate?, body: RenderedMarkdown,
         bodyCitations: [SourceReference] = [], customFields: [CustomValue?] = []) {
        self.id = id
        self.path = path
        self.title = title
        self.publisher = publisher
        self.url = url
        self.published = published
        self.kind = kind
        self.origin = origin
        self.language = language
        self.archive = archive
        self.accessed = accessed
        self.body = body
        self.bodyCitations = bodyCitations
        self.customFields = customFields
    }

    /// The source with other values for some of its fields (a translation's title and notes; tests).
    func with(title: String? = nil, accessed: PartialDate?? = nil, body: RenderedMarkdown? = nil,
              bodyCitations: [SourceReference]? = nil) -> Source {
        Source(id: id, path: path, title: title ?? self.title, publisher: publisher, url: url, published: published, kind: kind,
               origin: origin, language: language, archive: archive, accessed: accessed ?? self.accessed, body: body ?? self.body,
               bodyCitations: bodyCitations ?? self.bodyCitations, customFields: customFields)
    }

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
