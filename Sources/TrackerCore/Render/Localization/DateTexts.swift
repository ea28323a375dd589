import Foundation
import Synchronization

/// The dates of one language as pages show them (`{{date.iso}}`, `{{date.display}}`, and the display text
/// alone): made once per date, then read by every page and every thread without a lock. Pages ask for a
/// date about 14 times per incident (its summary, page, duration, timeline and citation); a dictionary
/// behind a lock cost about 1,200 instructions a look-up (hashing the key, the lock, the copy), and the
/// display texts asked for on their own (durations, search entries, sources) were written again each time.
///
/// An open-addressing table that only grows: each slot's key word is 0 while it is free, the date's
/// `PartialDate.packed` with the low bit clear while one thread writes its value, and with the low bit
/// set once the value can be read (stored with release ordering after the value, loaded with acquire
/// ordering before it). A thread that finds a date being written, or the table too full, makes the texts
/// itself and keeps nothing: the same bytes either way.
final class DateTexts: @unchecked Sendable {
    struct Entry {
        let context: TemplateValue
        let display: String
    }

    /// Slots in the table: a power of two, several times the days of many decades.
    static let capacity = 1 << 15
    /// A date is looked for in at most this many slots from its own.
    static let probes = 64

    private let keys: UnsafeMutablePointer<Atomic<UInt64>>
    private let entries: UnsafeMutablePointer<Entry>

    init() {
        keys = .allocate(capacity: Self.capacity)
        for slot in 0 ..< Self.capacity { (keys + slot).initialize(to: Atomic(0)) }
        entries = .allocate(capacity: Self.capacity)
    }

    deinit {
        for slot in 0 ..< Self.capacity where keys[slot].load(ordering: .acquiring) & 1 == 1 {
            (entries + slot).deinitialize(count: 1)
        }
        keys.deinitialize(count: Self.capacity)
        keys.deallocate()
        entries.deallocate()
    }

    /// `date`'s context and display text; `display` writes the text when the date is new.
    func entry(_ date: PartialDate, display: (PartialDate) -> String) -> Entry {
        read(date, display: display) { $0.pointee }
    }

    /// `date`'s context alone: copying the whole entry retained (and released) its display text too.
    func context(_ date: PartialDate, display: (PartialDate) -> String) -> TemplateValue {
        read(date, display: display) { $0.pointee.context }
    }

    /// `date`'s display text alone: copying the whole entry retained (and released) its context, an object every
    /// page of the date shares, whose count both cores then write.
    func display(_ date: PartialDate, display: (PartialDate) -> String) -> String {
        read(date, display: display) { $0.pointee.display }
    }

    /// What `field` reads of `date`'s entry, where it is kept.
    @inline(__always)
    private func read<Field>(_ date: PartialDate, display: (PartialDate) -> String, _ field: (UnsafePointer<Entry>) -> Field) -> Field {
        let packed = date.packed
        let (writing, ready) = (packed << 1, packed << 1 | 1)
        var slot = Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 49) & (Self.capacity - 1)
        for _ in 0 ..< Self.probes {
            var key = keys[slot].load(ordering: .acquiring)
            if key == 0 {
                let (claimed, found) = keys[slot].compareExchange(expected: 0, desired: writing, successOrdering: .relaxed,
                                                                  failureOrdering: .acquiring)
                if claimed {
                    (entries + slot).initialize(to: Self.made(date, display))
                    keys[slot].store(ready, ordering: .releasing)
                    return field(entries + slot)
                }
                key = found
            }
            if key == ready { return field(entries + slot) }
            if key == writing { break }
            slot = (slot + 1) & (Self.capacity - 1)
        }
        return withUnsafePointer(to: Self.made(date, display), field)
    }

    private static func made(_ date: PartialDate, _ write: (PartialDate) -> String) -> Entry {
        let display = write(date)
        return Entry(context: .object(TemplateObject([.init("iso", .string(date.iso)), .init("display", .string(display))])), display: display)
    }

    /// One table per language code, kept for the life of the process (a preview makes a renderer, and its
    /// `Localization`, for every rebuild: the dates stay made). A date's texts depend on the code alone.
    static func shared(_ code: String) -> DateTexts {
        // An `NSLock` (a pthread mutex) rather than a `Mutex`, whose futex ThreadSanitizer cannot see.
        tablesLock.lock()
        defer { tablesLock.unlock() }
        if let table = tables[code] { return table }
        let table = DateTexts()
        tables[code] = table
        return table
    }

    nonisolated(unsafe) private static var tables: [String: DateTexts] = [:]
    private static let tablesLock = NSLock()
}
