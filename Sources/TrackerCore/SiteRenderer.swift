import Foundation

/// Options that change what is rendered, not what is validated.
public struct RenderOptions: Sendable, Hashable {
    /// HTML inserted before `</body>` of every page (the preview server's live-reload script); never in `tracker build`.
    public var pageFooterHTML: String?
    public init(pageFooterHTML: String? = nil) { self.pageFooterHTML = pageFooterHTML }
}

/// Turns a linked `Site` into output files. Rendering is pure: the same site gives the same bytes.
/// Contexts shared by many pages (incident summaries, navigation) are built once, up front.
public final class SiteRenderer: @unchecked Sendable {
    // Immutable after init, so sharing across threads is safe.
    public let site: Site
    let theme: Theme
    let options: RenderOptions
    let urls: SiteURLs
    let summaries: [[String: Any]]
    let sourceSummaries: [[String: Any]]
    let siteContext: [String: Any]
    let rowCache: FragmentCache
    /// Built once: every incident page draws its duration against the same scale.
    let durationScaleStorage: DurationScale?
    var durationScale: DurationScale { durationScaleStorage! }
    /// Country code → index in `site.countries`; platform slug → index in `site.platforms`.
    let countryTerm: [String: Int]
    let platformTerm: [String: Int]
    let cardCache: FragmentCache

    public convenience init(site: Site, theme: Theme, options: RenderOptions = .init()) {
        let urls = SiteURLs(config: site.config)
        self.init(site: site, theme: theme, options: options,
                  summaries: site.incidents.map { Self.incidentSummary($0, urls: urls) },
                  sourceSummaries: site.sources.enumerated().map { index, source in
                      Self.sourceSummary(source, urls: urls, citedCount: site.citedBy[index].count)
                  },
                  rowCache: FragmentCache(count: site.incidents.count), cardCache: FragmentCache(count: site.incidents.count))
    }

    /// With the summaries and fragments ready-made: the preview's rebuild reuses those of the incidents and sources that did not change.
    init(site: Site, theme: Theme, options: RenderOptions, summaries: [[String: Any]], sourceSummaries: [[String: Any]],
         rowCache: FragmentCache, cardCache: FragmentCache) {
        self.site = site
        self.theme = theme
        self.options = options
        let urls = SiteURLs(config: site.config)
        self.urls = urls
        self.summaries = summaries
        self.rowCache = rowCache
        self.durationScaleStorage = DurationScale(site.incidents)
        self.countryTerm = Dictionary(uniqueKeysWithValues: site.countries.enumerated().map { ($1.slug.uppercased(), $0) })
        self.platformTerm = Dictionary(uniqueKeysWithValues: site.platforms.enumerated().map { ($1.slug, $0) })
        self.cardCache = cardCache
        self.sourceSummaries = sourceSummaries
        var siteContext: [String: Any] = [
            "title": site.config.title,
            "language": site.config.language,
            "author": site.config.author,
            "root": urls.root,
            "base_url": site.config.baseURL,
            "feed_url": urls.feed,
            "stylesheet": urls.root + "assets/style.css",
            "search_url": urls.root + "search/",
        ]
        if !site.config.description.isEmpty { siteContext["description"] = site.config.description }
        self.siteContext = siteContext
    }

    /// Every output file, in a stable order.
    public func jobs() -> [PageKind] {
        var jobs: [PageKind] = [.home, .incidentList, .timeline, .sourceList, .countryList, .platformList, .notFound,
                                .feed, .sitemap, .robots, .incidentsJSON, .incidentsCSV, .sourcesJSON, .search, .searchIndex]
        jobs += site.incidents.indices.map(PageKind.incident)
        jobs += site.sources.indices.map(PageKind.source)
        jobs += site.countries.indices.map(PageKind.country)
        jobs += site.platforms.indices.map(PageKind.platform)
        jobs += site.pages.indices.map(PageKind.page)
        jobs += site.aliases.indices.map(PageKind.alias)
        jobs += theme.assets.indices.map(PageKind.asset)
        return jobs
    }

