import Foundation

/// `body`'s result, worked out on another thread and waited for at most `seconds`: nil when it has not
/// finished by then, so that a test of code that could loop forever fails instead of hanging the run (the
/// thread is left to itself).
public func resultWithin<Value: Sendable>(seconds: Double, _ body: @escaping @Sendable () -> Value) -> Value? {
    let slot = LockedSlot<Value>()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        let value = body()
        slot.set(value)
        done.signal()
    }
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return slot.value
}

/// One value handed from a thread to another, under an `NSLock` (which ThreadSanitizer sees).
private final class LockedSlot<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    func set(_ value: Value) { lock.withLock { stored = value } }
    var value: Value? { lock.withLock { stored } }
}
