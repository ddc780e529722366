/* Searching findings (or improvement actions) with a regular expression,
 * narrowed by filters, for the command line and the TUI.
 *
 * The scan runs over the corpus (corpus.h); filters become a selection of
 * paragraphs computed with SQL over the small tables, so they never read
 * finding text. */
#ifndef OFSTED_TUI_SEARCH_H
#define OFSTED_TUI_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/corpus.h"
#include "ofsted-tui/db.h"
#include "ofsted-tui/regex.h"

/* Filters; zero/NULL fields do not filter.  All that are given must hold. */
typedef struct ot_search_filter {
    const char *const *authorities; /* names (any spelling), any of them */
    size_t n_authorities;
    const char *region;    /* exact Ofsted region, case-insensitive */
    const char *framework; /* framework key */
    const char *section;   /* section key of the finding */
    int grade;             /* 1..4: the grade of the finding's section area in its inspection */
    int from_year, to_year; /* inspection start year, inclusive */
} ot_search_filter;

/* Check filter values against the database before searching: an unknown
 * authority, region, framework or section, a grade outside 1..4 or years
 * the wrong way round.  Returns 0, or -1 with err saying which. */
int ot_search_check_filter(ot_db *db, const ot_search_filter *f, ot_error *err);

/* The paragraphs of corpus c that pass the filter, as one flag a paragraph
 * (malloc'd, c's count long), or NULL with *all set when nothing is
 * filtered.  Returns 0, or -1 with err set. */
int ot_search_select(ot_db *db, const ot_corpus *c, bool actions, const ot_search_filter *f,
                     unsigned char **select, bool *all, ot_error *err);

/* One matching finding or action with what a result line shows. */
typedef struct ot_search_hit {
    long long id;            /* finding or action id */
    long long inspection_id;
    char *authority;
    char *start_date;
    char *framework;
    char *section;           /* section key; "action" for actions */
    int paragraph;           /* paragraph number, or the action's ordinal */
    int page;
    const char *text;        /* the corpus text (borrowed from the corpus) */
    size_t text_len;
    const ot_span *spans;    /* matches in text (borrowed from the result) */
    size_t n_spans;
} ot_search_hit;

/* Reads the rows behind scan hits, with one prepared statement for all. */
typedef struct ot_search_loader ot_search_loader;

/* A loader for hits of corpus c (findings, or actions when actions is
 * true) in db; both are borrowed.  Returns NULL with err set. */
ot_search_loader *ot_search_loader_new(ot_db *db, const ot_corpus *c, bool actions, ot_error *err);

/* Fill hit k of scan result r.  Returns 0 or -1 with err set.  Free the
 * hit's strings with ot_search_hit_clear. */
int ot_search_loader_get(ot_search_loader *l, const ot_textscan_result *r, size_t k,
                         ot_search_hit *hit, ot_error *err);

void ot_search_loader_free(ot_search_loader *l);

void ot_search_hit_clear(ot_search_hit *hit);

#endif
