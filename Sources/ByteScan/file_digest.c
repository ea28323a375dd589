#include "file_digest.h"

#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "tracker_file_digest reads words as little-endian; this platform is not"
#endif

// XXH64's five primes.
static const uint64_t prime1 = 0x9E3779B185EBCA87ULL;
static const uint64_t prime2 = 0xC2B2AE3D27D4EB4FULL;
static const uint64_t prime3 = 0x165667B19E3779F9ULL;
static const uint64_t prime4 = 0x85EBCA77C2B2AE63ULL;
static const uint64_t prime5 = 0x27D4EB2F165667C5ULL;

static inline uint64_t rotate_left(uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }

static inline uint64_t load64(const uint8_t *bytes) {
    uint64_t value;
    memcpy(&value, bytes, 8);
    return value;
}

static inline uint32_t load32(const uint8_t *bytes) {
    uint32_t value;
    memcpy(&value, bytes, 4);
    return value;
}

static inline uint64_t round64(uint64_t accumulator, uint64_t input) {
    accumulator += input * prime2;
    accumulator = rotate_left(accumulator, 31);
    return accumulator * prime1;
}

static inline uint64_t merge_round(uint64_t hash, uint64_t lane) {
    hash ^= round64(0, lane);
    return hash * prime1 + prime4;
}

/// XXH64's final mix: every bit of the result depends on every bit of `hash`.
static inline uint64_t avalanche(uint64_t hash) {
    hash ^= hash >> 33;
    hash *= prime2;
    hash ^= hash >> 29;
    hash *= prime3;
    hash ^= hash >> 32;
    return hash;
}

/// The four lanes of one seed after every whole 32-byte stripe.
typedef struct { uint64_t lane[4]; } lanes;

static inline lanes start_lanes(uint64_t seed) {
    lanes state = {{seed + prime1 + prime2, seed + prime2, seed, seed - prime1}};
    return state;
}

/// XXH64's end: the lanes merged (when there was a stripe), the length, the bytes after the last stripe, mixed.
static uint64_t finish(const lanes *state, uint64_t seed, const uint8_t *tail, size_t tail_count, size_t count) {
    uint64_t hash;
    if (count >= 32) {
        hash = rotate_left(state->lane[0], 1) + rotate_left(state->lane[1], 7) + rotate_left(state->lane[2], 12)
            + rotate_left(state->lane[3], 18);
        for (int index = 0; index < 4; index++) hash = merge_round(hash, state->lane[index]);
    } else {
        hash = seed + prime5;
    }
    hash += (uint64_t)count;
    const uint8_t *end = tail + tail_count;
    while (end - tail >= 8) {
        hash ^= round64(0, load64(tail));
        hash = rotate_left(hash, 27) * prime1 + prime4;
        tail += 8;
    }
    if (end - tail >= 4) {
        hash ^= (uint64_t)load32(tail) * prime1;
        hash = rotate_left(hash, 23) * prime2 + prime3;
        tail += 4;
    }
    while (tail < end) {
        hash ^= (uint64_t)(*tail) * prime5;
        hash = rotate_left(hash, 11) * prime1;
        tail++;
    }
    return avalanche(hash);
}

/// Both seeds' lanes over whole 32-byte stripes: eight independent multiply chains over the same loads.
static inline void run_stripes(lanes *first, lanes *second, const uint8_t *bytes, size_t count) {
    for (size_t offset = 0; count - offset >= 32; offset += 32) {
        for (int index = 0; index < 4; index++) {
            uint64_t word = load64(bytes + offset + 8 * index);
            first->lane[index] = round64(first->lane[index], word);
            second->lane[index] = round64(second->lane[index], word);
        }
    }
}

void tracker_file_digest(const uint8_t *bytes, size_t count, uint64_t out[2]) {
    lanes first = start_lanes(0), second = start_lanes(TRACKER_DIGEST_SEED_2);
    size_t stripes = count - count % 32;
    run_stripes(&first, &second, bytes, stripes);
    out[0] = finish(&first, 0, bytes + stripes, count - stripes, count);
    out[1] = finish(&second, TRACKER_DIGEST_SEED_2, bytes + stripes, count - stripes, count);
}

void tracker_digest_start(tracker_digest_state *state) {
    lanes first = start_lanes(0), second = start_lanes(TRACKER_DIGEST_SEED_2);
    memcpy(state->lanes, first.lane, sizeof first.lane);
    memcpy(state->lanes + 4, second.lane, sizeof second.lane);
    state->count = 0;
}

void tracker_digest_stripes(tracker_digest_state *state, const uint8_t *bytes, size_t count) {
    lanes first, second;
    memcpy(first.lane, state->lanes, sizeof first.lane);
    memcpy(second.lane, state->lanes + 4, sizeof second.lane);
    size_t stripes = count - count % 32;
    run_stripes(&first, &second, bytes, stripes);
    memcpy(state->lanes, first.lane, sizeof first.lane);
    memcpy(state->lanes + 4, second.lane, sizeof second.lane);
    state->count += stripes;
}

void tracker_digest_finish(const tracker_digest_state *state, const uint8_t *tail, size_t tail_count, uint64_t out[2]) {
    lanes first, second;
    memcpy(first.lane, state->lanes, sizeof first.lane);
    memcpy(second.lane, state->lanes + 4, sizeof second.lane);
    size_t count = state->count + tail_count;
    out[0] = finish(&first, 0, tail, tail_count, count);
    out[1] = finish(&second, TRACKER_DIGEST_SEED_2, tail, tail_count, count);
}

uint64_t tracker_key_hash(const uint8_t *bytes, size_t count, uint64_t seed, bool *ascii) {
    uint64_t hash = seed ^ ((uint64_t)count * prime5), high = 0;
    size_t offset = 0;
    for (; count - offset >= 8; offset += 8) {
        const uint64_t word = load64(bytes + offset);
        high |= word;
        hash = (hash ^ word) * prime1;
        hash ^= hash >> 29;
    }
    if (offset < count) {
        uint64_t word = 0;
        if (count >= 8) {
            // The last eight bytes in one load, shifted down to the ones not yet read.
            word = load64(bytes + count - 8) >> (8 * (8 - (count - offset)));
        } else {
            for (size_t index = 0; offset + index < count; index++) word |= (uint64_t)bytes[offset + index] << (8 * index);
        }
        high |= word;
        hash = (hash ^ word) * prime1;
        hash ^= hash >> 29;
    }
    *ascii = (high & 0x8080808080808080ULL) == 0;
    return avalanche(hash);
}
