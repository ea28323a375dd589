/// A value a template shows: what the renderer builds from the site for each page.
///
/// Typed, so the template engine resolves `{{a.b}}` with dictionary lookups and a switch, without
/// the dynamic casts a `[String: Any]` context needs on every variable.
public enum TemplateValue: Hashable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)
    /// A list made element by element while it renders, so a page listing every incident never holds
    /// all their contexts at once. Boxed, so that a value stays as small as a string: values are copied
    /// at every lookup.
    indirect case generated(GeneratedList)
    /// An object made of `top` laid over `base`: a name in `top` hides the same name in `base`. Adds a
    /// few names to a shared summary without copying it.
    indirect case layered(TemplateObject, base: TemplateValue)
    /// HTML kept out of the process's memory (an incident's body in the build's spill file): shown as a
    /// string would be, and written into the page straight from where it is kept.
    indirect case storedHTML(HTMLStorage)

    /// The value under `key` when this is an object.
    public subscript(key: String) -> TemplateValue? { child(key) }

    /// The value under `key` when this is an object (plain or layered).
    @inline(__always) func child(_ key: String) -> TemplateValue? { child(key, signature: TemplateObject.signature(key)) }

    /// `child(key)`, with `key`'s `TemplateObject.signature` worked out by the caller (once per name, not per object).
    @inline(__always) func child(_ key: String, signature: UInt64) -> TemplateValue? {
        switch self {
        case .object(let object): return object.value(key, signature: signature)
        case .layered(let top, let base): return top.value(key, signature: signature) ?? base.child(key, signature: signature)
        default: return nil
        }
    }

    /// Where the value under `key` is kept (see `TemplateObject.valuePointer`): valid while this value is
    /// alive and unchanged.
    @inline(__always) func childPointer(_ key: String, signature: UInt64) -> UnsafePointer<TemplateValue>? {
        switch self {
        case .object(let object): return object.valuePointer(key, signature: signature)
        case .layered: return layeredChildPointer(key, signature: signature)
        default: return nil
        }
    }

    /// `childPointer` of a layered object: apart, so that `childPointer` itself is not recursive and is inlined
    /// where a name is looked up (a call there cost a copy of the context and of the name).
    @inline(never) private func layeredChildPointer(_ key: String, signature: UInt64) -> UnsafePointer<TemplateValue>? {
        guard case .layered(let top, let base) = self else { return nil }
        return top.valuePointer(key, signature: signature) ?? base.childPointer(key, signature: signature)
    }

    /// The union of the `TemplateObject.bit`s of the names this value has (0 when it is not an object):
    /// a name whose bit is not in it is not here.
    var nameBits: UInt64 {
        switch self {
        case .object(let object): return object.nameBits
        case .layered(let top, let base): return top.nameBits | base.nameBits
        default: return 0
        }
    }

    /// `base` with `top`'s names added (or replaced).
    public static func object(_ top: TemplateObject, over base: TemplateObject) -> TemplateValue {
        .layered(top, base: .object(base))
    }
}

/// Positions of an object's names in an open-addressing table, placed by their `TemplateObject.signature`:
/// a big object's lookup costs, mostly, one comparison.
struct NameTable: Sendable {
    /// Position + 1 of the name in each slot; 0 for an empty slot. The count is a power of two.
    private var slots: [Int32]
    var capacity: Int { slots.count }

    init(_ entries: [TemplateObject.Entry]) {
        var size = 16
        while size < entries.count * 4 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        entries.withUnsafeBufferPointer { entries in
            for index in entries.indices { insert(index, in: entries) }
        }
    }

    @inline(__always) static func slot(_ signature: UInt64) -> Int {
        Int(truncatingIfNeeded: signature ^ (signature >> 29))
    }

