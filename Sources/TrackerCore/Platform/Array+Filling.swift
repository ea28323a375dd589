extension Array {
    /// An array of `count` elements that `fill` writes in place: `fill` must initialize every slot of the buffer it
    /// is given.
    ///
    /// For a count of 0 it is `[]`, without calling `Array(unsafeUninitializedCapacity:initializingWith:)`: in Swift
    /// 6.3 that initializer sets the count of the array it made even when, for no elements, that is the standard
    /// library's one shared empty-array object — a write (of 0) to a global, which is a data race when two threads
    /// make an empty array so at once. ThreadSanitizer reported it (CI's `make tsan-core`, with the linker compacting
    /// an empty list on two threads).
    init(filling count: Int, with fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        guard count > 0 else {
            self = []
            return
        }
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }
}
