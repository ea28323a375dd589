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
}

/// One event of the site-wide timeline.
public struct TimelineEntry: Sendable {
    public let incident: Int
    public let event: Int
    /// The event's date, kept here so the timeline's months are found in one contiguous pass.
    public let date: PartialDate
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
    public let sourceIndex: [String: Int]
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

    public func platformSlug(_ name: String) -> String { Slug.make(name) }
}
