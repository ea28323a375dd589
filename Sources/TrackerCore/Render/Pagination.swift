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
    /// current one; nil marks a gap of two pages or more (a gap of one page shows the page instead). Every
    /// number when there are few pages. Made from those few numbers, not by going through every page: a
    /// list of thousands of pages asked this for each of its pages.
    func window(around current: Int) -> [Int?] {
        let last = pageCount
        let around = max(1, min(last, current - 2)) ... max(1, min(last, current + 2))
        var numbers: [Int?] = []
        var previous = 0
        for number in [1] + Array(around) + [last] where number > previous {
            if number - previous == 2 {
                numbers.append(previous + 1)
            } else if number - previous > 2 {
                numbers.append(nil)
            }
            numbers.append(number)
            previous = number
        }
        return numbers
    }
}
