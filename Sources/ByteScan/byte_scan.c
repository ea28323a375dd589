#include "byte_scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t tracker_next_id_candidate(const uint8_t *bytes, size_t count, size_t from) {
    if (count < 3) return count;
    // The last position with a byte after it.
    const size_t last = count - 2;
    size_t position = from < 2 ? 2 : from;
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
