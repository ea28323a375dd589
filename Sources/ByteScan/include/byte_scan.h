#ifndef TRACKER_BYTE_SCAN_H
#define TRACKER_BYTE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Byte scans over a whole rendered page, sixteen bytes at a time where the processor has SSE2 (every
/// x86-64 one), one at a time elsewhere: each page of a build is read by them once.

/// The first position `p` in `from ..< count - 1`, and at least 2, where the page could hold the attribute
/// name "id" ending at `p`: `bytes[p]` is "d" or "D", `bytes[p - 1]` is "i" or "I", and `bytes[p - 2]` is
/// below "0" (a space, "/" or a quote ends what comes before an attribute's name; letters and digits do
/// not). `count` when there is none. A byte follows every position returned.
/// Thirty-two positions at a time where the processor has AVX2 (asked when the program runs).
size_t tracker_next_id_candidate(const uint8_t *bytes, size_t count, size_t from);

/// `tracker_next_id_candidate`, with `wide` false never thirty-two positions at a time: the tests compare both.
size_t tracker_next_id_candidate_using(const uint8_t *bytes, size_t count, size_t from, bool wide);

/// Whether this processor has AVX2 (and the system saves its registers).
bool tracker_has_avx2(void);

/// Writes `src` at `dst` with each of `"`, `&`, `'`, `<` and `>` replaced by `&quot;`, `&amp;`, `&#39;`, `&lt;`
/// and `&gt;`; returns the number of bytes written. `dst` must have room for `6 * count + 16` bytes (and may
/// be written past the returned length, within that room).
size_t tracker_escape_markup(const uint8_t *src, size_t count, uint8_t *dst);

/// `tracker_escape_markup` without `'`: `"`, `&`, `<` and `>` replaced, as libcmark escapes text in the HTML
/// it renders. The same room at `dst`.
size_t tracker_escape_text(const uint8_t *src, size_t count, uint8_t *dst);

/// The first position in `0 ..< count` of a byte JSON escapes: below 0x20, `"` or `\`, and with
/// `for_script` also `<`, `>` or `&`. `count` when there is none.
size_t tracker_next_json_byte(const uint8_t *bytes, size_t count, bool for_script);

/// The first position in `0 ..< count` of a byte that makes a CSV field quoted: `,`, `"`, LF or CR. `count`
/// when there is none.
size_t tracker_next_csv_byte(const uint8_t *bytes, size_t count);

/// The first position in `0 ..< count` of a byte other than printable ASCII (0x20 to 0x7E) and line feed: a
/// control, DEL or a byte of a multi-byte UTF-8 sequence. `count` when there is none.
size_t tracker_next_not_printable_ascii(const uint8_t *bytes, size_t count);

/// How many bytes of `bytes[0 ..< count]` are UTF-8 continuation bytes (0x80 to 0xBF): what a count of bytes
/// exceeds the count of Unicode scalars they hold by, in valid UTF-8.
size_t tracker_count_continuations(const uint8_t *bytes, size_t count);

/// Whether any byte of `bytes[0 ..< count]` can begin a character a content file may not hold: below 0x20
/// but for tab, LF and CR, 0x7F, 0xC2 (the lead byte of the C1 controls) or 0xEF and above (the lead bytes
/// of the noncharacters). Most files have none, and are then not read character by character.
bool tracker_may_hold_forbidden(const uint8_t *bytes, size_t count);

#endif
