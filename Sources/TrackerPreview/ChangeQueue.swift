import Synchronization

/// Changes waiting for a rebuild. The watcher adds from its thread; the rebuild loop takes all of them
/// at once, so changes that arrive during a rebuild make one more rebuild, not one each.
final class ChangeQueue: Sendable {
    /// The changes, and the watcher's count of readings when the last of them was delivered (`ChangeCount`).
    private let pending = Mutex((changes: SiteChanges(), count: 0))
    private let continuation: AsyncStream<Void>.Continuation
    /// Fires when changes are waiting; wake-ups that come while the loop is busy collapse into one.
    let wakeUps: AsyncStream<Void>

    init() {
        (wakeUps, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ changes: SiteChanges, count: Int = 0) {
        pending.withLock { pending in
            pending.changes.merge(changes)
            pending.count = max(pending.count, count)
        }
        continuation.yield()
    }

    /// Every change waiting, and the count of readings they were delivered at.
    func take() -> (changes: SiteChanges, count: Int) {
        pending.withLock { pending in
            defer { pending.changes = SiteChanges() }
            return pending
        }
    }

    func finish() {
        continuation.finish()
    }
}
