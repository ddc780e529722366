/* Search sessions: corpus, pattern, selections and hits of the runs of one
 * user's searches.  See ofsted-tui/search.h. */
#include "config.h"

#include "ofsted-tui/search.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"

/* While a scan runs, the hits of its progress calls that a cancel keeps:
 * more than a screen, few enough to copy at every call. */
#define KEEP_ON_CANCEL 512

enum { N_SORTS = 3 };

struct ot_search_session {
    ot_db *db;
    ot_corpus *corpus[2]; /* findings, actions: opened on first use */
    ot_regex *re;
    char *re_key;         /* the pattern re was made from, and 'e'/'f' for exact */
    /* The selection of the last filter text, per corpus. */
    char *sel_key[2];
    unsigned char *sel[2];
    bool sel_all[2];
    /* The scan order of each sort, per corpus: pairs of paragraph ranges. */
    size_t *ranges[2][N_SORTS];
    size_t n_ranges[2][N_SORTS];
    /* The hits. */
    ot_textscan_result result;
    const ot_textscan_result *cur; /* &result, or a running scan's so far */
    bool actions;
    bool partial;
    ot_search_loader *loader;
    bool loader_actions;
    ot_search_hit *hits; /* row cache for ot_search_hit_at */
    bool *loaded;
    size_t n_cache;
    /* The run in progress. */
    const ot_search_opts *opts;
    bool run_actions;
    bool got_progress;
    ot_textscan_result kept; /* the first hits so far, for a cancel */
};

static int db_fail(ot_db *db, ot_error *err)
{
    ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(ot_db_handle(db)));
    return -1;
}

ot_search_session *ot_search_session_new(ot_db *db)
{
    ot_search_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->db = db;
    s->cur = &s->result;
    return s;
}

static void clear_cache(ot_search_session *s)
{
    for (size_t i = 0; i < s->n_cache; i++)
        if (s->loaded[i])
            ot_search_hit_clear(&s->hits[i]);
    free(s->hits);
    free(s->loaded);
    s->hits = NULL;
    s->loaded = NULL;
    s->n_cache = 0;
}

void ot_search_clear(ot_search_session *s)
{
    clear_cache(s);
    ot_textscan_result_free(&s->result);
    s->cur = &s->result;
    s->partial = false;
}

void ot_search_session_free(ot_search_session *s)
{
    if (!s)
        return;
    ot_search_clear(s);
    ot_search_loader_free(s->loader);
    for (int k = 0; k < 2; k++) {
        ot_corpus_free(s->corpus[k]);
        free(s->sel_key[k]);
        free(s->sel[k]);
        for (int o = 0; o < N_SORTS; o++)
            free(s->ranges[k][o]);
    }
    ot_regex_free(s->re);
    free(s->re_key);
    ot_textscan_result_free(&s->kept);
    free(s);
}

/* ------------------------------------------------------------ order */

