/* Regular expressions for searching findings: PCRE2 (8-bit, native API).
 *
 * Patterns are compiled the way `rg -P -S` compiles them, so that a search
 * here finds what ripgrep finds over the same text one paragraph a line:
 * UTF and Unicode properties (\w, \b, \s and caseless matching follow
 * Unicode), ^ and $ at the start and end of every line, and smart case: a
 * pattern without an upper-case letter (outside escapes such as \W or \S)
 * matches case-insensitively; (?i) and (?-i) inside the pattern still rule.
 * The JIT compiler is used when PCRE2 has one.  Match, depth and JIT stack
 * limits stop a runaway pattern such as `(\w+\s?)+$` with the error
 * "pattern too complex" instead of letting it run for hours.
 *
 * This module knows nothing of the terminal or the database.  Subjects must
 * be valid UTF-8: ot_regex_* functions pass PCRE2_NO_UTF_CHECK, so callers
 * validate once (ot_utf8_valid) when text enters the program. */
#ifndef OFSTED_TUI_REGEX_H
#define OFSTED_TUI_REGEX_H

#include <stddef.h>

#include "ofsted-tui/error.h"
#include "ofsted-tui/utf8.h"

typedef struct ot_regex ot_regex;
typedef struct ot_regex_scratch ot_regex_scratch;

/* How letter case is treated. */
typedef enum ot_regex_case {
    OT_REGEX_SMART_CASE = 0, /* caseless unless the pattern has an upper-case letter */
    OT_REGEX_IGNORE_CASE,    /* always caseless (inline (?-i) still rules) */
    OT_REGEX_MATCH_CASE      /* always case-sensitive (inline (?i) still rules) */
} ot_regex_case;

/* A match: byte offsets into the subject, start inclusive, end exclusive. */
typedef struct ot_span {
    size_t start;
    size_t end;
} ot_span;

/* A growable list of spans, filled by ot_regex_find_all. */
typedef struct ot_spans {
    ot_span *v;
    size_t len;
    size_t cap;
} ot_spans;

#define OT_SPANS_INIT { NULL, 0, 0 }

void ot_spans_free(ot_spans *s);

/* Called between chunks of work; a non-zero return stops the work, which
 * then reports OT_REGEX_CANCELLED.  `data` is the caller's. */
typedef int (*ot_cancel_fn)(void *data);

/* Return values of the matching functions. */
enum {
    OT_REGEX_ERROR = -1,     /* err says why, e.g. "pattern too complex" */
    OT_REGEX_NOMATCH = 0,
    OT_REGEX_MATCH = 1,
    OT_REGEX_CANCELLED = 2
};

/* Compile `pattern` (`len` bytes of UTF-8, need not be NUL-terminated).
 * Returns a new regex owned by the caller (free with ot_regex_free), or NULL
 * with err set to PCRE2's message plus " at offset N"; *err_offset (when not
 * NULL) then receives N, the byte offset in the pattern where PCRE2 stopped,
 * so that a caret can be drawn under it. */
ot_regex *ot_regex_new(const char *pattern, size_t len, ot_regex_case how,
                       size_t *err_offset, ot_error *err);

void ot_regex_free(ot_regex *re);

/* The pattern as given (a NUL-terminated copy owned by re; it may hold NUL
 * bytes, so its length goes to *len when len is not NULL). */
const char *ot_regex_pattern(const ot_regex *re, size_t *len);

/* 1 when the pattern was compiled caseless (smart case or IGNORE_CASE). */
int ot_regex_caseless(const ot_regex *re);

/* 1 when the JIT compiled the pattern, 0 when the interpreter runs it. */
int ot_regex_jit(const ot_regex *re);

/* Smart case as ripgrep decides it: 1 when `pattern` holds an upper-case
 * letter that is not the character right after a backslash. */
int ot_regex_has_upper(const char *pattern, size_t len);

/* Per-thread matching state (match data and JIT stack).  A regex may be
 * shared by threads; a scratch may not.  Returns NULL when out of memory.
 * The scratch must be freed before the regex it was made for. */
ot_regex_scratch *ot_regex_scratch_new(const ot_regex *re);
void ot_regex_scratch_free(ot_regex_scratch *s);

/* Find the first match in subject[0, len) at or after byte `start` (which
 * must be on a character boundary).  Characters before `start` are seen by
 * lookbehind, ^ and \b; the subject's start is where \A matches and its end
 * where \z matches.
 * On OT_REGEX_MATCH fills *out.  Returns OT_REGEX_MATCH, OT_REGEX_NOMATCH,
 * or OT_REGEX_ERROR with err set ("pattern too complex" when a limit was
 * hit).  `s` may be NULL; a temporary scratch is then made. */
int ot_regex_search(const ot_regex *re, ot_regex_scratch *s,
                    const char *subject, size_t len, size_t start,
                    ot_span *out, ot_error *err);

/* Append every match in subject[0, len) to `out` (not emptied first), in
 * order, the way `rg -o` finds them: after an empty match the next search
 * first tries a non-empty match at the same place, then moves on by one
 * whole UTF-8 character.  `cancel` (may be NULL) is asked every few hundred
 * matches.  Returns the number of spans appended (>= 0), or OT_REGEX_ERROR
 * with err set, or -OT_REGEX_CANCELLED; on both `out` keeps the spans found
 * so far. */
long ot_regex_find_all(const ot_regex *re, ot_regex_scratch *s,
                       const char *subject, size_t len,
                       ot_cancel_fn cancel, void *cancel_data,
                       ot_spans *out, ot_error *err);


#endif
