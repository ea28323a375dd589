#include "cmark_html.h"

#include <cmark.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "byte_scan.h"

int tracker_cmark_html_supported(void) {
    const int minor = (cmark_version() >> 8) & 0xff;
    return (cmark_version() >> 16) == 0 && (minor == 30 || minor == 31);
}

/// The HTML being written: one buffer per thread, kept between calls (a body's HTML grew its own buffer
/// in doublings, each a copy).
typedef struct {
    uint8_t *bytes;
    size_t count;
    size_t capacity;
    bool failed;
} html_buffer;

static _Thread_local html_buffer thread_buffer;

/// Frees a thread's buffer when the thread ends.
static pthread_key_t buffer_key;
static pthread_once_t buffer_key_once = PTHREAD_ONCE_INIT;

static void free_buffer(void *buffer) {
    html_buffer *html = buffer;
    free(html->bytes);
    *html = (html_buffer){0};
}

static void make_buffer_key(void) { pthread_key_create(&buffer_key, free_buffer); }

/// Room for `more` bytes after the written ones; false (and `failed`) when memory runs out.
static bool reserve(html_buffer *html, size_t more) {
    if (html->capacity - html->count >= more) return true;
    if (html->failed) return false;
    size_t capacity = html->capacity < 4096 ? 4096 : html->capacity;
    while (capacity - html->count < more) capacity *= 2;
    const bool first = html->bytes == NULL;
    uint8_t *grown = realloc(html->bytes, capacity);
    if (grown == NULL) {
        html->failed = true;
        return false;
    }
    if (first) {
        pthread_once(&buffer_key_once, make_buffer_key);
        pthread_setspecific(buffer_key, html);
    }
    html->bytes = grown;
    html->capacity = capacity;
    return true;
}

static void put(html_buffer *html, const void *bytes, size_t count) {
    if (count == 0 || !reserve(html, count)) return;
    memcpy(html->bytes + html->count, bytes, count);
    html->count += count;
}

static void put_byte(html_buffer *html, uint8_t byte) {
    if (!reserve(html, 1)) return;
    html->bytes[html->count++] = byte;
}

static void put_string(html_buffer *html, const char *text) { put(html, text, strlen(text)); }

/// A string literal's bytes, measured when compiled.
#define PUT(html, literal) put((html), (literal), sizeof(literal) - 1)

/// A line break unless the HTML is empty or already ends with one (cmark's `cr`).
static void line_break(html_buffer *html) {
    if (html->count > 0 && html->bytes[html->count - 1] != '\n') put_byte(html, '\n');
}

/// `text` with `"`, `&`, `<` and `>` escaped, as cmark escapes text and attribute values.
static void put_escaped(html_buffer *html, const char *text, size_t count) {
    if (count == 0 || !reserve(html, 6 * count + 16)) return;
    html->count += tracker_escape_text((const uint8_t *)text, count, html->bytes + html->count);
}

static void put_decimal(html_buffer *html, int value) {
    char digits[16];
    int at = (int)sizeof(digits);
    unsigned magnitude = value < 0 ? 0u - (unsigned)value : (unsigned)value;
    do {
        digits[--at] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    if (value < 0) digits[--at] = '-';
    put(html, digits + at, sizeof(digits) - (size_t)at);
}

/// The bytes a link's address keeps as they are (cmark's table for `houdini_escape_href`): letters, digits
/// and `!#$%()*+,-./:;=?@_~`.
static bool href_safe(uint8_t byte) {
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9')) return true;
    switch (byte) {
    case '!': case '#': case '$': case '%': case '(': case ')': case '*': case '+': case ',': case '-': case '.':
    case '/': case ':': case ';': case '=': case '?': case '@': case '_': case '~':
        return true;
    default:
        return false;
    }
}

/// An address as cmark writes it in `href` and `src`: `&` and `'` as entities, other unsafe bytes as %XX.
static void put_href(html_buffer *html, const char *url) {
    static const char hex[] = "0123456789ABCDEF";
    const uint8_t *bytes = (const uint8_t *)url;
    size_t at = 0;
    while (bytes[at] != 0) {
        const size_t start = at;
        while (bytes[at] != 0 && href_safe(bytes[at])) at++;
        put(html, bytes + start, at - start);
        if (bytes[at] == 0) break;
        if (bytes[at] == '&') {
            PUT(html, "&amp;");
        } else if (bytes[at] == '\'') {
            PUT(html, "&#x27;");
        } else {
            const char escaped[3] = {'%', hex[bytes[at] >> 4], hex[bytes[at] & 0xf]};
            put(html, escaped, 3);
        }
        at++;
    }
}

/// Whether `text` starts with `prefix`, ASCII letters in either case.
static bool starts_with_folded(const char *text, const char *prefix) {
    for (; *prefix != 0; text++, prefix++) {
        char c = *text;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != *prefix) return false;
    }
    return true;
}

