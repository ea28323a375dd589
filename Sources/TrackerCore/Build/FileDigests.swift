import Foundation

/// File digests gathered on every thread while loading.
final class FileDigests: @unchecked Sendable {
    private var values: [String: String] = [:]
    private let lock = NSLock()

    func record(_ relative: String, _ digest: String) {
        lock.lock()
        values[relative] = digest
        lock.unlock()
    }

    var all: [String: String] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
