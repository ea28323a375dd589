#ifndef TRACKER_FILE_DIGEST_H
#define TRACKER_FILE_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// A 128-bit digest of a file's bytes for the build cache's key: XXH64 (Yann Collet's xxHash, 64-bit
/// variant) of the bytes with seed 0 in `out[0]` and with seed `TRACKER_DIGEST_SEED_2` in `out[1]`, both
/// computed in one pass. Each half equals what any XXH64 implementation gives for that seed (the tests
/// check values from Python's `xxhash`). Not cryptographic: it tells edits apart, not adversaries.
void tracker_file_digest(const uint8_t *bytes, size_t count, uint64_t out[2]);

/// `tracker_file_digest` a block at a time, for a file too large to hold: start, hand it the bytes in blocks
/// (each but the last a multiple of 32 bytes: stripes only are taken), then finish with the last block's
/// bytes after its whole stripes. The result is the same digest as of all the bytes at once.
typedef struct {
    uint64_t lanes[8];
    size_t count;
} tracker_digest_state;
void tracker_digest_start(tracker_digest_state *state);
/// Takes the whole 32-byte stripes of `bytes` (count - count % 32 of them).
void tracker_digest_stripes(tracker_digest_state *state, const uint8_t *bytes, size_t count);
void tracker_digest_finish(const tracker_digest_state *state, const uint8_t *tail, size_t tail_count, uint64_t out[2]);

/// A hash-table hash of a short key, eight bytes at a time (multiply and shift, then XXH64's final mix), with
/// `*ascii` set to whether every byte is below 0x80. Not XXH64: about a fifth of its cost on a 24-byte id.
uint64_t tracker_key_hash(const uint8_t *bytes, size_t count, uint64_t seed, bool *ascii);

/// The second half's seed (the first decimals of the golden ratio, as xxHash's own constants are).
#define TRACKER_DIGEST_SEED_2 0x9E3779B97F4A7C15ULL

#endif
