import ByteScan

/// The digest of one input file in the build cache's key (`BuildCache.digest`): 128 bits, XXH64 of the bytes
/// under two seeds (`tracker_file_digest`). Every build that can record a cache hashes every content file
/// with it, and a no-op build hashes them all again: SHA-256 of each file took 2% of a cold build's CPU,
/// this about a quarter of that. Not cryptographic, which the key does not need: an edit that kept its
/// file's size and both halves would have to be made to collide on purpose, by someone who could as well
/// edit the output. The key over these digests, the options and the binary stays SHA-256 (`ContentHash`).
enum FileDigest {
    /// The digest in lowercase hexadecimal: 32 digits, the seed-0 half first, each half's most significant
    /// digit first (as `xxhsum` prints XXH64).
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var halves: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &halves) { out in
            tracker_file_digest(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                                out.baseAddress!.assumingMemoryBound(to: UInt64.self))
        }
        return String(unsafeUninitializedCapacity: 32) { text in
            for digit in 0 ..< 16 {
                let shift = UInt64(60 - 4 * digit)
                text[digit] = hexDigits[Int((halves.0 >> shift) & 15)]
                text[16 + digit] = hexDigits[Int((halves.1 >> shift) & 15)]
            }
            return 32
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
