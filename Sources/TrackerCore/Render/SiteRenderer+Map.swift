/// The world map on the home page and `/countries/` (`partials/world-map`): every country of
/// `WorldGeometry` shaded by its number of incidents, each country with incidents a link to its page,
/// the same numbers as a table, and the countries the geometry lacks listed under it.
extension SiteRenderer {
    /// The `map` context, or nil when the site turned the map off (`options: map: false`), has no country
    /// pages to link to, or has no incidents; made once per renderer.
    func mapContext() -> TemplateObject? { memos.map.value { makeMapContext() } }

    private func makeMapContext() -> TemplateObject? {
        guard site.config.showMap, site.config.taxonomies.contains("countries"), !site.countries.isEmpty else { return nil }
        let ongoing = isOngoing
        let l = localization
        let scale = MapScale(maximum: site.countries.map(\.incidents.count).max() ?? 0)
        var rows: [TemplateObject] = []
        // In the order of the table (by name), so the keyboard meets the countries in the order a reader reads them.
        var linked: [TemplateObject] = []
        var drawn: Set<String> = []
        var missing: [TemplateObject] = []
        var missingNames: [String] = []
        let missingCount = site.countries.count { WorldGeometry.index[$0.slug.uppercased()] == nil }
        for term in site.countries {
            let code = term.slug.uppercased()
            let count = term.incidents.count
            let name = l.countryName(code)
            let url = urls.url(for: .country(term.slug))
            let step = scale.step(of: count)
            rows.append([
                "name": .string(name), "code": .string(code), "url": .string(url), "count": .string(l.numeral(count)),
                "ongoing": .string(l.numeral(term.incidents.count { ongoing[$0] })), "step": .int(step),
            ])
            guard let position = WorldGeometry.index[code] else {
                missing.append(["name": .string(name), "code": .string(code), "url": .string(url), "count": .string(l.numeral(count)),
                                "more": .bool(missing.count + 1 < missingCount)])
                missingNames.append(name)
                continue
            }
            let shape = WorldGeometry.countries[position]
            var entry: TemplateObject = [
                "path": .string(shape.path), "code": .string(code), "step": .int(step), "url": .string(url),
                "label": .string(l.format("map_country_label", ["name": name, "incidents": l.plural("incidents_count", count: count)])),
            ]
            if shape.marker {
                entry["marker"] = ["x": .int(shape.centroid.x), "y": .int(shape.centroid.y), "r": .int(WorldGeometry.markerRadius)]
            }
            linked.append(entry)
            drawn.insert(code)
        }
        // The countries without incidents are drawn first, so a focused country's outline is on top of its neighbours.
        let land = WorldGeometry.countries.filter { !drawn.contains($0.code) }.map { shape -> TemplateObject in ["path": .string(shape.path)] }
        let total = site.incidents.count
        let separator = l.string("list_separator")
        var description = l.format("map_description", [
            "incidents": l.plural("incidents_count", count: total),
            "countries": site.countries.map { "\(l.countryName($0.slug.uppercased())) \(l.numeral($0.incidents.count))" }.joined(separator: separator),
        ])
        if !missing.isEmpty { description += " " + l.string("map_not_on_map") + " " + missingNames.joined(separator: separator) + l.string("full_stop") }
        return [
            "title": .string(l.string("map_title")),
            "desc": .string(description),
            "width": .int(WorldGeometry.width), "height": .int(WorldGeometry.height),
            "land": TemplateValue(land),
            "countries": TemplateValue(linked),
            "legend": TemplateValue(scale.steps(l)),
            "missing": TemplateValue(missing), "has_missing": .bool(!missing.isEmpty),
            "table": [
                "rows": TemplateValue(rows),
                "total": .string(l.numeral(total)),
                "ongoing": .string(l.numeral(ongoing.count { $0 })),
            ],
        ]
    }
}

/// The map's sequential scale: at most five steps of incident counts, each a shade (`map-step-1` …
/// `map-step-5`, lightest to darkest; `map-step-0` is no incident). With five or fewer distinct
/// counts possible (a maximum of at most five) every count is its own step; otherwise the steps start
/// at round numbers (1, 2, 3, 5, 10, 20, 30, 50, 100, …) spread over the range. Fewer than five steps
/// take the darkest shades, so the most incidents are always the darkest.
struct MapScale {
    /// The lowest count of each step, ascending; the first is 1.
    let lowerBounds: [Int]
    /// The highest count of any country.
    let maximum: Int

    init(maximum: Int) {
        self.maximum = max(1, maximum)
        guard maximum > 5 else {
            lowerBounds = Array(1 ... self.maximum)
            return
        }
        var rounds: [Int] = []
        var magnitude = 1
        while magnitude <= maximum {
            for factor in [1, 2, 3, 5] where factor * magnitude <= maximum { rounds.append(factor * magnitude) }
            magnitude *= 10
        }
        // Five of them, evenly by position: the first (1) and the largest always.
        lowerBounds = rounds.count <= 5 ? rounds : (0 ..< 5).map { rounds[$0 * (rounds.count - 1) / 4] }
    }

    /// The shade (1–5) of the step a count falls in; 0 for none.
    func step(of count: Int) -> Int {
        guard count > 0 else { return 0 }
        return shade(lowerBounds.lastIndex { $0 <= count }!)
    }

    private func shade(_ index: Int) -> Int { index + 1 + 5 - lowerBounds.count }

    /// The legend: each step with its range of counts as text ("1", "2–4").
    func steps(_ l: Localization) -> [TemplateObject] {
        lowerBounds.enumerated().map { index, low -> TemplateObject in
            let high = index + 1 < lowerBounds.count ? lowerBounds[index + 1] - 1 : maximum
            return ["step": .int(shade(index)), "label": .string(high == low ? l.numeral(low) : "\(l.numeral(low))–\(l.numeral(high))")]
        }
    }
}
