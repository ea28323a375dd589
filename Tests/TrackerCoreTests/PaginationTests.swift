import Testing
@testable import TrackerCore

@Suite struct PaginationTestSuite {
    /// The numbered links around a page: the first, the last, two either side of the current one, a gap
    /// (nil) for two pages or more left out, and a single page left out shown instead.
    @Test func theWindowAroundAPage() {
        func window(_ current: Int, of pages: Int) -> String {
            Pagination(count: pages * 10, size: 10).window(around: current).map { $0.map(String.init) ?? "…" }.joined(separator: " ")
        }
        #expect(window(1, of: 1) == "1")
        #expect(window(1, of: 2) == "1 2")
        #expect(window(2, of: 2) == "1 2")
        #expect(window(1, of: 7) == "1 2 3 … 7")
        #expect(window(1, of: 5) == "1 2 3 4 5")
        #expect(window(4, of: 7) == "1 2 3 4 5 6 7")
        #expect(window(5, of: 9) == "1 2 3 4 5 6 7 8 9")
        #expect(window(6, of: 12) == "1 … 4 5 6 7 8 … 12")
        #expect(window(12, of: 12) == "1 … 10 11 12")
        #expect(window(3_000, of: 6_000) == "1 … 2998 2999 3000 3001 3002 … 6000")
        #expect(Pagination(count: 0, size: 10).window(around: 1) == [1])
    }

    /// The window is what marking every page and reading them all in order gives (the first way it was
    /// made, which cost a pass over every page for each page of a long list).
    @Test func theWindowIsWhatReadingEveryPageGives() {
        func everyPage(_ current: Int, of pageCount: Int) -> [Int?] {
            var shown = Set([1, pageCount] + Array(max(1, current - 2) ... min(pageCount, current + 2)))
            for number in 2 ..< max(2, pageCount) where shown.contains(number - 1) && shown.contains(number + 1) { shown.insert(number) }
            var numbers: [Int?] = []
            for number in 1 ... pageCount {
                if shown.contains(number) {
                    numbers.append(number)
                } else if numbers.last.map({ $0 != nil }) ?? true {
                    numbers.append(nil)
                }
            }
            return numbers
        }
        for pageCount in 1 ... 40 {
            let pagination = Pagination(count: pageCount * 3 - 1, size: 3)
            #expect(pagination.pageCount == pageCount)
            for current in 1 ... pageCount {
                #expect(pagination.window(around: current) == everyPage(current, of: pageCount), "page \(current) of \(pageCount)")
            }
        }
    }
}
