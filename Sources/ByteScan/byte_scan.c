#include "byte_scan.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>
#define TRACKER_AVX2_SCAN 1

/// Whether the processor has AVX2 and the system saves its registers: asked once (the answer is the same
/// for every thread, so two threads asking at once both store it).
bool tracker_has_avx2(void) {
    static _Atomic int known = -1;
    int answer = atomic_load_explicit(&known, memory_order_relaxed);
    if (answer >= 0) return answer == 1;
    unsigned a = 0, b = 0, c = 0, d = 0;
    answer = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) && (c & bit_AVX)) {
        unsigned low, high;
        __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
        // The XMM and YMM states both saved by the system.
        if ((low & 6) == 6 && __get_cpuid_max(0, 0) >= 7) {
            __cpuid_count(7, 0, a, b, c, d);
            answer = (b & bit_AVX2) ? 1 : 0;
        }
    }
    atomic_store_explicit(&known, answer, memory_order_relaxed);
    return answer == 1;
}

/// `tracker_next_id_candidate`'s rule, thirty-two positions at a time, from `*position` while a whole block
/// fits before `last`: the position found, or `SIZE_MAX` with `*position` where the blocks stopped.
__attribute__((target("avx2")))
static size_t next_id_candidate_avx2(const uint8_t *bytes, size_t *position, size_t last) {
    const __m256i lowercase = _mm256_set1_epi8(0x20);
    const __m256i d = _mm256_set1_epi8('d');
    const __m256i i = _mm256_set1_epi8('i');
    const __m256i below = _mm256_set1_epi8('0' - 1);
    size_t at = *position;
    while (at + 31 <= last) {
        const __m256i here = _mm256_loadu_si256((const __m256i *)(bytes + at));
        const __m256i before = _mm256_loadu_si256((const __m256i *)(bytes + at - 1));
        const __m256i twoBefore = _mm256_loadu_si256((const __m256i *)(bytes + at - 2));
        __m256i found = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_or_si256(here, lowercase), d),
                                         _mm256_cmpeq_epi8(_mm256_or_si256(before, lowercase), i));
        found = _mm256_and_si256(found, _mm256_cmpeq_epi8(_mm256_min_epu8(twoBefore, below), twoBefore));
        const unsigned mask = (unsigned)_mm256_movemask_epi8(found);
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
        at += 32;
    }
    *position = at;
    return SIZE_MAX;
}
#else
bool tracker_has_avx2(void) { return false; }
#endif

size_t tracker_next_id_candidate(const uint8_t *bytes, size_t count, size_t from) {
    return tracker_next_id_candidate_using(bytes, count, from, true);
}

size_t tracker_next_id_candidate_using(const uint8_t *bytes, size_t count, size_t from, bool wide) {
    if (count < 3) return count;
    // The last position with a byte after it.
    const size_t last = count - 2;
    size_t position = from < 2 ? 2 : from;
#if defined(TRACKER_AVX2_SCAN)
    if (wide && position + 31 <= last && tracker_has_avx2()) {
        const size_t found = next_id_candidate_avx2(bytes, &position, last);
        if (found != SIZE_MAX) return found;
    }
#else
    (void)wide;
#endif
#if defined(__SSE2__)
    const __m128i lowercase = _mm_set1_epi8(0x20);
    const __m128i d = _mm_set1_epi8('d');
    const __m128i i = _mm_set1_epi8('i');
    const __m128i below = _mm_set1_epi8('0' - 1);
    // Sixteen positions at once: the bytes at them, one before and two before (`position` is at least 2).
    while (position + 15 <= last) {
        const __m128i at = _mm_loadu_si128((const __m128i *)(bytes + position));
        const __m128i before = _mm_loadu_si128((const __m128i *)(bytes + position - 1));
        const __m128i twoBefore = _mm_loadu_si128((const __m128i *)(bytes + position - 2));
        __m128i found = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(at, lowercase), d),
                                      _mm_cmpeq_epi8(_mm_or_si128(before, lowercase), i));
        // Unsigned "at most '0' - 1": the smaller of the byte and '0' - 1 is the byte itself.
        found = _mm_and_si128(found, _mm_cmpeq_epi8(_mm_min_epu8(twoBefore, below), twoBefore));
        const int mask = _mm_movemask_epi8(found);
        if (mask != 0) return position + (size_t)__builtin_ctz((unsigned)mask);
        position += 16;
    }
