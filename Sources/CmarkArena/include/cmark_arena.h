#ifndef TRACKER_CMARK_ARENA_H
#define TRACKER_CMARK_ARENA_H

#include <stddef.h>

/// An allocator for libcmark (its `cmark_mem`) that takes memory from the calling thread's arena while one
/// is open, and frees all of it at once when the arena closes.
///
/// cmark allocates every node, chunk of text and buffer on its own, and frees them one by one: with the C
/// library's allocator, a third of the time spent reading content went to allocating and freeing. While
/// an arena is open, an allocation is a bump of a pointer, `free` does nothing, and closing the arena
/// hands its blocks back. Outside an arena, the functions are the C library's.
///
/// Everything allocated in an arena must be dropped when it closes: the document's nodes, its iterators
/// and the HTML rendered from it.
///
/// With TRACKER_CMARK_ARENA=off in the environment, no arena opens: the fuzzers run so, for AddressSanitizer
/// to see every allocation and free of cmark's.

/// Opens an arena on the calling thread; returns the one open before it (or NULL), for `tracker_cmark_arena_close`.
void *tracker_cmark_arena_open(void);
/// Whether an arena is open on the calling thread (else what cmark allocates must be freed as usual).
int tracker_cmark_arena_is_open(void);
/// Frees the memory of the arena opened last on the calling thread and reopens `previous`.
void tracker_cmark_arena_close(void *previous);

void *tracker_cmark_arena_calloc(size_t count, size_t size);
void *tracker_cmark_arena_realloc(void *pointer, size_t size);
void tracker_cmark_arena_free(void *pointer);

#endif
