/// Links loaded content into a `Site`, failing on every broken reference, duplicate and path collision.
public enum SiteLinker {
    public static func link(_ content: LoadedContent, includeDrafts: Bool) -> (site: Site?, diagnostics: [Diagnostic]) {
        // Two independent sets of checks at once. Every error is reported, sorted: the order they are found in does not matter.
        let (citations, ids) = concurrently({ checkCitations(content) }, { checkIDs(content) })
        let diagnostics = content.diagnostics + citations + ids
        guard diagnostics.isEmpty else { return (nil, diagnostics.sorted()) }
        var site = build(content, includeDrafts: includeDrafts)
        site.editions = editions(content, of: site)
        return (site, [])
    }

    /// Every citation of a source that is not on disk, and every source id given twice.
    static func checkCitations(_ content: LoadedContent) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let sourceIDs = StringTable(content.sourceIDsOnDisk.lazy.map { ($0, ()) })
        // Each file's references looked up on every core: a site cites its sources hundreds of thousands of
        // times, and one core looking them all up was most of linking's time while the other had nothing to do.
        let broken = content.references.parallelMap { file in file.references.filter { sourceIDs[$0.id] == nil } }
        let hints = hints(for: broken.lazy.joined().map(\.id), among: content.sourceIDsOnDisk)
        for (file, references) in zip(content.references, broken) {
            for reference in references {
                diagnostics.append(Diagnostic(path: file.path, line: reference.location.line, column: reference.location.column,
                                              message: "unknown source '\(reference.id)'\(hints[reference.id]!)"))
            }
        }
        _ = firstPaths(content.sources.lazy.map { ($0.id, $0.path) }, kind: "source", diagnostics: &diagnostics)
        for source in content.sources { reservedName(source.id, kind: "source", path: source.path, in: Route.reservedSourceNames, &diagnostics) }
        for conditional in content.ifSource where conditional.sourceIDs.contains(where: { sourceIDs[$0] != nil }) {
            diagnostics.append(conditional.diagnostic)
        }
        return diagnostics
    }

    /// The "did you mean" hint of each unknown id, worked out once per id, on every core. Nothing is prepared
    /// for a site without one: a valid site never needs the hints.
    static func hints(for unknown: some Sequence<String>, among known: Set<String>) -> [String: String] {
        var seen = Set<String>(), ids: [String] = []
        for id in unknown where seen.insert(id).inserted { ids.append(id) }
        guard !ids.isEmpty else { return [:] }
        let suggestion = Suggestion(known)
        return Dictionary(uniqueKeysWithValues: zip(ids, ids.parallelMap { suggestion.hint(for: $0) }))
    }

    /// The other checks of ids and names: incidents', aliases', cases', pages' and translations'.
    static func checkIDs(_ content: LoadedContent) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Every incident is checked, drafts too: a draft with a broken citation is still broken.
        let firstIncidentPath = firstPaths(content.incidents.lazy.map { ($0.id, $0.path) }, kind: "incident", diagnostics: &diagnostics)
        var aliasOwner: [String: String] = [:]
        for incident in content.incidents {
            reservedName(incident.id, kind: "incident", path: incident.path, in: Route.reservedIncidentNames, &diagnostics)
            for alias in incident.aliases {
                let at = (alias.location.line, alias.location.column)
                if let route = reservedRoute(alias.id, in: Route.reservedIncidentNames) {
                    diagnostics.append(Diagnostic(path: incident.path, line: at.0, column: at.1,
                                                  message: "alias '\(alias.id)' would replace the site's own /\(route.outputPath) (\(route.label)); choose another"))
                } else if let path = firstIncidentPath[alias.id] {
                    diagnostics.append(Diagnostic(path: incident.path, line: at.0, column: at.1, message: "alias '\(alias.id)' is the id of an incident (\(path))"))
                } else if let owner = aliasOwner[alias.id] {
                    diagnostics.append(Diagnostic(path: incident.path, line: at.0, column: at.1, message: "alias '\(alias.id)' is already an alias of incident '\(owner)'"))
                } else {
                    aliasOwner[alias.id] = incident.id
                }
            }
        }
        _ = firstPaths(content.cases.lazy.map { ($0.id, $0.path) }, kind: "case", diagnostics: &diagnostics)
        for legalCase in content.cases { reservedName(legalCase.id, kind: "case", path: legalCase.path, in: Route.reservedCaseNames, &diagnostics) }
        let unknownIncidents = content.caseIncidentReferences.lazy.flatMap(\.references).map(\.id).filter { !content.incidentIDsOnDisk.contains($0) }
        let incidentHints = hints(for: unknownIncidents, among: content.incidentIDsOnDisk)
        for (path, references) in content.caseIncidentReferences {
            for reference in references {
                guard let hint = incidentHints[reference.id] else { continue }
                diagnostics.append(Diagnostic(path: path, line: reference.location.line, column: reference.location.column,
                                              message: "unknown incident '\(reference.id)'\(hint)"))
            }
        }
        for page in content.pages where Route.reservedSlugs.contains(page.id) {
            diagnostics.append(Diagnostic(path: page.path, line: 1, column: 1, message: "page '\(page.id)' would replace the site's own /\(page.id) output; rename the file"))
        }
        for page in content.pages where Route.isSitemapPartName(page.id) {
            diagnostics.append(Diagnostic(path: page.path, line: 1, column: 1, message: "page '\(page.id)' takes the name of a part of the sitemap, "
                                              + "which a site too large for one sitemap file writes (\(Route.sitemapPartNames)); rename the file"))
        }
        let languageFolders = Set(content.config.otherLanguages.map(\.code))
        for page in content.pages where languageFolders.contains(page.id) {
            diagnostics.append(Diagnostic(path: page.path, line: 1, column: 1, message: "page '\(page.id)' would replace the pages in the language '\(page.id)' (/\(page.id)/); rename the file"))
        }
        _ = firstPaths(content.pages.lazy.filter { !Route.reservedSlugs.contains($0.id) }.map { ($0.id, $0.path) },
                       kind: "page", diagnostics: &diagnostics)
        diagnostics += checkTranslations(content)
        return diagnostics
    }

    /// An item whose id is the name of a file the site writes in the item's folder (`Route.reservedIncidentNames`):
    /// the item's folder would take its place, and the build stopped at writing ("Is a directory").
    static func reservedName(_ id: String, kind: String, path: String, in reserved: [(name: String, route: Route)], _ diagnostics: inout [Diagnostic]) {
        guard let route = reservedRoute(id, in: reserved) else { return }
        diagnostics.append(Diagnostic(path: path, line: 1, column: 1,
                                      message: "\(kind) '\(id)' would replace the site's own /\(route.outputPath) (\(route.label)); rename the file"))
    }

    static func reservedRoute(_ id: String, in reserved: [(name: String, route: Route)]) -> Route? {
        reserved.first { $0.name == id }?.route
    }

    /// The path of the first file of each id; each later file with the same id is an error.
    static func firstPaths(_ files: some Sequence<(String, String)>, kind: String, diagnostics: inout [Diagnostic]) -> [String: String] {
        var first: [String: String] = [:]
        first.reserveCapacity(files.underestimatedCount)
        for (id, path) in files {
            if let other = first[id] {
                // A bundle takes its id from its folder's name, not its file's.
                let source = path.hasSuffix("/" + ContentFiles.bundleIndex) || other.hasSuffix("/" + ContentFiles.bundleIndex) ? "id" : "file name"
                diagnostics.append(Diagnostic(path: path, line: 1, column: 1, message: "duplicate \(kind) id '\(id)': \(other) has the same \(source)"))
            } else {
                first[id] = path
            }
        }
        return first
    }

    /// The cases in site order, each with its published incidents and its reference list.
    static func linkCases(_ loaded: [LegalCase], incidents: [Incident], incidentIndex: [String: Int]) -> SiteCases {
        let statusRank = Dictionary(uniqueKeysWithValues: CaseStatus.allCases.enumerated().map { ($1, $0) })
        let countryNames = loaded.map { CountryCodes.names[$0.country] ?? $0.country }
        let order = loaded.indices.sorted {
            (countryNames[$0], statusRank[loaded[$0].status]!, loaded[$0].title, loaded[$0].id)
                < (countryNames[$1], statusRank[loaded[$1].status]!, loaded[$1].title, loaded[$1].id)
        }
        var cases = SiteCases()
        cases.all = order.map { loaded[$0] }
        cases.index = Dictionary(uniqueKeysWithValues: cases.all.enumerated().map { ($1.id, $0) })
        cases.ofIncident = Array(repeating: [], count: incidents.count)
        for (number, legalCase) in cases.all.enumerated() {
            var linked: [Int] = []
            var seen: Set<Int> = []
            for reference in legalCase.incidents {
                guard let incident = incidentIndex[reference.id], seen.insert(incident).inserted else { continue }
                linked.append(incident)
                cases.ofIncident[incident].append(number)
            }
            cases.incidents.append(linked)
            var list = PositionedList(legalCase.body.citedSourceIDs)
            for reference in legalCase.proceedings.flatMap(\.sources) where list.firstIndex(of: reference.id) == nil { list.append(reference.id) }
            cases.references.append(list.elements)
        }
        return cases
    }

    static func build(_ content: LoadedContent, includeDrafts: Bool) -> Site {
        let all = content.incidents
        // The incidents in order with their index, the sources, the pages: at once, each reads its own kind only.
        let ((incidents, incidentIndex), (sources, sourceIndex), pages) = concurrently({ () -> ([Incident], [String: Int]) in
            // Indices are sorted, not the (large) incidents themselves, which are then copied once into place.
            // The sort reads contiguous keys, not the incident objects scattered in memory.
            let startKeys = all.map { dateNumber($0.start) }
            let ids = all.map(\.id)
            let incidents = all.indices
                .filter { includeDrafts || !all[$0].draft }
                .sorted { startKeys[$0] != startKeys[$1] ? startKeys[$0] > startKeys[$1] : ids[$0] < ids[$1] }
                .map { all[$0] }
            return (incidents, Dictionary(uniqueKeysWithValues: incidents.enumerated().map { ($1.id, $0) }))
        }, { () -> ([Source], StringTable<Int>) in
            // Each publisher lowercased once, not twice per comparison.
            let publisherKeys = content.sources.map { $0.publisher.lowercased() }
            let sources = content.sources.indices.sorted {
                (publisherKeys[$0], content.sources[$1].published, content.sources[$0].id)
                    < (publisherKeys[$1], content.sources[$0].published, content.sources[$1].id)
            }.map { content.sources[$0] }
            return (sources, StringTable(sources.enumerated().map { ($1.id, $0) }))
        }, {
            content.pages
                .filter { includeDrafts || !$0.draft }
                .sorted { ($0.menuOrder ?? Int.max, $0.title, $0.id) < ($1.menuOrder ?? Int.max, $1.title, $1.id) }
        })

        let originNames = SiteOrigins(sources)
        // Each incident's reference list, the events citing each reference, where each reference is among the
        // sources, and the origins, on every core: they read only the incident and the sources' indexes.
        let linked = incidents.parallelMap { incident -> LinkedIncident in
            // An incident cites a handful of sources: short arrays searched in order beat a set and a
            // dictionary made for each of tens of thousands of incidents (`PositionedList` makes one for
            // an incident citing more).
            let inBodyCount = incident.body.citedSourceIDs.count
            var list = PositionedList(incident.body.citedSourceIDs)
            var events: [[Int]] = Array(repeating: [], count: list.count)
            // Each event's references by their positions in `list`, once each, in the event's order (its origins).
            var eventReferences: [[Int]] = []
            eventReferences.reserveCapacity(incident.timeline.count)
            for (eventNumber, event) in incident.timeline.enumerated() {
                var positions = PositionedList<Int>()
                for reference in event.sources {
                    let position: Int
                    if let found = list.firstIndex(of: reference.id) {
                        position = found
                        if events[found].last != eventNumber { events[found].append(eventNumber) }
                    } else {
                        position = list.count
                        list.append(reference.id)
                        events.append([eventNumber])
                    }
                    if positions.firstIndex(of: position) == nil { positions.append(position) }
                }
                eventReferences.append(positions.elements)
            }
            let sourceNumbers = list.elements.map { sourceIndex[$0] ?? -1 }
            let origins = Site.origins(references: sourceNumbers, events: eventReferences, names: originNames)
            // Kept until the pages are written: without the room the appends left.
            return LinkedIncident(list: list.elements.compacted(), sources: sourceNumbers, inBodyCount: inBodyCount,
                                  events: events.map { $0.compacted() }, origins: origins)
        }
        // Then three independent steps at once: who cites each source; the countries and platforms; the cases and the timeline.
        let ((references, citing, origins), (countries, platforms, aliases), (cases, timeline)) = concurrently({ () -> ([[String]], [[Citing]], [IncidentOrigins]) in
            var references: [[String]] = []
            var citing: [[Citing]] = Array(repeating: [], count: sources.count)
            references.reserveCapacity(incidents.count)
            var origins: [IncidentOrigins] = []
            origins.reserveCapacity(incidents.count)
            for (incidentNumber, incident) in linked.enumerated() {
                references.append(incident.list)
                origins.append(incident.origins)
                // The list holds each id once (a body's cited ids are ASCII, told apart by their bytes; an event's are
                // added when not in it): a source's place in it is its number.
                for (position, sourceNumber) in incident.sources.enumerated() where sourceNumber >= 0 {
                    citing[sourceNumber].append(Citing(incident: incidentNumber, inBody: position < incident.inBodyCount,
                                                       events: incident.events[position], reference: position + 1))
                }
            }
            for source in citing.indices { citing[source] = citing[source].compacted() }
            return (references, citing, origins)
        }, {
            taxonomies(of: incidents)
        }, { () -> (SiteCases, [TimelineEntry]) in
            let cases = linkCases(content.cases, incidents: incidents, incidentIndex: incidentIndex)
            return (cases, timelineEntries(of: incidents, cases: cases))
        })

        // A list and an array or two for each incident, no longer needed: freed on another thread (at 100,000 incidents
        // some 0.03 s with the other core idle, between linking and rendering).
        freeInBackground(consume linked)
        var site = Site(config: content.config, incidents: incidents, sources: sources, pages: pages,
                        incidentIndex: incidentIndex, sourceIndex: sourceIndex, references: references, citedBy: citing, origins: origins,
                        countries: countries, platforms: platforms, timeline: timeline, aliases: aliases,
                        draftsLeftOut: all.count - incidents.count + content.pages.count - pages.count)
        site.cases = cases
        site.files = files(content, in: site)
        site.deadLinks = content.deadLinks
        site.history = content.history
        site.contentWarnings = content.warnings.sorted()
        return site
    }

    /// What `build` keeps of one incident's references.
    struct LinkedIncident: Sendable {
        /// The ids of the sources it cites, those of its body first.
        var list: [String]
        /// Each one's position among the site's sources (-1 for none: `link` has reported such a citation before building).
        var sources: [Int]
        /// How many of `list` its body cites.
        var inBodyCount: Int
        /// For each of `list`, the events citing it.
        var events: [[Int]]
        var origins: IncidentOrigins
    }

    /// The country and platform terms of `incidents`, and their aliases, in site order.
    static func taxonomies(of incidents: [Incident]) -> (countries: [TaxonomyTerm], platforms: [TaxonomyTerm], aliases: [(alias: String, incident: Int)]) {
        var byCountry: [String: [Int]] = [:]
        // Each spelling of a platform is made a slug once, when first seen, not once per incident naming it: the
        // spelling leads to its term, and each term has its spellings and incidents.
        var termOfSpelling: [String: Int] = [:]
        var termOfSlug: [String: Int] = [:]
        var platformTerms: [(slug: String, names: [String], incidents: [Int])] = []
        for number in incidents.indices {
            byCountry[incidents[number].country, default: []].append(number)
            var seen: [Int] = []
            for platform in incidents[number].platforms {
                let term: Int
                if let known = termOfSpelling[platform] {
                    term = known
                } else {
                    let slug = Slug.make(platform)
                    if let known = termOfSlug[slug] {
                        term = known
                    } else {
                        term = platformTerms.count
                        termOfSlug[slug] = term
                        platformTerms.append((slug, [], []))
                    }
                    termOfSpelling[platform] = term
                    platformTerms[term].names.append(platform)
                }
                guard !seen.contains(term) else { continue }
                seen.append(term)
                platformTerms[term].incidents.append(number)
            }
        }
        let countries = byCountry.map { TaxonomyTerm(slug: $0.key.lowercased(), name: CountryCodes.names[$0.key] ?? $0.key, incidents: $0.value) }
            .sorted { ($0.name, $0.slug) < ($1.name, $1.slug) }
        // Spellings that differ only in case or punctuation share a page, named by the first spelling in sort order.
        let platforms = platformTerms.map { TaxonomyTerm(slug: $0.slug, name: $0.names.min()!, incidents: $0.incidents) }
            .sorted { ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug) }

        let aliases = incidents.enumerated().flatMap { number, incident in incident.aliases.map { (alias: $0.id, incident: number) } }
            .sorted { $0.alias < $1.alias }
        return (countries, platforms, aliases)
    }

    /// Every event of `incidents` and every step of `cases`, in the timeline's order.
    static func timelineEntries(of incidents: [Incident], cases: SiteCases) -> [TimelineEntry] {
        // Newest first, then by incident id, then by event. The sort compares whole numbers standing for the same
        // order: a date as year·10000 + month·100 + day (a missing month or day counting 0, as `PartialDate.<` does),
        // and an id as its rank among the incidents' ids (which are unique here).
        let (idRank, byID) = idRanks(of: incidents)
        return timelineByKeys(of: incidents, cases: cases, idRank: idRank, byID: byID)
            ?? timelineBySorting(of: incidents, cases: cases, idRank: idRank)
    }

    /// `timelineEntries` made by comparing the entries one pair at a time, never by keys (for the tests).
    static func timelineEntriesBySorting(of incidents: [Incident], cases: SiteCases) -> [TimelineEntry] {
        timelineBySorting(of: incidents, cases: cases, idRank: idRanks(of: incidents).rank)
    }

    /// Each incident's rank among the incidents' ids, and the incidents in the order of their ids.
    private static func idRanks(of incidents: [Incident]) -> (rank: [Int], byID: [Int]) {
        var rank = [Int](repeating: 0, count: incidents.count)
        let byID = incidents.indices.sorted(by: { incidents[$0].id < incidents[$1].id })
        for (position, number) in byID.enumerated() { rank[number] = position }
        return (rank, byID)
    }

    /// A date as one whole number in its order: year·10000 + month·100 + day, a missing month or day counting 0
    /// (as `PartialDate.<` does).
    private static func dateNumber(_ date: PartialDate) -> Int {
        date.year * 10000 + (date.month ?? 0) * 100 + (date.day ?? 0)
    }

    /// `timelineEntries`' order, the entries sorted by a comparison of their three numbers.
    static func timelineBySorting(of incidents: [Incident], cases: SiteCases, idRank: [Int]) -> [TimelineEntry] {
        var timeline: [(entry: TimelineEntry, date: Int, id: Int)] = []
        for (number, incident) in incidents.enumerated() {
            for (eventNumber, event) in incident.timeline.enumerated() {
                let date = dateNumber(event.date)
                timeline.append((TimelineEntry(incident: number, event: eventNumber, date: event.date), date, idRank[number]))
            }
        }
        for (number, legalCase) in cases.all.enumerated() {
            for (step, proceeding) in legalCase.proceedings.enumerated() {
                let date = dateNumber(proceeding.date)
                // After every incident's events of the same day, in case order.
                timeline.append((TimelineEntry(incident: number, event: step, date: proceeding.date, proceeding: true), date, incidents.count + number))
            }
        }
        timeline.sort { ($0.date, $1.id, $1.entry.event) > ($1.date, $0.id, $0.entry.event) }
        return timeline.map(\.entry)
    }

    /// `timelineEntries`' order, sorted as one 64-bit key per entry: the date's number turned around (27 bits,
    /// newest first), the id's rank (20 bits; a case after every incident) and the event's number (17 bits). Each
    /// entry's key is its own, so the keys alone give the order, and each entry is made again from its key. Sorting
    /// whole numbers took a fraction of sorting the entries with a comparison of three. Nil when a number does not
    /// fit its bits (a year past 9999, a million items, an incident of 131,072 events): the entries are sorted then.
    static func timelineByKeys(of incidents: [Incident], cases: SiteCases, idRank: [Int], byID: [Int]) -> [TimelineEntry]? {
        let (dateLimit, idLimit, eventLimit) = (1 << 27, 1 << 20, 1 << 17)
        guard incidents.count + cases.all.count <= idLimit else { return nil }
        func key(_ date: PartialDate, id: Int, event: Int) -> UInt64? {
            let number = dateNumber(date)
            guard number >= 0, number < dateLimit, event < eventLimit else { return nil }
            return UInt64(dateLimit - 1 - number) << 37 | UInt64(id) << 17 | UInt64(event)
        }
        var keys: [UInt64] = []
        for (number, incident) in incidents.enumerated() {
            for (eventNumber, event) in incident.timeline.enumerated() {
                guard let key = key(event.date, id: idRank[number], event: eventNumber) else { return nil }
                keys.append(key)
            }
        }
        for (number, legalCase) in cases.all.enumerated() {
            for (step, proceeding) in legalCase.proceedings.enumerated() {
                guard let key = key(proceeding.date, id: incidents.count + number, event: step) else { return nil }
                keys.append(key)
            }
        }
        keys.sort()
        return keys.map { key in
            let (id, event) = (Int(key >> 17 & UInt64(idLimit - 1)), Int(key & UInt64(eventLimit - 1)))
            if id >= incidents.count {
                let number = id - incidents.count
                return TimelineEntry(incident: number, event: event, date: cases.all[number].proceedings[event].date, proceeding: true)
            }
            let number = byID[id]
            return TimelineEntry(incident: number, event: event, date: incidents[number].timeline[event].date)
        }
    }
}