#endif
    for (; position <= last; position++) {
        if ((bytes[position] | 0x20) == 'd' && (bytes[position - 1] | 0x20) == 'i' && bytes[position - 2] < '0') return position;
    }
    return count;
}

/// Bytes to look for: up to five given ones and, with `controls`, every byte below 0x20. The functions below
/// pass constant sets, so that the loops over them unroll where they are inlined.
typedef struct {
    const char *bytes;
    int count;
    bool controls;
} byte_set;

static inline bool in_set(uint8_t byte, byte_set set) {
    if (set.controls && byte < 0x20) return true;
    for (int i = 0; i < set.count; i++) {
        if (byte == (uint8_t)set.bytes[i]) return true;
    }
    return false;
}

#if defined(__SSE2__)
/// A bit for each of the sixteen bytes of `at` that is in `set` (bit `i` for byte `i`).
static inline int block_mask(__m128i at, byte_set set) {
    __m128i found = _mm_setzero_si128();
    // Unsigned "at most 0x1f": the smaller of the byte and 0x1f is the byte itself.
    if (set.controls) found = _mm_cmpeq_epi8(_mm_min_epu8(at, _mm_set1_epi8(0x1f)), at);
    for (int i = 0; i < set.count; i++) {
        found = _mm_or_si128(found, _mm_cmpeq_epi8(at, _mm_set1_epi8(set.bytes[i])));
    }
    return _mm_movemask_epi8(found);
}
#endif

#if defined(__SSE2__)
/// Copies `count` bytes, fewer than sixteen, in at most four fixed-size moves (no call to `memcpy`).
static inline void copy_short(uint8_t *dst, const uint8_t *src, size_t count) {
    size_t at = 0;
    if (count & 8) { memcpy(dst, src, 8); at = 8; }
    if (count & 4) { memcpy(dst + at, src + at, 4); at += 4; }
    if (count & 2) { memcpy(dst + at, src + at, 2); at += 2; }
    if (count & 1) dst[at] = src[at];
}

/// The last `count` (fewer than sixteen) bytes at `bytes`, copied into a block of zeros: most strings a page
/// writes are shorter than sixteen bytes, and reading them one at a time cost more than the copy. Only the
/// first `count` bits of a mask over the block are bytes of the string.
static inline __m128i tail_block(const uint8_t *bytes, size_t count) {
    uint8_t block[16] = {0};
    copy_short(block, bytes, count);
    return _mm_loadu_si128((const __m128i *)block);
}

/// A bit for each of the sixteen bytes of `at` that HTML escapes: `"` (0x22), `&` and, with `apostrophe`, `'`
/// (0x26 and 0x27, alike but for bit 0) and `<` and `>` (0x3C and 0x3E, alike but for bit 1), in three compares.
__attribute__((always_inline)) static inline int markup_mask(__m128i at, bool apostrophe) {
    const __m128i quote = _mm_cmpeq_epi8(at, _mm_set1_epi8('"'));
    const __m128i ampersand = apostrophe ? _mm_cmpeq_epi8(_mm_or_si128(at, _mm_set1_epi8(1)), _mm_set1_epi8('\''))
                                         : _mm_cmpeq_epi8(at, _mm_set1_epi8('&'));
    const __m128i angle = _mm_cmpeq_epi8(_mm_or_si128(at, _mm_set1_epi8(2)), _mm_set1_epi8('>'));
    return _mm_movemask_epi8(_mm_or_si128(quote, _mm_or_si128(ampersand, angle)));
}
#endif

