/// The last linked site with some files' new values put in place, when no change can add, remove,
/// reorder or re-link anything: linking again would give the same graph, so the preview skips it
/// (on 10,000 incidents linking costs far more than the rest of a one-file rebuild).
enum SitePatch {
    static func apply(to site: Site, incidents: [Incident], sources: [Source], pages: [Page]) -> Site? {
        guard let newIncidents = replacing(site.incidents, with: incidents, at: { site.incidentIndex[$0.id] }, keepsTheGraph: { old, new in
                  // The linker reads the body's cited sources and the events' dates and sources.
                  IncidentField.keepTheGraph(old, new)
                      && old.body.citedSourceIDs == new.body.citedSourceIDs
                      && old.body.keepsLinkChecks(new.body)
                      && old.timeline.map(\.date) == new.timeline.map(\.date)
                      && old.timeline.map({ $0.sources.map(\.id) }) == new.timeline.map({ $0.sources.map(\.id) })
              }),
              let newSources = replacing(site.sources, with: sources, at: { site.sourceIndex[$0.id] }, keepsTheGraph: { SourceField.keepTheGraph($0, $1) && $0.body.keepsLinkChecks($1.body) }),
              let newPages = replacing(site.pages, with: pages, at: { page in site.pages.firstIndex { $0.id == page.id } },
                                       keepsTheGraph: { PageField.keepTheGraph($0, $1) && $0.body.keepsLinkChecks($1.body) }) else { return nil }
        var patched = Site(config: site.config, incidents: newIncidents, sources: newSources, pages: newPages,
                    incidentIndex: site.incidentIndex, sourceIndex: site.sourceIndex, references: site.references,
                    citedBy: site.citedBy, origins: site.origins, countries: site.countries, platforms: site.platforms, timeline: site.timeline,
                    aliases: site.aliases, files: site.files, draftsLeftOut: site.draftsLeftOut, deadLinks: site.deadLinks, history: site.history)
        patched.cases = site.cases
        return patched
    }

    /// `values` with each changed value in the place of its old version; nil when one has no place or
    /// differs from it in something the linker reads.
    private static func replacing<Value>(_ values: [Value], with changed: [Value], at index: (Value) -> Int?,
                                         keepsTheGraph: (_ old: Value, _ new: Value) -> Bool) -> [Value]? {
        var replaced = values
        for value in changed {
            guard let index = index(value), keepsTheGraph(values[index], value) else { return nil }
            replaced[index] = value
        }
        return replaced
    }
}

/// A field whose change may add, remove, reorder or re-link something, in which case the site is linked again.
protocol LinkedField: ModelField {
    var isReadByTheLinker: Bool { get }
}

extension LinkedField {
    /// True when no field the linker reads differs.
    static func keepTheGraph(_ old: Model, _ new: Model) -> Bool {
        !differing(old, new).contains(where: \.isReadByTheLinker)
    }
}

extension IncidentField: LinkedField {
    /// Ids, the order (start), taxonomy terms, aliases and drafts make the graph; messages name the path.
    /// `timeline` and `body` are read only for their dates and cited sources, which `SitePatch` compares on their own.
    var isReadByTheLinker: Bool {
        switch self {
        case .id, .path, .country, .platforms, .start, .aliases, .draft: true
        case .title, .regions, .type, .status, .verification, .end, .orderedBy, .justification, .tags, .updated, .timeline,
             .body, .bodyCitations, .lastKnownDate, .customFields: false
        }
    }
}

extension SourceField: LinkedField {
    /// The source list is ordered by publisher and publication date; the origins are counted from `origin`, else the publisher.
    var isReadByTheLinker: Bool {
        switch self {
        // Cited ids are checked by the linker.
        case .id, .path, .publisher, .published, .origin, .bodyCitations: true
        case .title, .url, .kind, .language, .archive, .accessed, .body, .customFields: false
        }
    }
}

extension PageField: LinkedField {
    /// Pages are ordered by menu order and title, and drafts are left out.
    var isReadByTheLinker: Bool {
        switch self {
        case .id, .path, .title, .draft, .menuOrder, .bodyCitations: true
        case .description, .body: false
        }
    }
}
