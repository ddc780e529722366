/* Search sessions: corpus, pattern, selections and hits of the runs of one
 * user's searches.  See ofsted-tui/search.h. */
#include "config.h"

#include "ofsted-tui/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"

/* While a scan runs, the hits of its progress calls that a cancel keeps:
 * more than a screen, few enough to copy at every call. */
#define KEEP_ON_CANCEL 512

struct ot_search_session {
    ot_db *db;
    ot_corpus *corpus[2];  /* findings, actions: opened on first use */
    ot_hit_rows *rows[2];
    ot_regex *re;
    char *re_key;          /* the pattern re was made from, and 'e'/'f' for exact */
    ot_regex *hits_re;     /* the pattern the hits were found with: re, or the one before */
    ot_regex_scratch *scratch; /* hits_re's, for the spans of one hit */
    /* The ranges of the last filter text (with its sort), per corpus; NULL
     * with sel_all when nothing is filtered. */
    char *sel_key[2];
    size_t *sel[2];
    size_t n_sel[2];
    bool sel_all[2];
    /* The scan order of each sort with no filter, per corpus. */
    size_t *order[2][OT_HIT_N_ORDERS];
    size_t n_order[2][OT_HIT_N_ORDERS];
    /* The hits: result, or while a run shows its own, live (the running
     * scan's so far, or NULL). */
    ot_textscan_result result;
    bool running_view;
    const ot_textscan_result *live;
    bool actions;
    bool partial;
    bool want_spans;
    ot_search_hit slot;    /* for ot_search_hit_at */
    ot_spans spans;        /* the spans of the hit read last */
    /* The run in progress. */
    const ot_search_opts *opts;
    bool run_actions;
    bool got_progress;
    ot_textscan_result kept; /* the first hits so far, for a cancel */
};

ot_search_session *ot_search_session_new(ot_db *db)
{
    ot_search_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->db = db;
    return s;
}

void ot_search_clear(ot_search_session *s)
{
    ot_textscan_result_free(&s->result);
    s->partial = false;
}

void ot_search_session_free(ot_search_session *s)
{
    if (!s)
        return;
    ot_search_clear(s);
    for (int k = 0; k < 2; k++) {
        ot_hit_rows_free(s->rows[k]);
        ot_corpus_free(s->corpus[k]);
        free(s->sel_key[k]);
        free(s->sel[k]);
        for (int o = 0; o < OT_HIT_N_ORDERS; o++)
            free(s->order[k][o]);
    }
    ot_regex_scratch_free(s->scratch);
    if (s->hits_re != s->re)
        ot_regex_free(s->hits_re);
    ot_regex_free(s->re);
    free(s->re_key);
    ot_spans_free(&s->spans);
    ot_textscan_result_free(&s->kept);
    free(s);
}

/* ------------------------------------------------------------ run */

static size_t hit_count(const ot_search_session *s)
{
    if (!s->running_view)
        return s->result.count;
    return s->live ? s->live->count : 0;
}

static const ot_textscan_result *hits(const ot_search_session *s)
{
    return s->running_view ? s->live : &s->result;
}

/* The first n hits of r, copied into out (replacing it). */
static int keep_first(ot_textscan_result *out, const ot_textscan_result *r, size_t n)
{
    ot_textscan_result_free(out);
    if (!n)
        return 0;
    out->para = malloc(n * sizeof *out->para);
    if (!out->para)
        return -1;
    memcpy(out->para, r->para, n * sizeof *out->para);
    out->count = n;
    return 0;
}

/* The hits are now the running pattern's: their spans come from it, and
 * the pattern of the hits before can go. */
static void hits_from_current_pattern(ot_search_session *s)
{
    if (s->hits_re == s->re)
        return;
    ot_regex_scratch_free(s->scratch);
    s->scratch = NULL;
    ot_regex_free(s->hits_re);
    s->hits_re = s->re;
}

static void on_progress(void *data, const ot_textscan_result *so_far, size_t upto)
{
    (void)upto;
    ot_search_session *s = data;
    if (!s->got_progress) {
        /* The hits change to the new run's. */
        ot_search_clear(s);
        hits_from_current_pattern(s);
        s->actions = s->run_actions;
        s->want_spans = s->opts->want_spans;
        s->running_view = true;
        s->got_progress = true;
    }
    s->live = so_far;
    s->partial = true;
    /* What a cancel keeps: the first hits, a screen or more. */
    size_t n = so_far->count;
    if (s->kept.count < KEEP_ON_CANCEL && n > s->kept.count &&
        keep_first(&s->kept, so_far, n < KEEP_ON_CANCEL ? n : KEEP_ON_CANCEL) < 0)
        ot_textscan_result_free(&s->kept);
    if (s->opts->progress)
        s->opts->progress(s->opts->progress_data, s);
    s->live = NULL;
}

