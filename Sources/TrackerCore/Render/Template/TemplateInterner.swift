import Foundation

/// Shares the small template values many incidents have in common (a date, a country, a platform, a
/// type or status): made once and then reused, so ten thousand summaries hold a few hundred of them
/// rather than ten thousand copies. Values are immutable, so sharing cannot change what renders.
final class TemplateInterner: @unchecked Sendable {
    static let shared = TemplateInterner()

    private var values: [String: TemplateValue] = [:]
    private let lock = NSLock()

    func value(_ key: String, _ make: () -> TemplateValue) -> TemplateValue {
        lock.lock()
        if let value = values[key] {
            lock.unlock()
            return value
        }
        lock.unlock()
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if let value = values[key] { return value }
        values[key] = made
        return made
    }
}
