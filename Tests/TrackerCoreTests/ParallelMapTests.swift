import Foundation
import Testing
@testable import TrackerCore

@Suite struct ParallelMapTestSuite {
    /// Every result lands in its own slot, in input order. (The first version stored the results in an
    /// `Array` through `withUnsafeMutableBufferPointer` from every thread at once, which corrupted the
    /// heap in about one build in three on a loaded machine; this many maps of small items crashed it.)
    @Test func resultsKeepTheInputOrderAcrossThreads() {
        let items = Array(0 ..< 20_000)
        let expected = items.map { "item \($0)" }
        for _ in 0 ..< 30 {
            #expect(items.parallelMap { "item \($0)" } == expected)
        }
    }

    /// `Array(filling:with:)` is the elements its closure writes; for none it is `[]`, and so is an empty list made on
    /// several threads — compacted, mapped from an empty range, or filled with none — with no thread writing to the
    /// standard library's one shared empty array (Swift 6.3's `Array(unsafeUninitializedCapacity:)` sets its count):
    /// under ThreadSanitizer (`make tsan-core`) this test fails if one does. The threads are the test's own, so that
    /// they are several whatever other tests hold the cores (ThreadSanitizer sees a race between two threads' writes
    /// that nothing orders, whenever they happen).
    @Test func emptyListsMadeOnSeveralThreadsWriteNothingShared() {
        #expect([Int](filling: 3) { $0.initialize(repeating: 7) } == [7, 7, 7])
        #expect([String](filling: 0) { _ in Issue.record("nothing to fill") } == [])
        let roomy: [Int] = {
            var list = [Int]()
            list.reserveCapacity(8)
            return list
        }()
        #expect(roomy.capacity > 1)
        let sizes = ThreadTotals(count: 4)
        let done = DispatchGroup()
        for thread in 0 ..< 4 {
            done.enter()
            Thread {
                var size = 0
                for turn in 0 ..< 2_000 {
                    let compacted = roomy.compacted()
                    let mapped = (turn ..< turn).parallelMap(startingAt: turn) { $0 }
                    let filled = [Int](filling: 0) { _ in }
                    size += compacted.count + compacted.capacity + mapped.count + filled.count + 1
                }
                sizes.set(thread, size)
                done.leave()
            }.start()
        }
        done.wait()
        #expect(sizes.values == [2_000, 2_000, 2_000, 2_000])
    }

    /// Started at any index of a range, the work is handed out from there to the end, then from the start; the
    /// results stay in the range's order, and each index is visited once.
    @Test func workStartedPartWayThroughKeepsTheRangesOrder() {
        let range = 3 ..< 9
        #expect(range.indices.map { range.index(atTurn: $0 - 3, startingAt: 7) } == [7, 8, 3, 4, 5, 6])
        #expect(range.indices.map { range.index(atTurn: $0 - 3, startingAt: 3) } == [3, 4, 5, 6, 7, 8])
        #expect(range.indices.map { range.index(atTurn: $0 - 3, startingAt: 8) } == [8, 3, 4, 5, 6, 7])
        // At the end: from the start.
        #expect(range.indices.map { range.index(atTurn: $0 - 3, startingAt: 9) } == [3, 4, 5, 6, 7, 8])
        let big = 5 ..< 20_005
        let expected = big.map { "item \($0)" }
        for first in [5, 6, 19_000, 20_004, 20_005] {
            #expect(big.parallelMap(startingAt: first) { "item \($0)" } == expected)
            // Each index's own slot, counted without a lock: a second visit would show as a count of 2, and from
            // another thread as a race under ThreadSanitizer (which cannot see `Mutex`'s futex, so no `Mutex` here).
            let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: big.count)
            visits.initialize(repeating: 0)
            defer { visits.deallocate() }
            nonisolated(unsafe) let slots = visits
            big.parallelForEach(startingAt: first) { index in slots[index - 5] += 1 }
            #expect(Array(visits) == [Int](repeating: 1, count: big.count))
        }
        #expect((4 ..< 4).parallelMap(startingAt: 4) { $0 }.isEmpty)
        #expect((4 ..< 5).parallelMap(startingAt: 4) { $0 * 2 } == [8])
    }
}

/// One number per thread, each written by its own thread under a lock (one ThreadSanitizer sees).
private final class ThreadTotals: @unchecked Sendable {
    private let lock = NSLock()
    private var totals: [Int]

    init(count: Int) { totals = [Int](repeating: 0, count: count) }

    func set(_ index: Int, _ value: Int) {
        lock.lock()
        totals[index] = value
        lock.unlock()
    }

    var values: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return totals
    }
}