/// cmark's `_scan_dangerous_url`: an address starting `javascript:`, `vbscript:`, `file:` or `data:`, unless
/// `data:image/` with `png`, `gif`, `jpeg` or `webp`; in any case.
static bool dangerous_url(const char *url) {
    if (starts_with_folded(url, "data:image/png") || starts_with_folded(url, "data:image/gif") ||
        starts_with_folded(url, "data:image/jpeg") || starts_with_folded(url, "data:image/webp")) {
        return false;
    }
    return starts_with_folded(url, "javascript:") || starts_with_folded(url, "vbscript:") ||
           starts_with_folded(url, "file:") || starts_with_folded(url, "data:");
}

static void put_literal_escaped(html_buffer *html, cmark_node *node) {
    const char *literal = cmark_node_get_literal(node);
    if (literal != NULL) put_escaped(html, literal, strlen(literal));
}

/// Raw HTML, block or inline: as written with CMARK_OPT_UNSAFE, else cmark's comment in its place.
static void put_raw_html(html_buffer *html, cmark_node *node, int options) {
    if (options & CMARK_OPT_UNSAFE) {
        const char *literal = cmark_node_get_literal(node);
        if (literal != NULL) put_string(html, literal);
    } else {
        PUT(html, "<!-- raw HTML omitted -->");
    }
}

/// A link's or image's address, where cmark writes one: not a dangerous one in safe mode.
static void put_url(html_buffer *html, cmark_node *node, int options) {
    const char *url = cmark_node_get_url(node);
    if (url != NULL && ((options & CMARK_OPT_UNSAFE) || !dangerous_url(url))) put_href(html, url);
}

/// A link's or image's title attribute, when it has a title (an empty one too: `[a](b "")`). cmark's
/// getter gives its own empty string for a node without one, told apart from an empty title by address.
static void put_title(html_buffer *html, cmark_node *node, const char *no_title) {
    const char *title = cmark_node_get_title(node);
    if (title == NULL || title == no_title) return;
    PUT(html, "\" title=\"");
    put_escaped(html, title, strlen(title));
}

