/// The `filters` context of the incidents page: the choices of its filter form, each with the
/// number of incidents it matches. The table rows carry the same values in data-* attributes
/// (see `partials/incident-table`), which `assets/incidents.js` filters and counts.
extension SiteRenderer {
    func filtersContext() -> TemplateObject {
        func option(_ value: String, _ label: String, _ count: Int) -> TemplateObject {
            ["value": .string(value), "label": .string(label), "count": .int(count)]
        }
        var types: [TemplateObject] = []
        for type in IncidentType.allCases {
            let count = site.incidents.filter { $0.type == type }.count
            if count > 0 { types.append(option(type.rawValue, type.label, count)) }
        }
        var statuses: [TemplateObject] = []
        for status in IncidentStatus.allCases {
            let count = site.incidents.filter { $0.status == status }.count
            if count > 0 { statuses.append(option(status.rawValue, status.label, count)) }
        }
        var yearCounts: [Int: Int] = [:]
        for incident in site.incidents { yearCounts[incident.start.year, default: 0] += 1 }
        return [
            "countries": TemplateValue(site.countries.map { option($0.slug, $0.name, $0.incidents.count) }),
            "platforms": TemplateValue(site.platforms.map { option($0.slug, $0.name, $0.incidents.count) }),
            "types": TemplateValue(types),
            "statuses": TemplateValue(statuses),
            "years": TemplateValue(yearCounts.keys.sorted(by: >).map { option(String($0), String($0), yearCounts[$0]!) }),
            "total": .int(site.incidents.count),
        ]
    }
}