    mutating func insert(_ index: Int, in entries: UnsafeBufferPointer<TemplateObject.Entry>) {
        let mask = slots.count - 1
        var slot = Self.slot(entries[index].signature) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    @inline(__always) func position(of key: String, signature: UInt64, in entries: UnsafeBufferPointer<TemplateObject.Entry>) -> Int? {
        let mask = slots.count - 1
        var slot = Self.slot(signature) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            if entries[stored - 1].signature == signature, entries[stored - 1].key == key { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }
}

/// The names and values of one object of a template context, in the order they were set.
///
/// A short list rather than a hash table: objects have a few to twenty names. Each name is kept with its
/// `signature`, a hash the templates' names have worked out once when they are compiled, so a lookup
/// compares a word per name and the name itself only where the words agree. An object that grows past
/// `indexedFrom` names (the theme's strings, `i18n`, have hundreds) also keeps a table from signature
/// to position, so that a lookup does not pass over every name.
/// Setting a name that is already there replaces its value; equality and hashing ignore the order.
public struct TemplateObject: Hashable, Sendable, ExpressibleByDictionaryLiteral, Sequence {
    struct Entry: Hashable, Sendable {
        let key: String
        var value: TemplateValue
        /// `TemplateObject.signature(key)`.
        let signature: UInt64

        init(key: String, value: TemplateValue, signature: UInt64) {
            self.key = key
            self.value = value
            self.signature = signature
        }

        /// `key` and its value, for `TemplateObject.init(_:)`.
        init(_ key: String, _ value: TemplateValue) {
            self.init(key: key, value: value, signature: TemplateObject.signature(key))
        }
    }

    private(set) var entries: [Entry] = []
    /// Each name's position in `entries`, kept once there are more than `indexedFrom` of them.
    private var positions: NameTable?
    static let indexedFrom = 64
    /// The union of the names' `bit`s: a name whose bit is not in it is not here, found without a look at
    /// the names. Most lookups are such misses, in the contexts a name is looked up in before its own.
    private(set) var nameBits: UInt64 = 0

    /// A name's 64-bit FNV-1a hash of its UTF-8 bytes.
    static func signature(_ key: String) -> UInt64 {
        @inline(__always) func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
        if let hash = key.utf8.withContiguousStorageIfAvailable(hash) { return hash }
        var key = key
        return key.withUTF8(hash)
    }

    /// One of 64 bits for a name, from its signature's top six bits.
    @inline(__always) static func bit(signature: UInt64) -> UInt64 { 1 &<< (signature >> 58) }

    public init() {}

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(pairs: elements)
    }

    /// The names and values in order, a later value of a name replacing an earlier one (as setting them one by
    /// one would): made in one pass into an array of their size.
    init(pairs: [(String, TemplateValue)]) {
        self.init(pairs.map { Entry($0.0, $0.1) })
    }

    /// The names and values of `entries`, in order, a later value of a name replacing an earlier one: what a
    /// literal makes, with the array given kept as the object's own. The contexts every page makes use it: a
    /// literal's list of pairs cost an allocation, a copy of each pair and their destruction one by one through
    /// the tuple's type (more than making the object).
    init(_ entries: [Entry]) {
        var bits: UInt64 = 0
        var mayRepeat = false
        for entry in entries {
            let bit = Self.bit(signature: entry.signature)
            if bits & bit != 0 { mayRepeat = true }
            bits |= bit
        }
        if mayRepeat, Self.repeatsAName(entries) {
            self.reserveCapacity(entries.count)
            for entry in entries { set(entry.key, entry.value) }
            return
        }
        self.entries = entries
        nameBits = bits
        if entries.count > Self.indexedFrom { positions = NameTable(entries) }
    }

    /// Whether two of `entries` have the same name.
    private static func repeatsAName(_ entries: [Entry]) -> Bool {
        for later in entries.indices.dropFirst() {
            for earlier in 0 ..< later where entries[earlier].signature == entries[later].signature && entries[earlier].key == entries[later].key {
                return true
            }
        }
        return false
    }

    @inline(__always) private func position(of key: String, signature: UInt64) -> Int? {
        guard nameBits & Self.bit(signature: signature) != 0 else { return nil }
        return entries.withUnsafeBufferPointer { entries in
            if let positions { return positions.position(of: key, signature: signature, in: entries) }
            return entries.firstIndex { $0.signature == signature && $0.key == key }
        }
    }

    /// The value under `key`, whose `signature` is `signature`.
    @inline(__always) func value(_ key: String, signature: UInt64) -> TemplateValue? {
        valuePointer(key, signature: signature)?.pointee
    }

    /// Where the value under `key` (whose `signature` is `signature`) is kept, to be read without a copy:
    /// valid while this object is alive and unchanged.
    @inline(__always) func valuePointer(_ key: String, signature: UInt64) -> UnsafePointer<TemplateValue>? {
        guard nameBits & Self.bit(signature: signature) != 0 else { return nil }
        return entries.withUnsafeBufferPointer { entries -> UnsafePointer<TemplateValue>? in
            if let positions {
                guard let position = positions.position(of: key, signature: signature, in: entries) else { return nil }
                return Self.valuePointer(entries.baseAddress! + position)
            }
            // Signatures first: a word is compared inline, while comparing two different strings is a call.
            for index in entries.indices where entries[index].signature == signature && entries[index].key == key {
                return Self.valuePointer(entries.baseAddress! + index)
            }
            return nil
        }
    }

    @inline(__always) private static func valuePointer(_ entry: UnsafePointer<Entry>) -> UnsafePointer<TemplateValue> {
        (UnsafeRawPointer(entry) + valueOffset).assumingMemoryBound(to: TemplateValue.self)
    }

    /// Where an entry's value starts: after its name, as Swift lays out the stored properties in order. A
    /// constant rather than `MemoryLayout<Entry>.offset(of: \.value)`, which a lookup would read through a
    /// lazily made global (and the call to make sure of it cost copies around it); a test checks the two agree.
    @inline(__always) static var valueOffset: Int { MemoryLayout<String>.size }

    public subscript(key: String) -> TemplateValue? {
        @inline(__always) get { value(key, signature: Self.signature(key)) }
        set {
            // `newValue` read once, into `set`, which takes it: reading it in each branch copied it and then
            // dropped the original, a retain and a release for every name set.
            switch consume newValue {
            case .some(let value): set(key, value)
            case .none: remove(key)
            }
        }
    }

    /// Sets `key` to `value`, replacing the value the name had.
    mutating func set(_ key: String, _ value: consuming TemplateValue) {
        let signature = Self.signature(key)
        if let index = position(of: key, signature: signature) {
            entries[index].value = value
            return
        }
        entries.append(Entry(key: key, value: value, signature: signature))
        nameBits |= Self.bit(signature: signature)
        if positions != nil, positions!.capacity >= entries.count * 2 {
            entries.withUnsafeBufferPointer { positions!.insert($0.count - 1, in: $0) }
        } else if entries.count > Self.indexedFrom {
            positions = NameTable(entries)
        }
    }

    /// Removes `key` and its value, if the object has it.
    private mutating func remove(_ key: String) {
        guard let index = position(of: key, signature: Self.signature(key)) else { return }
        entries.remove(at: index)
        nameBits = entries.reduce(0) { $0 | Self.bit(signature: $1.signature) }
        positions = entries.count > Self.indexedFrom ? NameTable(entries) : nil
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }

    public func mapValues<T>(_ transform: (TemplateValue) -> T) -> [String: T] {
        Dictionary(entries.map { ($0.key, transform($0.value)) }, uniquingKeysWith: { _, last in last })
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: TemplateValue)> {
        entries.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    public static func == (a: TemplateObject, b: TemplateObject) -> Bool {
        a.count == b.count && a.entries.allSatisfy { b[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, as a dictionary's: the sum of each entry's own hash.
        var sum = 0
        for entry in entries { sum = sum &+ entry.hashValue }
        hasher.combine(count)
        hasher.combine(sum)
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByStringInterpolation
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(pairs: elements))
    }
}

extension TemplateValue {
    public init(_ string: String) { self = .string(string) }
    public init(_ int: Int) { self = .int(int) }
    public init(_ bool: Bool) { self = .bool(bool) }
    public init(_ object: TemplateObject) { self = .object(object) }
    public init(_ list: [TemplateObject]) { self = .list(list.map(TemplateValue.object)) }
    public init(_ list: [String]) { self = .list(list.map(TemplateValue.string)) }
    public init(_ list: [TemplateValue]) { self = .list(list) }

    /// The value as swift-mustache sees it (`[String: Any]`, arrays, strings, numbers, Booleans):
    /// tests render the theme with both engines and compare the bytes.
    public var anyValue: Any {
        switch self {
        case .string(let string): return string
        case .storedHTML(let html): return html.text
        case .int(let int): return int
        case .bool(let bool): return bool
        case .list(let list): return list.map(\.anyValue)
        case .object(let object): return object.mapValues(\.anyValue)
        case .generated(let list): return list.elements.map(\.anyValue)
        case .layered(let top, let base):
            var merged = base.anyValue as? [String: Any] ?? [:]
            for (key, value) in top { merged[key] = value.anyValue }
            return merged
        }
    }
}

/// The elements of a list, made on demand: `count` elements, element `i` by `element(i)`.
///
/// With a cache, a section over the list keeps the bytes it rendered for each element (under
/// `cacheSlot(i)`) and copies them the next time, as long as rendering the element looked up nothing
/// outside it: the preview's rebuilds reuse the timeline's events this way.
public struct GeneratedList: Hashable, Sendable {
    public let count: Int
    let element: @Sendable (Int) -> TemplateValue
    let cache: FragmentCache?
    let cacheSlot: @Sendable (Int) -> Int

    public init(count: Int, element: @escaping @Sendable (Int) -> TemplateValue) {
        self.init(count: count, cache: nil, cacheSlot: { $0 }, element: element)
    }

    init(count: Int, cache: FragmentCache?, cacheSlot: @escaping @Sendable (Int) -> Int, element: @escaping @Sendable (Int) -> TemplateValue) {
        self.count = count
        self.element = element
        self.cache = cache
        self.cacheSlot = cacheSlot
    }

    /// Every element, made now (for comparisons and tests; rendering makes them one at a time).
    public var elements: [TemplateValue] { (0 ..< count).map(element) }

    public static func == (a: GeneratedList, b: GeneratedList) -> Bool { a.elements == b.elements }
    public func hash(into hasher: inout Hasher) { hasher.combine(elements) }
}

extension TemplateValue {
    /// A generated list over `items`, element `i` made by `element(items[i])`.
    public static func generated<C: RandomAccessCollection & Sendable>(_ items: C, _ element: @escaping @Sendable (C.Element) -> TemplateValue) -> TemplateValue
        where C.Index == Int
    {
        let start = items.startIndex
        return .generated(GeneratedList(count: items.count) { element(items[start + $0]) })
    }

    /// A generated list over item numbers whose rendered sections are kept in `cache` under the item's number.
    static func generated<C: RandomAccessCollection & Sendable>(_ items: C, cache: FragmentCache?, _ element: @escaping @Sendable (Int) -> TemplateValue) -> TemplateValue
        where C.Index == Int, C.Element == Int
    {
        let start = items.startIndex
        return .generated(GeneratedList(count: items.count, cache: cache, cacheSlot: { items[start + $0] }) { element(items[start + $0]) })
    }
}
