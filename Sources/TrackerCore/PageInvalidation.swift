/// Works out which pages of the new site can differ from the last build after some incidents,
/// sources or pages changed, from what each page shows:
///
/// - an incident's own page and its alias pages, whenever anything in it changed;
/// - the pages listing it (lists, home, its country and platforms, the source pages citing it, the
///   incidents showing it as related) only when its summary, as the renderer builds it, changed;
/// - the timeline when its events or title changed, the exports when their fields did, the feed when
///   it is or becomes one of the feed's entries, the sitemap when pages come or go or dates move.
///
/// Anything it cannot judge (site.yml, the theme, navigation) is "everything". Pages it names are
/// re-rendered and compared byte for byte, so naming too many costs time, never correctness.
struct PageInvalidation {
    let old: SiteRenderer
    let new: SiteRenderer
    private(set) var jobs: Set<PageKind> = []
    private(set) var everything = false
    /// Pages may have appeared or gone: the output paths must be listed again.
    private(set) var structureChanged = false

    init(old: SiteRenderer, new: SiteRenderer) {
        self.old = old
        self.new = new
        if old.site.countries.map(\.slug) != new.site.countries.map(\.slug)
            || old.site.platforms.map(\.slug) != new.site.platforms.map(\.slug) {
            structureChanged = true
            jobs.formUnion([.countryList, .platformList, .sitemap, .home])
        }
    }

    // MARK: - Incidents

    mutating func incidentChanged(_ id: String) {
        let before = old.site.incidentIndex[id]
        let after = new.site.incidentIndex[id]
        guard before != nil || after != nil else { return }
        let differing: Set<String>
        if let before, let after {
            differing = FieldComparison.differingFields(old.site.incidents[before], new.site.incidents[after])
            let referencesChanged = old.site.references[before] != new.site.references[after]
            if differing.isEmpty && !referencesChanged { return }
        } else {
            differing = ["added or removed"]
            structureChanged = true
            jobs.formUnion([.sitemap, .home])
        }
        if let after { jobs.insert(.incident(after)) }
        aliasPages(of: id)
        let oldReferences = before.map { old.site.references[$0] } ?? []
        let newReferences = after.map { new.site.references[$0] } ?? []
        // A source page shows each citing incident's reference number, body or timeline use and events: few pages, always redone.
        for source in Set(oldReferences).union(newReferences) { sourcePage(source) }

        let summaryChanged = before == nil || after == nil || ContextFingerprint.of(old.summaries[before!]) != ContextFingerprint.of(new.summaries[after!])
        if summaryChanged { listingPages(of: id) }

        if oldReferences != newReferences {
            jobs.insert(.sourcesJSON)
            for source in Set(oldReferences).union(newReferences) { citedSourceChanged(source) }
        }

        let hasEvents = before.map { !old.site.incidents[$0].timeline.isEmpty } ?? false || after.map { !new.site.incidents[$0].timeline.isEmpty } ?? false
        if hasEvents && !differing.isDisjoint(with: ["timeline", "title", "added or removed"]) {
            jobs.insert(.timeline)
        }

        let bodyOnly: Set<String> = ["body", "bodyCitations"]
        let summaryText = { (renderer: SiteRenderer, index: Int?) in index.map { renderer.site.incidents[$0].body.summaryText } }
        if !differing.isSubset(of: bodyOnly) || summaryText(old, before) != summaryText(new, after) || oldReferences != newReferences {
            jobs.formUnion([.incidentsJSON, .incidentsCSV])
        }
        let lastKnown = { (renderer: SiteRenderer, index: Int?) in index.map { renderer.site.incidents[$0].lastKnownDate } }
        if lastKnown(old, before) != lastKnown(new, after) { jobs.insert(.sitemap) }
        if isInFeed(id, old) || isInFeed(id, new) { jobs.insert(.feed) }
    }

    /// Every page that shows the incident's summary.
    private mutating func listingPages(of id: String) {
        jobs.formUnion([.home, .incidentList, .notFound, .countryList, .platformList])
        for renderer in [old, new] {
            guard let index = renderer.site.incidentIndex[id] else { continue }
            let incident = renderer.site.incidents[index]
            if let term = new.site.countries.firstIndex(where: { $0.slug == incident.country.lowercased() }) { jobs.insert(.country(term)) }
            let slugs = Set(incident.platforms.map(Slug.make))
            for (term, platform) in new.site.platforms.enumerated() where slugs.contains(platform.slug) { jobs.insert(.platform(term)) }
            for source in renderer.site.references[index] { sourcePage(source) }
            for dependent in Self.incidentsShowingAsRelated(index, in: renderer) { incidentPage(renderer.site.incidents[dependent].id) }
        }
    }

