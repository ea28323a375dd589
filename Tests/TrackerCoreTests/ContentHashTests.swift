import Foundation
import Testing
@testable import TrackerCore

struct ContentHashTests {
    @Test func a_content_hash_is_sha_256() {
        // FIPS 180-2's first example.
        #expect(ContentHash.hex(ContentHash.digest(Data("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Each half of a file's digest in the cache key is XXH64 with its seed: the values are Python's
    /// (`xxhash.xxh64(bytes, seed=0)` then `seed=0x9E3779B97F4A7C15`, each as 16 hexadecimal digits), for
    /// every way the bytes end: no 32-byte stripe, whole stripes, and tails of 1–3, 4–7 and 8 or more bytes.
    @Test func a_file_digest_is_xxh64_under_two_seeds() {
        #expect(BuildCache.digest(Data("abc".utf8)) == "3 44bc2cf5ad7709992ed0f59d6b43ac8b")
        #expect(BuildCache.digest(Data()) == "0 ef46db3751d8e999c4349fc93c010000")
        let expected: [(count: Int, hex: String)] = [
            (1, "e934a84adb052768126bb57a12364aa5"), (3, "e5c7bb4533bc65dd67bc6ed5f6c6e4ba"),
            (4, "ffced8604453cc1ed89842cd31e24e54"), (7, "14cc643f630c72d2ececf5faa8a7490e"),
            (8, "884a173614b81b8dd18b6d7a5a668732"), (31, "c346d2b59b4d8ee1f3da6d05709c035d"),
            (32, "cbf59c5116ff32b4a1c89217e9d50750"), (33, "0c535d1acafb8eade6a3c00cd6e74075"),
            (63, "e26aa9e2a95f8e4f26a0acd772de057e"), (64, "f7c67301db6713f02589245e62a1969b"),
            (100, "6ac1e580321665973b97d91eba03e785"), (1000, "6ef436b00eba4078db4568e0faaf632c"),
            (1024, "6f3914f18fe4df5722d0f4503bcda26a"),
        ]
        // The bytes 0, 1, …, 255, 0, 1, …
        let bytes = (0 ..< 1024).map { UInt8($0 % 256) }
        for (count, hex) in expected {
            #expect(bytes[..<count].withUnsafeBytes { FileDigest.hex($0) } == hex, "the first \(count) bytes")
            // The same bytes at an odd address: words are read unaligned.
            let shifted = [0xAA] + bytes[..<count]
            #expect(shifted.withUnsafeBytes { FileDigest.hex(UnsafeRawBufferPointer(rebasing: $0[1...])) } == hex, "\(count) bytes, unaligned")
        }
    }

    /// A file of a megabyte or more is hashed a block at a time (`FileDigest.hex(descriptor:size:)`): the same
    /// digest as of its bytes at once, for sizes on both sides of the block and of a 32-byte stripe. A file
    /// shorter than its size said (cut while read) has none.
    @Test func a_large_file_is_hashed_in_blocks_to_the_same_digest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let block = 1 << 20
        for size in [0, 5, block - 1, block, block + 1, block + 31, block + 32, 3 * block + 45] {
            // Bytes that repeat with no short period (a multiplicative hash of the position).
            let bytes = [UInt8](filling: size) { buffer in
                for index in 0 ..< size { buffer[index] = UInt8(truncatingIfNeeded: (UInt64(index) &* 0x9E37_79B9_7F4A_7C15) >> 57) }
            }
            let path = folder + "/\(size).bin"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let whole = BuildCache.digest(Data(bytes))
            #expect(BuildCache.fileDigest(path) == whole, "\(size) bytes")
            let descriptor = open(path, O_RDONLY)
            #expect(FileDigest.hex(descriptor: descriptor, size: size).map { "\(size) \($0)" } == whole, "\(size) bytes, in blocks")
            close(descriptor)
            let short = open(path, O_RDONLY)
            #expect(FileDigest.hex(descriptor: short, size: size + 1) == nil, "\(size) bytes, one more expected")
            close(short)
        }
        #expect(BuildCache.fileDigest(folder + "/missing.bin") == nil)
    }

    /// Any one changed bit, anywhere in a file, changes both halves of its digest.
    @Test func every_single_bit_change_changes_both_halves() {
        let original = (0 ..< 200).map { UInt8(($0 &* 37) % 251) }
        let digest = original.withUnsafeBytes { FileDigest.hex($0) }
        for position in original.indices {
            for bit in 0 ..< 8 {
                var changed = original
                changed[position] ^= 1 << bit
                let other = changed.withUnsafeBytes { FileDigest.hex($0) }
                #expect(other.prefix(16) != digest.prefix(16) && other.suffix(16) != digest.suffix(16), "bit \(bit) of byte \(position)")
            }
        }
    }

    @Test func combined_values_are_length_prefixed() {
        func key(_ parts: [String]) -> String {
            var hash = ContentHash()
            for part in parts { hash.combine(part) }
            return hash.hexDigest
        }
        #expect(key(["ab", "c"]) != key(["a", "bc"]))
        #expect(key(["abc"]) != key(["abc", ""]))
        #expect(key(["ab", "c"]) == key(["ab", "c"]))
        #expect(key([]).count == 64)
    }
}
