/// The paginated lists: the incidents, the timeline, the sources, and each country's and platform's
/// incidents. Page 1 keeps the list's address; page `n` is at `page/n/` (`Route.listPage`). A list no
/// longer than `site.yml`'s `page_size` is one page, rendered exactly as an unpaginated list.
extension SiteRenderer {
    /// Every paginated list (as its page 1).
    var paginatedLists: [PageKind] {
        [.incidentList, .timeline, .sourceList] + site.countries.indices.map(PageKind.country) + site.platforms.indices.map(PageKind.platform)
    }

    func pagination(of list: PageKind) -> Pagination {
        let count: Int
        switch list {
        case .incidentList: count = site.incidents.count
        case .timeline: count = site.timeline.count
        case .sourceList: count = site.sources.count
        case .country(let i): count = site.countries[i].incidents.count
        case .platform(let i): count = site.platforms[i].incidents.count
        default: preconditionFailure("not a paginated list: \(list)")
        }
        return Pagination(count: count, size: site.config.pageSize)
    }

    /// Page `number` of a list, as a job.
    static func page(_ number: Int, of list: PageKind) -> PageKind { number == 1 ? list : .listPage(list, number) }

    /// Every page of a list, first to last.
    func pages(of list: PageKind) -> [PageKind] { (1 ... pagination(of: list).pageCount).map { Self.page($0, of: list) } }

    /// The context of page `number` of a list: `extra` with `pagination` (left out when the list is one
    /// page), under a title that names the page.
    func listPage(_ list: PageKind, number: Int, title: String, description: String, extra: TemplateObject) -> TemplateObject {
        let kind = Self.page(number, of: list)
        var extra = extra
        var title = title
        if let pagination = paginationContext(list, number: number) {
            extra["pagination"] = .object(pagination)
            if number > 1 { title += ", page \(number)" }
        }
        return page(kind, title: title, description: description, url: urls.url(for: route(of: kind)), extra: extra)
    }

    /// `pagination`: the page's number, the number of pages, the previous and next pages' links (also
    /// `rel=prev`/`next` in the head) and the numbered links of `partials/pagination`. Nil for one page.
    func paginationContext(_ list: PageKind, number: Int) -> TemplateObject? {
        let pagination = pagination(of: list)
        guard pagination.pageCount > 1 else { return nil }
        func url(_ n: Int) -> String { urls.url(for: route(of: Self.page(n, of: list))) }
        var context: TemplateObject = [
            "number": .int(number), "count": .int(pagination.pageCount),
            "label": .string(localization.format("page_of", ["number": localization.numeral(number), "count": localization.numeral(pagination.pageCount)])),
            "caption_label": .string(localization.format("page_of_caption", ["number": localization.numeral(number), "count": localization.numeral(pagination.pageCount)])),
            "pages": TemplateValue(pagination.window(around: number).map { n -> TemplateObject in
                guard let n else { return ["gap": .bool(true)] }
                return ["number": .int(n), "url": .string(url(n)), "current": .bool(n == number)]
            }),
        ]
        if number > 1 { context["prev_url"] = .string(url(number - 1)) }
        if number < pagination.pageCount { context["next_url"] = .string(url(number + 1)) }
        switch list {
        case .incidentList, .country, .platform:
            // The table's script filters and sorts the whole list from this file (`IncidentRows`), not the page's rows.
            context["rows_url"] = .string(urls.url(for: .incidentRows))
            if case .country(let i) = list { context["scope"] = .string("country:\(site.countries[i].slug)") }
            if case .platform(let i) = list { context["scope"] = .string("platform:\(site.platforms[i].slug)") }
        default: break
        }
        return context
    }

    // MARK: - The lists

    func incidentListContext(page number: Int) -> TemplateObject {
        let range = pagination(of: .incidentList).items(onPage: number)
        return listPage(.incidentList, number: number, title: localization.string("incidents_title"),
                        description: localization.format("incidents_description", ["site": site.config.title]),
                        extra: ["incidents": rows(range, sections: fragments.listRows), "count": .int(summaries.count),
                                "count_label": .string(localization.plural("incidents_lead", count: summaries.count)),
                                "caption": .string(localization.string("incidents_caption")), "filters": .object(filtersContext())])
    }

    func countryContext(_ i: Int, page number: Int) -> TemplateObject {
        let term = site.countries[i]
        let range = pagination(of: .country(i)).items(onPage: number)
        var summary = termSummary(term, url: urls.url(for: .country(term.slug)), code: term.slug.uppercased())
        summary["feed_url"] = .string(urls.url(for: .countryFeed(term.slug)))
        summary["feed_label"] = .string(localization.format("country_feed", ["name": localization.countryName(term.slug.uppercased())]))
        let name = ["name": localization.countryName(term.slug.uppercased())]
        return listPage(.country(i), number: number, title: name["name"]!, description: localization.format("country_description", name),
                        extra: ["term": .object(summary), "incidents": rows(term.incidents[range]),
                                "caption": .string(localization.format("country_caption", name)), "feed": termFeedLink(term, feed: .countryFeed(term.slug))])
    }

