/// Works out which pages of the new site can differ from the last build after some incidents,
/// sources or pages changed, from what each page shows (see `SiteRenderer`'s contexts):
///
/// - an incident's own page and its alias pages, whenever anything in it changed;
/// - the pages listing it (lists, home, its country and platforms, the source pages citing it, the
///   incidents showing it as related, the search index) only when its summary, as the renderer
///   builds it, changed; for a source, the incidents, free pages and source notes citing it likewise;
/// - the timeline when its events or title changed, the exports when their fields did, the feed when
///   it is or becomes one of the feed's entries, the sitemap when pages come or go or dates move;
/// - the site-wide pieces (the chart, the table filters, the scale of every duration bar) when their
///   context changed.
///
/// Anything it cannot judge (site.yml, the theme, the navigation) is "everything". Pages it names are
/// re-rendered and compared byte for byte, so naming too many costs time, never correctness; naming too
/// few would leave a page stale, which `IncrementalBuildTestSuite` checks against cold builds.
struct PageInvalidation {
    let old: SiteRenderer
    let new: SiteRenderer
    private(set) var jobs: Set<PageKind> = []
    private(set) var everything = false
    /// Pages may have appeared or gone: the output paths must be listed again.
    private(set) var structureChanged = false
    /// Some change may move a site-wide figure (chart, filters, duration scale): `globalsChanged` compares them.
    private var globalsMayHaveChanged = false
    /// The free pages and source pages of the new site whose body cites each source, made on first use.
    private lazy var bodyCiters: [String: [PageKind]] = {
        var citers: [String: [PageKind]] = [:]
        for (index, page) in new.site.pages.enumerated() {
            for id in page.body.citedSourceIDs { citers[id, default: []].append(.page(index)) }
        }
        for (index, source) in new.site.sources.enumerated() {
            for id in source.body.citedSourceIDs { citers[id, default: []].append(.source(index)) }
        }
        return citers
    }()

    init(old: SiteRenderer, new: SiteRenderer) {
        self.old = old
        self.new = new
        if old.site.countries.map(\.slug) != new.site.countries.map(\.slug)
            || old.site.platforms.map(\.slug) != new.site.platforms.map(\.slug) {
            structureChanged = true
            globalsMayHaveChanged = true
            jobs.formUnion([.countryList, .platformList, .sitemap, .home, .dataPage])
            // A case links its country's page only when the country has incidents.
            if !new.site.cases.all.isEmpty { jobs.formUnion([.caseList] + new.site.cases.all.indices.map(PageKind.legalCase)) }
        }
        if structureChanged { allPages(.incidentList) }
    }

    // MARK: - Incidents