/// The first position in `0 ..< count` of a byte in `set`; `count` when there is none.
static inline size_t next_in_set(const uint8_t *bytes, size_t count, byte_set set) {
    size_t position = 0;
#if defined(__SSE2__)
    while (position + 16 <= count) {
        const int mask = block_mask(_mm_loadu_si128((const __m128i *)(bytes + position)), set);
        if (mask != 0) return position + (size_t)__builtin_ctz((unsigned)mask);
        position += 16;
    }
    if (position < count) {
        const size_t left = count - position;
        const unsigned mask = (unsigned)block_mask(tail_block(bytes + position, left), set) & ((1u << left) - 1);
        return mask != 0 ? position + (size_t)__builtin_ctz(mask) : count;
    }
#endif
    for (; position < count; position++) {
        if (in_set(bytes[position], set)) return position;
    }
    return count;
}

size_t tracker_next_json_byte(const uint8_t *bytes, size_t count, bool for_script) {
    if (for_script) return next_in_set(bytes, count, (byte_set){"\"\\<>&", 5, true});
    return next_in_set(bytes, count, (byte_set){"\"\\", 2, true});
}

size_t tracker_next_csv_byte(const uint8_t *bytes, size_t count) {
    return next_in_set(bytes, count, (byte_set){",\"\n\r", 4, false});
}

/// The entity for a byte HTML escapes, written at `dst` in one store of eight bytes (within the room of six
/// bytes per byte escaped: the two past it are written over next); returns its length.
static inline size_t write_markup_entity(uint8_t byte, uint8_t *dst) {
    static const char entities[5][8] = {"&quot;", "&amp;", "&#39;", "&lt;", "&gt;"};
    static const uint8_t lengths[5] = {6, 5, 5, 4, 4};
    // `"`, `&`, `'`, `<` and `>` are 0x22, 0x26, 0x27, 0x3C and 0x3E: their low six bits tell them apart.
    static const uint8_t entity_of[64] = {[0x22] = 0, [0x26] = 1, [0x27] = 2, [0x3C] = 3, [0x3E] = 4};
    const uint8_t which = entity_of[byte & 63];
    memcpy(dst, entities[which], 8);
    return lengths[which];
}

/// `tracker_escape_markup`, and with `apostrophe` false `tracker_escape_text`. Inlined into both, where
/// `apostrophe` is a constant.
__attribute__((always_inline)) static inline size_t escape_markup(const uint8_t *src, size_t count, uint8_t *dst, bool apostrophe) {
    const byte_set markup = apostrophe ? (byte_set){"\"&'<>", 5, false} : (byte_set){"\"&<>", 4, false};
    uint8_t *const start = dst;
    size_t position = 0;
#if defined(__SSE2__)
    while (position + 32 <= count) {
        const __m128i at = _mm_loadu_si128((const __m128i *)(src + position));
        unsigned mask = (unsigned)markup_mask(at, apostrophe);
        if (mask == 0) {
            _mm_storeu_si128((__m128i *)dst, at);
            dst += 16;
            position += 16;
            continue;
        }
        // Each byte to escape in the block in turn, without reading the block again: the plain bytes before
        // it copied in one store of sixteen (read from at most fifteen bytes into the block, so within
        // `count`, and within the room of six bytes per byte read), then its entity. Markup escaped in a
        // feed has a byte to escape every few bytes.
        size_t done = 0;
        do {
            const size_t bit = (size_t)__builtin_ctz(mask);
            _mm_storeu_si128((__m128i *)dst, _mm_loadu_si128((const __m128i *)(src + position + done)));
            dst += bit - done;
            dst += write_markup_entity(src[position + bit], dst);
            done = bit + 1;
            mask &= mask - 1;
        } while (mask != 0);
        _mm_storeu_si128((__m128i *)dst, _mm_loadu_si128((const __m128i *)(src + position + done)));
        dst += 16 - done;
        position += 16;
    }
    while (position + 16 <= count) {
        const __m128i at = _mm_loadu_si128((const __m128i *)(src + position));
        // All sixteen bytes are stored, and `dst` moves past those before the first one to escape only:
        // the room for six bytes per byte left covers the sixteen.
        _mm_storeu_si128((__m128i *)dst, at);
        const int mask = markup_mask(at, apostrophe);
        if (mask == 0) {
            dst += 16;
            position += 16;
            continue;
        }
        const size_t plain = (size_t)__builtin_ctz((unsigned)mask);
        dst += plain;
        position += plain;
        dst += write_markup_entity(src[position], dst);
        position += 1;
    }
    if (position < count) {
        // The rest, fewer than sixteen bytes, from a block of zeros (which are not escaped); each store of
        // sixteen bytes is within the room of sixteen past six per byte.
        uint8_t block[32] = {0};
        const size_t left = count - position;
        copy_short(block, src + position, left);
        size_t at = 0;
        while (at < left) {
            const __m128i bytes = _mm_loadu_si128((const __m128i *)(block + at));
            _mm_storeu_si128((__m128i *)dst, bytes);
            const unsigned mask = (unsigned)markup_mask(bytes, apostrophe) & ((1u << (left - at)) - 1);
            if (mask == 0) {
                dst += left - at;
                break;
            }
            const size_t plain = (size_t)__builtin_ctz(mask);
            dst += plain;
            at += plain;
            dst += write_markup_entity(block[at], dst);
            at += 1;
        }
        position = count;
    }
#endif
    for (; position < count; position++) {
        const uint8_t byte = src[position];
        if (in_set(byte, markup)) {
            dst += write_markup_entity(byte, dst);
        } else {
            *dst++ = byte;
        }
    }
    return (size_t)(dst - start);
}

