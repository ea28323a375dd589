import Foundation

/// HTML fragments rendered once per item and reused by every page that lists the item: an incident's
/// table row appears on the incidents page, its country page and each platform page, and its card on
/// many related lists. Filled lazily, so an incremental rebuild renders only the fragments it needs.
final class FragmentCache: @unchecked Sendable {
    private var slots: [String?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The fragments carried over to a rebuilt site: `earlier[i]` is the index item `i` had here, or nil
    /// for an item that is new or changed. The preview's rebuild then renders only those fragments again.
    func carried(to earlier: [Int?]) -> FragmentCache {
        let carried = FragmentCache(count: earlier.count)
        lock.lock()
        carried.slots = earlier.map { $0.flatMap { slots[$0] } }
        lock.unlock()
        return carried
    }

    /// The fragment for `index`, made by `render` the first time. Two threads may both render it once; the bytes are the same.
    func fragment(_ index: Int, _ render: () -> String) -> String {
        lock.lock()
        let cached = slots[index]
        lock.unlock()
        if let cached { return cached }
        let made = render()
        lock.lock()
        slots[index] = made
        lock.unlock()
        return made
    }
}