    mutating func incidentChanged(_ id: String) {
        let before = old.site.incidentIndex[id]
        let after = new.site.incidentIndex[id]
        guard before != nil || after != nil else { return }
        let oldReferences = before.map { old.site.references[$0] } ?? []
        let newReferences = after.map { new.site.references[$0] } ?? []
        let addedOrRemoved = before == nil || after == nil
        var differing: Set<IncidentField> = []
        if let before, let after {
            differing = IncidentField.differing(old.site.incidents[before], new.site.incidents[after])
            if differing.isEmpty && oldReferences == newReferences { return }
        } else {
            structureChanged = true
            jobs.formUnion([.sitemap, .home, .search, .searchIndex])
        }
        if addedOrRemoved || differing.contains(where: \.movesSiteWideFigures) {
            globalsMayHaveChanged = true
            jobs.insert(.dataPage)
        }
        if let after {
            jobs.insert(.incident(after))
            jobs.formUnion(CitationFile.allCases.map { .incidentCitation(after, $0) })
        }
        aliasPages(of: id)
        changesPages()
        casePages(ofIncident: before, after: after)
        // A source page shows each citing incident's reference number, body or timeline use and events: few pages, always redone.
        for source in Set(oldReferences).union(newReferences) { sourcePage(source) }

        let summaryChanged = addedOrRemoved || old.summaries[before!] != new.summaries[after!]
        if summaryChanged { listingPages(of: id, before: before, after: after, termsChanged: addedOrRemoved || differing.contains(.country) || differing.contains(.platforms)) }

        // The sources export lists citing incidents in site order.
        if oldReferences != newReferences || addedOrRemoved || differing.contains(where: \.ordersTheSite) {
            jobs.insert(.sourcesJSON)
        }
        if oldReferences != newReferences {
            for source in Set(oldReferences).symmetricDifference(newReferences) { citedSourceChanged(source) }
        }

        let hasEvents = before.map { !old.site.incidents[$0].timeline.isEmpty } ?? false || after.map { !new.site.incidents[$0].timeline.isEmpty } ?? false
        if hasEvents && (addedOrRemoved || differing.contains(where: \.showsOnTheTimeline)) {
            if let before, let after, before == after, Self.sameEntries(old.site.timeline, new.site.timeline) {
                timelinePages(showing: after)
            } else {
                allPages(.timeline)
            }
        }

        let summaryText = { (renderer: SiteRenderer, index: Int?) in index.map { renderer.site.incidents[$0].body.summaryText } }
        if addedOrRemoved || differing.contains(where: \.showsInTheExports) || summaryText(old, before) != summaryText(new, after)
            || oldReferences != newReferences {
            jobs.formUnion([.incidentsJSON, .incidentsCSV])
        }
        if addedOrRemoved || differing.contains(where: \.showsInTheStopExport) || oldReferences != newReferences { jobs.insert(.incidentsStopCSV) }
        let lastKnown = { (renderer: SiteRenderer, index: Int?) in index.map { renderer.site.incidents[$0].lastKnownDate } }
        if lastKnown(old, before) != lastKnown(new, after) { jobs.insert(.sitemap) }
        if isInFeed(id, old, among: old.site.incidents.indices) || isInFeed(id, new, among: new.site.incidents.indices) { jobs.insert(.feed) }
        termFeeds(of: id)
    }

    /// The feeds of the incident's countries and platforms (before and after) that show it.
    private mutating func termFeeds(of id: String) {
        for renderer in [old, new] {
            for (taxonomy, term) in terms(of: id, in: renderer) {
                let terms = taxonomy.terms(renderer.site)
                guard isInFeed(id, renderer, among: terms[term].incidents), let now = termIndex(terms[term].slug, taxonomy, in: new) else { continue }
                jobs.insert(taxonomy.feed(now))
            }
        }
    }

    enum Taxonomy {
        case country, platform

        func terms(_ site: Site) -> [TaxonomyTerm] { self == .country ? site.countries : site.platforms }
        func list(_ term: Int) -> PageKind { self == .country ? .country(term) : .platform(term) }
        func feed(_ term: Int) -> PageKind { self == .country ? .countryFeed(term) : .platformFeed(term) }
    }

    /// The country and platform terms listing the incident in `renderer`'s site, by index.
    private func terms(of id: String, in renderer: SiteRenderer) -> [(Taxonomy, Int)] {
        guard let index = renderer.site.incidentIndex[id] else { return [] }
        let incident = renderer.site.incidents[index]
        var terms: [(Taxonomy, Int)] = []
        if let term = termIndex(incident.country.lowercased(), .country, in: renderer) { terms.append((.country, term)) }
        for slug in Set(incident.platforms.map(Slug.make)).sorted() {
            if let term = termIndex(slug, .platform, in: renderer) { terms.append((.platform, term)) }
        }
        return terms
    }

    private func termIndex(_ slug: String, _ taxonomy: Taxonomy, in renderer: SiteRenderer) -> Int? {
        taxonomy == .country ? renderer.countryTerm[slug.uppercased()] : renderer.platformTerm[slug]
    }

    // MARK: - Paginated lists

