import Foundation

/// One copy of each repeated string read while loading a site (`tracker build`): source ids cited again and
/// again, the same authority, region or stated reason in many files. Each read value otherwise owns its
/// own heap copy, and on a large site those copies are a good part of what the build holds until it ends.
/// Strings of up to 15 UTF-8 bytes are stored inside the `String` itself and are returned as they are.
/// Dropped with the loader once loading is done: the strings it handed out live on in the site.
final class StringInterner: @unchecked Sendable {
    /// By their bytes (`ByteKeyedTable`): a `Set` hashed each string with SipHash, about a thousand
    /// instructions for a long one, while holding the lock the loading threads share. Strings with the
    /// same bytes are shared; canonically equivalent ones spelled differently each keep their spelling.
    private var strings = ByteKeyedTable<Void>()
    private let lock = NSLock()

    /// `string`, or an equal string handed out before (sharing its storage).
    func intern(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        // Hashed before taking the lock.
        let hash = ByteKeyedTable<Void>.hash(string).hash
        lock.lock()
        defer { lock.unlock() }
        return strings.insert(string, (), hash: hash).key
    }
}

extension Optional where Wrapped == StringInterner {
    func intern(_ string: String) -> String { self?.intern(string) ?? string }
}
