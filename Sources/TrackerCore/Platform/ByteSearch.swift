import Foundation

extension UnsafeBufferPointer<UInt8> {
    /// The offset of the first `byte` at `start` or after it and before `end` (the buffer's end when nil), found
    /// with `memchr`.
    func offset(of byte: UInt8, from start: Int, before end: Int? = nil) -> Int? {
        let end = end ?? count
        guard start >= 0, start < end, end <= count, let base = baseAddress,
              let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Where `needle` first starts wholly inside `start ..< end` (the buffer's end when nil): its first byte found
    /// with `memchr`, the rest compared with `memcmp`.
    func offset(of needle: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int? = nil) -> Int? {
        let end = end ?? count
        guard let first = needle.first, let base = baseAddress, let wanted = needle.baseAddress,
              start >= 0, end <= count, end - start >= needle.count else { return nil }
        var from = start
        while let position = offset(of: first, from: from, before: end - needle.count + 1) {
            if memcmp(base + position, wanted, needle.count) == 0 { return position }
            from = position + 1
        }
        return nil
    }
}
