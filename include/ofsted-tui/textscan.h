/* Fast regex search over every paragraph at once.
 *
 * All paragraph texts sit in one contiguous buffer, each followed by '\n'
 * (a paragraph never holds '\n' itself: the store joins its lines), with an
 * array of start offsets that maps a position back to its paragraph.  A
 * search answers exactly what `rg -P -S` answers over the same paragraphs
 * one per line -- the set of matching paragraphs, and the match spans in
 * each -- but much faster than one pcre2_match call per paragraph:
 *
 *  - when every match must contain a literal (or one of a few literals, for
 *    an alternation), a SIMD scan for two rare bytes of it finds candidate
 *    positions, and the JIT only confirms the candidate's paragraph;
 *  - otherwise one JIT pass runs over the whole buffer, with ^ and $ at
 *    line ends, and a hit that reaches across a separator is checked
 *    against its paragraph alone (ripgrep matches line by line);
 *  - patterns whose meaning can change when the subject is longer than the
 *    paragraph (lookaround, atomic groups, possessive quantifiers, \A, \z,
 *    \G, verbs) are matched paragraph by paragraph.
 *
 * The work is split between threads at a paragraph boundary.  A cancel
 * callback is asked between chunks of a few megabytes, from the calling
 * thread only, so an interactive caller can stop a search when a key
 * arrives. */
#ifndef OFSTED_TUI_TEXTSCAN_H
#define OFSTED_TUI_TEXTSCAN_H

#include <stddef.h>

#include "ofsted-tui/error.h"
#include "ofsted-tui/regex.h"

typedef struct ot_textscan ot_textscan;

/* An empty set of paragraphs that owns its buffer; fill it with
 * ot_textscan_add.  Returns NULL when out of memory. */
ot_textscan *ot_textscan_new(void);

/* Append one paragraph (its index is the number added before it).  The text
 * must be valid UTF-8 without '\n'.  Returns 0, or -1 with err saying what
 * is wrong and where ("paragraph 12: invalid UTF-8 at byte 40"). */
int ot_textscan_add(ot_textscan *ts, const char *text, size_t len, ot_error *err);

/* Paragraphs one per line in text[0, len), borrowed: the caller keeps the
 * memory alive (e.g. a mapped file) until ot_textscan_free.  The last line
 * need not end in '\n'.  The text is checked to be valid UTF-8 in the same
 * pass that finds the lines (both threads).  Returns NULL with err set
 * ("line 7: invalid UTF-8 at byte 12"), or on no memory. */
ot_textscan *ot_textscan_from_lines(const char *text, size_t len, ot_error *err);

/* Paragraphs already indexed, e.g. by an earlier ot_textscan_from_lines
 * whose ot_textscan_starts and ot_textscan_has_sk were saved: no pass over
 * the text at all.  text, len and starts (count + 1 entries, as
 * ot_textscan_starts describes) are borrowed and trusted: the text must be
 * valid UTF-8 and has_sk right.  Returns NULL only when out of memory. */
ot_textscan *ot_textscan_from_index(const char *text, size_t len, const size_t *starts,
                                    size_t count, int has_sk, ot_error *err);

/* The index: count + 1 offsets; paragraph i is text[starts[i],
 * starts[i + 1] - 1) (the last may lack its '\n'). */
const size_t *ot_textscan_starts(const ot_textscan *ts);

/* 1 when the text holds U+017F (long s) or U+212A (Kelvin sign), which
 * caseless s and k match: the prefilter then cannot fold them as ASCII. */
int ot_textscan_has_sk(const ot_textscan *ts);

void ot_textscan_free(ot_textscan *ts);

/* The number of paragraphs. */
size_t ot_textscan_count(const ot_textscan *ts);

/* Paragraph i's text (not NUL-terminated) and its length in *len; valid
 * until the next ot_textscan_add or ot_textscan_free. */
const char *ot_textscan_para(const ot_textscan *ts, size_t i, size_t *len);

struct ot_textscan_result;

/* Told, from the calling thread between chunks, what the scan has found
 * so far: every match in paragraphs [0, upto), which later paragraphs can
 * only follow, so so_far is a prefix of the final result.  so_far is
 * borrowed for the call only. */
typedef void (*ot_textscan_progress_fn)(void *data, const struct ot_textscan_result *so_far, size_t upto);

/* How to search. */
typedef struct ot_textscan_opts {
    int want_spans;               /* also collect each paragraph's matches */
    const unsigned char *select;  /* NULL, or one flag per paragraph: skip those at 0 */
    ot_cancel_fn cancel;          /* NULL, or asked between chunks */
    void *cancel_data;
    int threads;                  /* 0: as many as the machine has, at most 8 */
    ot_textscan_progress_fn progress; /* NULL, or told of matches so far */
    void *progress_data;
    /* NULL, or n_ranges pairs [a, b) of paragraph indices to scan, in this
     * order, instead of every paragraph: the result lists matches in the
     * ranges' order (so para is then not ascending), and progress's upto
     * is the end of the range being scanned.  Ranges must not overlap. */
    const size_t *ranges;
    size_t n_ranges;
} ot_textscan_opts;

/* What a search found. */
typedef struct ot_textscan_result {
    size_t *para;       /* indices of matching paragraphs, ascending */
    size_t count;       /* how many */
    /* With want_spans: paragraph para[k]'s matches are
     * spans.v[span_first[k] .. span_first[k + 1]), offsets from the start
     * of that paragraph, found as ot_regex_find_all finds them. */
    size_t *span_first; /* count + 1 entries, else NULL */
    ot_spans spans;
} ot_textscan_result;

#define OT_TEXTSCAN_RESULT_INIT { NULL, 0, NULL, OT_SPANS_INIT }

/* Search every (selected) paragraph for `re`.  `opts` may be NULL.
 * Returns OT_REGEX_MATCH when a paragraph matched, OT_REGEX_NOMATCH when
 * none did, OT_REGEX_CANCELLED when the callback stopped it (out then holds
 * nothing), or OT_REGEX_ERROR with err set ("pattern too complex", out of
 * memory).  `out` is replaced; free it with ot_textscan_result_free. */
int ot_textscan_run(const ot_textscan *ts, const ot_regex *re,
                    const ot_textscan_opts *opts, ot_textscan_result *out,
                    ot_error *err);

void ot_textscan_result_free(ot_textscan_result *r);

/* Which strategy ot_textscan_run would use for `re`, for tests and the
 * benchmark: "literal" (prefilter, n literals), "buffer" (one JIT pass) or
 * "paragraph" (one match per paragraph).  Returns a static string. */
const char *ot_textscan_strategy(const ot_textscan *ts, const ot_regex *re);

#endif