    /// The output path of a job, relative to the output folder.
    public func path(of kind: PageKind) -> String {
        switch kind {
        case .home: return "index.html"
        case .incidentList: return "incidents/index.html"
        case .incident(let i): return "incidents/\(site.incidents[i].id)/index.html"
        case .timeline: return "timeline/index.html"
        case .sourceList: return "sources/index.html"
        case .source(let i): return "sources/\(site.sources[i].id)/index.html"
        case .countryList: return "countries/index.html"
        case .country(let i): return "countries/\(site.countries[i].slug)/index.html"
        case .platformList: return "platforms/index.html"
        case .platform(let i): return "platforms/\(site.platforms[i].slug)/index.html"
        case .page(let i): return "\(site.pages[i].id)/index.html"
        case .notFound: return "404.html"
        case .alias(let i): return "incidents/\(site.aliases[i].alias)/index.html"
        case .feed: return "feed.xml"
        case .sitemap: return "sitemap.xml"
        case .robots: return "robots.txt"
        case .incidentsJSON: return "data/incidents.json"
        case .incidentsCSV: return "data/incidents.csv"
        case .sourcesJSON: return "data/sources.json"
        case .asset(let i): return "assets/" + theme.assets[i].path
        case .search: return "search/index.html"
        case .searchIndex: return "search/index.json"
        }
    }

    public func render(_ kind: PageKind) -> Data {
        switch kind {
        case .asset(let i): return theme.assets[i].data
        case .feed: return Data(theme.render("feed.xml", feedContext()).utf8)
        case .sitemap: return Data(theme.render("sitemap.xml", sitemapContext()).utf8)
        case .robots: return Data("User-agent: *\nAllow: /\n\nSitemap: \(urls.absolute(urls.root + "sitemap.xml"))\n".utf8)
        case .incidentsJSON: return DataExport.incidentsJSON(site, urls: urls)
        case .incidentsCSV: return Data(DataExport.incidentsCSV(site, urls: urls).utf8)
        case .sourcesJSON: return DataExport.sourcesJSON(site, urls: urls)
        case .searchIndex: return SearchIndex.json(site, urls: urls)
        default:
            let (template, context) = htmlContext(kind)
            var html = theme.render(template, context)
            if let footer = options.pageFooterHTML, let range = html.range(of: "</body>", options: .backwards) {
                html.insert(contentsOf: footer, at: range.lowerBound)
            }
            return Data(html.utf8)
        }
    }

    // MARK: - HTML pages

    func htmlContext(_ kind: PageKind) -> (String, [String: Any]) {
        switch kind {
        case .home: return ("home", homeContext())
        case .incidentList:
            return ("incidents", page(kind, title: "Incidents", description: "Every incident recorded by \(site.config.title).",
                                      url: urls.incidents, extra: ["incidents": rows(site.incidents.indices), "count": summaries.count, "caption": "All incidents, newest first",
                                              "filters": filtersContext()]))
        case .incident(let i): return ("incident", incidentContext(i))
        case .timeline: return ("timeline", timelineContext())
        case .search: return ("search", searchContext())
        case .sourceList: return ("sources", sourceListContext())
        case .source(let i): return ("source", sourceContext(i))
        case .countryList:
            return ("countries", page(kind, title: "Countries", description: "Incidents by country.", url: urls.countries,
                                      extra: ["terms": site.countries.map { termSummary($0, url: urls.country($0.slug), code: $0.slug.uppercased()) }]))
        case .country(let i):
            let term = site.countries[i]
            return ("country", page(kind, title: term.name, description: "Incidents recorded in \(term.name).", url: urls.country(term.slug),
                                    extra: ["term": termSummary(term, url: urls.country(term.slug), code: term.slug.uppercased()),
                                            "incidents": rows(term.incidents), "caption": "Incidents in \(term.name), newest first"]))
        case .platformList:
            return ("platforms", page(kind, title: "Platforms", description: "Incidents by platform or service affected.", url: urls.platforms,
                                      extra: ["terms": site.platforms.map { termSummary($0, url: urls.platform($0.slug), code: nil) }]))
        case .platform(let i):
            let term = site.platforms[i]
            return ("platform", page(kind, title: term.name, description: "Incidents affecting \(term.name).", url: urls.platform(term.slug),
                                     extra: ["term": termSummary(term, url: urls.platform(term.slug), code: nil),
                                             "incidents": rows(term.incidents), "caption": "Incidents affecting \(term.name), newest first"]))
        case .page(let i):
            let content = site.pages[i]
            return ("page", page(kind, title: content.title, description: content.description ?? content.body.summaryText,
                                 url: urls.page(content.id), extra: ["body_html": content.body.html, "headings": headingsContext(content.body.headings),
                                         "has_headings": !headingsContext(content.body.headings).isEmpty]))
        case .notFound:
            return ("404", page(kind, title: "Page not found", description: "There is no page at this address.", url: urls.root + "404.html",
                                extra: ["latest": cards(summaries.indices.prefix(5))]))
        case .alias(let i):
            let target = site.incidents[site.aliases[i].incident]
            let targetURL = urls.incident(target.id)
            return ("alias", page(kind, title: target.title, description: "This incident has moved to \(targetURL).", url: targetURL,
                                  extra: ["target_url": targetURL, "target_absolute_url": urls.absolute(targetURL)]))
        default: preconditionFailure("not an HTML page: \(kind)")
        }
    }

