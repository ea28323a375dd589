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

size_t tracker_next_json_byte(const uint8_t *bytes, size_t count, bool for_script) {
    size_t position = 0;
#if defined(__SSE2__)
    const __m128i below_space = _mm_set1_epi8(0x1f);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i less = _mm_set1_epi8('<');
    const __m128i greater = _mm_set1_epi8('>');
    const __m128i ampersand = _mm_set1_epi8('&');
    while (position + 16 <= count) {
        const __m128i at = _mm_loadu_si128((const __m128i *)(bytes + position));
        // Unsigned "at most 0x1f": the smaller of the byte and 0x1f is the byte itself.
        __m128i found = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(at, below_space), at),
                                     _mm_or_si128(_mm_cmpeq_epi8(at, quote), _mm_cmpeq_epi8(at, backslash)));
        if (for_script) {
            found = _mm_or_si128(found, _mm_or_si128(_mm_cmpeq_epi8(at, less),
                                                     _mm_or_si128(_mm_cmpeq_epi8(at, greater), _mm_cmpeq_epi8(at, ampersand))));
        }
        const int mask = _mm_movemask_epi8(found);
        if (mask != 0) return position + (size_t)__builtin_ctz((unsigned)mask);
        position += 16;
    }
#endif
    for (; position < count; position++) {
        const uint8_t byte = bytes[position];
        if (byte < 0x20 || byte == '"' || byte == '\\') return position;
        if (for_script && (byte == '<' || byte == '>' || byte == '&')) return position;
    }
    return count;
}

/// The entity for a byte `tracker_next_markup_byte` finds, written at `dst`; returns its length.
static size_t write_markup_entity(uint8_t byte, uint8_t *dst) {
    const char *entity;
    size_t length;
    switch (byte) {
    case '&': entity = "&amp;"; length = 5; break;
    case '<': entity = "&lt;"; length = 4; break;
    case '>': entity = "&gt;"; length = 4; break;
    case '"': entity = "&quot;"; length = 6; break;
    default: entity = "&#39;"; length = 5; break;
    }
    for (size_t i = 0; i < length; i++) dst[i] = (uint8_t)entity[i];
    return length;
}

size_t tracker_escape_markup(const uint8_t *src, size_t count, uint8_t *dst) {
    uint8_t *const start = dst;
    size_t position = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i ampersand = _mm_set1_epi8('&');
    const __m128i apostrophe = _mm_set1_epi8('\'');
    const __m128i less = _mm_set1_epi8('<');
    const __m128i greater = _mm_set1_epi8('>');
    while (position + 16 <= count) {
        const __m128i at = _mm_loadu_si128((const __m128i *)(src + position));
        const __m128i found = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(at, quote), _mm_cmpeq_epi8(at, ampersand)),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(at, apostrophe), _mm_cmpeq_epi8(at, less)), _mm_cmpeq_epi8(at, greater)));
        // All sixteen bytes are stored, and `dst` moves past those before the first one to escape only:
        // the room for six bytes per byte left covers the sixteen.
        _mm_storeu_si128((__m128i *)dst, at);
        const int mask = _mm_movemask_epi8(found);
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
#endif
    for (; position < count; position++) {
        const uint8_t byte = src[position];
        if (byte == '"' || byte == '&' || byte == '\'' || byte == '<' || byte == '>') {
            dst += write_markup_entity(byte, dst);
        } else {
            *dst++ = byte;
        }
    }
    return (size_t)(dst - start);
}

size_t tracker_next_csv_byte(const uint8_t *bytes, size_t count) {
    size_t position = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i carriage_return = _mm_set1_epi8('\r');
    while (position + 16 <= count) {
        const __m128i at = _mm_loadu_si128((const __m128i *)(bytes + position));
        const __m128i found = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(at, comma), _mm_cmpeq_epi8(at, quote)),
                                           _mm_or_si128(_mm_cmpeq_epi8(at, newline), _mm_cmpeq_epi8(at, carriage_return)));
        const int mask = _mm_movemask_epi8(found);
        if (mask != 0) return position + (size_t)__builtin_ctz((unsigned)mask);
        position += 16;
    }
#endif
    for (; position < count; position++) {
        const uint8_t byte = bytes[position];
        if (byte == ',' || byte == '"' || byte == '\n' || byte == '\r') return position;
    }
    return count;
}