size_t tracker_escape_markup(const uint8_t *src, size_t count, uint8_t *dst) {
    return escape_markup(src, count, dst, true);
}

size_t tracker_escape_text(const uint8_t *src, size_t count, uint8_t *dst) {
    return escape_markup(src, count, dst, false);
}

size_t tracker_next_not_printable_ascii(const uint8_t *bytes, size_t count) {
    size_t position = 0;
#if defined(__SSE2__)
    // Read as signed bytes, 0x80 and above are negative: "above 0x1f and below 0x7f" keeps printable ASCII only.
    const __m128i below = _mm_set1_epi8(0x1f);
    const __m128i above = _mm_set1_epi8(0x7f);
    const __m128i line_feed = _mm_set1_epi8(0x0a);
    while (position + 16 <= count) {
        const __m128i at = _mm_loadu_si128((const __m128i *)(bytes + position));
        const __m128i plain = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(at, below), _mm_cmplt_epi8(at, above)), _mm_cmpeq_epi8(at, line_feed));
        const unsigned mask = (unsigned)_mm_movemask_epi8(plain) ^ 0xffffu;
        if (mask != 0) return position + (size_t)__builtin_ctz(mask);
        position += 16;
    }
#endif
    for (; position < count; position++) {
        const uint8_t byte = bytes[position];
        if ((byte < 0x20 || byte > 0x7e) && byte != 0x0a) return position;
    }
    return count;
}

size_t tracker_count_continuations(const uint8_t *bytes, size_t count) {
    size_t total = 0;
    size_t position = 0;
#if defined(__SSE2__)
    // A continuation byte, read as a signed byte, is -128 to -65: below -64. Each compare gives -1 in the
    // bytes that are; subtracting it counts them per lane, and at most 255 blocks go into a lane before
    // `_mm_sad_epu8` adds the lanes up.
    const __m128i limit = _mm_set1_epi8(-64);
    while (position + 16 <= count) {
        __m128i lanes = _mm_setzero_si128();
        size_t blocks = (count - position) / 16;
        if (blocks > 255) blocks = 255;
        for (size_t block = 0; block < blocks; block++, position += 16) {
            const __m128i at = _mm_loadu_si128((const __m128i *)(bytes + position));
            lanes = _mm_sub_epi8(lanes, _mm_cmplt_epi8(at, limit));
        }
        const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
        total += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
    }
#endif
    for (; position < count; position++) {
        total += (bytes[position] & 0xC0) == 0x80;
    }
    return total;
}