    /// The context every HTML page gets: the site, the navigation, and the page's own title and address.
    func page(_ kind: PageKind, title: String, description: String, url: String, extra: [String: Any]) -> [String: Any] {
        var context = extra
        context["site"] = siteContext
        context["nav"] = navigation(current: url)
        context["page"] = [
            "title": title,
            "description": description.isEmpty ? site.config.description : description,
            "url": url,
            "canonical": urls.absolute(url),
            "is_home": kind == .home,
        ] as [String: Any]
        return context
    }

    func navigation(current: String) -> [[String: Any]] {
        var items: [(String, String)] = [("Incidents", urls.incidents), ("Timeline", urls.timeline), ("Sources", urls.sources)]
        for taxonomy in site.config.taxonomies {
            items.append(taxonomy == "countries" ? ("Countries", urls.countries) : ("Platforms", urls.platforms))
        }
        items += site.pages.filter { $0.menuOrder != nil }.map { ($0.title, urls.page($0.id)) }
        // "page" for the page itself, "true" for the section a page belongs to (WAI-ARIA aria-current).
        return items.map { title, url -> [String: Any] in
            var item: [String: Any] = ["title": title, "url": url]
            if current == url { item["current"] = "page" } else if current.hasPrefix(url) { item["current"] = "true" }
            return item
        }
    }

    func homeContext() -> [String: Any] {
        let ongoing = site.incidents.filter { $0.status == .ongoing }.count
        let counts: [String: Any] = [
            "incidents": site.incidents.count, "ongoing": ongoing, "countries": site.countries.count,
            "platforms": site.platforms.count, "sources": site.sources.count,
        ]
        return page(.home, title: site.config.title, description: site.config.description, url: urls.root,
                    extra: ["counts": counts, "latest": cards(summaries.indices.prefix(10)), "has_more": summaries.count > 10]
                        .merging(chartContext().map { ["chart": $0] } ?? [:]) { a, _ in a })
    }

    func incidentContext(_ index: Int) -> [String: Any] {
        let incident = site.incidents[index]
        var context = summaries[index]
        let referenceIDs = site.references[index]
        let numbers = Dictionary(uniqueKeysWithValues: referenceIDs.enumerated().map { ($1, $0 + 1) })
        context["body_html"] = incident.body.html
        context["headings"] = headingsContext(incident.body.headings)
        context["has_headings"] = !headingsContext(incident.body.headings).isEmpty
        context["references"] = referenceIDs.enumerated().compactMap { offset, id -> [String: Any]? in
            guard let sourceIndex = site.sourceIndex[id] else { return nil }
            var reference = sourceSummaries[sourceIndex]
            reference["number"] = offset + 1
            return reference
        }
        context["timeline"] = incident.timeline.map { event -> [String: Any] in
            [
                "date": dateContext(event.date),
                "text": event.text,
                "citations": event.sources.map { reference -> [String: Any] in
                    let number = numbers[reference.id] ?? 0
                    return ["number": number, "id": reference.id, "title": sourceTitle(reference.id)]
                },
            ]
        }
        context["has_timeline"] = !incident.timeline.isEmpty
        context["tags"] = incident.tags
        context["has_tags"] = !incident.tags.isEmpty
        if !incident.regions.isEmpty { context["regions"] = incident.regions.joined(separator: ", ") }
        if let orderedBy = incident.orderedBy { context["ordered_by"] = orderedBy }
        if let justification = incident.justification { context["justification"] = justification }
        if let updated = incident.updated { context["updated"] = dateContext(updated) }
        context["last_known"] = dateContext(incident.lastKnownDate)
        context["duration"] = durationContext(index)
        let related = relatedIncidents(index)
        context["related"] = cards(related)
        context["has_related"] = !related.isEmpty
        var result = page(.incident(index), title: incident.title, description: incident.body.summaryText, url: urls.incident(incident.id), extra: [:])
        result["incident"] = context
        return result
    }

