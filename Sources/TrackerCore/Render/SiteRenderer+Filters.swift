/// The `filters` context of the incidents page: the choices of its filter form, each with the
/// number of incidents it matches. The table rows carry the same values in data-* attributes
/// (see `partials/incident-table`), which `assets/incidents.js` filters and counts.
extension SiteRenderer {
    /// Made once per renderer: the incidents page and the preview's comparison of two builds both ask.
    func filtersContext() -> TemplateObject { memos.filters.value { makeFiltersContext() } }

    private func makeFiltersContext() -> TemplateObject {
        func option(_ value: String, _ label: String, _ count: Int) -> TemplateObject {
            ["value": .string(value), "label": .string(label), "count": .int(count)]
        }
        // One pass reading three fields; filtering the incidents would copy each (every field retained).
        var typeCounts: [IncidentType: Int] = [:]
        var statusCounts: [IncidentStatus: Int] = [:]
        var yearCounts: [Int: Int] = [:]
        for index in site.incidents.indices {
            typeCounts[site.incidents[index].type, default: 0] += 1
            statusCounts[site.incidents[index].status, default: 0] += 1
            yearCounts[site.incidents[index].start.year, default: 0] += 1
        }
        let types = IncidentType.allCases.compactMap { type in typeCounts[type].map { option(type.rawValue, localization.label(type), $0) } }
        let statuses = IncidentStatus.allCases.compactMap { status in statusCounts[status].map { option(status.rawValue, localization.label(status), $0) } }
        return [
            "countries": TemplateValue(site.countries.map { option($0.slug, localization.countryName($0.slug.uppercased()), $0.incidents.count) }),
            "platforms": TemplateValue(site.platforms.map { option($0.slug, $0.name, $0.incidents.count) }),
            "types": TemplateValue(types),
            "statuses": TemplateValue(statuses),
            "years": TemplateValue(yearCounts.keys.sorted(by: >).map { option(String($0), String($0), yearCounts[$0]!) }),
            "total": .int(site.incidents.count),
            "total_label": .string(localization.plural("filter_showing_all", count: site.incidents.count)),
        ]
    }
}
