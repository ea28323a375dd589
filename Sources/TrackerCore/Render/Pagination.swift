/// How a list of `count` items splits into pages of `size`: page 1 at the list's own address, page `n`
/// at `page/n/` (`Route.listPage`). An empty list is one (empty) page.
struct Pagination: Sendable, Hashable {
    let count: Int
    let size: Int

    var pageCount: Int { max(1, (count + size - 1) / size) }

    /// The positions of the items page `number` shows.
    func items(onPage number: Int) -> Range<Int> { min(count, (number - 1) * size) ..< min(count, number * size) }

    /// The page showing the item at `position`.
    func page(of position: Int) -> Int { position / size + 1 }

    /// The page numbers a page's navigation links to: the first, the last, and two either side of the
    /// current one; nil marks a gap of two pages or more. Every number when there are few pages.
    func window(around current: Int) -> [Int?] {
        var shown = Set([1, pageCount] + Array(max(1, current - 2) ... min(pageCount, current + 2)))
        // A gap of one page shows the page instead.
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
}