/* The compiled pattern for q, reusing the last when it is the same. */
static int compile(ot_search_session *s, const ot_search_query *q, size_t *err_column, ot_error *err)
{
    size_t len = strlen(q->pattern);
    char *key = malloc(len + 2);
    if (!key) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    memcpy(key, q->pattern, len);
    key[len] = q->exact ? 'e' : 'f';
    key[len + 1] = '\0';
    if (s->re && s->re_key && strcmp(s->re_key, key) == 0) {
        free(key);
        return 0;
    }
    if (s->re != s->hits_re) /* else the hits keep it */
        ot_regex_free(s->re);
    free(s->re_key);
    s->re = NULL;
    s->re_key = NULL;
    /* The pattern as typed first, so that an error points into it. */
    size_t offset = 0;
    ot_regex *re = ot_regex_new(q->pattern, len, OT_REGEX_SMART_CASE, &offset, err);
    if (re && !q->exact) {
        size_t flen;
        char *folded = ot_search_fold(q->pattern, len, &flen);
        if (!folded) {
            ot_regex_free(re);
            free(key);
            ot_error_set(err, "out of memory");
            return -1;
        }
        if (flen != len || memcmp(folded, q->pattern, len) != 0) {
            ot_regex_free(re);
            /* Smart case as the pattern typed asks, whatever the folding added. */
            re = ot_regex_new(folded, flen, ot_regex_has_upper(q->pattern, len) ? OT_REGEX_MATCH_CASE : OT_REGEX_IGNORE_CASE,
                              &offset, err);
            offset = 0;
        }
        free(folded);
    }
    if (!re) {
        if (err_column)
            *err_column = q->pattern_at + offset;
        free(key);
        return -1;
    }
    s->re = re;
    s->re_key = key;
    return 0;
}

static const ot_hit_rows *rows_of(ot_search_session *s, bool actions, ot_error *err);

/* The ranges a run of q scans (NULL for the whole corpus in its own
 * order), kept per filter text so that typing a pattern does not select
 * again at each key. */
static int selection(ot_search_session *s, const ot_search_query *q, bool actions, bool unordered,
                     const size_t **ranges, size_t *n_ranges, ot_error *err)
{
    ot_hit_order order = (ot_hit_order)q->sort;
    if (ot_search_filter_empty(&q->filter)) {
        /* The corpus is in date order (corpus.h): that listing, like a
         * count, is the whole file from its start. */
        if (unordered || order == OT_HIT_ORDER_DATE) {
            *ranges = NULL;
            *n_ranges = 0;
            return 0;
        }
        if (!s->order[actions][order]) {
            ot_search_filter none = {0};
            const ot_hit_rows *rows = rows_of(s, actions, err);
            if (!rows || ot_search_select(s->db, rows, actions, &none, order, &s->order[actions][order],
                                 &s->n_order[actions][order], err) < 0)
                return -1;
            if (!s->order[actions][order] && !(s->order[actions][order] = calloc(2, sizeof(size_t)))) {
                ot_error_set(err, "out of memory");
                return -1;
            }
        }
        *ranges = s->order[actions][order];
        *n_ranges = s->n_order[actions][order];
        return 0;
    }
    char *key = ot_search_query_filter_text(q);
    if (!key) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    if (!s->sel_key[actions] || strcmp(s->sel_key[actions], key) != 0) {
        free(s->sel_key[actions]);
        free(s->sel[actions]);
        s->sel_key[actions] = NULL;
        s->sel[actions] = NULL;
        s->n_sel[actions] = 0;
        const ot_hit_rows *rows = NULL;
        if (ot_search_check_filter(s->db, &q->filter, err) < 0 || !(rows = rows_of(s, actions, err)) ||
            ot_search_select(s->db, rows, actions, &q->filter, order, &s->sel[actions],
                             &s->n_sel[actions], err) < 0) {
            free(key);
            return -1;
        }
        if (!s->sel[actions] && !(s->sel[actions] = calloc(2, sizeof(size_t)))) {
            free(key);
            ot_error_set(err, "out of memory");
            return -1;
        }
        s->sel_key[actions] = key;
    } else {
        free(key);
    }
    *ranges = s->sel[actions];
    *n_ranges = s->n_sel[actions];
    return 0;
}

