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
    /* The hits: result, or while a run shows its own, acc (the batches
     * done) followed by live (the running scan's so far, or NULL). */
    ot_textscan_result result;
    bool running_view;
    ot_textscan_result acc;
    const ot_textscan_result *live;
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

ot_search_session *ot_search_session_new(ot_db *db)
{
    ot_search_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->db = db;
    /* Reading the rows behind thousands of hits goes faster through mapped
     * pages than through a read call per page. */
    sqlite3_exec(ot_db_handle(db), "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
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
    ot_textscan_result_free(&s->acc);
    free(s);
}

/* ------------------------------------------------------------ order */

/* A sorted search scans the corpus inspection by inspection in the sort's
 * order: a list of paragraph ranges.  An inspection's paragraphs are one
 * run of ids when it was imported in one go, as they are: its range is
 * [index of its smallest id, index of its largest], which holds its
 * paragraphs only when their count is the range's length; otherwise its
 * paragraphs are walked one by one.  Working that out costs an index
 * lookup an inspection, so the first run of a session takes inspections in
 * batches, growing, and scans each batch as soon as its ranges are known:
 * the first hits come out at once; the whole list is kept for the next
 * run. */

static const char *const order_by[N_SORTS] = {
    "i.start_date DESC, i.id DESC",
    "a.name COLLATE NOCASE, a.id, i.start_date DESC, i.id DESC",
    "(SELECT grade FROM judgement o WHERE o.inspection_id = i.id AND o.area = 'overall') IS NULL,"
    " (SELECT grade FROM judgement o WHERE o.inspection_id = i.id AND o.area = 'overall'), i.start_date DESC, i.id DESC",
};

struct order {
    sqlite3_stmt *inspections; /* every inspection, in order */
    sqlite3_stmt *span;        /* min id, max id, count of one inspection's paragraphs */
    sqlite3_stmt *walk;        /* one inspection's paragraph ids */
    size_t *r;                 /* the ranges so far: pairs [a, b) */
    size_t n, cap;
    size_t sealed; /* ranges [0, sealed) are scanned: never join them */
    bool done;
};

static void order_free(struct order *o)
{
    sqlite3_finalize(o->inspections);
    sqlite3_finalize(o->span);
    sqlite3_finalize(o->walk);
    free(o->r);
    memset(o, 0, sizeof *o);
}

static int prepare(ot_db *db, const char *sql, sqlite3_stmt **st, ot_error *err)
{
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    return 0;
}

static int order_start(ot_search_session *s, bool actions, int sort, struct order *o, ot_error *err)
{
    memset(o, 0, sizeof *o);
    const char *table = actions ? "action" : "finding";
    ot_buf sql = OT_BUF_INIT;
    ot_buf_printf(&sql, "SELECT i.id FROM inspection i JOIN authority a ON a.id = i.authority_id ORDER BY %s",
                  order_by[sort]);
    int rc = prepare(s->db, ot_buf_str(&sql), &o->inspections, err);
    ot_buf_reset(&sql);
    ot_buf_printf(&sql, "SELECT min(id), max(id), count(*) FROM %s WHERE inspection_id = ?", table);
    rc = rc < 0 ? rc : prepare(s->db, ot_buf_str(&sql), &o->span, err);
    ot_buf_reset(&sql);
    ot_buf_printf(&sql, "SELECT id FROM %s WHERE inspection_id = ? ORDER BY id", table);
    rc = rc < 0 ? rc : prepare(s->db, ot_buf_str(&sql), &o->walk, err);
    ot_buf_free(&sql);
    if (rc < 0)
        order_free(o);
    return rc;
}

static int order_push(struct order *o, size_t a, size_t b)
{
    if (o->n > o->sealed && o->r[2 * o->n - 1] == a) {
        o->r[2 * o->n - 1] = b; /* joins the range before */
        return 0;
    }
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;
        size_t *g = realloc(o->r, 2 * cap * sizeof *g);
        if (!g)
            return -1;
        o->r = g;
        o->cap = cap;
    }
    o->r[2 * o->n] = a;
    o->r[2 * o->n + 1] = b;
    o->n++;
    return 0;
}

/* Add the ranges of up to `count` more inspections (all when 0).
 * Returns 0, or -1 with err set. */
