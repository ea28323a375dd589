/// A group of incidents sharing a country or a platform.
public struct TaxonomyTerm: Sendable {
    public let slug: String
    public let name: String
    /// Indices into `Site.incidents`, in the site's incident order.
    public let incidents: [Int]
}

/// Who cites a source: an incident, through its body, its timeline events, or both.
public struct Citing: Sendable {
    public let incident: Int
    public let inBody: Bool
    /// Indices into that incident's timeline.
    public let events: [Int]
    /// The source's number among the incident's references (`Site.references`), 1 for the first.
    public let reference: Int
}

/// One event of the site-wide timeline: an incident's event, or a court case's proceeding (a legal event).
public struct TimelineEntry: Sendable {
    /// The incident's index; for a proceeding, the case's index in `Site.cases.all`.
    public let incident: Int
    /// The index in the incident's timeline, or in the case's proceedings.
    public let event: Int
    /// The event's date, kept here so the timeline's months are found in one contiguous pass.
    public let date: PartialDate
    /// True for a court case's proceeding.
    public var proceeding = false
}

/// The court cases and what links them to the incidents (`SiteLinker`).
public struct SiteCases: Sendable {
    /// By country name, then status (in `CaseStatus` order), then title.
    public var all: [LegalCase] = []
    public var index: [String: Int] = [:]
    /// For each case, the published incidents it names, in the order written.
    public var incidents: [[Int]] = []
    /// For each incident (by index), the cases naming it, in case order.
    public var ofIncident: [[Int]] = []
    /// For each case, its reference list: body citations in order of first appearance, then the proceedings' sources.
    public var references: [[String]] = []
}

/// The whole linked graph: what every page is rendered from. Only published content is in it.
public struct Site: Sendable {
    public let config: SiteConfig
    /// Newest start first.
    public let incidents: [Incident]
    /// By publisher, then newest first.
    public let sources: [Source]
    /// Navigation order, then title.
    public let pages: [Page]
    public let incidentIndex: [String: Int]
    /// Each source's position by id (`StringTable`: sources are looked up by id for every citation).
    let sourceIndex: StringTable<Int>
    /// For each incident (by index), its reference list: body citations in order of first appearance, then timeline sources.
    public let references: [[String]]
    /// For each source (by index), who cites it, in incident order.
    public let citedBy: [[Citing]]
    /// For each incident (by index), the independent origins of its references and of each event (`OriginCount`).
    public let origins: [IncidentOrigins]
    public let countries: [TaxonomyTerm]
    public let platforms: [TaxonomyTerm]
    /// Newest first.
    public let timeline: [TimelineEntry]
    /// Alias id → incident index.
    public let aliases: [(alias: String, incident: Int)]
    /// Court cases (`content/cases/`).
    public var cases = SiteCases()
    /// Files copied as they are (`static/`, and the files beside the bundles of published items), by output path.
    public var files: [SiteFile] = []
    /// Incidents and pages marked draft and left out of this site (none when drafts are included).
    public var draftsLeftOut = 0
    /// The addresses `tracker check --links` last found dead (`LinkCache`), read at load and never fetched by a build.
    public var deadLinks: [String: LinkRecord] = [:]
    /// The git history of `content/`, when the site is in git: each record's changes and corrections, and `/changes/`.
    public var history: SiteHistory?
    /// The site's other languages (`SiteConfig.otherLanguages`), in order, with their translations.
    public var editions: [SiteEdition] = []
    /// What loading its files warned about (`LoadedContent.warnings`), sorted: `tracker check` reports it,
    /// and `--strict` fails on it.
    public var contentWarnings: [Diagnostic] = []

    public func platformSlug(_ name: String) -> String { Slug.make(name) }
}
