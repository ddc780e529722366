/* Searching findings (or improvement actions) with a regular expression,
 * narrowed by filters, for the command line, the TUI and the benchmarks:
 * the one way in.
 *
 *   query   (ot_search_query) the filters, sort and pattern, set from
 *           command-line options or parsed from one prompt line
 *           ("la:Kent grade:4 supervision"); the one home of the filter
 *           syntax and its checks;
 *   session (ot_search_session) owns the corpus, the compiled pattern and
 *           the selection of each filter, and runs a query: cancellable,
 *           with progress, the hits readable as a growing prefix while the
 *           scan runs.
 *
 * The scan runs over the corpus (corpus.h); what a hit shows besides its
 * text, and the order of the inspections, come from the hit rows
 * (hit_rows.h), so neither a filter nor a printed hit reads SQLite row by
 * row.  Filters become ranges of paragraphs; sorting is by inspection
 * (date, authority, overall grade), so the scan visits the inspections in
 * that order and hits come out sorted as they are found. */
#ifndef OFSTED_TUI_SEARCH_H
#define OFSTED_TUI_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/corpus.h"
#include "ofsted-tui/db.h"
#include "ofsted-tui/hit_rows.h"
#include "ofsted-tui/regex.h"

/* Filters; zero/NULL fields do not filter.  All that are given must hold. */
typedef struct ot_search_filter {
    const char *const *authorities; /* names (any spelling), any of them */
    size_t n_authorities;
    const char *region;    /* exact Ofsted region, case-insensitive */
    const char *framework; /* framework key */
    const char *section;   /* section key of the finding */
    int grade;             /* 1..4: the grade of the finding's section area in its inspection */
    int overall;           /* 1..4: the inspection's overall grade */
    int from_year, to_year; /* inspection start year, inclusive */
} ot_search_filter;

/* Check filter values against the database before searching: an unknown
 * authority, region, framework or section, a grade outside 1..4 or years
 * the wrong way round.  Returns 0, or -1 with err saying which. */
int ot_search_check_filter(ot_db *db, const ot_search_filter *f, ot_error *err);

/* True when f filters nothing. */
bool ot_search_filter_empty(const ot_search_filter *f);

/* The paragraphs a search with filter f scans, in order o: the
 * inspections that pass, in that order, and of each the paragraphs that
 * pass (section and grade), as *n_ranges pairs [a, b) of paragraph
 * indices of rows' corpus (malloc'd; NULL when none).  Costs in proportion
 * to the inspections and the paragraphs of those that pass.  Returns 0,
 * or -1 with err set. */
int ot_search_select(ot_db *db, const ot_hit_rows *rows, bool actions, const ot_search_filter *f, ot_hit_order o,
                     size_t **ranges, size_t *n_ranges, ot_error *err);

/* One matching finding or action with what a result line shows.  The
 * strings and text are the session's, valid until it is freed; the spans
 * until the next hit is read. */
typedef struct ot_search_hit {
    long long id;            /* finding or action id */
    long long inspection_id;
    const char *authority;
    const char *start_date;
    const char *framework;
    const char *section;     /* section key; "action" for actions */
    int paragraph;           /* paragraph number, or the action's ordinal; 0 when none */
    int page;                /* 0 when none */
    const char *region;      /* the authority's Ofsted region, or NULL */
    int overall;             /* the inspection's overall grade 1..4, 0 when none */
    const char *published;   /* publication date, or NULL */
    const char *web_link;    /* the report's web page, or NULL */
    const char *text;        /* the corpus text */
    size_t text_len;
    bool text_plain;         /* text holds nothing ot_escape_write would change */
    const ot_span *spans;    /* matches in text, when the run asked for them */
    size_t n_spans;
} ot_search_hit;

/* ------------------------------------------------------------ query */

/* The orders of hits are the orders of their inspections (hit_rows.h). */
typedef enum ot_search_sort {
    OT_SEARCH_SORT_DATE = OT_HIT_ORDER_DATE,           /* newest inspection first (the default) */
    OT_SEARCH_SORT_AUTHORITY = OT_HIT_ORDER_AUTHORITY, /* authority name, then newest first */
    OT_SEARCH_SORT_GRADE = OT_HIT_ORDER_GRADE,         /* overall grade 1 to 4 (ungraded last), then newest first */
} ot_search_sort;

/* What to search for.  Strings are owned by the query. */
typedef struct ot_search_query {
    ot_search_filter filter;
    ot_search_sort sort;
    bool exact;          /* no folding of quotes and dashes (see ot_search_fold) */
    const char *pattern; /* the regular expression, "" until given */
    size_t pattern_at;   /* after ot_search_query_parse: where the pattern starts */
    /* private */
    char **owned;
    size_t n_owned;
} ot_search_query;

#define OT_SEARCH_QUERY_INIT { {0}, OT_SEARCH_SORT_DATE, false, "", 0, NULL, 0 }

/* Set one filter from its name and value text, checking the value's form
 * (not yet the database: see ot_search_check_filter).  Names: la (may
 * repeat), region, framework (or fw), section, grade, overall, from, to,
 * sort (date, authority, grade), exact (yes or no; an empty value means
 * yes).  The command line's --NAME VALUE and the prompt's NAME:VALUE both
 * come here.  Returns 0, or -1 with err saying what is wrong ("grade is 1
 * (Outstanding) to 4 (Inadequate), not '7'") and q unchanged. */
int ot_search_query_set(ot_search_query *q, const char *name, const char *value, ot_error *err);

/* The pattern (copied). */
void ot_search_query_set_pattern(ot_search_query *q, const char *pattern);

