/// Contexts for the charts drawn at build time: incidents started per month (`chart`, on the
/// timeline and home pages) and an incident's duration (`incident.duration`). Every label is
/// plain text that the templates escape; numbers are whole SVG units or tenths of a percent.
extension SiteRenderer {
    /// The `chart` context, or nil when no incident has a start month to draw; made once per renderer.
    func chartContext() -> TemplateObject? { memos.chart.value { makeChartContext() } }

    private func makeChartContext() -> TemplateObject? {
        let l = localization
        func monthLabel(_ month: TimelineChart.MonthIndex) -> String {
            l.monthYear(year: TimelineChart.year(of: month), month: TimelineChart.month(of: month))
        }
        let latest = site.incidents.map(\.lastKnownDate).max()
        let chart = TimelineChart(starts: site.incidents.map { ($0.start, $0.type) }, through: latest)
        guard let first = chart.months.first, let last = chart.months.last else { return nil }
        let layout = TimelineChart.Layout(months: chart.months.count)
        let stacks = chart.counts.map { $0.reduce(0, +) }
        let (maximum, step) = TimelineChart.axisMaximum(stacks.max() ?? 0)
        func y(_ value: Int) -> Int { layout.baseline - TimelineChart.scale(value, to: TimelineChart.Layout.plotHeight, of: maximum) }

        let grid = stride(from: 0, through: maximum, by: step).map { value -> TemplateObject in
            ["y": .int(y(value)), "label": .string(l.numeral(value)), "label_y": .int(y(value) + 4)]
        }
        var bars: [TemplateObject] = []
        var labels: [TemplateObject] = []
        for (position, month) in chart.months.enumerated() {
            let slotStart = TimelineChart.Layout.left + position * layout.slot
            let center = slotStart + layout.slot / 2
            var below = 0
            for (type, count) in chart.counts[position].enumerated() where count > 0 {
                let (bottom, top) = (y(below), y(below + count))
                bars.append([
                    "x": .int(slotStart + (layout.slot - layout.barWidth) / 2), "y": .int(top),
                    "width": .int(layout.barWidth), "height": .int(bottom - top),
                    "type": .string(chart.types[type].rawValue),
                    "label": .string(l.format("chart_bar", ["month": monthLabel(month), "count": l.numeral(count),
                                                            "type": l.label(chart.types[type]).lowercased()])),
                ])
                below += count
            }
            let isJanuary = TimelineChart.month(of: month) == 1
            guard layout.labelsEveryMonth || isJanuary || position == 0 else { continue }
            let year = String(TimelineChart.year(of: month))
            var label: TemplateObject = ["x": .int(center), "y": .int(layout.baseline + 16)]
            label["text"] = .string(layout.labelsEveryMonth ? l.shortMonthName(TimelineChart.month(of: month)) : l.numeral(Int(year)!))
            if layout.labelsEveryMonth, isJanuary || position == 0 {
                label["year"] = ["y": .int(layout.baseline + 32), "text": .string(l.numeral(Int(year)!))]
            }
            labels.append(label)
        }

        let typeTotals = chart.typeTotals
        let legend = chart.types.enumerated().map { index, type -> TemplateObject in
            ["type": .string(type.rawValue), "label": .string(l.label(type)), "count": .string(l.numeral(typeTotals[index]))]
        }
        let rows = chart.months.enumerated().compactMap { position, month -> TemplateObject? in
            guard stacks[position] > 0 else { return nil }
            return ["month": .string(monthLabel(month)), "iso": .string(TimelineChart.iso(of: month)),
                    "cells": .list(chart.counts[position].map { ["count": .int($0)] }), "total": .int(stacks[position])]
        }
        let busiest = stacks.indices.max { (stacks[$0], $1) < (stacks[$1], $0) }!
        let range = l.format("chart_range", ["from": monthLabel(first), "to": monthLabel(last)])
        var description = l.plural("chart_desc", count: chart.total).replacingOccurrences(of: "{range}", with: range)
        description += l.format("chart_desc_types", ["types": zip(chart.types, typeTotals).map { "\(l.label($0)) \(l.numeral($1))" }
                                                        .joined(separator: l.string("list_separator"))])
        description += l.format("chart_desc_busiest", ["month": monthLabel(chart.months[busiest]), "count": l.numeral(stacks[busiest])])
        if chart.yearOnly > 0 { description += l.plural("chart_desc_year_only", count: chart.yearOnly) }

        return [
            "title": .string(l.string("chart_title")),
            "desc": .string(description),
            "range": .string(range),
            "width": .int(layout.width), "height": .int(layout.height),
            "plot": [
                "left": .int(TimelineChart.Layout.left), "right": .int(TimelineChart.Layout.left + layout.plotWidth),
                "top": .int(TimelineChart.Layout.top), "baseline": .int(layout.baseline),
                "axis_title_y": .int(TimelineChart.Layout.top - 14), "label_x": .int(TimelineChart.Layout.left - 6),
            ],
            "grid": TemplateValue(grid),
            "bars": TemplateValue(bars),
            "x_labels": TemplateValue(labels),
            "legend": TemplateValue(legend),
            "table": [
                "columns": .list(chart.types.map { ["label": .string(l.label($0))] }),
                "rows": TemplateValue(rows),
                "totals": .list(typeTotals.map { ["count": .int($0)] }),
                "total": .int(chart.total),
            ],
            "year_only": .int(chart.yearOnly),
            "has_year_only": .bool(chart.yearOnly > 0),
            "year_only_one": .bool(chart.yearOnly == 1),
            "year_only_label": .string(l.plural("chart_year_only", count: chart.yearOnly)),
        ]
    }

