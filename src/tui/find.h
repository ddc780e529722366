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

/* `/` in a list view: the selection when the prompt opened and the pattern
 * before it, so that Esc puts both back. */
typedef struct ot_list_find {
    size_t origin;
    char *before;
} ot_list_find;

/* Apply one prompt step to list l (height rows on screen): START
 * remembers; TYPE and ACCEPT set the pattern and, when it is not empty,
 * call move_to(ctx, origin) to select the first match from where the prompt
 * opened; CANCEL puts the selection and the pattern back.  A pattern that
 * does not compile is reported in t's bottom bar.  Then the selection is
 * scrolled into view. */
void ot_list_find_step(ot_tui *t, ot_list_find *lf, ot_find *f, ot_list *l, int height, ot_find_step step,
                       const char *pattern, size_t len, void (*move_to)(void *ctx, size_t from), void *ctx);

void ot_list_find_free(ot_list_find *lf);

/* Select (in *selected) the next (dir +1) or previous (-1) of n rows for
 * which matches(ctx, i) holds, starting at row `from`, and say in the
 * bottom bar when there is no pattern yet ("press / to find <looking_for>"),
 * no row matches ("No <noun> matches /pattern/") or the search wrapped. */
void ot_list_find_move(ot_tui *t, ot_find *f, size_t *selected, size_t n, size_t from, int dir,
                       bool include_from, int (*matches)(void *ctx, size_t i), void *ctx,
                       const char *looking_for, const char *noun);

#endif