/* Parse a prompt line: NAME:VALUE filters (VALUE may be "quoted"), then
 * the pattern, the rest of the line.  A word whose NAME is not a filter's
 * starts the pattern.  Replaces q's filters.  Returns 0, or -1 with err
 * set and *column the byte offset in text that the error is about. */
int ot_search_query_parse(ot_search_query *q, const char *text, size_t *column, ot_error *err);

/* The filters and sort as prompt text ("la:Kent grade:4 "), so that two
 * queries with the same text select the same paragraphs.  Caller frees. */
char *ot_search_query_filter_text(const ot_search_query *q);

void ot_search_query_free(ot_search_query *q);

/* The pattern with quotes and dashes folded: a straight apostrophe also
 * matches a curly one (U+2018, U+2019) and the reverse, a straight double
 * quote curly ones (U+201C, U+201D) and the reverse, and a hyphen-minus
 * the hyphen and dash characters U+2010 to U+2015 and the reverse, outside
 * and inside character classes (not where one is a class range's '-').
 * Escaped characters, \Q..\E, group names and (*VERBS) are left alone.
 * Returns a malloc'd NUL-terminated pattern (length in *out_len), or
 * NULL when out of memory. */
char *ot_search_fold(const char *pattern, size_t len, size_t *out_len);

/* ------------------------------------------------------------ session */

typedef struct ot_search_session ot_search_session;

/* A session on db (borrowed; it must outlive the session).  Opens nothing
 * until the first run.  Returns NULL when out of memory. */
ot_search_session *ot_search_session_new(ot_db *db);

void ot_search_session_free(ot_search_session *s);

/* True when the next run of s over findings (actions: false) will first
 * build the search files beside the database, as after an import: worth
 * telling a user who waits for it. */
bool ot_search_will_build(const ot_search_session *s, bool actions);

/* Told between chunks of a running scan; ot_search_count and
 * ot_search_hit_at then see the hits found so far, a prefix of the final
 * ones. */
typedef void (*ot_search_progress_fn)(void *data, ot_search_session *s);

typedef struct ot_search_opts {
    bool actions;    /* improvement actions instead of findings */
    bool want_spans; /* hits carry their match spans (found when a hit is read) */
    bool unordered;  /* corpus order instead of the query's sort: cheaper when only counting */
    int threads;     /* 0: all cores */
    ot_cancel_fn cancel; /* NULL, or asked between chunks */
    void *cancel_data;
    ot_search_progress_fn progress; /* NULL, or told of hits so far */
    void *progress_data;
} ot_search_opts;

/* Run q: check its filters against the database, compile its pattern
 * (smart case; quotes folded unless q->exact), select the paragraphs (a
 * filter's selection is kept for the next run with the same filters) and
 * scan.  Returns OT_REGEX_MATCH, OT_REGEX_NOMATCH, OT_REGEX_CANCELLED (the
 * hits are then those of the last progress call, marked partial, or, with
 * none, the previous run's), or OT_REGEX_ERROR with err set and
 * *err_column (may be NULL) the byte offset in the prompt text (pattern
 * offsets count from q->pattern_at) that the error is about. */
int ot_search_run(ot_search_session *s, const ot_search_query *q, const ot_search_opts *o,
                  size_t *err_column, ot_error *err);

/* Forget the hits (an empty pattern shows none). */
void ot_search_clear(ot_search_session *s);

/* How many hits there are (so far, during a run). */
size_t ot_search_count(const ot_search_session *s);

/* True when the hits are the first ones of a scan that was cut short. */
bool ot_search_partial(const ot_search_session *s);

/* True when the session's hits are actions rather than findings. */
bool ot_search_actions(const ot_search_session *s);

/* Hit k (< ot_search_count), in a place the session owns, valid until the
 * next hit is read or the hits change.  Returns NULL with err set when k
 * is out of range or out of memory. */
const ot_search_hit *ot_search_hit_at(ot_search_session *s, size_t k, ot_error *err);

/* Hit k into *hit (its strings stay the session's; see ot_search_hit).
 * Returns 0, or -1 with err set. */
int ot_search_hit_load(ot_search_session *s, size_t k, ot_search_hit *hit, ot_error *err);

/* The compiled pattern the hits were found with (else the last run's;
 * NULL before one), e.g. for highlighting the same matches elsewhere. */
const ot_regex *ot_search_regex(const ot_search_session *s);

/* The corpus of the last run (NULL before one), for the benchmark. */
const ot_corpus *ot_search_corpus(const ot_search_session *s);

/* What hits can be counted by. */
typedef enum ot_search_group_key {
    OT_SEARCH_BY_YEAR, OT_SEARCH_BY_REGION, OT_SEARCH_BY_AUTHORITY,
    OT_SEARCH_BY_FRAMEWORK, OT_SEARCH_BY_SECTION,
} ot_search_group_key;

/* Parse "year", "region", "authority", "framework" or "section"; -1 else. */
int ot_search_group_key_parse(const char *name, ot_search_group_key *out);

/* The name of a key ("year"). */
const char *ot_search_group_key_name(ot_search_group_key key);

typedef struct ot_search_group {
    char *name;   /* the group's value ("2019", "London"); "(none)" when unknown */
    size_t count; /* hits in it */
} ot_search_group;

/* Count the session's hits by key: years in order, other keys most hits
 * first (then by name).  *out (malloc'd, n entries) is freed with
 * ot_search_groups_free.  Returns 0, or -1 with err set. */
int ot_search_count_by(ot_search_session *s, ot_search_group_key key, ot_search_group **out,
                       size_t *n, ot_error *err);

void ot_search_groups_free(ot_search_group *g, size_t n);

#endif
