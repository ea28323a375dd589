import Crypto
import Foundation

/// The hash behind the cache decisions: the build cache's key and manifest, the theme's
/// fingerprint and the preview's record of which content files changed. SHA-256, so a key
/// cannot collide by accident (a skipped build or a page not re-rendered would go unnoticed)
/// and means the same in every process and on every machine. (The key lists each input file
/// by a `FileDigest` of its bytes, 128 bits and several times faster, and is this hash of that list.)
///
/// Each `combine` feeds the value's length before its bytes, so a sequence of values hashes
/// differently from any other split of the same bytes.
struct ContentHash {
    typealias Digest = SHA256.Digest

    private var hasher = SHA256()

    mutating func combine(_ string: String) { combine(Data(string.utf8)) }

    mutating func combine(_ data: Data) {
        withUnsafeBytes(of: UInt64(data.count).littleEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: data)
    }

    /// Starts combining `length` bytes given a piece at a time (`combinePiece`), as `combine(_:)` would combine
    /// them given as one `Data`: their length goes first, so it must be known before the first piece.
    mutating func startPieces(length: Int) {
        withUnsafeBytes(of: UInt64(length).littleEndian) { hasher.update(bufferPointer: $0) }
    }

    /// The next piece of the bytes `startPieces` announced.
    mutating func combinePiece(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// The digest of everything combined so far, in lowercase hexadecimal.
    var hexDigest: String { Self.hex(hasher.finalize()) }

    /// The digest of one file's bytes.
    static func digest(_ data: Data) -> Digest { SHA256.hash(data: data) }

    static func hex(_ digest: Digest) -> String { hex(bytes: digest) }

    /// Any digest's bytes (git's object ids too) in lowercase hexadecimal.
    static func hex(bytes digest: some ContiguousBytes) -> String {
        // Written into the string's own storage: appending 64 Characters one by one showed in profiles
        // (a build digests every content file).
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = hexDigits[Int(byte >> 4)]
                    text[2 * index + 1] = hexDigits[Int(byte & 15)]
                }
                return bytes.count * 2
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
