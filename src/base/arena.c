/* String arena: see ofsted-tui/arena.h. */
#include "config.h"

#include "ofsted-tui/arena.h"

#include <stdlib.h>
#include <string.h>

enum { CHUNK_BYTES = 64 * 1024 };

struct ot_arena_chunk {
    ot_arena_chunk *next;
    size_t used, size;
    char data[];
};

char *ot_arena_strndup(ot_arena *a, const char *s, size_t len)
{
    ot_arena_chunk *c = a->chunks;
    if (!c || c->size - c->used < len + 1) {
        /* A string larger than a chunk gets a chunk of its own. */
        size_t size = len + 1 > CHUNK_BYTES ? len + 1 : CHUNK_BYTES;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->used = 0;
        c->size = size;
        c->next = a->chunks;
        a->chunks = c;
    }
    char *out = c->data + c->used;
    memcpy(out, s, len);
    out[len] = '\0';
    c->used += len + 1;
    return out;
}

void ot_arena_free(ot_arena *a)
{
    for (ot_arena_chunk *c = a->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->chunks = NULL;
}