static void render_node(html_buffer *html, cmark_node *node, bool entering, int options, int minor,
                        const char *no_title, cmark_node **plain) {
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_DOCUMENT:
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        line_break(html);
        if (entering) {
            PUT(html, "<blockquote>\n");
        } else {
            PUT(html, "</blockquote>\n");
        }
        break;
    case CMARK_NODE_LIST:
        if (entering) {
            line_break(html);
            if (cmark_node_get_list_type(node) == CMARK_BULLET_LIST) {
                PUT(html, "<ul>\n");
            } else if (cmark_node_get_list_start(node) == 1) {
                PUT(html, "<ol>\n");
            } else {
                PUT(html, "<ol start=\"");
                put_decimal(html, cmark_node_get_list_start(node));
                PUT(html, "\">\n");
            }
        } else if (cmark_node_get_list_type(node) == CMARK_BULLET_LIST) {
            PUT(html, "</ul>\n");
        } else {
            PUT(html, "</ol>\n");
        }
        break;
    case CMARK_NODE_ITEM:
        if (entering) {
            line_break(html);
            PUT(html, "<li>");
        } else {
            PUT(html, "</li>\n");
        }
        break;
    case CMARK_NODE_HEADING: {
        const char level = (char)('0' + cmark_node_get_heading_level(node));
        if (entering) {
            line_break(html);
            const char tag[4] = {'<', 'h', level, '>'};
            put(html, tag, 4);
        } else {
            const char tag[6] = {'<', '/', 'h', level, '>', '\n'};
            put(html, tag, 6);
        }
        break;
    }
    case CMARK_NODE_CODE_BLOCK: {
        line_break(html);
        const char *info = cmark_node_get_fence_info(node);
        if (info == NULL || info[0] == 0) {
            PUT(html, "<pre><code>");
        } else {
            size_t first_word = 0;
            while (info[first_word] != 0 && info[first_word] != ' ' && !(info[first_word] >= '\t' && info[first_word] <= '\r')) {
                first_word++;
            }
            PUT(html, "<pre><code class=\"");
            if (minor < 31 || strncmp(info, "language-", 9) != 0) PUT(html, "language-");
            put_escaped(html, info, first_word);
            PUT(html, "\">");
        }
        put_literal_escaped(html, node);
        PUT(html, "</code></pre>\n");
        break;
    }
    case CMARK_NODE_HTML_BLOCK:
        line_break(html);
        put_raw_html(html, node, options);
        line_break(html);
        break;
    case CMARK_NODE_CUSTOM_BLOCK: {
        const char *custom = entering ? cmark_node_get_on_enter(node) : cmark_node_get_on_exit(node);
        line_break(html);
        if (custom != NULL) put_string(html, custom);
        line_break(html);
        break;
    }
    case CMARK_NODE_THEMATIC_BREAK:
        line_break(html);
        PUT(html, "<hr />\n");
        break;
    case CMARK_NODE_PARAGRAPH: {
        cmark_node *grandparent = cmark_node_parent(cmark_node_parent(node));
        const bool tight = grandparent != NULL && cmark_node_get_type(grandparent) == CMARK_NODE_LIST &&
                           cmark_node_get_list_tight(grandparent);
        if (tight) break;
        if (entering) {
            line_break(html);
            PUT(html, "<p>");
        } else {
            PUT(html, "</p>\n");
        }
        break;
    }
    case CMARK_NODE_TEXT:
        put_literal_escaped(html, node);
        break;
    case CMARK_NODE_LINEBREAK:
        PUT(html, "<br />\n");
        break;
    case CMARK_NODE_SOFTBREAK:
        if (options & CMARK_OPT_HARDBREAKS) {
            PUT(html, "<br />\n");
        } else if (options & CMARK_OPT_NOBREAKS) {
            put_byte(html, ' ');
        } else {
            put_byte(html, '\n');
        }
        break;
    case CMARK_NODE_CODE:
        PUT(html, "<code>");
        put_literal_escaped(html, node);
        PUT(html, "</code>");
        break;
    case CMARK_NODE_HTML_INLINE:
        put_raw_html(html, node, options);
        break;
    case CMARK_NODE_CUSTOM_INLINE: {
        const char *custom = entering ? cmark_node_get_on_enter(node) : cmark_node_get_on_exit(node);
        if (custom != NULL) put_string(html, custom);
        break;
    }
    case CMARK_NODE_STRONG:
        if (entering) {
            PUT(html, "<strong>");
        } else {
            PUT(html, "</strong>");
        }
        break;
    case CMARK_NODE_EMPH:
        if (entering) {
            PUT(html, "<em>");
        } else {
            PUT(html, "</em>");
        }
        break;
    case CMARK_NODE_LINK:
        if (entering) {
            PUT(html, "<a href=\"");
            put_url(html, node, options);
            put_title(html, node, no_title);
            PUT(html, "\">");
        } else {
            PUT(html, "</a>");
        }
        break;
    case CMARK_NODE_IMAGE:
        if (entering) {
            PUT(html, "<img src=\"");
            put_url(html, node, options);
            PUT(html, "\" alt=\"");
            // Until the image closes, only its text, escaped, and a space for each line break.
            *plain = node;
        } else {
            put_title(html, node, no_title);
            PUT(html, "\" />");
        }
        break;
    default:
        break;
    }
}

/// The empty string cmark's title getter gives for a link without a title: asked once (every thread gets
/// the same address, so two threads asking at once both store it).
static const char *untitled(void) {
    static _Atomic(const char *) known = NULL;
    const char *address = atomic_load_explicit(&known, memory_order_relaxed);
    if (address != NULL) return address;
    cmark_node *probe = cmark_node_new(CMARK_NODE_LINK);
    if (probe == NULL) return NULL;
    address = cmark_node_get_title(probe);
    cmark_node_free(probe);
    atomic_store_explicit(&known, address, memory_order_relaxed);
    return address;
}

const char *tracker_cmark_render_html(cmark_node *root, int options, size_t *length) {
    html_buffer *html = &thread_buffer;
    html->count = 0;
    html->failed = false;
    *length = 0;
    const char *no_title = untitled();
    if (no_title == NULL) return NULL;
    const int minor = (cmark_version() >> 8) & 0xff;

    cmark_iter *iter = cmark_iter_new(root);
    if (iter == NULL) return NULL;
    cmark_node *plain = NULL;
    cmark_event_type event;
    while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(iter);
        if (plain == node) plain = NULL;
        if (plain != NULL) {
            switch (cmark_node_get_type(node)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
            case CMARK_NODE_HTML_INLINE:
                put_literal_escaped(html, node);
                break;
            case CMARK_NODE_LINEBREAK:
            case CMARK_NODE_SOFTBREAK:
                put_byte(html, ' ');
                break;
            default:
                break;
            }
            continue;
        }
        render_node(html, node, event == CMARK_EVENT_ENTER, options, minor, no_title, &plain);
    }
    cmark_iter_free(iter);
    if (html->failed) return NULL;
    *length = html->count;
    return html->count > 0 ? (const char *)html->bytes : "";
}
