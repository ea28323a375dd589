import Foundation

extension SiteLinker {
    /// Each date of an incident (`start`, `end`, `updated`, a timeline event's) or a source (`published`,
    /// `accessed`) that lies wholly after `today`: most often a mistyped year (2204 for 2024), which puts the
    /// incident first in every list and the feed, and stretches the timeline's chart over the years between.
    /// A warning, not an error: an announced shutdown may be recorded before it starts. Court cases are left
    /// out (a hearing is scheduled ahead). Reported at the value, or at the event.
    static func futureDateWarnings(_ site: Site, today: PartialDate) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        func warn(_ path: String, _ dated: [(key: String, date: PartialDate?)]) {
            let future = dated.filter { $0.date.map(today.isEntirelyBefore) ?? false }
            guard !future.isEmpty else { return }
            let locations = FrontMatterLocations.read(path, keys: future.map(\.key))
            for (key, date) in future {
                let at = locations[key] ?? SourceLocation(line: 1, column: 1)
                warnings.append(Diagnostic(path: path, line: at.line, column: at.column,
                                           message: "'\(key)' is \(date!.iso), after today (\(today.iso)): is the year mistyped?", isWarning: true))
            }
        }
        for incident in site.incidents {
            warn(incident.path, [("start", incident.start), ("end", incident.end), ("updated", incident.updated)])
            for event in incident.timeline where today.isEntirelyBefore(event.date) {
                warnings.append(Diagnostic(path: incident.path, line: event.location.line, column: event.location.column,
                                           message: "this event's date, \(event.date.iso), is after today (\(today.iso)): is the year mistyped?",
                                           isWarning: true))
            }
        }
        for source in site.sources {
            warn(source.path, [("published", source.published), ("accessed", source.accessed)])
        }
        return warnings.sorted()
    }
}

extension PartialDate {
    /// Today's date where the command runs (its time zone), to the day.
    public static func today() -> PartialDate {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return (try? PartialDate.parse(String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)))
            ?? PartialDate(year: 1970, month: 1, day: 1)
    }
}
