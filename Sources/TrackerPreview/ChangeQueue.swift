import Synchronization

/// Changes waiting for a rebuild. The watcher adds from its thread; the rebuild loop takes all of them
/// at once, so changes that arrive during a rebuild make one more rebuild, not one each.
final class ChangeQueue: Sendable {
    private let pending = Mutex(SiteChanges())
    private let continuation: AsyncStream<Void>.Continuation
    /// Fires when changes are waiting; wake-ups that come while the loop is busy collapse into one.
    let wakeUps: AsyncStream<Void>

    init() {
        (wakeUps, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ changes: SiteChanges) {
        pending.withLock { $0.merge(changes) }
        continuation.yield()
    }

    func take() -> SiteChanges {
        pending.withLock { pending in
            defer { pending = SiteChanges() }
            return pending
        }
    }

    func finish() {
        continuation.finish()
    }
}