static int order_more(ot_search_session *s, const ot_corpus *c, struct order *o, size_t count, ot_error *err)
{
    int rc;
    for (size_t taken = 0; !count || taken < count; taken++) {
        rc = sqlite3_step(o->inspections);
        if (rc == SQLITE_DONE) {
            o->done = true;
            return 0;
        }
        if (rc != SQLITE_ROW)
            return ot_db_fail(s->db, err);
        long long inspection = sqlite3_column_int64(o->inspections, 0);
        sqlite3_reset(o->span);
        sqlite3_bind_int64(o->span, 1, inspection);
        if (sqlite3_step(o->span) != SQLITE_ROW)
            return ot_db_fail(s->db, err);
        long long n = sqlite3_column_int64(o->span, 2);
        if (n == 0)
            continue;
        size_t a = ot_corpus_index_of(c, sqlite3_column_int64(o->span, 0));
        size_t b = ot_corpus_index_of(c, sqlite3_column_int64(o->span, 1));
        if (a != (size_t)-1 && b != (size_t)-1 && b >= a && b - a + 1 == (size_t)n) {
            if (order_push(o, a, b + 1) < 0)
                goto nomem;
            continue;
        }
        /* Not one run: each paragraph, joined where they follow on. */
        sqlite3_reset(o->walk);
        sqlite3_bind_int64(o->walk, 1, inspection);
        while ((rc = sqlite3_step(o->walk)) == SQLITE_ROW) {
            size_t i = ot_corpus_index_of(c, sqlite3_column_int64(o->walk, 0));
            if (i != (size_t)-1 && order_push(o, i, i + 1) < 0)
                goto nomem;
        }
        if (rc != SQLITE_DONE)
            return ot_db_fail(s->db, err);
    }
    return 0;
nomem:
    ot_error_set(err, "out of memory");
    return -1;
}

/* ------------------------------------------------------------ run */

/* Which result holds hit k, with k made local to it. */
static const ot_textscan_result *part(const ot_search_session *s, size_t *k)
{
    if (!s->running_view)
        return &s->result;
    if (*k < s->acc.count || !s->live)
        return &s->acc;
    *k -= s->acc.count;
    return s->live;
}

static size_t hit_count(const ot_search_session *s)
{
    if (!s->running_view)
        return s->result.count;
    return s->acc.count + (s->live ? s->live->count : 0);
}

/* Append hits [0, n) of r (spans too when both have them) to out. */
static int append_hits(ot_textscan_result *out, const ot_textscan_result *r, size_t n)
{
    if (!n)
        return 0;
    size_t *p = realloc(out->para, (out->count + n) * sizeof *p);
    if (!p)
        return -1;
    out->para = p;
    memcpy(out->para + out->count, r->para, n * sizeof *p);
    if (r->span_first) {
        size_t first = r->span_first[0], n_spans = r->span_first[n] - first;
        size_t *f = realloc(out->span_first, (out->count + n + 1) * sizeof *f);
        if (!f)
            return -1;
        out->span_first = f;
        if (out->count == 0)
            f[0] = 0;
        ot_span *v = out->spans.len + n_spans > out->spans.cap
                         ? realloc(out->spans.v, (out->spans.len + n_spans + 1) * sizeof *v)
                         : out->spans.v;
        if (!v)
            return -1;
        if (v != out->spans.v) {
            out->spans.v = v;
            out->spans.cap = out->spans.len + n_spans + 1;
        }
        if (n_spans)
            memcpy(v + out->spans.len, r->spans.v + first, n_spans * sizeof *v);
        for (size_t k = 1; k <= n; k++)
            f[out->count + k] = out->spans.len + (r->span_first[k] - first);
        out->spans.len += n_spans;
    }
    out->count += n;
    return 0;
}

/* The hits change to a new run's: drop the rows of the old ones. */
static void switch_hits(ot_search_session *s)
{
    clear_cache(s);
    ot_textscan_result_free(&s->result);
    s->actions = s->run_actions;
    s->running_view = true;
}

