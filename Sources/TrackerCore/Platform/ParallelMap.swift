import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// Maps on every core, keeping the order of the input, so output stays deterministic.
    ///
    /// Each result is written straight into its place in the returned array's storage, by the one iteration
    /// that makes it: no optional slot per result and no copy of them all at the end (at 100,000 incidents the
    /// build's list of written files alone is tens of megabytes, and was held twice while it was copied).
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1, Parallelism.isEnabled else { return map(transform) }
        return withUnsafeBufferPointer { items in
            nonisolated(unsafe) let items = items
            return [Result](filling: items.count) { results in
                nonisolated(unsafe) let slots = results.baseAddress!
                // Every slot is written once the loop returns (a transform that traps ends the process).
                DispatchQueue.concurrentPerform(iterations: items.count) { index in
                    (slots + index).initialize(to: transform(items[index]))
                }
            }
        }
    }
}

extension Range where Bound == Int {
    /// `body` for every index, on every core (one after the other with `TRACKER_THREADS=1`): a `parallelMap`
    /// without the list of its results. The work is handed out from `first` to the end and then from the start, so
    /// that the largest jobs, listed last, can start first: left to the end, one core wrote them while the other
    /// had nothing left.
    func parallelForEach(startingAt first: Int, _ body: @Sendable (Int) -> Void) {
        let range = self
        guard count > 1, Parallelism.isEnabled else {
            for turn in 0 ..< count { body(range.index(atTurn: turn, startingAt: first)) }
            return
        }
        // Its turns are handed out in order, each to the next thread free.
        DispatchQueue.concurrentPerform(iterations: count) { turn in body(range.index(atTurn: turn, startingAt: first)) }
    }

    /// The index `parallelForEach(startingAt: first)` hands out at its `turn`-th turn: `first` and those after it, then
    /// those before it (`first` may be `upperBound`: then from `lowerBound`).
    func index(atTurn turn: Int, startingAt first: Int) -> Int {
        precondition(first >= lowerBound && first <= upperBound && turn >= 0 && turn < count, "not an index of the range")
        let offset = first - lowerBound == count ? 0 : first - lowerBound
        return lowerBound + (turn < count - offset ? turn + offset : turn + offset - count)
    }

    /// `transform` of every index, handed out as `parallelForEach(startingAt:)` does; the results in the range's order.
    func parallelMap<Result: Sendable>(startingAt first: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        let start = lowerBound
        return [Result](filling: count) { results in
            nonisolated(unsafe) let slots = results.baseAddress
            // Every slot is written once the loop returns (a transform that traps ends the process).
            parallelForEach(startingAt: first) { index in (slots! + (index - start)).initialize(to: transform(index)) }
        }
    }
}

/// The value another thread computes, read once that thread is done (`DispatchGroup.wait` orders the
/// write before the read, so no lock is needed).
private final class ResultBox<Value>: @unchecked Sendable {
    var value: Value?
}

/// `TRACKER_THREADS=1` runs every step on one thread: for comparing output and for profiling.
enum Parallelism {
    static let isEnabled: Bool = ProcessInfo.processInfo.environment["TRACKER_THREADS"] != "1"
}

/// Runs `first` and `second` at once (one after the other with `TRACKER_THREADS=1`) and returns both
/// results: for independent steps that are each too small, or too serial, to spread over every core.
/// `first` runs on the calling thread, so that a `parallelMap` in it spreads over every core (one inside
/// a `concurrentPerform` would not: libdispatch runs a nested one on its own thread alone).
func concurrently<A, B: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
    guard Parallelism.isEnabled else { return (first(), second()) }
    let b = ResultBox<B>()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { b.value = second() }
    let a = first()
    group.wait()
    return (a, b.value!)
}

/// `concurrently` with three steps.
func concurrently<A, B: Sendable, C: Sendable>(_ first: () -> A, _ second: @escaping @Sendable () -> B,
                                               _ third: @escaping @Sendable () -> C) -> (A, B, C) {
    let ((a, b), c) = concurrently({ concurrently(first, second) }, third)
    return (a, b, c)
}

/// A value another thread works out while the caller goes on (at once, on the calling thread, with
/// `TRACKER_THREADS=1`); `value` waits for it. For a step whose result is needed only later, so that it fills
/// the time a serial stretch leaves a core idle.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private var result: Value?
    private let group = DispatchGroup()

    init(_ compute: @escaping @Sendable () -> Value) {
        guard Parallelism.isEnabled else {
            result = compute()
            return
        }
        DispatchQueue.global().async(group: group) { [self] in result = compute() }
    }

    /// The value, once the other thread has worked it out (`DispatchGroup.wait` orders its write before this read).
    var value: Value {
        group.wait()
        return result!
    }
}

/// Frees `value` on another thread (here, with `TRACKER_THREADS=1`): releasing a large structure, tens of
/// thousands of objects, is serial work that need not hold up the thread that is done with it. The box is the
/// value's last owner, and only the other thread empties it.
func freeInBackground<Value: Sendable>(_ value: consuming Value) {
    guard Parallelism.isEnabled else { return }
    let box = DisposalBox(value)
    DispatchQueue.global().async { box.value = nil }
}

private final class DisposalBox<Value>: @unchecked Sendable {
    var value: Value?
    init(_ value: consuming Value) { self.value = value }
}
