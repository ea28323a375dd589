import Foundation
import Testing
@testable import TrackerCore

struct ContentHashTests {
    @Test func a_file_digest_is_sha_256() {
        // FIPS 180-2's first example.
        #expect(ContentHash.hex(ContentHash.digest(Data("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(BuildCache.digest(Data("abc".utf8)) == "3 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
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
