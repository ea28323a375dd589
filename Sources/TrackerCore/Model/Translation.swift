import Foundation

/// One event of a translated timeline: the original event's date, repeated as a check, and its text.
public struct TranslatedEvent: Sendable, Hashable {
    public let date: PartialDate
    public let text: String
    public let location: SourceLocation
}

/// `content/<folder>/<id>.<lang>.md` (or a bundle's `index.<lang>.md`): the text of an incident, source or
/// page in another language of the site. Only text: every fact comes from the original, with the same id.
public struct Translation: Sendable {
    public let language: String
    /// The original's id.
    public let id: String
    public let path: String
    public let title: String?
    /// A page's description.
    public let description: String?
    public let orderedBy: String?
    public let justification: String?
    /// One entry per event of the original, in order; nil keeps the original's event texts.
    public let timeline: [TranslatedEvent]?
    /// Where `timeline:` is written, for a count that does not match.
    public let timelineLocation: SourceLocation?
    /// The values of the site's `string` custom fields it translates, by name.
    public let customStrings: [String: String]
    /// The translated body; nil when the file has none (the original's is kept).
    public let body: RenderedMarkdown?
    public let bodyCitations: [SourceReference]
    /// The original's content hash when it was translated (`translation_of`), and where it is written.
    public let translationOf: String?
    public let translationOfLocation: SourceLocation?

    /// The keys a translation may set, per kind of item.
    static func translatableKeys(_ folder: ContentLoader.ContentFolder, fields: CustomFields) -> [String] {
        switch folder {
        case .incidents: return ["title", "ordered_by", "justification", "timeline", "translation_of"] + fields.incidents.filter { $0.kind == .string }.map(\.name)
        case .sources: return ["title", "translation_of"]
        case .pages: return ["title", "description", "translation_of"]
        case .cases: return []
        }
    }

    /// The keys of the original a translation must not set: its facts.
    static func factKeys(_ folder: ContentLoader.ContentFolder, fields: CustomFields) -> [String] {
        let translatable = translatableKeys(folder, fields: fields)
        let all: [String]
        switch folder {
        case .incidents: all = Incident.keys + fields.incidents.map(\.name)
        case .sources: all = Source.keys + fields.sources.map(\.name)
        case .pages: all = Page.keys
        case .cases: all = LegalCase.keys
        }
        return all.filter { !translatable.contains($0) }
    }

    static func decode(language: String, id: String, path: String, original: String, folder: ContentLoader.ContentFolder,
                       reader: FieldReader, body: RenderedMarkdown?, bodyFirstLine: Int, fields: CustomFields) -> Translation {
        let translatable = translatableKeys(folder, fields: fields)
        let facts = factKeys(folder, fields: fields)
        reader.rejectUnknownKeys(allowed: translatable + facts)
        for key in facts {
            guard let at = reader.keyLocation(key) else { continue }
            reader.collector.error("'\(key)' is a fact, not text: a translation takes it from the original (\(original)); a translation may set only \(Self.list(translatable))", at: at)
        }
        var timeline: [TranslatedEvent]?
        var timelineLocation: SourceLocation?
        if folder == .incidents, let items = reader.mappingList("timeline", what: "translated timeline event",
                                                                notAList: "'timeline' must be a list of events, each with date and text",
                                                                notAMapping: "each translated timeline event must be a mapping with date and text") {
            timelineLocation = reader.keyLocation("timeline")
            timeline = items.compactMap { event in
                event.rejectUnknownKeys(allowed: ["date", "text", "sources"])
                if let at = event.keyLocation("sources") {
                    reader.collector.error("'sources' is a fact, not text: a translated event takes its sources from the original's event; give only date and text", at: at)
                }
                let date = event.date("date", required: true)
                let text = event.string("text", required: true)
                guard let date, let text else { return nil }
                return TranslatedEvent(date: date, text: text, location: event.ownLocation)
            }
        }
        var customStrings: [String: String] = [:]
        if folder == .incidents {
            for field in fields.incidents where field.kind == .string {
                if let value = reader.string(field.name) { customStrings[field.name] = value }
            }
        }
        let translationOf = reader.string("translation_of")
        return Translation(
            language: language, id: id, path: path, title: reader.string("title"),
            description: folder == .pages ? reader.string("description") : nil,
            orderedBy: folder == .incidents ? reader.string("ordered_by") : nil,
            justification: folder == .incidents ? reader.string("justification") : nil,
            timeline: timeline, timelineLocation: timelineLocation, customStrings: customStrings, body: body,
            bodyCitations: body?.references(firstLine: bodyFirstLine) ?? [],
            translationOf: translationOf, translationOfLocation: translationOf != nil ? reader.entry("translation_of").map { reader.location(of: $0.value) } : nil)
    }