    func platformContext(_ i: Int, page number: Int) -> TemplateObject {
        let term = site.platforms[i]
        let range = pagination(of: .platform(i)).items(onPage: number)
        var summary = termSummary(term, url: urls.url(for: .platform(term.slug)), code: nil)
        summary["feed_url"] = .string(urls.url(for: .platformFeed(term.slug)))
        summary["feed_label"] = .string(localization.format("platform_feed", ["name": term.name]))
        let name = ["name": term.name]
        return listPage(.platform(i), number: number, title: term.name, description: localization.format("platform_description", name),
                        extra: ["term": .object(summary), "incidents": rows(term.incidents[range]),
                                "caption": .string(localization.format("platform_caption", name)), "feed": termFeedLink(term, feed: .platformFeed(term.slug))])
    }

    /// `feed`: the term's Atom feed, linked from the page's head (`rel=alternate`).
    func termFeedLink(_ term: TaxonomyTerm, feed: Route) -> TemplateValue {
        ["title": .string(termFeedTitle(term)), "url": .string(urls.url(for: feed))]
    }

    func termFeedTitle(_ term: TaxonomyTerm) -> String { "\(site.config.title): \(term.name)" }

    func sourceListContext(page number: Int) -> TemplateObject {
        let range = pagination(of: .sourceList).items(onPage: number)
        var publishers: [TemplateObject] = []
        var current: String?
        var group: [TemplateObject] = []
        for index in range {
            let source = site.sources[index]
            if current != source.publisher {
                if let current { publishers.append(["name": .string(current), "sources": TemplateValue(group)]) }
                current = source.publisher
                group = []
            }
            group.append(sourceSummaries[index])
        }
        if let current { publishers.append(["name": .string(current), "sources": TemplateValue(group)]) }
        return listPage(.sourceList, number: number, title: localization.string("sources_title"), description: localization.string("sources_description"),
                        extra: ["publishers": TemplateValue(publishers), "count": .int(site.sources.count),
                                "count_label": .string(localization.plural("sources_lead", count: site.sources.count))])
    }

    func timelineContext(page number: Int) -> TemplateObject {
        let pagination = pagination(of: .timeline)
        let range = pagination.items(onPage: number)
        var years: [TemplateValue] = []
        var months: [TemplateValue] = []
        var monthStart = range.lowerBound
        var currentYear: Int?
        var currentMonth: String?
        // Each month's events are made one at a time while the page renders: the site's whole timeline
        // as contexts at once would be the largest thing in memory.
        func closeMonth(at end: Int) {
            if let label = currentMonth, end > monthStart {
                let id = label.lowercased().replacingOccurrences(of: " ", with: "-")
                months.append(["label": .string(label), "id": "m-\(id)", "events": .generated(monthStart ..< end, cache: fragments.events) { [unowned self] in timelineEvent($0) }])
            }
            monthStart = end
        }
        func closeYear(at end: Int) {
            closeMonth(at: end)
            if let year = currentYear { years.append(["year": .int(year), "id": "y-\(year)", "months": .list(months)]) }
            months = []
        }
        // The month's label is made only where the month changes, not for every entry.
        var currentMonthNumber: Int?
        for position in range {
            let date = site.timeline[position].date
            if currentYear != date.year {
                closeYear(at: position)
                currentYear = date.year
                currentMonth = nil
            }
            if currentMonth == nil || currentMonthNumber != date.month {
                closeMonth(at: position)
                currentMonth = date.month.map { localization.monthYear(year: date.year, month: $0) }
                    ?? localization.format("timeline_month_unknown", ["year": localization.numeral(date.year)])
                currentMonthNumber = date.month
            }
        }
        closeYear(at: range.upperBound)
        // The year index lists every year, each linked to the page where its events begin.
        let yearIndex = timelineYears.map { year, first -> TemplateObject in
            let page = pagination.page(of: first)
            let url = page == number ? "" : urls.url(for: route(of: Self.page(page, of: .timeline)))
            return ["year": .int(year), "url": .string("\(url)#y-\(year)")]
        }
        var extra: TemplateObject = ["years": .list(years), "year_index": TemplateValue(yearIndex), "count": .int(site.timeline.count),
                                     "count_label": .string(localization.plural(site.cases.all.isEmpty ? "timeline_lead" : "timeline_lead_legal", count: site.timeline.count)),
                                     "has_legal": .bool(!site.cases.all.isEmpty)]
        if number == 1, let chart = chartContext() { extra["chart"] = .object(chart) }
        return listPage(.timeline, number: number, title: localization.string("timeline_title"),
                        description: localization.string("timeline_description"), extra: extra)
    }

    /// Each year of the timeline with the position of its first entry, newest first (made once).
    var timelineYears: [(year: Int, first: Int)] {
        memos.timelineYears.value {
            var years: [(year: Int, first: Int)] = []
            for (position, entry) in site.timeline.enumerated() where years.last?.year != entry.date.year {
                years.append((entry.date.year, position))
            }
            return years
        }
    }
}