static int cmp_range(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

static const char *const order_by[N_SORTS] = {
    "i.start_date DESC, i.id DESC",
    "a.name COLLATE NOCASE, a.id, i.start_date DESC, i.id DESC",
    "(og IS NULL), og, i.start_date DESC, i.id DESC",
};

/* The paragraphs of corpus c as ranges in inspection order `sort`.  An
 * inspection's paragraphs are one run of ids when it was imported in one
 * go, as they are: look up its first and last, and check that the ranges
 * tile the corpus; when they do not, walk every paragraph instead. */
static int make_ranges(ot_search_session *s, bool actions, int sort, ot_error *err)
{
    const ot_corpus *c = s->corpus[actions];
    size_t count = ot_textscan_count(ot_corpus_scan(c));
    const char *table = actions ? "action" : "finding", *seq = actions ? "ordinal" : "seq";
    ot_buf sql = OT_BUF_INIT;
    ot_buf_printf(&sql,
                  "SELECT (SELECT id FROM %s x WHERE x.inspection_id = i.id ORDER BY x.%s LIMIT 1),"
                  " (SELECT id FROM %s x WHERE x.inspection_id = i.id ORDER BY x.%s DESC LIMIT 1),"
                  " (SELECT grade FROM judgement o WHERE o.inspection_id = i.id AND o.area = 'overall') AS og"
                  " FROM inspection i JOIN authority a ON a.id = i.authority_id ORDER BY %s",
                  table, seq, table, seq, order_by[sort]);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(ot_db_handle(s->db), ot_buf_str(&sql), -1, &st, NULL);
    ot_buf_free(&sql);
    if (rc != SQLITE_OK)
        return db_fail(s->db, err);
    size_t *r = NULL, n = 0, cap = 0;
    bool tiled = true;
    size_t covered = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) == SQLITE_NULL)
            continue;
        size_t a = ot_corpus_index_of(c, sqlite3_column_int64(st, 0));
        size_t b = ot_corpus_index_of(c, sqlite3_column_int64(st, 1));
        if (a == (size_t)-1 || b == (size_t)-1 || b < a) {
            tiled = false;
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            size_t *g = realloc(r, 2 * cap * sizeof *g);
            if (!g) {
                free(r);
                sqlite3_finalize(st);
                ot_error_set(err, "out of memory");
                return -1;
            }
            r = g;
        }
        r[2 * n] = a;
        r[2 * n + 1] = b + 1;
        covered += b + 1 - a;
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        free(r);
        return db_fail(s->db, err);
    }
    if (tiled && covered == count) {
        size_t *sorted = malloc((n ? 2 * n : 1) * sizeof *sorted);
        if (!sorted) {
            free(r);
            ot_error_set(err, "out of memory");
            return -1;
        }
        if (n)
            memcpy(sorted, r, 2 * n * sizeof *r);
        qsort(sorted, n, 2 * sizeof *sorted, cmp_range);
        for (size_t k = 1; k < n && tiled; k++)
            tiled = sorted[2 * k] >= sorted[2 * k - 1];
        free(sorted);
    } else {
        tiled = false;
    }
    if (!tiled) {
        /* Every paragraph in order, runs of consecutive ones joined. */
        n = 0;
        ot_buf q = OT_BUF_INIT;
        ot_buf_printf(&q,
                      "SELECT x.id, (SELECT grade FROM judgement o WHERE o.inspection_id = i.id AND o.area = 'overall') AS og"
                      " FROM inspection i JOIN authority a ON a.id = i.authority_id JOIN %s x ON x.inspection_id = i.id"
                      " ORDER BY %s, x.%s",
                      table, order_by[sort], seq);
        rc = sqlite3_prepare_v2(ot_db_handle(s->db), ot_buf_str(&q), -1, &st, NULL);
        ot_buf_free(&q);
        if (rc != SQLITE_OK) {
            free(r);
            return db_fail(s->db, err);
        }
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            size_t i = ot_corpus_index_of(c, sqlite3_column_int64(st, 0));
            if (i == (size_t)-1)
                continue;
            if (n && r[2 * n - 1] == i) {
                r[2 * n - 1] = i + 1;
                continue;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                size_t *g = realloc(r, 2 * cap * sizeof *g);
                if (!g) {
                    free(r);
                    sqlite3_finalize(st);
                    ot_error_set(err, "out of memory");
                    return -1;
                }
                r = g;
            }
            r[2 * n] = i;
            r[2 * n + 1] = i + 1;
            n++;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            free(r);
            return db_fail(s->db, err);
        }
    }
    s->ranges[actions][sort] = r ? r : calloc(2, sizeof *r);
    s->n_ranges[actions][sort] = n;
    return s->ranges[actions][sort] ? 0 : (ot_error_set(err, "out of memory"), -1);
}

/* ------------------------------------------------------------ run */

/* The first n hits of r as a result of their own. */
static int copy_prefix(const ot_textscan_result *r, size_t n, ot_textscan_result *out)
{
    ot_textscan_result_free(out);
    size_t n_spans = n && r->span_first ? r->span_first[n] - r->span_first[0] : 0;
    out->para = malloc((n ? n : 1) * sizeof *out->para);
    if (!out->para)
        return -1;
    if (r->span_first) {
        out->span_first = malloc((n + 1) * sizeof *out->span_first);
        out->spans.v = malloc((n_spans ? n_spans : 1) * sizeof *out->spans.v);
        if (!out->span_first || !out->spans.v) {
            ot_textscan_result_free(out);
            return -1;
        }
        for (size_t k = 0; k <= n; k++)
            out->span_first[k] = r->span_first[k] - r->span_first[0];
        if (n_spans)
            memcpy(out->spans.v, r->spans.v + r->span_first[0], n_spans * sizeof *out->spans.v);
        out->spans.len = out->spans.cap = n_spans;
    }
    if (n)
        memcpy(out->para, r->para, n * sizeof *out->para);
    out->count = n;
    return 0;
}