/* The corpus of one kind, opened on first use. */
static int open_corpus(ot_search_session *s, bool actions, ot_error *err)
{
    ot_corpus_kind kind = actions ? OT_CORPUS_ACTIONS : OT_CORPUS_FINDINGS;
    if (!s->corpus[actions] && !(s->corpus[actions] = ot_corpus_open(s->db, kind, err)))
        return -1;
    return 0;
}

bool ot_search_will_build(const ot_search_session *s, bool actions)
{
    return !actions && !s->corpus[0] && !ot_corpus_file_current(s->db);
}

/* Its rows, opened when first needed: a plain count never needs them. */
static const ot_hit_rows *rows_of(ot_search_session *s, bool actions, ot_error *err)
{
    ot_corpus_kind kind = actions ? OT_CORPUS_ACTIONS : OT_CORPUS_FINDINGS;
    if (!s->rows[actions] && s->corpus[actions])
        s->rows[actions] = ot_hit_rows_open(s->db, s->corpus[actions], kind, err);
    else if (!s->rows[actions])
        ot_error_set(err, "no search has run");
    return s->rows[actions];
}

int ot_search_run(ot_search_session *s, const ot_search_query *q, const ot_search_opts *o,
                  size_t *err_column, ot_error *err)
{
    static const ot_search_opts defaults = {0};
    if (!o)
        o = &defaults;
    if (err_column)
        *err_column = 0;
    if (compile(s, q, err_column, err) < 0)
        return OT_REGEX_ERROR;
    bool actions = o->actions;
    if (actions && q->filter.section) {
        ot_error_set(err, "section applies to findings, not to actions");
        return OT_REGEX_ERROR;
    }
    const size_t *ranges = NULL;
    size_t n_ranges = 0;
    if (open_corpus(s, actions, err) < 0 || selection(s, q, actions, o->unordered, &ranges, &n_ranges, err) < 0)
        return OT_REGEX_ERROR;

    s->opts = o;
    s->run_actions = actions;
    s->got_progress = false;
    s->live = NULL;
    ot_textscan_result_free(&s->kept);
    ot_textscan_opts opts = {
        .cancel = o->cancel,
        .cancel_data = o->cancel_data,
        .threads = o->threads,
        .progress = on_progress,
        .progress_data = s,
        .ranges = ranges,
        .n_ranges = n_ranges,
    };
    ot_textscan_result out = OT_TEXTSCAN_RESULT_INIT;
    int rc = ranges && !n_ranges ? OT_REGEX_NOMATCH
                                 : ot_textscan_run(ot_corpus_scan(s->corpus[actions]), s->re, &opts, &out, err);
    s->opts = NULL;
    s->running_view = false;
    if (rc == OT_REGEX_CANCELLED || rc == OT_REGEX_ERROR) {
        ot_textscan_result_free(&out);
        if (s->got_progress) {
            /* What the screen may show already: the first hits, or none
             * after an error. */
            ot_search_clear(s);
            s->result = s->kept;
            s->kept = (ot_textscan_result)OT_TEXTSCAN_RESULT_INIT;
            if (rc == OT_REGEX_ERROR)
                ot_search_clear(s);
            s->partial = rc == OT_REGEX_CANCELLED;
        }
        ot_textscan_result_free(&s->kept);
        return rc;
    }
    ot_textscan_result_free(&s->kept);
    ot_search_clear(s);
    hits_from_current_pattern(s);
    s->actions = actions;
    s->want_spans = o->want_spans;
    s->result = out;
    return s->result.count ? OT_REGEX_MATCH : OT_REGEX_NOMATCH;
}

/* ------------------------------------------------------------ hits */

size_t ot_search_count(const ot_search_session *s)
{
    return hit_count(s);
}

bool ot_search_partial(const ot_search_session *s)
{
    return s->partial;
}

bool ot_search_actions(const ot_search_session *s)
{
    return s->actions;
}

const ot_regex *ot_search_regex(const ot_search_session *s)
{
    return s->hits_re ? s->hits_re : s->re;
}

const ot_corpus *ot_search_corpus(const ot_search_session *s)
{
    return s->corpus[s->actions] ? s->corpus[s->actions] : s->corpus[0];
}

