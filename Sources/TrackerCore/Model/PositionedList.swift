/// A list that grows by appending and is asked where an element first is. A handful of elements are
/// searched in order (cheaper than hashing each one); past `scanned` they are found through a dictionary,
/// so a list of thousands (an incident citing thousands of sources) is not searched once per element.
/// Elements are compared as `==` compares them, and the first of equal elements is the one found,
/// as `Array.firstIndex(of:)` finds it.
struct PositionedList<Element: Hashable> {
    private(set) var elements: [Element]
    private var positions: [Element: Int]?

    /// How many elements are searched in order before the dictionary is made.
    static var scanned: Int { 32 }

    init(_ elements: [Element] = []) {
        self.elements = elements
        if elements.count > Self.scanned { makePositions() }
    }

    var count: Int { elements.count }

    func firstIndex(of element: Element) -> Int? {
        if let positions { return positions[element] }
        return elements.firstIndex(of: element)
    }

    /// Appends `element`: its position is `count - 1` now, unless an equal element came before it.
    mutating func append(_ element: Element) {
        elements.append(element)
        if positions != nil {
            if positions![element] == nil { positions![element] = elements.count - 1 }
        } else if elements.count > Self.scanned {
            makePositions()
        }
    }

    private mutating func makePositions() {
        var made: [Element: Int] = [:]
        made.reserveCapacity(2 * elements.count)
        for (position, element) in elements.enumerated() where made[element] == nil { made[element] = position }
        positions = made
    }
}
