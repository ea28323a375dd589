import Dispatch
import Foundation

/// Time spent per kind of page, summed across threads, for `tracker build --timings`.
final class RenderTimings: @unchecked Sendable {
    private var totals: [String: (nanoseconds: UInt64, count: Int)] = [:]
    private let lock = NSLock()

    func add(_ category: String, since start: DispatchTime) {
        let elapsed = DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds
        lock.lock()
        let previous = totals[category] ?? (0, 0)
        totals[category] = (previous.nanoseconds + elapsed, previous.count + 1)
        lock.unlock()
    }

    /// Most expensive first.
    func sorted() -> [(name: String, seconds: Double, count: Int)] {
        lock.lock()
        defer { lock.unlock() }
        return totals.map { ($0.key, Double($0.value.nanoseconds) / 1e9, $0.value.count) }.sorted { ($0.seconds, $1.name) > ($1.seconds, $0.name) }
    }
}
