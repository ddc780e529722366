/* An arena of strings that all live as long as one object (a loaded set of
 * ratings, say): copied in with one bump of a pointer, freed all at once.
 * Loading tens of thousands of short strings one malloc each cost more
 * than reading them from SQLite. */
#ifndef OFSTED_TUI_ARENA_H
#define OFSTED_TUI_ARENA_H

#include <stddef.h>

typedef struct ot_arena_chunk ot_arena_chunk;

typedef struct ot_arena {
    ot_arena_chunk *chunks; /* newest first */
} ot_arena;

#define OT_ARENA_INIT { NULL }

/* A NUL-terminated copy of s[0, len) in the arena, or NULL when memory ran
 * out.  It stays valid until ot_arena_free. */
char *ot_arena_strndup(ot_arena *a, const char *s, size_t len);

/* Free every string of the arena; it can be used again afterwards. */
void ot_arena_free(ot_arena *a);

#endif
