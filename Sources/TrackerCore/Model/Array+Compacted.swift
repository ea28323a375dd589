extension Array {
    /// The same elements in a buffer no larger than they need: an array built by appending keeps up to
    /// twice the room, which adds up on the lists a large site holds per item until its pages are written.
    func compacted() -> [Element] {
        guard capacity > count + 1 else { return self }
        return Array(filling: count) { buffer in _ = buffer.initialize(from: self) }
    }
}
