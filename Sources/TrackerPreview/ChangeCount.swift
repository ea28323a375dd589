#if os(Linux)
import Glibc
#endif
import Synchronization

/// How many times the watcher has read changes, and whether the kernel holds events it has not read yet.
/// Each batch of changes is delivered with the count it was read at. `TRACKER_VERIFY_INCREMENTAL` compares a
/// rebuild with a full build of the site's files as they are then; when the two differ and the count has moved
/// since the rebuild's batch (or events wait to be read), the site changed while it was compared: a file written
/// in place can be seen in two batches, its write and its close, with a rebuild between them and a test's next
/// change made during the comparison. The difference then says nothing about the rebuild.
final class ChangeCount: Sendable {
    private struct State {
        var reads = 0
        /// The inotify descriptor whose unread events are changes not counted yet; nil when polling, or once closed.
        var descriptor: Int32?
    }

    private let state = Mutex(State())

    init() {}

    /// The descriptor the watcher reads its events from (nil: none, or closed).
    func watch(_ descriptor: Int32?) {
        state.withLock { $0.descriptor = descriptor }
    }

    /// Runs one reading of the watcher; when `read` returns true (it found changes) they are counted under the
    /// same lock, so `isSettled` never falls between events leaving the kernel and their being counted.
    func reading(_ read: () -> Bool) {
        state.withLock { state in
            if read() { state.reads += 1 }
        }
    }

    /// How many readings found changes so far.
    var value: Int { state.withLock { $0.reads } }

    /// Whether the site is as it was when the changes counted at `count` were read: no reading found more since,
    /// and no event waits to be read. Always true for a watcher that polls, which cannot tell.
    func isSettled(at count: Int) -> Bool {
        state.withLock { state in
            guard state.reads == count else { return false }
            guard let descriptor = state.descriptor else { return true }
            #if os(Linux)
            var waiting: Int32 = 0
            let result = withUnsafeMutablePointer(to: &waiting) { ioctl(descriptor, UInt(FIONREAD), $0) }
            return result == 0 && waiting == 0
            #else
            return true
            #endif
        }
    }
}
