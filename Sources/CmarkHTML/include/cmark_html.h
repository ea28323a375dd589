#ifndef TRACKER_CMARK_HTML_H
#define TRACKER_CMARK_HTML_H

#include <stddef.h>

/// libcmark's HTML renderer (`cmark_render_html`), written again over cmark's public API, for the same bytes
/// sooner: cmark escapes text a byte at a time through a table (houdini), which was most of the time it took
/// to render a long body; here text is escaped sixteen bytes at a time (`tracker_escape_text`).
///
/// The output is cmark's, node for node, for the versions whose renderer this follows: 0.30 and 0.31 (0.31
/// writes no second "language-" before a fenced code block's info string that has one). With any other
/// version of libcmark, `tracker_cmark_html_supported` is false and callers use `cmark_render_html`.

typedef struct cmark_node cmark_node;

/// Whether the libcmark this program runs with renders HTML as `tracker_cmark_render_html` does.
int tracker_cmark_html_supported(void);

/// The HTML of `root` and everything under it, as `cmark_render_html(root, options)` gives it (only
/// CMARK_OPT_UNSAFE, CMARK_OPT_HARDBREAKS and CMARK_OPT_NOBREAKS change it; source positions are never
/// written). The bytes are the calling thread's buffer, valid until its next call; `*length` is how many
/// (no NUL follows them). NULL when memory runs out.
const char *tracker_cmark_render_html(cmark_node *root, int options, size_t *length);

#endif