    /// The `incident.duration` context: where the incident lies between the earliest start and the
    /// latest record of the whole tracker. An incident without an end is drawn to its last known
    /// date, never to the build date, so builds stay reproducible.
    func durationContext(_ index: Int) -> TemplateObject {
        let incident = site.incidents[index]
        let from = incident.start
        let to = incident.end ?? incident.lastKnownDate
        let (first, last) = (durationScale.firstDay, durationScale.lastDay)
        let start = DayNumber.earliest(from)
        let end = max(start, incident.end.map(DayNumber.latest) ?? DayNumber.earliest(to))
        let span = max(1, last - first + 1)
        let x = min(990, (start - first) * 1000 / span)
        let width = min(1000 - x, max(10, (end - start + 1) * 1000 / span))
        // An array of entries, not a literal and two names set after it: made once per incident page.
        var context: [TemplateObject.Entry] = [
            .init("x", .string(DayNumber.percent(tenths: x))), .init("width", .string(DayNumber.percent(tenths: width))),
            .init("from", dateContext(from)), .init("to", dateContext(to)),
            .init("scale_start", dateContext(durationScale.start)),
            .init("scale_end", dateContext(durationScale.end)),
            .init("open", .bool(incident.end == nil)),
            .init("single_day", .bool(incident.end != nil && from.precision == .day && from == to)),
        ]
        let days = end - start + 1
        let exact = from.precision == .day && to.precision == .day
        let l = localization
        let date = ["date": l.date(to)]
        let (label, length) = switch (incident.end, incident.status) {
        case (nil, .ongoing): ("duration_ongoing", "duration_days_so_far")
        case (nil, _): ("duration_end_unknown", "duration_at_least_days")
        case (.some, _): ("duration_ended", "duration_days")
        }
        context.append(.init("label", .string(l.format(label, date))))
        if exact { context.append(.init("length", .string(l.plural(length, count: days)))) }
        return TemplateObject(context)
    }
}

/// The span every incident's duration bar is drawn against: the whole site's, computed once.
struct DurationScale {
    let firstDay: Int
    let lastDay: Int
    /// The earliest start and the latest end or last known date.
    let start: PartialDate
    let end: PartialDate

    init?(_ incidents: [Incident]) {
        guard let first = incidents.first else { return nil }
        // One pass: the preview makes a scale on every rebuild, and each incident is a separate object in memory.
        // By index, the three dates read in place: a copy of each incident retained every one of its fields.
        var (firstDay, lastDay) = (Int.max, Int.min)
        var (earliest, latest) = (first.start, first.end ?? first.lastKnownDate)
        for index in incidents.indices {
            let (start, end) = (incidents[index].start, incidents[index].end)
            let finish = end ?? incidents[index].lastKnownDate
            firstDay = min(firstDay, DayNumber.earliest(start))
            lastDay = max(lastDay, end.map(DayNumber.latest) ?? DayNumber.earliest(finish))
            earliest = min(earliest, start)
            latest = max(latest, finish)
        }
        self.firstDay = firstDay
        self.lastDay = lastDay
        start = earliest
        end = latest
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar, for lengths and scales
/// (H. Hinnant's days_from_civil; no Calendar, no time zone, so no build-machine dependence).
enum DayNumber {
    static func of(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func earliest(_ date: PartialDate) -> Int { of(year: date.year, month: date.month ?? 1, day: date.day ?? 1) }

    static func latest(_ date: PartialDate) -> Int {
        let month = date.month ?? 12
        return of(year: date.year, month: month, day: date.day ?? PartialDate.daysIn(month: month, year: date.year))
    }

    /// "12.5%" from 125.
    static func percent(tenths: Int) -> String { "\(tenths / 10).\(tenths % 10)%" }
}