    /// Up to five other incidents in the same country or on a shared platform, newest first.
    /// Each term lists its incidents in site order, so the first six of each list hold the answer.
    func relatedIncidents(_ index: Int) -> [Int] {
        let incident = site.incidents[index]
        var lists: [[Int]] = []
        if let term = countryTerm[incident.country] { lists.append(site.countries[term].incidents) }
        for platform in incident.platforms {
            if let term = platformTerm[Slug.make(platform)] { lists.append(site.platforms[term].incidents) }
        }
        var candidates: Set<Int> = []
        for list in lists { candidates.formUnion(list.lazy.filter { $0 != index }.prefix(5)) }
        return Array(candidates.sorted().prefix(5))
    }

    func timelineContext() -> [String: Any] {
        var years: [[String: Any]] = []
        var months: [[String: Any]] = []
        var events: [[String: Any]] = []
        var currentYear: Int?
        var currentMonth: String?
        func closeMonth() {
            if let label = currentMonth, !events.isEmpty {
                let id = label.lowercased().replacingOccurrences(of: " ", with: "-")
                months.append(["label": label, "id": "m-\(id)", "events": events])
            }
            events = []
        }
        func closeYear() {
            closeMonth()
            if let year = currentYear { years.append(["year": year, "id": "y-\(year)", "months": months]) }
            months = []
        }
        for entry in site.timeline {
            let incident = site.incidents[entry.incident]
            let event = incident.timeline[entry.event]
            let monthLabel = event.date.month.map { "\(PartialDate.monthNames[$0 - 1]) \(event.date.year)" } ?? "\(event.date.year), month unknown"
            if currentYear != event.date.year { closeYear(); currentYear = event.date.year }
            if currentMonth != monthLabel { closeMonth(); currentMonth = monthLabel }
            events.append([
                "date": dateContext(event.date),
                "text": event.text,
                "incident": ["title": incident.title, "url": urls.incident(incident.id)],
                "sources": event.sources.map { ["title": sourceTitle($0.id), "publisher": sourcePublisher($0.id), "url": urls.source($0.id)] },
            ])
        }
        closeYear()
        return page(.timeline, title: "Timeline", description: "Every dated event of every incident, newest first.", url: urls.timeline,
                    extra: ["years": years, "count": site.timeline.count].merging(chartContext().map { ["chart": $0] } ?? [:]) { a, _ in a })
    }

    func sourceListContext() -> [String: Any] {
        var publishers: [[String: Any]] = []
        var current: String?
        var group: [[String: Any]] = []
        for (index, source) in site.sources.enumerated() {
            if current != source.publisher {
                if let current { publishers.append(["name": current, "sources": group]) }
                current = source.publisher
                group = []
            }
            group.append(sourceSummaries[index])
        }
        if let current { publishers.append(["name": current, "sources": group]) }
        return page(.sourceList, title: "Sources", description: "Every document cited by an incident, by publisher.", url: urls.sources,
                    extra: ["publishers": publishers, "count": site.sources.count])
    }

