/// The last linked site with some files' new values put in place, when no change can add, remove,
/// reorder or re-link anything: linking again would give the same graph, so the preview skips it
/// (on 10,000 incidents linking costs far more than the rest of a one-file rebuild).
///
/// Fields are listed by what they may change, so a field added to a model later counts as
/// "may change the graph" until it is listed here: the safe default is to link again.
enum SitePatch {
    /// Incident fields the linker does not read. `timeline` only when event dates and sources stay;
    /// `body` only when the cited sources stay.
    static let incidentFieldsOutsideTheGraph: Set<String> = [
        "title", "regions", "type", "status", "verification", "end", "orderedBy", "justification", "tags", "updated",
        "body", "bodyCitations", "timeline", "lastKnownDate",
    ]
    /// Source fields that neither order the source list (publisher, published) nor name the source.
    static let sourceFieldsOutsideTheGraph: Set<String> = ["title", "url", "kind", "origin", "language", "archive", "accessed", "body"]
    /// Page fields that do not order the pages (title, menu order) or hide them (draft).
    static let pageFieldsOutsideTheGraph: Set<String> = ["description", "body"]

    static func apply(to site: Site, incidents: [Incident], sources: [Source], pages: [Page]) -> Site? {
        var newIncidents = site.incidents
        for incident in incidents {
            guard let index = site.incidentIndex[incident.id] else { return nil }
            let old = site.incidents[index]
            let differing = FieldComparison.differingFields(old, incident)
            guard differing.isSubset(of: incidentFieldsOutsideTheGraph),
                  old.body.citedSourceIDs == incident.body.citedSourceIDs,
                  old.timeline.map(\.date) == incident.timeline.map(\.date),
                  old.timeline.map({ $0.sources.map(\.id) }) == incident.timeline.map({ $0.sources.map(\.id) }) else { return nil }
            newIncidents[index] = incident
        }
        // Copying an array of structs retains every field of every element: only when something changed.
        var newSources = sources.isEmpty ? [] : site.sources
        for source in sources {
            guard let index = site.sourceIndex[source.id],
                  FieldComparison.differingFields(site.sources[index], source).isSubset(of: sourceFieldsOutsideTheGraph) else { return nil }
            newSources[index] = source
        }
        var newPages = pages.isEmpty ? [] : site.pages
        for page in pages {
            guard let index = site.pages.firstIndex(where: { $0.id == page.id }),
                  FieldComparison.differingFields(site.pages[index], page).isSubset(of: pageFieldsOutsideTheGraph) else { return nil }
            newPages[index] = page
        }
        return Site(config: site.config, incidents: newIncidents, sources: sources.isEmpty ? site.sources : newSources,
                    pages: pages.isEmpty ? site.pages : newPages,
                    incidentIndex: site.incidentIndex, sourceIndex: site.sourceIndex, references: site.references,
                    citedBy: site.citedBy, countries: site.countries, platforms: site.platforms, timeline: site.timeline,
                    aliases: site.aliases)
    }
}
