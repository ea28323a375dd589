/// The court cases' pages: `/cases/` (by country, then status) and `/cases/<id>/` (facts, proceedings
/// with citations, linked incidents), and what other pages show of them (incident pages, the timeline).
extension SiteRenderer {
    /// What every page showing a case shows of it.
    func caseSummary(_ index: Int) -> TemplateObject {
        let legalCase = site.cases.all[index]
        var summary: TemplateObject = [
            "id": .string(legalCase.id),
            "url": .string(urls.url(for: .legalCase(legalCase.id))),
            "title": .string(legalCase.title),
            "court": .string(legalCase.court),
            "jurisdiction": .string(legalCase.jurisdiction),
            "status": ["value": .string(legalCase.status.rawValue), "label": .string(localization.string("case_status_" + legalCase.status.rawValue))],
            "summary_text": .string(legalCase.body.summaryText),
        ]
        var country: TemplateObject = ["code": .string(legalCase.country), "name": .string(localization.countryName(legalCase.country))]
        if countryTerm[legalCase.country] != nil { country["url"] = .string(urls.url(for: .country(legalCase.country))) }
        summary["country"] = .object(country)
        if let subdivision = legalCase.subdivision { summary["subdivision"] = .string(subdivision) }
        if let number = legalCase.caseNumber { summary["case_number"] = .string(number) }
        if let filed = legalCase.filed { summary["filed"] = dateContext(filed) }
        if let last = legalCase.lastKnownDate { summary["last_known"] = dateContext(last) }
        return summary
    }

    func caseListContext() -> TemplateObject {
        var groups: [TemplateObject] = []
        var position = 0
        let all = site.cases.all
        // The cases are in country, then status order: each group is a run.
        while position < all.count {
            let country = all[position].country
            var statuses: [TemplateObject] = []
            while position < all.count, all[position].country == country {
                let status = all[position].status
                var members: [TemplateObject] = []
                while position < all.count, all[position].country == country, all[position].status == status {
                    members.append(caseSummary(position))
                    position += 1
                }
                statuses.append(["label": .string(localization.string("case_status_" + status.rawValue)), "value": .string(status.rawValue),
                                 "id": .string("cases-\(country.lowercased())-\(status.rawValue)"), "cases": TemplateValue(members)])
            }
            groups.append(["name": .string(localization.countryName(country)), "code": .string(country),
                           "id": .string("cases-\(country.lowercased())"), "statuses": TemplateValue(statuses)])
        }
        return page(.caseList, title: localization.string("cases_title"), description: localization.string("cases_description"),
                    url: urls.url(for: .caseList),
                    extra: ["countries": TemplateValue(groups), "count_label": .string(localization.plural("cases_lead", count: all.count))])
    }

    func caseContext(_ index: Int) -> TemplateObject {
        let legalCase = site.cases.all[index]
        let referenceIDs = site.cases.references[index]
        let numbers = Dictionary(uniqueKeysWithValues: referenceIDs.enumerated().map { ($1, $0 + 1) })
        var context = caseSummary(index)
        context["body_html"] = .string(legalCase.body.html)
        context["petitioners"] = TemplateValue(legalCase.petitioners)
        context["respondents"] = TemplateValue(legalCase.respondents)
        context["has_petitioners"] = .bool(!legalCase.petitioners.isEmpty)
        context["has_respondents"] = .bool(!legalCase.respondents.isEmpty)
        context["has_parties"] = .bool(!legalCase.petitioners.isEmpty || !legalCase.respondents.isEmpty)
        if let outcome = legalCase.outcome { context["outcome"] = .string(outcome) }
        context["proceedings"] = TemplateValue(legalCase.proceedings.map { proceeding -> TemplateObject in
            var entry: TemplateObject = [
                "date": dateContext(proceeding.date),
                "type": ["value": .string(proceeding.kind.rawValue), "label": .string(localization.string("proceeding_" + proceeding.kind.rawValue))],
                "text": .string(proceeding.text),
                "citations": TemplateValue(proceeding.sources.map { reference -> TemplateObject in
                    ["number": .int(numbers[reference.id] ?? 0), "id": .string(reference.id), "title": .string(sourceTitle(reference.id))]
                }),
            ]
            if let document = proceeding.document { entry["document"] = .string(documentURL(document, of: legalCase, absolute: false)) }
            return entry
        })
        context["has_proceedings"] = .bool(!legalCase.proceedings.isEmpty)
        context["references"] = referenceList(referenceIDs)
        context["has_references"] = .bool(!referenceIDs.isEmpty)
        let incidents = site.cases.incidents[index]
        context["incidents"] = cards(incidents)
        context["has_incidents"] = .bool(!incidents.isEmpty)
        var result = page(.legalCase(index), title: legalCase.title,
                          description: legalCase.body.summaryText.isEmpty ? "\(legalCase.court), \(legalCase.jurisdiction)." : legalCase.body.summaryText,
                          url: urls.url(for: .legalCase(legalCase.id)), extra: [:])
        result["case"] = .object(context)
        return result
    }

    /// A proceeding's document: its address, or the address of the file in the case's folder.
    func documentURL(_ document: String, of legalCase: LegalCase, absolute: Bool) -> String {
        Self.documentURL(document, of: legalCase, urls: urls, absolute: absolute)
    }

    static func documentURL(_ document: String, of legalCase: LegalCase, urls: SiteURLs, absolute: Bool) -> String {
        if WebAddress.isHTTP(document) { return document }
        let route = Route.bundleFile(.legalCase(legalCase.id), document)
        return absolute ? urls.absoluteURL(for: route) : urls.url(for: route)
    }

    /// The cases naming incident `index`, for its page.
    func incidentCases(_ index: Int) -> TemplateValue {
        TemplateValue(site.cases.ofIncident[index].map(caseSummary))
    }

    /// The timeline's context of a proceeding: a legal event, linked to its case.
    func proceedingEvent(_ entry: TimelineEntry) -> TemplateValue {
        let legalCase = site.cases.all[entry.incident]
        let proceeding = legalCase.proceedings[entry.event]
        return .object([
            "date": dateContext(proceeding.date),
            "text": .string(proceeding.text),
            "incident": ["title": .string(legalCase.title), "url": .string(urls.url(for: .legalCase(legalCase.id)))],
            "legal": ["type": .string(localization.string("proceeding_" + proceeding.kind.rawValue)), "court": .string(legalCase.court)],
            "sources": .list(proceeding.sources.map { sourceLink($0.id) }),
        ])
    }
}
