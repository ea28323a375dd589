#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ByteScan
import Foundation

/// The hash's seed for every `ByteKeyedTable`: drawn once per process, so no file can be written to make a
/// table's keys collide. Nothing depends on where a key lands.
private let byteKeyedTableSeed = UInt64.random(in: 0 ... .max)

/// Strings to values, found by their UTF-8 bytes: hashed eight bytes at a time (`tracker_key_hash`) into an open-addressed
/// table and compared with `memcmp`. A `Dictionary` with `String` keys hashes every key looked up with SipHash
/// and compares the keys through Unicode's rules, several hundred instructions a look-up: a site looks its
/// sources up by id hundreds of thousands of times (every citation checked, every reference listed). Keys
/// are told apart by their bytes, which for keys all below 0x80 is what `String`'s `==` does (see
/// `StringTable` for the others).
struct ByteKeyedTable<Value> {
    private struct Slot {
        let hash: UInt64
        let key: String
        var value: Value
    }

    /// A power of two, at least twice `count`: probes stay short.
    private var slots: [Slot?]
    private(set) var count = 0

    init(minimumCapacity: Int = 0) {
        var size = 8
        while size < 2 * minimumCapacity { size *= 2 }
        slots = Array(repeating: nil, count: size)
    }

    /// `body` with the string's UTF-8 bytes, without a copy for a native string.
    @inline(__always) static func withBytes<Result>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }

    /// The key's hash and whether it is all ASCII.
    @inline(__always) static func hash(_ key: String) -> (hash: UInt64, ascii: Bool) {
        withBytes(key) { bytes in
            var ascii = false
            let hash = tracker_key_hash(bytes.baseAddress, bytes.count, byteKeyedTableSeed, &ascii)
            return (hash, ascii)
        }
    }

    /// The hash of a key's UTF-8 bytes, as `hash(_:)` makes it for the string.
    @inline(__always) static func hash(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var ascii = false
        return tracker_key_hash(bytes.baseAddress, bytes.count, byteKeyedTableSeed, &ascii)
    }

    /// Where `key` is, or the empty slot where it would go.
    private func position(of key: String, hash: UInt64) -> (index: Int, found: Bool) {
        Self.withBytes(key) { position(ofBytes: $0, hash: hash) }
    }

    /// Where the key with these UTF-8 bytes is, or the empty slot where it would go.
    private func position(ofBytes bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (index: Int, found: Bool) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while let slot = slots[index] {
                if slot.hash == hash, Self.withBytes(slot.key, { Self.equal($0, bytes) }) { return (index, true) }
                index = (index + 1) & mask
            }
            return (index, false)
        }
    }

    @inline(__always) private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let left = a.baseAddress, let right = b.baseAddress else { return true }
        return memcmp(left, right, a.count) == 0
    }

    func value(for key: String, hash: UInt64) -> Value? {
        let (index, found) = position(of: key, hash: hash)
        return found ? slots[index]!.value : nil
    }

    subscript(key: String) -> Value? { value(for: key, hash: Self.hash(key).hash) }

    /// The value of the key whose UTF-8 bytes are `bytes`, without making a string of them.
    func value(forBytes bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        let (index, found) = position(ofBytes: bytes, hash: Self.hash(bytes: bytes))
        return found ? slots[index]!.value : nil
    }

    /// Adds `key` with `value` unless a key with the same bytes is there: the key and value kept either way.
    @discardableResult
    mutating func insert(_ key: String, _ value: Value, hash: UInt64) -> (inserted: Bool, key: String, value: Value) {
        var (index, found) = position(of: key, hash: hash)
        if found {
            let slot = slots[index]!
            return (false, slot.key, slot.value)
        }
        if 2 * (count + 1) > slots.count {
            grow()
            index = position(of: key, hash: hash).index
        }
        slots[index] = Slot(hash: hash, key: key, value: value)
        count += 1
        return (true, key, value)
    }

    @discardableResult
    mutating func insert(_ key: String, _ value: Value) -> (inserted: Bool, key: String, value: Value) {
        insert(key, value, hash: Self.hash(key).hash)
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: old.count * 2)
        let mask = slots.count - 1
        for case let slot? in old {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index] != nil { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}

/// A read-mostly `[String: Value]` with `String`'s own equality, faster for ASCII keys: those are in a
/// `ByteKeyedTable`, where equal bytes are equal strings. Keys with other characters keep a `Dictionary`,
/// which compares them as `String` does (canonically equivalent spellings are one key: an id typed
/// precomposed finds a file named decomposed); a look-up the fast table misses asks it too whenever
/// a key might be equivalent to one of the other kind (a few characters, such as the Kelvin sign,
/// are equivalent to ASCII ones).
struct StringTable<Value>: @unchecked Sendable {
    private var ascii: ByteKeyedTable<Value>
    private var others: [String: Value] = [:]

    init(minimumCapacity: Int = 0) { ascii = ByteKeyedTable(minimumCapacity: minimumCapacity) }

    /// The pairs in order; a later pair with a key equal to an earlier one's is left out.
    init<Pairs: Sequence>(_ pairs: Pairs) where Pairs.Element == (String, Value) {
        self.init(minimumCapacity: pairs.underestimatedCount)
        for (key, value) in pairs where self[key] == nil { insert(key, value) }
    }

    var count: Int { ascii.count + others.count }

    mutating func insert(_ key: String, _ value: Value) {
        let (hash, isASCII) = ByteKeyedTable<Value>.hash(key)
        if isASCII { ascii.insert(key, value, hash: hash) } else { others[key] = value }
    }

    subscript(key: String) -> Value? {
        let (hash, isASCII) = ByteKeyedTable<Value>.hash(key)
        if isASCII {
            if let value = ascii.value(for: key, hash: hash) { return value }
            return others.isEmpty ? nil : others[key]
        }
        if let value = others[key] { return value }
        // Its canonical composition may be all ASCII ("\u{212A}" is "K"): then only that can equal an ASCII key.
        guard ascii.count > 0 else { return nil }
        let composed = key.precomposedStringWithCanonicalMapping
        let (composedHash, composedASCII) = ByteKeyedTable<Value>.hash(composed)
        return composedASCII ? ascii.value(for: composed, hash: composedHash) : nil
    }
}
