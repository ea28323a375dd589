extension SiteLinker {
    /// What `tracker check` always warns about, and `--strict` fails on: the countries the map lacks
    /// (`mapWarnings`), the items a list repeats (`Site.contentWarnings`), the sources recording one
    /// document twice (`sharedURLWarnings`), and the dates after `today` (`futureDateWarnings`).
    public static func checkWarnings(_ site: Site, today: PartialDate = .today()) -> [Diagnostic] {
        mapWarnings(site) + site.contentWarnings + sharedURLWarnings(site) + futureDateWarnings(site, today: today)
    }

    /// What `--strict` reports, once the site is linked: each timeline event whose sources all carry one
    /// origin, at the event, and each incident whose whole reference list does, at its first citation
    /// (see `OriginCount` for what an origin is).
    public static func strictWarnings(_ site: Site) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for (index, incident) in site.incidents.enumerated() {
            let origins = site.origins[index]
            for (event, count) in zip(incident.timeline, origins.events) {
                guard let origin = count.singleOrigin else { continue }
                warnings.append(Diagnostic(path: incident.path, line: event.location.line, column: event.location.column,
                                           message: "event backed by a single origin (\(origin))", isWarning: true))
            }
            let references = incident.bodyCitations + incident.timeline.flatMap(\.sources)
            if let origin = origins.whole.singleOrigin,
               let first = references.map(\.location).min(by: { ($0.line, $0.column) < ($1.line, $1.column) }) {
                warnings.append(Diagnostic(path: incident.path, line: first.line, column: first.column,
                                           message: "incident backed by a single origin (\(origin))", isWarning: true))
            }
        }
        return warnings.sorted()
    }
}
