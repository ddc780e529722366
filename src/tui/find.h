/* Find inside a view: one compiled pattern (smart case, like ripgrep) and
 * the questions views ask of it.  Patterns are compiled with the regex
 * engine; a bad one is reported with PCRE2's message and offset. */
#ifndef OT_TUI_FIND_H
#define OT_TUI_FIND_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/error.h"
#include "ofsted-tui/regex.h"
#include "tui.h"

typedef struct ot_find ot_find;

/* A finder with no pattern; NULL when out of memory.  Free with
 * ot_find_free. */
ot_find *ot_find_new(void);
void ot_find_free(ot_find *f);

/* Use pattern[0, len) from now on; an empty pattern clears the find.
 * Returns 0, or -1 with err set to PCRE2's message and " at offset N"
 * (the find is then cleared). */
int ot_find_set(ot_find *f, const char *pattern, size_t len, ot_error *err);

/* Whether a pattern is set. */
bool ot_find_active(const ot_find *f);

/* The pattern as set ("" when none); owned by f. */
const char *ot_find_pattern(const ot_find *f);

/* 1 when text[0, len) holds a match, 0 when not, when no pattern is set,
 * or when the text is not valid UTF-8 (it cannot be searched), and 0 too
 * when a limit stopped the match (a runaway pattern finds nothing). */
int ot_find_test(ot_find *f, const char *text, size_t len);

/* Append the matches in text[0, len) to out, in order.  Returns the
 * number appended (0 when no pattern is set or the text is not valid
 * UTF-8), or -1 when a limit or memory stopped the search. */
long ot_find_spans(ot_find *f, const char *text, size_t len, ot_spans *out);

/* Among n rows, the first for which matches(ctx, i) is true, walking in
 * direction dir (+1 down, -1 up) from row `from` (itself included when
 * include_from), wrapping round the end; *wrapped (may be NULL) tells
 * whether it did.  Returns the row, or -1 when none matches. */
long ot_find_row(size_t n, size_t from, int dir, bool include_from,
                 int (*matches)(void *ctx, size_t i), void *ctx, bool *wrapped);

/* `/`, n and N in a list view: the pattern, the list it selects in, which
 * rows match, and (while the prompt is open) the selection when it opened
 * and the pattern before it, so that Esc puts both back. */
typedef struct ot_list_find {
    ot_find *find;                       /* owned */
    ot_list *list;                       /* borrowed */
    int (*matches)(void *ctx, size_t i); /* whether list row i matches find */
    void *ctx;
    const char *looking_for, *noun; /* "an authority by name", "authority" */
    size_t origin;
    char *before;
} ot_list_find;

/* Set up lf to find in list l with matches(ctx, i); looking_for and noun
 * (static strings) name the rows in messages.  Returns 0, or -1 when out of
 * memory.  Free with ot_list_find_free. */
int ot_list_find_init(ot_list_find *lf, ot_list *l, int (*matches)(void *ctx, size_t i), void *ctx,
                      const char *looking_for, const char *noun);

void ot_list_find_free(ot_list_find *lf);

/* The view's find hook: START remembers; TYPE and ACCEPT set the pattern
 * and, when it is not empty, select the first match from where the prompt
 * opened; CANCEL puts the selection and the pattern back.  A pattern that
 * does not compile is reported in t's bottom bar.  Then the selection is
 * scrolled into view. */
void ot_list_find_step(ot_tui *t, ot_list_find *lf, ot_find_step step, const char *pattern, size_t len);

/* n (dir +1) and N (-1): select the next or previous matching row, saying
 * in the bottom bar when there is no pattern yet ("press / to find
 * <looking_for>"), no row matches ("No <noun> matches /pattern/") or the
 * search wrapped; then scroll the selection into view. */
void ot_list_find_next(ot_tui *t, ot_list_find *lf, int dir);

#endif