static inline bool is_suspect(uint8_t byte) {
    return (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F || byte == 0xC2 || byte >= 0xEF;
}

#if defined(__SSE2__)
/// A bit for each of the sixteen bytes of `at` that `is_suspect`.
static inline int suspect_mask(__m128i at) {
    // Unsigned "at most 0x1f" and "at least 0xef": the smaller (larger) of the byte and the bound is the byte.
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(at, _mm_set1_epi8(0x1f)), at);
    const __m128i allowed = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(at, _mm_set1_epi8(0x09)), _mm_cmpeq_epi8(at, _mm_set1_epi8(0x0a))),
                                         _mm_cmpeq_epi8(at, _mm_set1_epi8(0x0d)));
    __m128i found = _mm_andnot_si128(allowed, control);
    found = _mm_or_si128(found, _mm_cmpeq_epi8(at, _mm_set1_epi8(0x7f)));
    found = _mm_or_si128(found, _mm_cmpeq_epi8(at, _mm_set1_epi8((char)0xc2)));
    found = _mm_or_si128(found, _mm_cmpeq_epi8(_mm_max_epu8(at, _mm_set1_epi8((char)0xef)), at));
    return _mm_movemask_epi8(found);
}
#endif

#if defined(TRACKER_AVX2_SCAN)
/// `suspect_mask`'s rule over thirty-two bytes at a time, from `*position` while a whole block fits before
/// `count`: true at the first block holding a suspect byte, else false with `*position` where the blocks stopped.
__attribute__((target("avx2")))
static bool may_hold_forbidden_avx2(const uint8_t *bytes, size_t *position, size_t count) {
    const __m256i control_end = _mm256_set1_epi8(0x1f);
    const __m256i tab = _mm256_set1_epi8(0x09);
    const __m256i line_feed = _mm256_set1_epi8(0x0a);
    const __m256i carriage_return = _mm256_set1_epi8(0x0d);
    const __m256i delete = _mm256_set1_epi8(0x7f);
    const __m256i c1_lead = _mm256_set1_epi8((char)0xc2);
    const __m256i high_lead = _mm256_set1_epi8((char)0xef);
    size_t at = *position;
    while (at + 32 <= count) {
        const __m256i here = _mm256_loadu_si256((const __m256i *)(bytes + at));
        const __m256i control = _mm256_cmpeq_epi8(_mm256_min_epu8(here, control_end), here);
        const __m256i allowed = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(here, tab), _mm256_cmpeq_epi8(here, line_feed)),
                                                _mm256_cmpeq_epi8(here, carriage_return));
        __m256i found = _mm256_andnot_si256(allowed, control);
        found = _mm256_or_si256(found, _mm256_cmpeq_epi8(here, delete));
        found = _mm256_or_si256(found, _mm256_cmpeq_epi8(here, c1_lead));
        found = _mm256_or_si256(found, _mm256_cmpeq_epi8(_mm256_max_epu8(here, high_lead), here));
        if (!_mm256_testz_si256(found, found)) return true;
        at += 32;
    }
    *position = at;
    return false;
}
#endif

bool tracker_may_hold_forbidden(const uint8_t *bytes, size_t count) {
    size_t position = 0;
#if defined(TRACKER_AVX2_SCAN)
    // A content file is read whole through this before it is parsed: thirty-two bytes at a time where the
    // processor can.
    if (count >= 32 && tracker_has_avx2() && may_hold_forbidden_avx2(bytes, &position, count)) return true;
#endif
#if defined(__SSE2__)
    while (position + 16 <= count) {
        if (suspect_mask(_mm_loadu_si128((const __m128i *)(bytes + position))) != 0) return true;
        position += 16;
    }
    if (position < count) {
        const size_t left = count - position;
        return ((unsigned)suspect_mask(tail_block(bytes + position, left)) & ((1u << left) - 1)) != 0;
    }
#endif
    for (; position < count; position++) {
        if (is_suspect(bytes[position])) return true;
    }
    return false;
}