    /// "title, description and translation_of".
    static func list(_ keys: [String]) -> String {
        keys.count < 2 ? keys.joined() : keys.dropLast().joined(separator: ", ") + " and " + keys.last!
    }
}

/// The site in one of its other languages: each item's translation, by the item's index in `Site`; nil where
/// the item is not translated (it is then shown in its original language, marked so).
public struct SiteEdition: Sendable {
    public let language: SiteLanguage
    public let incidents: [Translation?]
    public let sources: [Translation?]
    public let pages: [Translation?]
}

extension Incident {
    /// The incident with the text of `translation` and every fact of its own.
    func translated(_ translation: Translation, fields: [CustomField]) -> Incident {
        var timeline = self.timeline
        if let events = translation.timeline, events.count == timeline.count {
            for index in timeline.indices { timeline[index].text = events[index].text }
        }
        var customFields = self.customFields
        for (index, field) in fields.enumerated() where index < customFields.count {
            if let text = translation.customStrings[field.name] { customFields[index] = .string(text) }
        }
        return Incident(
            id: id, path: path, title: translation.title ?? title, country: country, regions: regions, platforms: platforms,
            type: type, status: status, verification: verification, start: start, end: end,
            orderedBy: translation.orderedBy ?? orderedBy, justification: translation.justification ?? justification,
            tags: tags, aliases: aliases, draft: draft, updated: updated, timeline: timeline,
            body: translation.body ?? body, bodyCitations: translation.body != nil ? translation.bodyCitations : bodyCitations,
            customFields: customFields)
    }
}

extension Site {
    /// The site in its other language number `edition` (`SiteConfig.otherLanguages`): the same items, in the
    /// same order and with the same facts, with their translated text where they have one.
    func inLanguage(_ edition: Int) -> Site {
        let translations = editions[edition]
        let language = translations.language
        var config = self.config
        config.language = language.code
        if let title = language.title { config.title = title }
        if let description = language.description { config.description = description }
        let fields = config.fields.incidents
        let incidents = zip(self.incidents, translations.incidents).map { incident, translation in
            translation.map { incident.translated($0, fields: fields) } ?? incident
        }
        let sources = zip(self.sources, translations.sources).map { source, translation -> Source in
            guard let translation else { return source }
            return source.with(title: translation.title, body: translation.body,
                               bodyCitations: translation.body == nil ? nil : translation.bodyCitations)
        }
        let pages = zip(self.pages, translations.pages).map { page, translation -> Page in
            guard let translation else { return page }
            var copy = page
            copy.title = translation.title ?? page.title
            copy.description = translation.description ?? page.description
            if let body = translation.body {
                copy.body = body
                copy.bodyCitations = translation.bodyCitations
            }
            return copy
        }
        var site = Site(config: config, incidents: incidents, sources: sources, pages: pages, incidentIndex: incidentIndex,
                        sourceIndex: sourceIndex, references: references, citedBy: citedBy, origins: origins,
                        countries: countries, platforms: platforms, timeline: timeline, aliases: aliases)
        site.files = files
        site.draftsLeftOut = draftsLeftOut
        site.deadLinks = deadLinks
        site.history = history
        // Court cases are not translated: every language shows them as written.
        site.cases = cases
        return site
    }
}

extension Translation {
    /// The hash `translation_of` records: the first 12 hexadecimal digits of the SHA-256 of the original file's bytes.
    public static func contentHash(_ data: Data) -> String {
        String(ContentHash.hex(ContentHash.digest(data)).prefix(12))
    }
}