/* The hits change to a new run's: drop the rows of the old ones. */
static void switch_hits(ot_search_session *s)
{
    clear_cache(s);
    ot_textscan_result_free(&s->result);
    s->actions = s->run_actions;
}

static void on_progress(void *data, const ot_textscan_result *so_far, size_t upto)
{
    (void)upto;
    ot_search_session *s = data;
    if (!s->got_progress) {
        switch_hits(s);
        s->got_progress = true;
    }
    s->cur = so_far;
    s->partial = true;
    if (s->kept.count < KEEP_ON_CANCEL && so_far->count > s->kept.count)
        copy_prefix(so_far, so_far->count < KEEP_ON_CANCEL ? so_far->count : KEEP_ON_CANCEL, &s->kept);
    if (s->opts->progress)
        s->opts->progress(s->opts->progress_data, s);
    s->cur = &s->result;
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
    if (!s->corpus[actions] &&
        !(s->corpus[actions] = ot_corpus_open(s->db, actions ? OT_CORPUS_ACTIONS : OT_CORPUS_FINDINGS, err)))
        return OT_REGEX_ERROR;
    ot_corpus *c = s->corpus[actions];
    /* The selection depends only on the filters: while only the pattern
     * changes, keep it rather than asking the database at every key. */
    char *key = ot_search_query_filter_text(q);
    if (!key) {
        ot_error_set(err, "out of memory");
        return OT_REGEX_ERROR;
    }
    if (!s->sel_key[actions] || strcmp(s->sel_key[actions], key) != 0) {
        free(s->sel_key[actions]);
        free(s->sel[actions]);
        s->sel_key[actions] = NULL;
        s->sel[actions] = NULL;
        if (ot_search_check_filter(s->db, &q->filter, err) < 0 ||
            ot_search_select(s->db, c, actions, &q->filter, &s->sel[actions], &s->sel_all[actions], err) < 0) {
            free(key);
            return OT_REGEX_ERROR;
        }
        s->sel_key[actions] = key;
    } else {
        free(key);
    }
    int sort = (int)q->sort;
    if (!o->unordered && !s->ranges[actions][sort] && make_ranges(s, actions, sort, err) < 0)
        return OT_REGEX_ERROR;

    s->opts = o;
    s->run_actions = actions;
    s->got_progress = false;
    ot_textscan_result_free(&s->kept);
    ot_textscan_opts opts = {
        .want_spans = o->want_spans,
        .select = s->sel_all[actions] ? NULL : s->sel[actions],
        .cancel = o->cancel,
        .cancel_data = o->cancel_data,
        .threads = o->threads,
        .progress = on_progress,
        .progress_data = s,
        .ranges = o->unordered ? NULL : s->ranges[actions][sort],
        .n_ranges = o->unordered ? 0 : s->n_ranges[actions][sort],
    };
    ot_textscan_result out = OT_TEXTSCAN_RESULT_INIT;
    int rc = ot_textscan_run(ot_corpus_scan(c), s->re, &opts, &out, err);
    s->opts = NULL;
    if (rc == OT_REGEX_CANCELLED || rc == OT_REGEX_ERROR) {
        ot_textscan_result_free(&out);
        if (s->got_progress) {
            /* What the screen may show already: the first hits, or none
             * after an error. */
            s->result = s->kept;
            s->kept = (ot_textscan_result)OT_TEXTSCAN_RESULT_INIT;
            if (rc == OT_REGEX_ERROR)
                ot_search_clear(s);
            s->partial = rc == OT_REGEX_CANCELLED;
        }
        ot_textscan_result_free(&s->kept);
        return rc;
    }
    if (!s->got_progress)
        switch_hits(s);
    ot_textscan_result_free(&s->kept);
    s->result = out;
    s->cur = &s->result;
    s->partial = false;
    return rc;
}

/* ------------------------------------------------------------ hits */

size_t ot_search_count(const ot_search_session *s)
{
    return s->cur->count;
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
    return s->re;
}

const ot_corpus *ot_search_corpus(const ot_search_session *s)
{
    return s->corpus[s->actions] ? s->corpus[s->actions] : s->corpus[0];
}

static ot_search_loader *loader(ot_search_session *s, ot_error *err)
{
    if (s->loader && s->loader_actions != s->actions) {
        ot_search_loader_free(s->loader);
        s->loader = NULL;
    }
    if (!s->loader) {
        s->loader = ot_search_loader_new(s->db, s->corpus[s->actions], s->actions, err);
        s->loader_actions = s->actions;
    }
    return s->loader;
}

