import Dispatch
import Foundation

/// Where a build's time goes, for `tracker build --timings`: the stages before and after rendering
/// (wall time, in pipeline order), and the time spent rendering and writing each kind of page
/// (summed across threads).
final class RenderTimings: @unchecked Sendable {
    private var totals: [String: (nanoseconds: UInt64, count: Int)] = [:]
    private var stages: [(name: String, seconds: Double)] = []
    private let lock = NSLock()

    func add(_ category: String, since start: DispatchTime) {
        let elapsed = DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds
        lock.lock()
        let previous = totals[category] ?? (0, 0)
        totals[category] = (previous.nanoseconds + elapsed, previous.count + 1)
        lock.unlock()
    }

    /// A stage of the pipeline, reported as one row before the page kinds.
    func record(_ stage: String, seconds: Double) {
        lock.lock()
        stages.append((stage, seconds))
        lock.unlock()
    }

    /// `work`'s result and its wall time in seconds.
    static func measured<T, E: Error>(_ work: () throws(E) -> T) throws(E) -> (T, Double) {
        let started = DispatchTime.now()
        let result = try work()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
    }

    /// The stages in the order they ran, then the page kinds, most expensive first.
    func sorted() -> [(name: String, seconds: Double, count: Int)] {
        lock.lock()
        defer { lock.unlock() }
        return stages.map { ($0.name, $0.seconds, 1) }
            + totals.map { ($0.key, Double($0.value.nanoseconds) / 1e9, $0.value.count) }.sorted { ($0.seconds, $1.name) > ($1.seconds, $0.name) }
    }
}

extension Optional where Wrapped == RenderTimings {
    /// Runs `work`, recording its wall time as `name` when timings are measured.
    func stage<T, E: Error>(_ name: String, _ work: () throws(E) -> T) throws(E) -> T {
        guard let timings = self else { return try work() }
        let (result, seconds) = try RenderTimings.measured(work)
        timings.record(name, seconds: seconds)
        return result
    }
}