int ot_search_hit_load(ot_search_session *s, size_t k, ot_search_hit *hit, ot_error *err)
{
    memset(hit, 0, sizeof *hit);
    const ot_textscan_result *r = hits(s);
    if (!r || k >= r->count) {
        ot_error_set(err, "no hit %zu", k);
        return -1;
    }
    const ot_corpus *c = s->corpus[s->actions];
    const ot_hit_rows *rows = rows_of(s, s->actions, err);
    if (!rows)
        return -1;
    size_t i = r->para[k];
    hit->id = ot_corpus_id(c, i);
    hit->text = ot_textscan_para(ot_corpus_scan(c), i, &hit->text_len);
    ot_hit_inspection in;
    ot_hit_rows_inspection(rows, ot_hit_rows_inspection_of(rows, i), &in);
    hit->inspection_id = in.id;
    hit->authority = in.authority;
    hit->start_date = in.start_date;
    hit->framework = in.framework;
    hit->region = in.region;
    hit->overall = in.overall;
    hit->published = in.published;
    hit->web_link = in.web_link;
    hit->section = ot_hit_rows_section_name(rows, ot_hit_rows_section_of(rows, i));
    hit->paragraph = ot_hit_rows_paragraph(rows, i);
    hit->page = ot_hit_rows_page(rows, i);
    hit->text_plain = ot_hit_rows_plain(rows, i);
    if (s->want_spans && s->hits_re) {
        /* Found again in the paragraph alone, as the scan matched it. */
        if (!s->scratch && !(s->scratch = ot_regex_scratch_new(s->hits_re))) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        s->spans.len = 0;
        if (ot_regex_find_all(s->hits_re, s->scratch, hit->text, hit->text_len, NULL, NULL, &s->spans, err) < 0)
            return -1;
        hit->spans = s->spans.v;
        hit->n_spans = s->spans.len;
    }
    return 0;
}

const ot_search_hit *ot_search_hit_at(ot_search_session *s, size_t k, ot_error *err)
{
    return ot_search_hit_load(s, k, &s->slot, err) < 0 ? NULL : &s->slot;
}

/* ------------------------------------------------------------ counting */

static const char *const group_names[] = {"year", "region", "authority", "framework", "section"};

int ot_search_group_key_parse(const char *name, ot_search_group_key *out)
{
    for (int k = 0; k < 5; k++)
        if (strcmp(name, group_names[k]) == 0) {
            *out = (ot_search_group_key)k;
            return 0;
        }
    return -1;
}

const char *ot_search_group_key_name(ot_search_group_key key)
{
    return (unsigned)key < 5 ? group_names[key] : "?";
}

static int cmp_year(const void *a, const void *b)
{
    return strcmp(((const ot_search_group *)a)->name, ((const ot_search_group *)b)->name);
}

static int cmp_count(const void *a, const void *b)
{
    const ot_search_group *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

int ot_search_count_by(ot_search_session *s, ot_search_group_key key, ot_search_group **out,
                       size_t *n_out, ot_error *err)
{
    *out = NULL;
    *n_out = 0;
    const ot_textscan_result *r = hits(s);
    size_t total = r ? r->count : 0;
    if (!total)
        return 0;
    const ot_hit_rows *rows = rows_of(s, s->actions, err);
    if (!rows)
        return -1;
    ot_search_group *g = NULL;
    size_t n = 0, cap = 0, last = 0;
    for (size_t k = 0; k < total; k++) {
        size_t i = r->para[k];
        ot_hit_inspection in;
        ot_hit_rows_inspection(rows, ot_hit_rows_inspection_of(rows, i), &in);
        char year[8];
        const char *v = NULL;
        switch (key) {
        case OT_SEARCH_BY_YEAR:
            snprintf(year, sizeof year, "%.4s", in.start_date ? in.start_date : "");
            v = year;
            break;
        case OT_SEARCH_BY_REGION: v = in.region; break;
        case OT_SEARCH_BY_AUTHORITY: v = in.authority; break;
        case OT_SEARCH_BY_FRAMEWORK: v = in.framework; break;
        case OT_SEARCH_BY_SECTION: v = ot_hit_rows_section_name(rows, ot_hit_rows_section_of(rows, i)); break;
        }
        if (!v || !*v)
            v = "(none)";
        /* Hits come by inspection: the last group is the likeliest. */
        size_t at = n;
        if (n && strcmp(g[last].name, v) == 0)
            at = last;
        else
            for (size_t j = 0; j < n; j++)
                if (strcmp(g[j].name, v) == 0) {
                    at = j;
                    break;
                }
        if (at == n) {
            if (ot_grow((void **)&g, &cap, n, sizeof *g) < 0 || !(g[n].name = strdup(v))) {
                ot_search_groups_free(g, n);
                ot_error_set(err, "out of memory");
                return -1;
            }
            g[n].count = 0;
            n++;
        }
        g[at].count++;
        last = at;
    }
    qsort(g, n, sizeof *g, key == OT_SEARCH_BY_YEAR ? cmp_year : cmp_count);
    *out = g;
    *n_out = n;
    return 0;
}

void ot_search_groups_free(ot_search_group *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(g[i].name);
    free(g);
}
