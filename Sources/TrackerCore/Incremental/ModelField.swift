/// A stored property of a content model (`Incident`, `Source`, `Page`), for telling what changed between
/// two versions of one file. Each case names its property through a key path, so renaming a property
/// is a compile error here, and the rules that decide what a change reaches (`SitePatch`,
/// `PageInvalidation`) are exhaustive `switch`es over the cases, so a new case is a compile error there
/// until they say what it reaches. `ModelFieldTests` checks every stored property has its case.
protocol ModelField: CaseIterable, Hashable, Sendable {
    associatedtype Model
    var property: ModelProperty<Model> { get }
}

/// One property of a model, read through its key path and compared with its own `==`.
struct ModelProperty<Model> {
    let keyPath: PartialKeyPath<Model>
    let isEqual: (Model, Model) -> Bool

    init<Value: Equatable>(_ keyPath: KeyPath<Model, Value>) {
        self.keyPath = keyPath
        isEqual = { $0[keyPath: keyPath] == $1[keyPath: keyPath] }
    }
}

extension ModelField {
    /// The fields whose values differ between two versions of one item.
    static func differing(_ old: Model, _ new: Model) -> Set<Self> {
        Set(allCases.filter { !$0.property.isEqual(old, new) })
    }
}

enum IncidentField: ModelField {
    case id, path, title, country, regions, platforms, type, status, verification, start, end, orderedBy, justification,
         tags, aliases, draft, updated, timeline, body, bodyCitations, lastKnownDate, customFields

    var property: ModelProperty<Incident> {
        switch self {
        case .id: ModelProperty(\.id)
        case .path: ModelProperty(\.path)
        case .title: ModelProperty(\.title)
        case .country: ModelProperty(\.country)
        case .regions: ModelProperty(\.regions)
        case .platforms: ModelProperty(\.platforms)
        case .type: ModelProperty(\.type)
        case .status: ModelProperty(\.status)
        case .verification: ModelProperty(\.verification)
        case .start: ModelProperty(\.start)
        case .end: ModelProperty(\.end)
        case .orderedBy: ModelProperty(\.orderedBy)
        case .justification: ModelProperty(\.justification)
        case .tags: ModelProperty(\.tags)
        case .aliases: ModelProperty(\.aliases)
        case .draft: ModelProperty(\.draft)
        case .updated: ModelProperty(\.updated)
        case .timeline: ModelProperty(\.timeline)
        case .body: ModelProperty(\.body)
        case .bodyCitations: ModelProperty(\.bodyCitations)
        case .lastKnownDate: ModelProperty(\.lastKnownDate)
        case .customFields: ModelProperty(\.customFields)
        }
    }
}

enum SourceField: ModelField {
    case id, path, title, publisher, url, published, kind, origin, language, archive, accessed, body, bodyCitations, customFields

    var property: ModelProperty<Source> {
        switch self {
        case .id: ModelProperty(\.id)
        case .path: ModelProperty(\.path)
        case .title: ModelProperty(\.title)
        case .publisher: ModelProperty(\.publisher)
        case .url: ModelProperty(\.url)
        case .published: ModelProperty(\.published)
        case .kind: ModelProperty(\.kind)
        case .origin: ModelProperty(\.origin)
        case .language: ModelProperty(\.language)
        case .archive: ModelProperty(\.archive)
        case .accessed: ModelProperty(\.accessed)
        case .body: ModelProperty(\.body)
        case .bodyCitations: ModelProperty(\.bodyCitations)
        case .customFields: ModelProperty(\.customFields)
        }
    }
}

enum PageField: ModelField {
    case id, path, title, description, draft, menuOrder, body, bodyCitations

    var property: ModelProperty<Page> {
        switch self {
        case .id: ModelProperty(\.id)
        case .path: ModelProperty(\.path)
        case .title: ModelProperty(\.title)
        case .description: ModelProperty(\.description)
        case .draft: ModelProperty(\.draft)
        case .menuOrder: ModelProperty(\.menuOrder)
        case .body: ModelProperty(\.body)
        case .bodyCitations: ModelProperty(\.bodyCitations)
        }
    }
}

enum CaseField: ModelField {
    case id, path, title, court, country, subdivision, caseNumber, petitioners, respondents, filed, status, outcome, incidents,
         proceedings, body, bodyCitations

    var property: ModelProperty<LegalCase> {
        switch self {
        case .id: ModelProperty(\.id)
        case .path: ModelProperty(\.path)
        case .title: ModelProperty(\.title)
        case .court: ModelProperty(\.court)
        case .country: ModelProperty(\.country)
        case .subdivision: ModelProperty(\.subdivision)
        case .caseNumber: ModelProperty(\.caseNumber)
        case .petitioners: ModelProperty(\.petitioners)
        case .respondents: ModelProperty(\.respondents)
        case .filed: ModelProperty(\.filed)
        case .status: ModelProperty(\.status)
        case .outcome: ModelProperty(\.outcome)
        case .incidents: ModelProperty(\.incidents)
        case .proceedings: ModelProperty(\.proceedings)
        case .body: ModelProperty(\.body)
        case .bodyCitations: ModelProperty(\.bodyCitations)
        }
    }
}
