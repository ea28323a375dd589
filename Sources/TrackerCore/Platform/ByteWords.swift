import Foundation

/// Tests on eight bytes at once, read as one little-endian word: the scans that run over every byte of
/// a build's output (escaping, the control-character check) pass over a word that holds none of the
/// bytes they look for. Each test is exact: true when and only when some byte of the word matches.
enum ByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether a byte of `word` equals `byte`.
    @inline(__always) static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs != 0
    }

    /// The high bit of each byte of `word` that equals `byte`, and no other bit (no borrow crosses bytes).
    @inline(__always) static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & lows) &+ lows) | x | lows)
    }

    /// Whether a byte of `word` is below `bound` (at most 0x80).
    @inline(__always) static func hasBelow(_ word: UInt64, _ bound: UInt8) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highs != 0
    }

    /// Whether a byte of `word` is 0x80 or above (not ASCII).
    @inline(__always) static func hasHigh(_ word: UInt64) -> Bool { word & highs != 0 }

    /// The word at `pointer`, which need not be aligned.
    @inline(__always) static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
    }

    /// Whether `text` is all ASCII, eight bytes at a time.
    static func isASCII(_ text: String) -> Bool {
        let answer = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            var index = 0
            while index + 8 <= bytes.count {
                if hasHigh(load(base + index)) { return false }
                index += 8
            }
            while index < bytes.count {
                if base[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
        return answer ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether `text` holds `byte`, found with `memchr`: `text.utf8.contains(byte)` reads a byte at a time
    /// through the generic `Sequence` path.
    static func contains(_ byte: UInt8, in text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
        return found ?? text.utf8.contains(byte)
    }
}
