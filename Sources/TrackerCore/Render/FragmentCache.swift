import Foundation

/// HTML fragments rendered once per item and reused by every page that lists the item: an incident's
/// table row appears on the incidents page, its country page and each platform page, and its card on
/// many related lists. Filled lazily, so an incremental rebuild renders only the fragments it needs.
///
/// The preview also keeps, per item, the bytes each large site-wide page wrote for it (a timeline
/// event, a record of the data exports, an entry of the search index): its next rebuild copies them
/// instead of rendering them again.
final class FragmentCache: @unchecked Sendable {
    /// One item's fragment: text in the heap, or (`store` set) bytes kept in the preview's page store.
    enum Fragment: Equatable {
        case text(String)
        /// Readable for as long as the store lives, which the cache holds.
        case kept(UnsafeRawBufferPointer)

        static func == (lhs: Fragment, rhs: Fragment) -> Bool {
            switch (lhs, rhs) {
            case (.text(let left), .text(let right)): left == right
            case (.kept(let left), .kept(let right)): left.elementsEqual(right)
            default: false
            }
        }
    }

    private var slots: [Fragment?]
    private let lock = NSLock()
    /// Where the fragments written through `append` and `store(_:from:start:)` are kept, out of the heap:
    /// the preview keeps the fragments of every item of the large site-wide pages, tens of megabytes.
    let store: PageStore?
    /// For a cache of template sections: which section body, rendered in which setting, fills it.
    private var owner: Int?
    /// The fragments `forget` dropped, until they are made again, and whether one made again differs: then
    /// the one page written from this cache (an export) differs from the last build's without comparing it whole.
    private var forgotten: [Int: Fragment] = [:]
    private var remadeDiffering = false

    init(count: Int, store: PageStore? = nil) {
        slots = Array(repeating: nil, count: count)
        self.store = store
    }

    /// The fragments carried over to a rebuilt site: `earlier[i]` is the index item `i` had here, or nil
    /// for an item that is new or changed. The preview's rebuild then renders only those fragments again.
    func carried(to earlier: [Int?]) -> FragmentCache {
        let carried = FragmentCache(count: earlier.count, store: store)
        lock.lock()
        carried.slots = earlier.map { $0.flatMap { slots[$0] } }
        carried.owner = owner
        lock.unlock()
        return carried
    }

    /// An empty cache that keeps its fragments where this one does.
    func emptied(count: Int) -> FragmentCache { FragmentCache(count: count, store: store) }

    /// True when the section identified by `owner` may use this cache: the first to ask, and only it after that.
    func claim(for owner: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if self.owner == nil { self.owner = owner }
        return self.owner == owner
    }

    /// Forgets the fragments of the given items, in place: the preview's rebuild of a site whose items kept
    /// their indices shares the cache with the renderer it replaces (copying it would retain every fragment).
    func forget(_ indices: some Sequence<Int>) {
        lock.lock()
        remadeDiffering = false
        for index in indices {
            if let fragment = slots[index] { forgotten[index] = fragment }
            slots[index] = nil
        }
        lock.unlock()
    }

    /// Whether a fragment made since the last `forget` differs from the one it dropped.
    var remadeAnother: Bool {
        lock.lock()
        defer { lock.unlock() }
        return remadeDiffering
    }

    /// The fragment for `index` as text, made by `render` the first time. Two threads may both render it once; the bytes are the same.
    func fragment(_ index: Int, _ render: () -> String) -> String {
        if let cached = cached(index) { return cached }
        let made = render()
        keep(index, .text(made))
        return made
    }

    /// The fragment for `index` as text, if there is one.
    func cached(_ index: Int) -> String? {
        switch slot(index) {
        case .text(let text)?: text
        case .kept(let bytes)?: String(decoding: bytes, as: UTF8.self)
        case nil: nil
        }
    }

    /// Whether the fragment for `index` is kept in the store, not the heap.
    func isKept(_ index: Int) -> Bool {
        if case .kept? = slot(index) { true } else { false }
    }

    private func slot(_ index: Int) -> Fragment? {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]
    }

    private func keep(_ index: Int, _ fragment: Fragment) {
        lock.lock()
        slots[index] = fragment
        if let before = forgotten.removeValue(forKey: index), before != fragment { remadeDiffering = true }
        lock.unlock()
    }

    /// Appends the fragment for `index` to `output` when there is one, and says whether there was.
    func appendCached(_ index: Int, to output: ByteBuffer) -> Bool {
        switch slot(index) {
        case .text(let text)?: output.append(text)
        case .kept(let bytes)?: output.append(bytes.assumingMemoryBound(to: UInt8.self))
        case nil: return false
        }
        return true
    }

    /// Keeps what `output` holds from `start` as the fragment for `index`.
    func store(_ index: Int, from output: ByteBuffer, start: Int) {
        let kept = store.flatMap { store in
            output.withBytes { written in store.keep(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: written[start...]))) }
        }
        // A store that cannot take the bytes leaves them in the heap.
        keep(index, kept.map(Fragment.kept) ?? .text(output.string(from: start)))
    }

    /// Appends the fragment for `index` to `output`, writing it with `write` (into `output`) the first time.
    func append(_ index: Int, to output: ByteBuffer, _ write: () -> Void) {
        if appendCached(index, to: output) { return }
        let start = output.count
        write()
        store(index, from: output, start: start)
    }
}

/// A value made the first time it is asked for, by whichever thread asks first.
final class Memo<Value: Sendable>: @unchecked Sendable {
    private var made: Value?
    private var isMade = false
    private let lock = NSLock()

    func value(_ make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if !isMade {
            made = make()
            isMade = true
        }
        return made!
    }
}

/// Values made once per key, for any thread that asks (two threads may both make one; the first kept wins).
final class KeyedMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private var made: [Key: Value] = [:]
    private let lock = NSLock()

    func value(_ key: Key, _ make: () -> Value) -> Value {
        lock.lock()
        if let value = made[key] {
            lock.unlock()
            return value
        }
        lock.unlock()
        let value = make()
        lock.lock()
        defer { lock.unlock() }
        if let earlier = made[key] { return earlier }
        made[key] = value
        return value
    }
}

/// The site-wide figures a renderer makes once. They depend only on the incidents' dates, types and
/// statuses (and the taxonomy terms), so a preview rebuild that changed none of those keeps them.
final class RendererMemos: Sendable {
    let chart = Memo<TemplateObject?>()
    /// The world map (`SiteRenderer.mapContext`): drawn from the incidents' countries, types and statuses.
    let map = Memo<TemplateObject?>()
    let filters = Memo<TemplateObject>()
    /// Per incident, whether it is ongoing: counted on the home page and for every term.
    let ongoing = Memo<[Bool]>()
    /// Each year of the timeline and the position of its first entry (the timeline's year index).
    let timelineYears = Memo<[(year: Int, first: Int)]>()
}
