/// Incidents started per month, split by type: the numbers behind the bar chart on the timeline
/// and home pages, and the chart's geometry. Geometry is in whole SVG units so the markup is
/// byte-identical from build to build; the markup itself is a template (`partials/timeline-chart`).
struct TimelineChart {
    /// A calendar month as one number (year × 12 + month − 1), so ranges are integer ranges.
    typealias MonthIndex = Int

    /// Every month from the first incident's start to the latest month the records reach.
    let months: [MonthIndex]
    /// Incidents started per month and type: `counts[month][type]`, types as in `types`.
    let counts: [[Int]]
    /// The incident types that occur, in `IncidentType.allCases` order.
    let types: [IncidentType]
    /// Incidents whose start is known only to the year: they have no month to be drawn in.
    let yearOnly: Int

    /// - Parameter through: the latest date the records speak for; the months after the last start
    ///   up to it are drawn as empty, so a quiet stretch shows as one.
    init(starts: [(date: PartialDate, type: IncidentType)], through: PartialDate?) {
        let dated = starts.compactMap { start in start.date.month.map { (Self.index(start.date.year, $0), start.type) } }
        yearOnly = starts.count - dated.count
        guard let first = dated.map(\.0).min(), let lastStart = dated.map(\.0).max() else {
            months = []
            counts = []
            types = []
            return
        }
        let last = max(lastStart, through.map { Self.index($0.year, $0.month ?? 1) } ?? lastStart)
        months = Array(first...last)
        types = IncidentType.allCases.filter { type in dated.contains { $0.1 == type } }
        var counts = Array(repeating: Array(repeating: 0, count: types.count), count: months.count)
        for (month, type) in dated {
            counts[month - first][types.firstIndex(of: type)!] += 1
        }
        self.counts = counts
    }

    static func index(_ year: Int, _ month: Int) -> MonthIndex { year * 12 + month - 1 }
    static func year(of index: MonthIndex) -> Int { index / 12 }
    static func month(of index: MonthIndex) -> Int { index % 12 + 1 }
    static func iso(of index: MonthIndex) -> String { PartialDate(year: year(of: index), month: month(of: index)).iso }

    var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    var typeTotals: [Int] { types.indices.map { type in counts.reduce(0) { $0 + $1[type] } } }

    // MARK: - Geometry

    struct Layout {
        static let top = 28, plotHeight = 160, left = 40, right = 12, axisHeight = 40
        /// The width given to one month; bars fill two thirds of it.
        let slot: Int
        let barWidth: Int
        let plotWidth: Int
        var width: Int { Self.left + plotWidth + Self.right }
        var height: Int { Self.top + Self.plotHeight + Self.axisHeight }
        var baseline: Int { Self.top + Self.plotHeight }
        /// Whether every month gets a name under its bar, or only Januaries and the first month.
        var labelsEveryMonth: Bool { slot >= 32 }

        init(months: Int) {
            slot = min(72, max(6, 640 / max(months, 1)))
            barWidth = max(4, slot * 2 / 3)
            plotWidth = slot * months
        }
    }

    /// The top of the y axis: a round number at or above the busiest month, with at most 5 ticks.
    static func axisMaximum(_ busiest: Int) -> (maximum: Int, step: Int) {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] {
                let step = factor * magnitude
                if (busiest + step - 1) / step <= 4 { return (max(1, (busiest + step - 1) / step) * step, step) }
            }
            magnitude *= 10
        }
    }

    /// `value` scaled to `to` out of `of`, rounded to the nearest whole unit.
    static func scale(_ value: Int, to: Int, of: Int) -> Int { (value * to * 2 + of) / (of * 2) }
}
