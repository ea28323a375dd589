import ByteScan
import Foundation

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
        return hex(halves)
    }

    /// The digest of the `size` bytes of the open file `descriptor` from where it is, as `hex(_:)` gives it,
    /// read a block at a time: a large file (a video in static/) is hashed without being held. Nil when the
    /// file cannot be read or ends before `size` bytes.
    static func hex(descriptor: Int32, size: Int) -> String? {
        let blockSize = 1 << 20
        let block = UnsafeMutablePointer<UInt8>.allocate(capacity: blockSize)
        defer { block.deallocate() }
        var state = tracker_digest_state()
        tracker_digest_start(&state)
        var remaining = size
        while true {
            // Each block is read full (a multiple of 32 bytes) but the last.
            let wanted = min(blockSize, remaining)
            var filled = 0
            while filled < wanted {
                let got = read(descriptor, block + filled, wanted - filled)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { return nil }
                filled += got
            }
            remaining -= filled
            tracker_digest_stripes(&state, block, filled)
            guard remaining > 0 else {
                let stripes = filled - filled % 32
                var halves: (UInt64, UInt64) = (0, 0)
                withUnsafeMutableBytes(of: &halves) { out in
                    tracker_digest_finish(&state, block + stripes, filled - stripes, out.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
                return hex(halves)
            }
        }
    }

    private static func hex(_ halves: (UInt64, UInt64)) -> String {
        String(unsafeUninitializedCapacity: 32) { text in
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