    /// The timeline's pages showing an incident's events, or a proceeding of a case naming it, when the
    /// timeline kept every entry in its place: the other pages show nothing of it.
    private mutating func timelinePages(showing incident: Int) {
        let pagination = new.pagination(of: .timeline)
        let cases = Set([old, new].flatMap { $0.site.cases.ofIncident.indices.contains(incident) ? $0.site.cases.ofIncident[incident] : [] })
        var numbers: Set<Int> = []
        for (position, entry) in new.site.timeline.enumerated() where entry.proceeding ? cases.contains(entry.incident) : entry.incident == incident {
            numbers.insert(pagination.page(of: position))
        }
        for number in numbers { jobs.insert(SiteRenderer.page(number, of: .timeline)) }
    }

    /// Whether two timelines hold the same entries in the same places.
    static func sameEntries(_ a: [TimelineEntry], _ b: [TimelineEntry]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.incident == $1.incident && $0.event == $1.event && $0.proceeding == $1.proceeding && $0.date == $1.date }
    }

    /// Every page of a list; when the number of pages changed, the pages that came or went too.
    private mutating func allPages(_ list: PageKind) {
        jobs.formUnion(new.pages(of: list))
        if Self.hasListPages(list, in: old) && old.pagination(of: list).pageCount != new.pagination(of: list).pageCount { structureChanged = true }
    }

    /// Whether `list` (a term by index) exists in `renderer`'s site.
    private static func hasListPages(_ list: PageKind, in renderer: SiteRenderer) -> Bool {
        switch list {
        case .country(let i): return i < renderer.site.countries.count
        case .platform(let i): return i < renderer.site.platforms.count
        default: return true
        }
    }

    /// The pages of a list showing an item that was at position `before` of `oldList` (in the old site) and is at
    /// `after` of `list` (in the new one): with the same number of items, the pages from one position to the
    /// other (the items between them moved by one); otherwise, or when `countsChanged` (every page shows the
    /// list's counts), every page.
    private mutating func listPages(_ list: PageKind, oldList: PageKind?, before: Int?, after: Int?, countsChanged: Bool = false) {
        let pagination = new.pagination(of: list)
        guard let oldList, let before, let after, !countsChanged, old.pagination(of: oldList) == pagination else {
            jobs.formUnion(new.pages(of: list))
            if oldList.map({ old.pagination(of: $0).pageCount }) != pagination.pageCount { structureChanged = true }
            return
        }
        for number in pagination.page(of: min(before, after)) ... pagination.page(of: max(before, after)) {
            jobs.insert(SiteRenderer.page(number, of: list))
        }
    }

    /// The position of site index `index` in a term's incidents (kept in site order).
    private static func position(of index: Int?, in term: TaxonomyTerm?) -> Int? {
        guard let index, let term else { return nil }
        var low = 0, high = term.incidents.count
        while low < high {
            let middle = (low + high) / 2
            if term.incidents[middle] < index { low = middle + 1 } else { high = middle }
        }
        return low < term.incidents.count && term.incidents[low] == index ? low : nil
    }

    /// Every page that shows the incident's summary: the pages of each list holding it (`listPages`), the
    /// search index, the table's rows, the incidents showing it as related; and those of the home page, the
    /// 404 page and the term lists that can show what changed (`termsChanged`: it joined or left a country or platform).
    private mutating func listingPages(of id: String, before: Int?, after: Int?, termsChanged: Bool) {
        jobs.formUnion([.searchIndex, .incidentRows])
        listPages(.incidentList, oldList: .incidentList, before: before, after: after)
        // A term page shows how many of its incidents are ongoing.
        let ongoing = { (renderer: SiteRenderer, index: Int?) in index.map { renderer.site.incidents[$0].status == .ongoing } }
        let countsChanged = ongoing(old, before) != ongoing(new, after)
        // The home page shows the counts and the first ten incidents' cards, the 404 page the first five cards
        // (an incident added or removed counts as first: every position after it moved), the term lists each
        // term's counts.
        let first = min(before ?? 0, after ?? 0)
        if countsChanged || first < SiteRenderer.homeCards { jobs.insert(.home) }
        if first < SiteRenderer.notFoundCards { jobs.insert(.notFound) }
        if countsChanged || termsChanged { jobs.formUnion([.countryList, .platformList]) }
        var seen: Set<String> = []
        for renderer in [old, new] {
            for (taxonomy, term) in terms(of: id, in: renderer) {
                let slug = taxonomy.terms(renderer.site)[term].slug
                guard seen.insert("\(taxonomy) \(slug)").inserted, let now = termIndex(slug, taxonomy, in: new) else { continue }
                let earlier = termIndex(slug, taxonomy, in: old)
                let oldTerm = earlier.map { taxonomy.terms(old.site)[$0] }
                listPages(taxonomy.list(now), oldList: earlier.map(taxonomy.list), before: Self.position(of: before, in: oldTerm),
                          after: Self.position(of: after, in: taxonomy.terms(new.site)[now]), countsChanged: countsChanged)
            }
        }
        for renderer in [old, new] {
            guard let index = renderer.site.incidentIndex[id] else { continue }
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

    /// Whether the incident is one of a feed's entries (the site's, or a term's: `candidates`): sorted newest first by (last known date, start), then id.
    private func isInFeed<C: Collection>(_ id: String, _ renderer: SiteRenderer, among candidates: C) -> Bool where C.Element == Int {
        guard let index = renderer.site.incidentIndex[id] else { return false }
        let site = renderer.site
        let (date, start) = (site.incidents[index].lastKnownDate, site.incidents[index].start)
        var ahead = 0
        for other in candidates where other != index {
            let incident = site.incidents[other]
            if (incident.lastKnownDate, incident.start, id) > (date, start, incident.id) {
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

    /// An incident whose git history changed, and nothing else: its page and its citations (their last-updated date).
    mutating func incidentHistoryChanged(_ id: String) {
        guard let index = new.site.incidentIndex[id] else { return }
        jobs.insert(.incident(index))
        jobs.formUnion(CitationFile.allCases.map { .incidentCitation(index, $0) })
    }

    /// A source whose git history changed, and nothing else: its page.
    mutating func sourceHistoryChanged(_ id: String) {
        sourcePage(id)
    }

    /// `/changes/` and its feed name the records each change touched, by title: two small pages, redone when a record changed.
    mutating func changesPages() {
        if new.site.history != nil { jobs.formUnion([.changes, .changesFeed]) }
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
            let differing = SourceField.differing(old.site.sources[before], new.site.sources[after])
            if differing.isEmpty { return }
            jobs.insert(.source(after))
            changesPages()
            if differing.contains(where: \.showsInTheExport) { jobs.insert(.sourcesJSON) }
            // The incident exports list the origins of each incident's sources.
            if differing.contains(.origin) || differing.contains(.publisher) { jobs.formUnion([.incidentsJSON, .incidentsCSV]) }
            // The STOP export lists the addresses and kinds of each incident's sources.
            if differing.contains(.url) || differing.contains(.kind) { jobs.insert(.incidentsStopCSV) }
            if differing.contains(where: \.showsBeyondItsPage) { jobs.formUnion([.searchIndex, .sitemap]) }
        } else {
            structureChanged = true
            jobs.formUnion([.sitemap, .home, .sourcesJSON, .searchIndex, .dataPage])
            changesPages()
        }
        citedSourceChanged(id)
    }

    /// A source's summary (cited count included) shows on the source list and on every incident citing it.
    private mutating func citedSourceChanged(_ id: String) {
        sourcePage(id)
        let before = old.site.sourceIndex[id]
        let after = new.site.sourceIndex[id]
        if let before, let after, old.sourceSummaries[before] == new.sourceSummaries[after] { return }
        allPages(.sourceList)
        // Free pages and source notes list the sources their bodies cite; one that changed re-renders itself.
        jobs.formUnion(bodyCiters[id] ?? [])
        var citedInEvents = false
        for (renderer, index) in [(old, before), (new, after)] {
            guard let index else { continue }
            for citing in renderer.site.citedBy[index] {
                incidentPage(renderer.site.incidents[citing.incident].id)
                if !citing.events.isEmpty { citedInEvents = true }
            }
        }
        if citedInEvents { allPages(.timeline) }
        for renderer in [old, new] {
            for (index, references) in renderer.site.cases.references.enumerated() where references.contains(id) {
                casePage(renderer.site.cases.all[index].id)
                if renderer.site.cases.all[index].proceedings.contains(where: { $0.sources.contains { $0.id == id } }) { allPages(.timeline) }
            }
        }
    }

    // MARK: - Court cases

    /// A case is shown on its page, the case list, the timeline (its proceedings), its incidents' pages, the
    /// exports and the search index. Cases are few: every one of those pages is rendered again.
    mutating func caseChanged(_ id: String) {
        let before = old.site.cases.index[id]
        let after = new.site.cases.index[id]
        guard before != nil || after != nil else { return }
        if let before, let after {
            if CaseField.differing(old.site.cases.all[before], new.site.cases.all[after]).isEmpty
                && old.site.cases.references[before] == new.site.cases.references[after]
                && old.site.cases.incidents[before].map({ old.site.incidents[$0].id }) == new.site.cases.incidents[after].map({ new.site.incidents[$0].id }) {
                return
            }
        } else {
            structureChanged = true
            // The navigation links the case list once the site has a case.
            if old.site.cases.all.isEmpty != new.site.cases.all.isEmpty { everything = true }
        }
        casePage(id)
        jobs.formUnion([.caseList, .casesJSON, .casesCSV, .searchIndex, .sitemap, .dataPage])
        allPages(.timeline)
        changesPages()
        for (renderer, index) in [(old, before), (new, after)] {
            guard let index else { continue }
            for incident in renderer.site.cases.incidents[index] { incidentPage(renderer.site.incidents[incident].id) }
        }
    }

    /// The pages of the cases naming an incident (by its index before and after), which show its card.
    private mutating func casePages(ofIncident before: Int?, after: Int?) {
        for (renderer, index) in [(old, before), (new, after)] {
            guard let index else { continue }
            for number in renderer.site.cases.ofIncident[index] { casePage(renderer.site.cases.all[number].id) }
        }
    }

    private mutating func casePage(_ id: String) {
        if let index = new.site.cases.index[id] { jobs.insert(.legalCase(index)) }
    }

    // MARK: - Pages

    mutating func pageChanged(_ id: String) {
        let before = old.site.pages.firstIndex { $0.id == id }
        let after = new.site.pages.firstIndex { $0.id == id }
        guard before != nil || after != nil else { return }
        if let before, let after {
            let differing = PageField.differing(old.site.pages[before], new.site.pages[after])
            if differing.isEmpty { return }
            // Every page shows the navigation, which lists the pages that have a menu order.
            if differing.contains(where: \.showsInTheNavigation) && (old.site.pages[before].menuOrder != nil || new.site.pages[after].menuOrder != nil) {
                everything = true
            }
            jobs.formUnion([.page(after), .searchIndex])
        } else {
            structureChanged = true
            jobs.formUnion([.sitemap, .searchIndex])
            let page = before.map { old.site.pages[$0] } ?? new.site.pages[after!]
            if page.menuOrder != nil { everything = true }
            if let after { jobs.insert(.page(after)) }
        }
    }

    // MARK: - The sitemap's parts

    /// A sitemap too large for one file is split into parts (`SiteRenderer.sitemapSplit`) made from the same
    /// entries: when the sitemap is named, so is each of the new site's parts, and a different number of
    /// parts adds or removes files. Called once every change is named.
    mutating func sitemapPartsChanged() {
        guard !everything, jobs.contains(.sitemap) else { return }
        let parts = new.sitemapPartJobs()
        jobs.formUnion(parts)
        if old.sitemapPartJobs().count != parts.count { structureChanged = true }
    }

    // MARK: - Site-wide figures

    /// Compares the contexts every page of a kind shares, when a change may have moved them.
    mutating func globalsChanged() {
        guard globalsMayHaveChanged, !everything else { return }
        if old.chartContext() ?? [:] != new.chartContext() ?? [:] {
            jobs.formUnion([.home, .timeline])  // the chart is on the timeline's first page
        }
        if old.mapContext() != new.mapContext() { jobs.formUnion([.home, .countryList]) }
        if old.filtersContext() != new.filtersContext() {
            allPages(.incidentList)
        }
        if Self.durationScale(old) != Self.durationScale(new) {
            jobs.formUnion(new.site.incidents.indices.map(PageKind.incident))
        }
    }

    /// What every incident's duration bar is drawn against.
    static func durationScale(_ renderer: SiteRenderer) -> TemplateObject? {
        guard let scale = renderer.durationScaleStorage else { return nil }
        return ["first": .int(scale.firstDay), "last": .int(scale.lastDay), "start": .string(scale.start.iso), "end": .string(scale.end.iso)]
    }
}

/// What a change to each field reaches besides the item's own page. Each rule lists every case: a new
/// field does not compile until it is placed.
extension IncidentField {
    /// The chart, the table filters and the duration scale are drawn from these; the other fields show
    /// only on the incident's own page and in its summary.
    var movesSiteWideFigures: Bool {
        switch self {
        case .id, .path, .country, .platforms, .type, .status, .start, .end, .draft, .updated, .timeline, .lastKnownDate: true
        case .title, .body, .bodyCitations, .regions, .orderedBy, .justification, .tags, .aliases, .verification, .customFields: false
        }
    }

    /// The site lists incidents newest start first, then by id.
    var ordersTheSite: Bool {
        switch self {
        case .id, .start: true
        case .path, .title, .country, .regions, .platforms, .type, .status, .verification, .end, .orderedBy, .justification,
             .tags, .aliases, .draft, .updated, .timeline, .body, .bodyCitations, .lastKnownDate, .customFields: false
        }
    }

    /// The STOP export (`DataExport.incidentsStopCSV`) shows these (and the incident's sources), in site order.
    var showsInTheStopExport: Bool {
        switch self {
        case .id, .start, .end, .country, .regions, .platforms, .type, .status, .orderedBy, .justification, .draft: true
        case .path, .title, .verification, .tags, .aliases, .updated, .timeline, .body, .bodyCitations, .lastKnownDate, .customFields: false
        }
    }

    /// The timeline shows each event with its incident's title.
    var showsOnTheTimeline: Bool {
        switch self {
        case .title, .timeline: true
        case .id, .path, .country, .regions, .platforms, .type, .status, .verification, .start, .end, .orderedBy,
             .justification, .tags, .aliases, .draft, .updated, .body, .bodyCitations, .lastKnownDate, .customFields: false
        }
    }

    /// The incident exports (JSON, CSV) carry every field but the body, whose summary text and cited
    /// sources `incidentChanged` compares on their own. Custom fields show there and on the incident's
    /// own page only (not in its summary, so not in lists).
    var showsInTheExports: Bool {
        switch self {
        case .id, .path, .title, .country, .regions, .platforms, .type, .status, .verification, .start, .end, .orderedBy,
             .justification, .tags, .aliases, .draft, .updated, .timeline, .lastKnownDate, .customFields: true
        case .body, .bodyCitations: false
        }
    }
}

extension SourceField {
    /// The search index and the sitemap show every built-in field but the body.
    var showsBeyondItsPage: Bool {
        switch self {
        case .id, .path, .title, .publisher, .url, .published, .kind, .origin, .language, .archive, .accessed: true
        case .body, .bodyCitations, .customFields: false
        }
    }

    /// The sources export carries every field but the body, custom fields included.
    var showsInTheExport: Bool {
        switch self {
        case .id, .path, .title, .publisher, .url, .published, .kind, .origin, .language, .archive, .accessed, .customFields: true
        case .body, .bodyCitations: false
        }
    }
}

extension PageField {
    /// The navigation lists pages by title, in menu order.
    var showsInTheNavigation: Bool {
        switch self {
        case .title, .menuOrder: true
        case .id, .path, .description, .draft, .body, .bodyCitations: false
        }
    }
}
