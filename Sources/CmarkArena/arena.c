#include "cmark_arena.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// A block of an arena; the arena is the list of its blocks, newest first.
typedef struct block {
    struct block *next;
    size_t capacity;
    size_t used;
    /// Where the allocation made last starts (after its header), or 0: only it can grow in place.
    size_t last;
    /// Keeps `data` aligned as malloc's memory is.
    max_align_t align;
    unsigned char data[];
} block;

/// Each allocation is preceded by its size, in a header that keeps the allocation aligned.
typedef union header {
    size_t size;
    max_align_t align;
} header;

#define BLOCK_SIZE ((size_t)64 * 1024)
#define ALIGNMENT (sizeof(header))

typedef struct arena {
    block *blocks;
} arena;

static _Thread_local arena *current;

static void *out_of_memory(void) {
    fprintf(stderr, "[cmark] the arena could not allocate memory, aborting\n");
    abort();
}

/// 1 when the environment sets TRACKER_CMARK_ARENA=off, 0 when not, -1 until read.
static atomic_int disabled = -1;

void *tracker_cmark_arena_open(void) {
    arena *previous = current;
    int off = atomic_load(&disabled);
    if (off < 0) {
        const char *setting = getenv("TRACKER_CMARK_ARENA");
        off = setting && strcmp(setting, "off") == 0;
        atomic_store(&disabled, off);
    }
    // Off (the fuzzers run so, for AddressSanitizer to see each node cmark frees): no arena, the C library's allocator.
    if (off) return previous;
    arena *opened = calloc(1, sizeof(arena));
    if (!opened) out_of_memory();
    current = opened;
    return previous;
}

int tracker_cmark_arena_is_open(void) { return current != NULL; }

void tracker_cmark_arena_close(void *previous) {
    arena *closing = current;
    if (closing) {
        block *next;
        for (block *each = closing->blocks; each; each = next) {
            next = each->next;
            free(each);
        }
        free(closing);
    }
    current = previous;
}

static size_t rounded(size_t size) { return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT; }

/// `size` bytes (not zeroed) from the open arena.
static void *allocate(arena *in, size_t size) {
    if (size > SIZE_MAX / 2) out_of_memory();
    size_t needed = sizeof(header) + rounded(size);
    block *head = in->blocks;
    if (!head || head->capacity - head->used < needed) {
        if (needed > BLOCK_SIZE / 4) {
            // A large allocation gets a block of its own, behind the head, which keeps its free room.
            block *own = malloc(sizeof(block) + needed);
            if (!own) return out_of_memory();
            own->capacity = needed;
            own->used = needed;
            own->last = sizeof(header);
            if (head) {
                own->next = head->next;
                head->next = own;
            } else {
                own->next = NULL;
                in->blocks = own;
            }
            ((header *)own->data)->size = size;
            return own->data + sizeof(header);
        }
        block *fresh = malloc(sizeof(block) + BLOCK_SIZE);
        if (!fresh) return out_of_memory();
        fresh->next = head;
        fresh->capacity = BLOCK_SIZE;
        fresh->used = 0;
        fresh->last = 0;
        in->blocks = head = fresh;
    }
    unsigned char *start = head->data + head->used;
    ((header *)start)->size = size;
    head->last = head->used + sizeof(header);
    head->used += needed;
    return start + sizeof(header);
}

void *tracker_cmark_arena_calloc(size_t count, size_t size) {
    arena *in = current;
    if (!in) {
        void *memory = calloc(count, size);
        return memory ? memory : out_of_memory();
    }
    if (size && count > SIZE_MAX / size) return out_of_memory();
    void *memory = allocate(in, count * size);
    memset(memory, 0, count * size);
    return memory;
}

void *tracker_cmark_arena_realloc(void *pointer, size_t size) {
    arena *in = current;
    if (!in) {
        void *memory = realloc(pointer, size);
        return memory ? memory : out_of_memory();
    }
    if (!pointer) return allocate(in, size);
    header *old = (header *)((unsigned char *)pointer - sizeof(header));
    block *head = in->blocks;
    // The allocation made last in the head block grows (or shrinks) where it is.
    if (head && head->last && (unsigned char *)pointer == head->data + head->last && size <= SIZE_MAX / 2) {
        size_t end = head->last + rounded(size);
        if (end <= head->capacity) {
            old->size = size;
            head->used = end;
            return pointer;
        }
    }
    void *memory = allocate(in, size);
    memcpy(memory, pointer, old->size < size ? old->size : size);
    return memory;
}

void tracker_cmark_arena_free(void *pointer) {
    // In an arena, memory is handed back when the arena closes.
    if (!current) free(pointer);
}
