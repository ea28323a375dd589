import Foundation

/// One copy of each repeated string read while loading a site (`tracker build`): source ids cited again and
/// again, the same authority, region or stated reason in many files. Each read value otherwise owns its
/// own heap copy, and on a large site those copies are a good part of what the build holds until it ends.
/// Strings of up to 15 UTF-8 bytes are stored inside the `String` itself and are returned as they are.
/// Dropped with the loader once loading is done: the strings it handed out live on in the site.
final class StringInterner: @unchecked Sendable {
    private var strings: Set<String> = []
    private let lock = NSLock()

    /// `string`, or an equal string handed out before (sharing its storage).
    func intern(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        lock.lock()
        defer { lock.unlock() }
        return strings.insert(string).memberAfterInsert
    }
}

extension Optional where Wrapped == StringInterner {
    func intern(_ string: String) -> String { self?.intern(string) ?? string }
}