static void on_progress(void *data, const ot_textscan_result *so_far, size_t upto)
{
    (void)upto;
    ot_search_session *s = data;
    if (!s->got_progress) {
        switch_hits(s);
        s->got_progress = true;
    }
    s->live = so_far;
    s->partial = true;
    /* What a cancel keeps: the first hits, a screen or more. */
    size_t n = hit_count(s);
    if (s->kept.count < KEEP_ON_CANCEL && n > s->kept.count) {
        size_t want = n < KEEP_ON_CANCEL ? n : KEEP_ON_CANCEL;
        size_t from_acc = s->acc.count < want ? s->acc.count : want;
        ot_textscan_result_free(&s->kept);
        if (append_hits(&s->kept, &s->acc, from_acc) < 0 || append_hits(&s->kept, so_far, want - from_acc) < 0)
            ot_textscan_result_free(&s->kept);
    }
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

/* One scan of the given ranges (all paragraphs when NULL); its hits are
 * appended to s->acc. */
static int scan(ot_search_session *s, bool actions, const size_t *ranges, size_t n_ranges, ot_error *err)
{
    const ot_search_opts *o = s->opts;
    ot_textscan_opts opts = {
        .want_spans = o->want_spans,
        .select = s->sel_all[actions] ? NULL : s->sel[actions],
        .cancel = o->cancel,
        .cancel_data = o->cancel_data,
        .threads = o->threads,
        .progress = on_progress,
        .progress_data = s,
        .ranges = ranges,
        .n_ranges = n_ranges,
    };
    if (ranges && !n_ranges)
        return OT_REGEX_NOMATCH;
    ot_textscan_result out = OT_TEXTSCAN_RESULT_INIT;
    int rc = ot_textscan_run(ot_corpus_scan(s->corpus[actions]), s->re, &opts, &out, err);
    if (rc != OT_REGEX_ERROR && rc != OT_REGEX_CANCELLED && append_hits(&s->acc, &out, out.count) < 0) {
        ot_error_set(err, "out of memory");
        rc = OT_REGEX_ERROR;
    }
    ot_textscan_result_free(&out);
    return rc;
}

/* Scan in the query's order, working the order out in growing batches
 * the first time. */
static int scan_ordered(ot_search_session *s, bool actions, int sort, ot_error *err)
{
    if (s->ranges[actions][sort])
        return scan(s, actions, s->ranges[actions][sort], s->n_ranges[actions][sort], err);
    struct order o;
    if (order_start(s, actions, sort, &o, err) < 0)
        return OT_REGEX_ERROR;
    int rc = OT_REGEX_NOMATCH;
    for (size_t batch = 64; !o.done; batch *= 8) {
        size_t from = o.n;
        if (order_more(s, s->corpus[actions], &o, batch, err) < 0) {
            rc = OT_REGEX_ERROR;
            break;
        }
        o.sealed = o.n;
        rc = scan(s, actions, o.r + 2 * from, o.n - from, err);
        if (rc == OT_REGEX_ERROR || rc == OT_REGEX_CANCELLED)
            break;
    }
    if (o.done && rc != OT_REGEX_ERROR && rc != OT_REGEX_CANCELLED) {
        /* The whole order, for the next run. */
        s->ranges[actions][sort] = o.r ? o.r : calloc(2, sizeof *o.r);
        s->n_ranges[actions][sort] = o.n;
        o.r = NULL;
    }
    order_free(&o);
    return rc;
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

    s->opts = o;
    s->run_actions = actions;
    s->got_progress = false;
    s->live = NULL;
    ot_textscan_result_free(&s->kept);
    ot_textscan_result_free(&s->acc);
    int rc = o->unordered ? scan(s, actions, NULL, 0, err) : scan_ordered(s, actions, (int)q->sort, err);
    s->opts = NULL;
    s->running_view = false;
    if (rc == OT_REGEX_CANCELLED || rc == OT_REGEX_ERROR) {
        ot_textscan_result_free(&s->acc);
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
    s->running_view = false;
    ot_textscan_result_free(&s->kept);
    s->result = s->acc;
    s->acc = (ot_textscan_result)OT_TEXTSCAN_RESULT_INIT;
    if (o->want_spans && !s->result.span_first) {
        /* no hits at all: an empty span index keeps readers simple */
        s->result.span_first = calloc(1, sizeof *s->result.span_first);
    }
    s->partial = false;
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
    size_t count = hit_count(s), local = k;
    if (k >= count) {
        ot_error_set(err, "no hit %zu", k);
        return NULL;
    }
    const ot_textscan_result *r = part(s, &local);
    if (k >= s->n_cache) {
        size_t n = k + 64 > count ? count : k + 64;
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
        if (!l || ot_search_loader_get(l, r, local, hit, err) < 0) {
            if (l)
                ot_search_hit_clear(hit);
            return NULL;
        }
        s->loaded[k] = true;
    }
    /* The spans live in whichever result holds the hits now. */
    hit->spans = r->span_first ? r->spans.v + r->span_first[local] : NULL;
    hit->n_spans = r->span_first ? r->span_first[local + 1] - r->span_first[local] : 0;
    return hit;
}

int ot_search_hit_load(ot_search_session *s, size_t k, ot_search_hit *hit, ot_error *err)
{
    memset(hit, 0, sizeof *hit);
    if (k >= hit_count(s)) {
        ot_error_set(err, "no hit %zu", k);
        return -1;
    }
    ot_search_loader *l = loader(s, err);
    const ot_textscan_result *r = part(s, &k);
    return l ? ot_search_loader_get(l, r, k, hit, err) : -1;
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
        return ot_db_fail(s->db, err);
    const ot_corpus *c = s->corpus[s->actions];
    ot_search_group *g = NULL;
    size_t n = 0, cap = 0, last = 0, total = hit_count(s);
    for (size_t k = 0; k < total; k++) {
        size_t local = k;
        const ot_textscan_result *r = part(s, &local);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ot_corpus_id(c, r->para[local]));
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
            sqlite3_finalize(st);
            ot_search_groups_free(g, n);
            if (rc == SQLITE_DONE) {
                ot_error_set(err, "%s: the search index is out of date; run the search again", ot_db_path(s->db));
                return -1;
            }
            return ot_db_fail(s->db, err);
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