    /// Incidents whose "related" list includes this one. A related list takes the first five incidents
    /// (newest first) sharing a country or platform, so only terms where this incident is among the
    /// six newest can hold such incidents: the rest are never scanned.
    static func incidentsShowingAsRelated(_ index: Int, in renderer: SiteRenderer) -> [Int] {
        let site = renderer.site
        let incident = site.incidents[index]
        var terms: [TaxonomyTerm] = site.countries.filter { $0.slug == incident.country.lowercased() }
        let slugs = Set(incident.platforms.map(Slug.make))
        terms += site.platforms.filter { slugs.contains($0.slug) }
        var candidates: Set<Int> = []
        for term in terms {
            guard let position = term.incidents.firstIndex(of: index), position <= 5 else { continue }
            candidates.formUnion(term.incidents)
        }
        candidates.remove(index)
        return candidates.sorted().filter { renderer.relatedIncidents($0).contains(index) }
    }

    private func isInFeed(_ id: String, _ renderer: SiteRenderer) -> Bool {
        guard let index = renderer.site.incidentIndex[id] else { return false }
        let site = renderer.site
        let key = { (i: Int) in (site.incidents[i].lastKnownDate, site.incidents[i].start) }
        let (date, start) = key(index)
        // Entries sort by (last known date, start) newest first, then id: count those ahead of this one.
        var ahead = 0
        for other in site.incidents.indices where other != index {
            let (otherDate, otherStart) = key(other)
            if (otherDate, otherStart, id) > (date, start, site.incidents[other].id) {
                ahead += 1
                if ahead >= site.config.feedItems { return false }
            }
        }
        return true
    }

    private mutating func aliasPages(of id: String) {
        for (number, alias) in new.site.aliases.enumerated() where new.site.incidents[alias.incident].id == id {
            jobs.insert(.alias(number))
        }
        if let before = old.site.incidentIndex[id], let after = new.site.incidentIndex[id],
           old.site.incidents[before].aliases.map(\.id) == new.site.incidents[after].aliases.map(\.id) { return }
        structureChanged = true
    }

    private mutating func incidentPage(_ id: String) {
        if let index = new.site.incidentIndex[id] { jobs.insert(.incident(index)) }
    }

    private mutating func sourcePage(_ id: String) {
        if let index = new.site.sourceIndex[id] { jobs.insert(.source(index)) }
    }

    // MARK: - Sources

    mutating func sourceChanged(_ id: String) {
        let before = old.site.sourceIndex[id]
        let after = new.site.sourceIndex[id]
        guard before != nil || after != nil else { return }
        if let before, let after {
            let differing = FieldComparison.differingFields(old.site.sources[before], new.site.sources[after])
            if differing.isEmpty { return }
            jobs.insert(.source(after))
            if !differing.isSubset(of: ["body"]) { jobs.insert(.sourcesJSON) }
        } else {
            structureChanged = true
            jobs.formUnion([.sitemap, .home, .sourcesJSON])
        }
        citedSourceChanged(id)
    }

    /// A source's summary (cited count included) shows on the source list and on every incident citing it.
    private mutating func citedSourceChanged(_ id: String) {
        sourcePage(id)
        let before = old.site.sourceIndex[id]
        let after = new.site.sourceIndex[id]
        if let before, let after, ContextFingerprint.of(old.sourceSummaries[before]) == ContextFingerprint.of(new.sourceSummaries[after]) { return }
        jobs.insert(.sourceList)
        var citedInEvents = false
        for (renderer, index) in [(old, before), (new, after)] {
            guard let index else { continue }
            for citing in renderer.site.citedBy[index] {
                incidentPage(renderer.site.incidents[citing.incident].id)
                if !citing.events.isEmpty { citedInEvents = true }
            }
        }
        if citedInEvents { jobs.insert(.timeline) }
    }

    // MARK: - Pages

    mutating func pageChanged(_ id: String) {
        let before = old.site.pages.firstIndex { $0.id == id }
        let after = new.site.pages.firstIndex { $0.id == id }
        guard before != nil || after != nil else { return }
        if let before, let after {
            let differing = FieldComparison.differingFields(old.site.pages[before], new.site.pages[after])
            if differing.isEmpty { return }
            // The navigation lists pages by title and order: every page shows it.
            if !differing.isDisjoint(with: ["title", "menuOrder"]) && (old.site.pages[before].menuOrder != nil || new.site.pages[after].menuOrder != nil) {
                everything = true
            }
            jobs.insert(.page(after))
        } else {
            structureChanged = true
            jobs.insert(.sitemap)
            let page = before.map { old.site.pages[$0] } ?? new.site.pages[after!]
            if page.menuOrder != nil { everything = true }
            if let after { jobs.insert(.page(after)) }
        }
    }
}