const ot_search_hit *ot_search_hit_at(ot_search_session *s, size_t k, ot_error *err)
{
    const ot_textscan_result *r = s->cur;
    if (k >= r->count) {
        ot_error_set(err, "no hit %zu", k);
        return NULL;
    }
    if (k >= s->n_cache) {
        size_t n = k + 64 > r->count ? r->count : k + 64;
        ot_search_hit *h = realloc(s->hits, n * sizeof *h);
        if (h)
            s->hits = h;
        bool *l = h ? realloc(s->loaded, n * sizeof *l) : NULL;
        if (!h || !l) {
            ot_error_set(err, "out of memory");
            return NULL;
        }
        s->loaded = l;
        memset(s->loaded + s->n_cache, 0, (n - s->n_cache) * sizeof *l);
        s->n_cache = n;
    }
    ot_search_hit *hit = &s->hits[k];
    if (!s->loaded[k]) {
        ot_search_loader *l = loader(s, err);
        if (!l || ot_search_loader_get(l, r, k, hit, err) < 0) {
            if (l)
                ot_search_hit_clear(hit);
            return NULL;
        }
        s->loaded[k] = true;
    }
    /* The spans live in whichever result holds the hits now. */
    hit->spans = r->span_first ? r->spans.v + r->span_first[k] : NULL;
    hit->n_spans = r->span_first ? r->span_first[k + 1] - r->span_first[k] : 0;
    return hit;
}

int ot_search_hit_load(ot_search_session *s, size_t k, ot_search_hit *hit, ot_error *err)
{
    memset(hit, 0, sizeof *hit);
    if (k >= s->cur->count) {
        ot_error_set(err, "no hit %zu", k);
        return -1;
    }
    ot_search_loader *l = loader(s, err);
    return l ? ot_search_loader_get(l, s->cur, k, hit, err) : -1;
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
    static const char *const exprs[] = {"substr(i.start_date, 1, 4)", "a.region", "a.name", "i.framework", "x.section"};
    const char *expr = s->actions && key == OT_SEARCH_BY_SECTION ? "'action'" : exprs[key];
    ot_buf sql = OT_BUF_INIT;
    ot_buf_printf(&sql,
                  "SELECT %s FROM %s x JOIN inspection i ON i.id = x.inspection_id"
                  " JOIN authority a ON a.id = i.authority_id WHERE x.id = ?",
                  expr, s->actions ? "action" : "finding");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(ot_db_handle(s->db), ot_buf_str(&sql), -1, &st, NULL);
    ot_buf_free(&sql);
    if (rc != SQLITE_OK)
        return db_fail(s->db, err);
    const ot_textscan_result *r = s->cur;
    const ot_corpus *c = s->corpus[s->actions];
    ot_search_group *g = NULL;
    size_t n = 0, cap = 0, last = 0;
    for (size_t k = 0; k < r->count; k++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ot_corpus_id(c, r->para[k]));
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
            sqlite3_finalize(st);
            ot_search_groups_free(g, n);
            if (rc == SQLITE_DONE) {
                ot_error_set(err, "%s: the search index is out of date; run the search again", ot_db_path(s->db));
                return -1;
            }
            return db_fail(s->db, err);
        }
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (!v || !*v)
            v = "(none)";
        /* Hits come by inspection: the last group is the likeliest. */
        size_t at = n;
        if (n && strcmp(g[last].name, v) == 0)
            at = last;
        else
            for (size_t i = 0; i < n; i++)
                if (strcmp(g[i].name, v) == 0) {
                    at = i;
                    break;
                }
        if (at == n) {
            if (n == cap) {
                cap = cap ? cap * 2 : 32;
                ot_search_group *grown = realloc(g, cap * sizeof *grown);
                if (!grown) {
                    sqlite3_finalize(st);
                    ot_search_groups_free(g, n);
                    ot_error_set(err, "out of memory");
                    return -1;
                }
                g = grown;
            }
            g[n].name = strdup(v);
            g[n].count = 0;
            if (!g[n].name) {
                sqlite3_finalize(st);
                ot_search_groups_free(g, n);
                ot_error_set(err, "out of memory");
                return -1;
            }
            n++;
        }
        g[at].count++;
        last = at;
    }
    sqlite3_finalize(st);
    if (n)
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