    func sourceContext(_ index: Int) -> [String: Any] {
        let source = site.sources[index]
        var context = sourceSummaries[index]
        if !source.body.html.isEmpty { context["notes_html"] = source.body.html }
        context["cited_by"] = site.citedBy[index].map { citing -> [String: Any] in
            let incident = site.incidents[citing.incident]
            let number = (site.references[citing.incident].firstIndex(of: source.id) ?? 0) + 1
            return [
                "incident": summaries[citing.incident],
                "in_body": citing.inBody,
                "reference_url": urls.incident(incident.id) + "#ref-\(number)",
                "has_events": !citing.events.isEmpty,
                "events": citing.events.map { event in
                    ["date": dateContext(incident.timeline[event].date), "text": incident.timeline[event].text]
                },
            ]
        }
        var result = page(.source(index), title: source.title, description: "\(source.publisher), \(source.published.display).",
                          url: urls.source(source.id), extra: [:])
        result["source"] = context
        return result
    }

    // MARK: - Shared pieces

    /// Incident summaries with their table row, rendered once per incident (`partials/incident-row`).
    func rows(_ indices: some Sequence<Int>) -> [[String: Any]] {
        indices.map { index in
            var summary = summaries[index]
            summary["row_html"] = rowCache.fragment(index) { theme.render("partials/incident-row", summaries[index]) }
            return summary
        }
    }

    /// Incident summaries with their card, rendered once per incident (`partials/incident-card`).
    func cards(_ indices: some Sequence<Int>) -> [[String: Any]] {
        indices.map { index in
            var summary = summaries[index]
            summary["card_html"] = cardCache.fragment(index) { theme.render("partials/incident-card", summaries[index]) }
            return summary
        }
    }

    static func incidentSummary(_ incident: Incident, urls: SiteURLs) -> [String: Any] {
        var summary: [String: Any] = [
            "id": incident.id,
            "url": urls.incident(incident.id),
            "title": incident.title,
            "country": ["code": incident.country, "name": CountryCodes.names[incident.country] ?? incident.country, "url": urls.country(incident.country)],
            "platforms": incident.platforms.map { ["name": $0, "slug": Slug.make($0), "url": urls.platform(Slug.make($0))] },
            "type": ["value": incident.type.rawValue, "label": incident.type.label],
            "status": ["value": incident.status.rawValue, "label": incident.status.label, "ongoing": incident.status == .ongoing],
            "verification": ["value": incident.verification.rawValue, "label": incident.verification.label],
            "start": dateContext(incident.start),
            "year": incident.start.year,
            "summary_text": incident.body.summaryText,
            "summary_html": incident.body.summaryHTML,
        ]
        if let end = incident.end { summary["end"] = dateContext(end) }
        return summary
    }

    static func sourceSummary(_ source: Source, urls: SiteURLs, citedCount: Int) -> [String: Any] {
        var summary: [String: Any] = [
            "id": source.id,
            "url": urls.source(source.id),
            "title": source.title,
            "publisher": source.publisher,
            "published": dateContext(source.published),
            "kind": ["value": source.kind.rawValue, "label": source.kind.label],
            "cited_count": citedCount,
            "cited_once": citedCount == 1,
        ]
        if let url = source.url { summary["external_url"] = url }
        if let origin = source.origin { summary["origin"] = origin }
        if let language = source.language { summary["language"] = language }
        if let archive = source.archive { summary["archive_url"] = archive }
        if let accessed = source.accessed { summary["accessed"] = dateContext(accessed) }
        return summary
    }

    static func dateContext(_ date: PartialDate) -> [String: Any] {
        ["iso": date.iso, "display": date.display]
    }

    func dateContext(_ date: PartialDate) -> [String: Any] { Self.dateContext(date) }

    func termSummary(_ term: TaxonomyTerm, url: String, code: String?) -> [String: Any] {
        var summary: [String: Any] = ["name": term.name, "slug": term.slug, "url": url, "count": term.incidents.count,
                                      "one": term.incidents.count == 1]
        if let code { summary["code"] = code }
        summary["ongoing"] = term.incidents.filter { site.incidents[$0].status == .ongoing }.count
        return summary
    }

    func headingsContext(_ headings: [MarkdownHeading]) -> [[String: Any]] {
        headings.filter { $0.level == 2 }.map { ["text": $0.text, "id": $0.id] }
    }

    func sourceTitle(_ id: String) -> String { site.sourceIndex[id].map { site.sources[$0].title } ?? id }
    func sourcePublisher(_ id: String) -> String { site.sourceIndex[id].map { site.sources[$0].publisher } ?? "" }
}
