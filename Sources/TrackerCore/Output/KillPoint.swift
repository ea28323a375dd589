import Foundation
import Synchronization

/// Where the fault tests make `tracker` kill itself with SIGKILL, to show that a build killed at any
/// moment leaves the previous output whole and the next build clean: with `TRACKER_KILL_AT=<point>`
/// in its environment the process dies on reaching that point (`files:K`: once K output files are
/// written). Without the variable (every real use) nothing happens. The points, in build order:
/// `locked`, `staging`, `files:K`, `staged`, `swapped`, `cache-written`.
enum KillPoint {
    private static let requested = ProcessInfo.processInfo.environment["TRACKER_KILL_AT"]
    private static let afterFiles: Int? = requested.flatMap { $0.hasPrefix("files:") ? Int($0.dropFirst("files:".count)) : nil }
    private static let filesWritten = Atomic<Int>(0)

    static func reached(_ point: String) {
        if requested == point { kill(getpid(), SIGKILL) }
    }

    /// Counts one more output file written.
    static func fileWritten() {
        guard let afterFiles else { return }
        if filesWritten.add(1, ordering: .relaxed).newValue == afterFiles { kill(getpid(), SIGKILL) }
    }
}
