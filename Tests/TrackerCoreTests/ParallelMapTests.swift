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
}
