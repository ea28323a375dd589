import Testing
@testable import TrackerCore

@Suite struct TimelineChartTestSuite {
    func date(_ text: String) throws -> PartialDate { try PartialDate.parse(text) }

    @Test func countsStartsPerMonthAndTypeFromFirstStartToLatestRecord() throws {
        let chart = TimelineChart(starts: [
            (try date("2024-02-17"), .serviceBlock), (try date("2024-02-08"), .mobileShutdown), (try date("2024-04"), .serviceBlock),
        ], through: try date("2024-06-01"))
        #expect(chart.months.map(TimelineChart.iso) == ["2024-02", "2024-03", "2024-04", "2024-05", "2024-06"])
        #expect(chart.types == [.mobileShutdown, .serviceBlock])
        #expect(chart.counts == [[1, 1], [0, 0], [0, 1], [0, 0], [0, 0]])
        #expect(chart.total == 3)
        #expect(chart.typeTotals == [1, 2])
    }

    @Test func startsKnownOnlyToTheYearAreCountedApart() throws {
        let chart = TimelineChart(starts: [(try date("2023"), .throttling), (try date("2023-12-31"), .fullShutdown)], through: nil)
        #expect(chart.months.map(TimelineChart.iso) == ["2023-12"])
        #expect(chart.yearOnly == 1)
        #expect(chart.types == [.fullShutdown])
    }

    @Test func noDatedStartMeansNoChart() throws {
        let chart = TimelineChart(starts: [(try date("2023"), .throttling)], through: try date("2024-01-01"))
        #expect(chart.months.isEmpty && chart.total == 0)
    }

    @Test func anEarlierLatestRecordNeverShortensTheRange() throws {
        let chart = TimelineChart(starts: [(try date("2024-01-05"), .throttling), (try date("2024-03-05"), .throttling)], through: try date("2024-02"))
        #expect(chart.months.count == 3)
    }

    @Test func theAxisTopIsARoundNumberWithAtMostFiveTicks() {
        #expect(TimelineChart.axisMaximum(0) == (1, 1))
        #expect(TimelineChart.axisMaximum(2) == (2, 1))
        #expect(TimelineChart.axisMaximum(4) == (4, 1))
        #expect(TimelineChart.axisMaximum(5) == (6, 2))
        #expect(TimelineChart.axisMaximum(17) == (20, 5))
        #expect(TimelineChart.axisMaximum(230) == (300, 100))
    }

    @Test func manyMonthsGetNarrowerBarsAndOnlyYearLabels() {
        let few = TimelineChart.Layout(months: 3)
        #expect(few.slot == 72 && few.labelsEveryMonth)
        let many = TimelineChart.Layout(months: 120)
        #expect(many.slot == 6 && !many.labelsEveryMonth)
        #expect(many.width == TimelineChart.Layout.left + 720 + TimelineChart.Layout.right)
    }

    @Test func dayNumbersCountCalendarDays() throws {
        #expect(DayNumber.of(year: 1970, month: 1, day: 1) == 0)
        #expect(DayNumber.of(year: 2024, month: 4, day: 17) - DayNumber.of(year: 2024, month: 2, day: 17) == 60)
        #expect(DayNumber.latest(try date("2024-02")) - DayNumber.earliest(try date("2024-02")) == 28)
        #expect(DayNumber.latest(try date("2023")) - DayNumber.earliest(try date("2023")) == 364)
        #expect(DayNumber.percent(tenths: 128) == "12.8%")
        #expect(DayNumber.percent(tenths: 5) == "0.5%")
    }
}
