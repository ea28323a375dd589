/// A source id named in content, with where it was written, so a broken reference can be reported there.
public struct SourceReference: Sendable, Hashable {
    public let id: String
    public let location: SourceLocation
}

public enum IncidentType: String, Sendable, CaseIterable {
    case fullShutdown = "full-shutdown"
    case mobileShutdown = "mobile-shutdown"
    case throttling
    case serviceBlock = "service-block"

    public var label: String {
        switch self {
        case .fullShutdown: return "Full shutdown"
        case .mobileShutdown: return "Mobile shutdown"
        case .throttling: return "Throttling"
        case .serviceBlock: return "Service block"
        }
    }
}

public enum IncidentStatus: String, Sendable, CaseIterable {
    case ongoing, resolved, unknown
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public enum Verification: String, Sendable, CaseIterable {
    case confirmed, reported, disputed
    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// One dated event of an incident, backed by one or more sources.
public struct TimelineEvent: Sendable, Hashable {
    public var date: PartialDate
    public var text: String
    public var sources: [SourceReference]
    /// Where the event starts in its file, for messages about the event as a whole.
    public var location: SourceLocation
}

/// `content/incidents/<id>.md`.
///
/// A class, immutable: the site, its patched copies and every page context share one instance, where
/// copying a struct of this many fields would retain each of them.
public final class Incident: Sendable {
    public let id: String
    public let path: String
    public let title: String
    public let country: String
    public let regions: [String]
    public let platforms: [String]
    public let type: IncidentType
    public let status: IncidentStatus
    public let verification: Verification
    public let start: PartialDate
    public let end: PartialDate?
    public let orderedBy: String?
    public let justification: String?
    public let tags: [String]
    public let aliases: [SourceReference]
    public let draft: Bool
    public let updated: PartialDate?
    public let timeline: [TimelineEvent]
    public let body: RenderedMarkdown
    /// The body's `[@id]` citations, with file positions.
    public let bodyCitations: [SourceReference]
    /// The latest date the incident's record speaks for: `updated`, else the end, else the last event, else the start.
    public let lastKnownDate: PartialDate
    /// The values of the site's declared incident fields (`SiteConfig.fields.incidents`), in declaration order; nil where not set.
    public let customFields: [CustomValue?]

    init(id: String, path: String, title: String, country: String, regions: [String], platforms: [String],
         type: IncidentType, status: IncidentStatus, verification: Verification, start: PartialDate, end: PartialDate?,
         orderedBy: String?, justification: String?, tags: [String], aliases: [SourceReference], draft: Bool,
         updated: PartialDate?, timeline: [TimelineEvent], body: RenderedMarkdown, bodyCitations: [SourceReference],
         customFields: [CustomValue?] = []) {
        self.id = id
        self.path = path
        self.title = title
        self.country = country
        self.regions = regions
        self.platforms = platforms
        self.type = type
        self.status = status
        self.verification = verification
        self.start = start
        self.end = end
        self.orderedBy = orderedBy
        self.justification = justification
        self.tags = tags
        self.aliases = aliases
        self.draft = draft
        self.updated = updated
        self.timeline = timeline
        self.body = body
        self.bodyCitations = bodyCitations
        self.customFields = customFields
        lastKnownDate = updated ?? end ?? timeline.map(\.date).max() ?? start
    }

    static let keys = [
        "title", "country", "regions", "platforms", "type", "status", "verification", "start", "end",
        "ordered_by", "justification", "tags", "aliases", "draft", "updated", "timeline",
    ]
    static let timelineKeys = ["date", "text", "sources"]

    /// A decoded incident file: the incident when it is valid, and its source references either way,
    /// so a broken citation is reported together with the file's other errors.
    struct Decoded: Sendable {
        var incident: Incident?
        var references: [SourceReference]
    }

    static func decode(id: String, path: String, reader: FieldReader, body: RenderedMarkdown, bodyFirstLine: Int,
                       fields: [CustomField]) -> Decoded {
        reader.rejectUnknownKeys(allowed: fields.isEmpty ? keys : keys + fields.map(\.name))
        let collector = reader.collector
        let title = reader.string("title", required: true)
        let country = reader.countryCode("country", required: true)
        // Each listed once: regions and tags whatever their case, platforms by their page (`Slug`), so that
        // "X" and "x" are not both shown for one incident.
        let regions = reader.strings("regions", unique: .anyCase)
        let platforms = reader.strings("platforms", required: true, unique: .page)
        let type = reader.oneOf("type", IncidentType.allCases.map(\.rawValue), required: true).flatMap(IncidentType.init)
        let status = reader.oneOf("status", IncidentStatus.allCases.map(\.rawValue), required: true).flatMap(IncidentStatus.init)
        let verification = reader.oneOf("verification", Verification.allCases.map(\.rawValue), required: true).flatMap(Verification.init)
        let start = reader.date("start", required: true)
        let end = reader.date("end")
        if let start, let end, end.isEntirelyBefore(start) {
            collector.error("'end' (\(end.iso)) is before 'start' (\(start.iso))", at: reader.location(of: reader.entry("end")!.value))
        }
        if status == .resolved, end == nil, reader.entry("end") == nil {
            collector.error("'end' is required when 'status' is resolved", at: reader.keyLocation("status") ?? reader.ownLocation)
        }
        // The page said "Ongoing" and "Ended 1 May 2024" side by side: a warning (`tracker check`), as a record
        // imported or written before the status was updated is otherwise sound.
        if status == .ongoing, let end {
            collector.warning("'end' is \(end.iso), but 'status' is ongoing: the page would say both; set status: resolved, or remove end",
                              at: reader.location(of: reader.entry("end")!.value))
        }
        let tags = reader.strings("tags", unique: .anyCase)
        let aliases = reader.references("aliases")
        for alias in aliases where !ContentID.isValid(alias.id) {
            collector.error("alias '\(alias.id)' must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit", at: alias.location)
        }
        let timeline = decodeTimeline(reader)
        let customFields = reader.customValues(fields)
        let citations = body.references(firstLine: bodyFirstLine)
        let references = citations + timeline.flatMap(\.sources)
        guard let title, let country, let type, let status, let verification, let start else {
            return Decoded(incident: nil, references: references)
        }
        let incident = Incident(
            id: id, path: path, title: title, country: country, regions: regions, platforms: platforms, type: type,
            status: status, verification: verification, start: start, end: end,
            orderedBy: reader.string("ordered_by"), justification: reader.string("justification"),
            tags: tags, aliases: aliases, draft: reader.bool("draft") ?? false, updated: reader.date("updated"),
            timeline: timeline, body: body.droppingCitations(), bodyCitations: citations, customFields: customFields)
        return Decoded(incident: incident, references: references)
    }

    private static func decodeTimeline(_ reader: FieldReader) -> [TimelineEvent] {
        let items = reader.mappingList("timeline", what: "timeline event",
                                       notAList: "'timeline' must be a list of events, each with date, text and sources",
                                       notAMapping: "each timeline event must be a mapping with date, text and sources") ?? []
        var events: [TimelineEvent] = []
        events.reserveCapacity(items.count)
        for event in items {
            event.rejectUnknownKeys(allowed: timelineKeys)
            let date = event.date("date", required: true)
            let text = event.string("text", required: true)
            let sources = event.references("sources", required: true)
            if let date, let text {
                events.append(TimelineEvent(date: date, text: text, sources: sources, location: event.ownLocation))
            }
        }
        return events
    }
}
