/// The records' git history on their pages, `/changes/` and `/changes.xml` (see `GitHistory`, `SiteHistory`).
extension SiteRenderer {
    /// How many of the latest changes `/changes/` and its feed show; every correction is shown besides.
    static let recentChangesLimit = 100

    /// The history of the item read from `path` (an incident's or a source's), when it has one.
    func recordHistory(at path: String) -> RecordHistory? { site.history?.record(at: path) }

    /// The `history` of an incident's or source's page: when it was created and last changed, every change, and its corrections.
    func historyContext(_ history: RecordHistory) -> TemplateObject {
        var context: TemplateObject = [
            "last_changed": changeDate(history.lastChanged),
            "count": .int(history.changes.count),
            "one": .bool(history.changes.count == 1),
            "count_label": .string(localization.plural("changes_count", count: history.changes.count)),
            "changes": .list(history.changes.map { .object(changeContext($0)) }),
            "corrections": .list(history.corrections.flatMap { change in
                change.corrections.map { text -> TemplateValue in
                    ["date": changeDate(change), "text": .string(text), "hash": .string(change.shortHash)]
                }
            }),
            "has_corrections": .bool(history.changes.contains(where: \.isCorrection)),
            "incomplete": .bool(!history.isComplete),
        ]
        if let created = history.created { context["created"] = changeDate(created) }
        return context
    }

    /// One change as every list shows it: date, subject, short commit id, and its corrections.
    func changeContext(_ change: HistoryChange) -> TemplateObject {
        ["date": changeDate(change), "subject": .string(change.subject), "hash": .string(change.shortHash),
         "commit": .string(change.commit), "is_correction": .bool(change.isCorrection), "corrections": TemplateValue(change.corrections)]
    }

    /// `{iso, display}` of a commit's date: the UTC moment, and its day for readers.
    func changeDate(_ change: HistoryChange) -> TemplateValue {
        ["iso": .string(change.iso), "display": .string(localization.date(change.day.date))]
    }

    /// What `/changes/` and its feed list: every correction, and the latest changes that are not, each with
    /// the incidents and sources it changed (a change to no current record is left out), newest first.
    func changeEntries() -> ChangeEntries { changeEntriesMemo.value(makeChangeEntries) }

    /// `changeEntries()`, made once for the page and its feed: a change to thousands of files (an import)
    /// looks up each file's record.
    private func makeChangeEntries() -> ChangeEntries {
        guard let history = site.history else { return ([], []) }
        var records: [String: (route: Route, order: Int)] = [:]
        for (index, incident) in site.incidents.enumerated() {
            if let path = history.contentRelative(incident.path) { records[path] = (.incident(incident.id), index) }
        }
        for (index, source) in site.sources.enumerated() {
            if let path = history.contentRelative(source.path) { records[path] = (.source(source.id), site.incidents.count + index) }
        }
        let items = Set(records.keys)
        var corrections: [(HistoryChange, [Route])] = []
        var recent: [(HistoryChange, [Route])] = []
        var shown = 0
        for (index, change) in history.changes.enumerated() {
            guard change.isCorrection || shown < Self.recentChangesLimit else { continue }
            let owners = Set(history.changedFiles[index].compactMap { SiteHistory.owner(of: $0, among: items) })
            guard !owners.isEmpty else { continue }
            let routes = owners.compactMap { records[$0] }.sorted { $0.order < $1.order }.map(\.route)
            if change.isCorrection { corrections.append((change, routes)) } else if shown < Self.recentChangesLimit { recent.append((change, routes)) }
            shown += 1
        }
        return (corrections, recent)
    }

    /// How many of the records a change touched are named (an import of a thousand files names the first few).
    static let namedRecordsLimit = 10

    /// The title of a record's page.
    func recordTitle(_ route: Route) -> String {
        switch route {
        case .incident(let id): return site.incidentIndex[id].map { site.incidents[$0].title } ?? id
        case .source(let id): return sourceTitle(id)
        default: preconditionFailure("not a record: \(route)")
        }
    }

    /// The records a change touched, as links (the first `namedRecordsLimit`), and how many more it touched.
    func changedRecords(_ routes: [Route]) -> TemplateObject {
        var context: TemplateObject = ["records": .list(routes.prefix(Self.namedRecordsLimit).map { route -> TemplateValue in
            ["title": .string(recordTitle(route)), "url": .string(urls.url(for: route))]
        })]
        if routes.count > Self.namedRecordsLimit {
            context["more_records"] = .int(routes.count - Self.namedRecordsLimit)
            context["more_records_label"] = .string(localization.plural("more_records", count: routes.count - Self.namedRecordsLimit))
        }
        return context
    }

    func changesPageContext() -> TemplateObject {
        let (corrections, recent) = changeEntries()
        func entries(_ list: [(HistoryChange, [Route])]) -> TemplateValue {
            .list(list.map { change, routes in .object(changedRecords(routes), over: changeContext(change)) })
        }
        let extra: TemplateObject = [
            "available": .bool(site.history != nil),
            "corrections": entries(corrections), "has_corrections": .bool(!corrections.isEmpty),
            "recent": entries(recent), "has_recent": .bool(!recent.isEmpty),
            "limit": .int(Self.recentChangesLimit),
            "limit_label": .string(localization.plural("recent_changes_limit", count: Self.recentChangesLimit)),
            "feed_url": .string(urls.url(for: .changesFeed)),
            "incomplete": .bool(site.history.map { !$0.isComplete } ?? false),
        ]
        return page(.changes, title: localization.string("changes_title"), description: localization.format("changes_description", ["site": site.config.title]),
                    url: urls.url(for: .changes), extra: extra)
    }

    /// `changes.xml`: the same changes as `/changes/`, newest first, each linking to its entry there.
    func changesFeedContext() -> TemplateObject {
        let (corrections, recent) = changeEntries()
        let all = (corrections + recent).sorted { ($0.0.timestamp, $1.0.commit) > ($1.0.timestamp, $0.0.commit) }
        let page = urls.absoluteURL(for: .changes)
        let entries = all.map { change, routes -> TemplateObject in
            var records = routes.prefix(Self.namedRecordsLimit).map(recordTitle).joined(separator: "; ")
            if routes.count > Self.namedRecordsLimit { records += " " + localization.plural("more_records", count: routes.count - Self.namedRecordsLimit) }
            let correction = localization.string("correction")
            let summary = (change.corrections.map { "\(correction) \($0)" } + ["\(localization.string("changed")) " + records]).joined(separator: " ")
            return [
                "title": .string(change.isCorrection ? "\(correction) \(change.subject)" : change.subject),
                "url": .string(routes.first.map { urls.absoluteURL(for: $0) } ?? page),
                "id": .string(page + "#change-\(change.shortHash)"),
                "updated": .string(change.iso),
                "summary": .string(summary),
            ]
        }
        return [
            "site": .object(siteContext),
            "title": .string(localization.format("changes_feed_title", ["site": site.config.title])),
            "feed_url": .string(urls.absoluteURL(for: .changesFeed)),
            "page_url": .string(page),
            "updated": .string(all.first?.0.iso ?? "1970-01-01T00:00:00Z"),
            "entries": TemplateValue(entries),
        ]
    }
}
