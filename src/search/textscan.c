/* Regex search over a buffer of paragraphs: the worker threads and
 * ot_textscan_run.  See ofsted-tui/textscan.h and textscan_impl.h. */
#include "config.h"

#include "textscan_impl.h"

#include "ofsted-tui/buf.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ workers */

/* A piece: paragraphs [a, b), scanned in one go.  The work is cut into
 * pieces of at most CHUNK bytes, in the order the caller asked for, and
 * the pieces into chunks of about CHUNK bytes, which the workers take in
 * turn: so the start of the order is scanned by every thread at once (the
 * first hits come early), and a slow stretch does not leave one thread
 * working alone.  Chunks are cut as they are taken, not planned ahead:
 * planning a gigabyte touches the whole paragraph index before the first
 * hit could be found. */
struct piece {
    size_t a, b;
};

/* What one chunk found, filled by whichever worker took it. */
struct chunk_hits {
    size_t *para;
    size_t count;
    size_t *span_first; /* with want_spans: count + 1, into spans */
    ot_spans spans;
    size_t upto; /* the end of its last piece */
    atomic_int done;
};

struct shared {
    const ot_textscan *ts;
    const ot_regex *re;
    const ot_textscan_opts *opts;
    const struct plan *plan;
    find_fn find;
    atomic_int stop;     /* set on error or cancel: everybody stops */
    atomic_int finished; /* helper threads done */
    /* Cutting: under cut_lock, the next chunk starts at paragraph at_a of
     * range at_r (the whole text is one range when opts->ranges is NULL). */
    pthread_mutex_t cut_lock;
    size_t at_r, at_a;
    size_t n_cut;
    atomic_size_t n_chunks; /* SIZE_MAX until the last chunk is cut */
    size_t max_chunks;      /* chunks[] has room for every chunk there can be */
    struct chunk_hits *chunks;
    /* The caller's: the chunks done so far, in order, joined into out. */
    size_t published;
    ot_textscan_result *out;
    size_t out_cap, spans_cap;
};

struct worker {
    struct shared *sh;
    int is_caller;
    ot_regex_scratch *scratch;
    /* the hits of the chunk being scanned */
    size_t *para;
    size_t count, cap;
    size_t *span_first; /* index into spans for each para */
    ot_spans spans;
    int rc; /* OT_REGEX_NOMATCH (done), ERROR or CANCELLED */
    ot_error err;
};

/* How many paragraphs ahead chunk_literal asks for the text. */
#define PREFETCH_AHEAD 8

static size_t para_of(const ot_textscan *ts, size_t pos, size_t lo, size_t hi)
{
    /* The last i in [lo, hi) with starts[i] <= pos. */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ts->starts[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* para_of for a position at or after paragraph hint's start, which is
 * usually close by: gallop forward from hint, then bisect. */
static size_t para_near(const ot_textscan *ts, size_t pos, size_t hint, size_t hi)
{
    size_t lo = hint, step = 1;
    while (lo + step < hi && ts->starts[lo + step] <= pos) {
        lo += step;
        step *= 2;
    }
    return para_of(ts, pos, lo, lo + step < hi ? lo + step : hi);
}

static int worker_push(struct worker *w, size_t i, const ot_spans *sp)
{
    if (w->count == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        size_t *p = realloc(w->para, cap * sizeof *p);
        if (!p)
            return -1;
        w->para = p;
        if (w->sh->opts->want_spans) {
            /* One more than cap: span_first[count] always ends the last. */
            size_t *f = realloc(w->span_first, (cap + 1) * sizeof *f);
            if (!f)
                return -1;
            w->span_first = f;
        }
        w->cap = cap;
    }
    if (w->sh->opts->want_spans) {
        w->span_first[w->count] = w->spans.len;
        for (size_t k = 0; k < sp->len; k++) {
            if (w->spans.len == w->spans.cap) {
                size_t cap = w->spans.cap ? w->spans.cap * 2 : 256;
                ot_span *v = realloc(w->spans.v, cap * sizeof *v);
                if (!v)
                    return -1;
                w->spans.v = v;
                w->spans.cap = cap;
            }
            w->spans.v[w->spans.len++] = sp->v[k];
        }
    }
    w->para[w->count++] = i;
    if (w->sh->opts->want_spans)
        w->span_first[w->count] = w->spans.len;
    return 0;
}

/* Match paragraph i alone, as ripgrep matches one line; record it when it
 * matches.  Returns OT_REGEX_MATCH / NOMATCH / ERROR. */
static int check_para(struct worker *w, size_t i, ot_spans *tmp)
{
    const ot_textscan *ts = w->sh->ts;
    size_t len;
    const char *text = ot_textscan_para(ts, i, &len);
    int rc;

    if (w->sh->opts->want_spans) {
        tmp->len = 0;
        long n = ot_regex_find_all(w->sh->re, w->scratch, text, len, NULL, NULL, tmp, &w->err);
        if (n < 0)
            return OT_REGEX_ERROR;
        rc = n > 0 ? OT_REGEX_MATCH : OT_REGEX_NOMATCH;
    } else {
        ot_span m;
        rc = ot_regex_search(w->sh->re, w->scratch, text, len, 0, &m, &w->err);
    }
    if (rc == OT_REGEX_MATCH && worker_push(w, i, tmp) < 0) {
        ot_error_set(&w->err, "out of memory");
        return OT_REGEX_ERROR;
    }
    return rc;
}

/* Paragraph i holds a candidate: a hit as it is when sure, else matched
 * on its own (check_para).  Returns OT_REGEX_MATCH / NOMATCH / ERROR. */
static int take_hit(struct worker *w, size_t i, bool sure, ot_spans *tmp)
{
    if (!sure)
        return check_para(w, i, tmp);
    if (worker_push(w, i, tmp) < 0) {
        ot_error_set(&w->err, "out of memory");
        return OT_REGEX_ERROR;
    }
    return OT_REGEX_MATCH;
}

static int selected(const struct worker *w, size_t i)
{
    return !w->sh->opts->select || w->sh->opts->select[i];
}

/* Paragraphs [a, b): the prefilter finds candidates, the JIT confirms. */
static int chunk_literal(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    const ot_textscan *ts = w->sh->ts;
    const unsigned char *t = (const unsigned char *)ts->text;
    size_t to = ts->starts[b];
    size_t pos = ts->starts[a];
    size_t hint = a;
    int exact = w->sh->plan->exact && !w->sh->opts->want_spans;

    if (to > ts->len)
        to = ts->len;
    while (pos < to) {
        size_t c = w->sh->find(w->sh->plan, t, ts->len, pos, to);
        if (c == NONE)
            break;
        size_t i = para_near(ts, c, hint, b);
        hint = i;
        /* Where hits are dense the scan reads only the first bytes of each
         * paragraph, a jump the hardware does not foresee: ask for the
         * paragraphs ahead before they are needed. */
        if (i + PREFETCH_AHEAD < b)
            __builtin_prefetch(t + ts->starts[i + PREFETCH_AHEAD]);
        /* An exact candidate is the literal, which is the whole pattern. */
        if (selected(w, i) && take_hit(w, i, exact, tmp) == OT_REGEX_ERROR)
            return OT_REGEX_ERROR;
        pos = ts->starts[i + 1];
    }
    return OT_REGEX_NOMATCH;
}

/* Paragraphs [a, b): one JIT pass over the whole stretch of buffer. */
static int chunk_buffer(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    const ot_textscan *ts = w->sh->ts;
    size_t to = ts->starts[b];
    size_t pos = ts->starts[a];
    size_t hint = a;

    if (to > ts->len)
        to = ts->len;
    while (pos < to) {
        ot_span m;
        int rc = ot_regex_search(w->sh->re, w->scratch, ts->text, to, pos, &m, &w->err);
        if (rc == OT_REGEX_ERROR)
            return rc;
        if (rc == OT_REGEX_NOMATCH)
            break;
        size_t i = para_near(ts, m.start, hint, b);
        hint = i;
        if (i >= b)
            break;
        /* A hit reaching over the separator may not be one in the
         * paragraph alone; spans always come from it alone. */
        bool inside = m.end <= ts->starts[i + 1] - 1 && !w->sh->opts->want_spans;
        if (selected(w, i) && take_hit(w, i, inside, tmp) == OT_REGEX_ERROR)
            return OT_REGEX_ERROR;
        pos = ts->starts[i + 1];
    }
    return OT_REGEX_NOMATCH;
}

static int chunk_paragraph(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    for (size_t i = a; i < b; i++)
        if (selected(w, i) && check_para(w, i, tmp) == OT_REGEX_ERROR)
            return OT_REGEX_ERROR;
    return OT_REGEX_NOMATCH;
}

static int scan_range(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    switch (w->sh->plan->strategy) {
    case BY_LITERAL:
        return chunk_literal(w, a, b, tmp);
    case BY_BUFFER:
        return chunk_buffer(w, a, b, tmp);
    case BY_PARAGRAPH:
    default:
        return chunk_paragraph(w, a, b, tmp);
    }
}

/* Paragraphs [a, b), only the runs of selected ones: a filter that keeps
 * a few authorities' findings does not read the rest of the text. */
static int scan_selected(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    const unsigned char *sel = w->sh->opts->select;
    if (!sel)
        return scan_range(w, a, b, tmp);
    while (a < b) {
        while (a < b && !sel[a])
            a++;
        size_t end = a;
        while (end < b && sel[end])
            end++;
        if (end > a && scan_range(w, a, end, tmp) == OT_REGEX_ERROR)
            return OT_REGEX_ERROR;
        a = end;
    }
    return OT_REGEX_NOMATCH;
}

/* Join the chunks finished so far, in order, to the caller's result and
 * tell the caller: every hit in paragraphs up to the end of the last
 * joined chunk, final, since the chunks follow the scan order.  Returns 0,
 * or -1 when memory ran out. */
static int publish(struct shared *sh)
{
    const ot_textscan_opts *o = sh->opts;
    ot_textscan_result *out = sh->out;
    size_t before = sh->published;
    while (sh->published < sh->max_chunks &&
           atomic_load_explicit(&sh->chunks[sh->published].done, memory_order_acquire)) {
        struct chunk_hits *c = &sh->chunks[sh->published];
        if (c->count) {
            if (ot_grow((void **)&out->para, &sh->out_cap, out->count + c->count - 1, sizeof *out->para) < 0)
                return -1;
            memcpy(out->para + out->count, c->para, c->count * sizeof *c->para);
            if (o->want_spans) {
                size_t cap = sh->out_cap + 1, n_spans = c->spans.len;
                size_t *f = realloc(out->span_first, cap * sizeof *f);
                if (!f)
                    return -1;
                out->span_first = f;
                if (out->spans.len + n_spans > sh->spans_cap) {
                    size_t want = (out->spans.len + n_spans) * 2;
                    ot_span *v = realloc(out->spans.v, want * sizeof *v);
                    if (!v)
                        return -1;
                    out->spans.v = v;
                    out->spans.cap = sh->spans_cap = want;
                }
                if (n_spans)
                    memcpy(out->spans.v + out->spans.len, c->spans.v, n_spans * sizeof *c->spans.v);
                for (size_t k = 0; k < c->count; k++)
                    f[out->count + k] = out->spans.len + c->span_first[k];
                out->spans.len += n_spans;
            }
            out->count += c->count;
        }
        if (o->want_spans && out->span_first)
            out->span_first[out->count] = out->spans.len;
        free(c->para);
        free(c->span_first);
        ot_spans_free(&c->spans);
        c->para = NULL;
        c->span_first = NULL;
        sh->published++;
    }
    if (o->progress && sh->published > before && !atomic_load(&sh->stop)) {
        ot_textscan_result so_far = *out;
        if (!so_far.count)
            so_far.span_first = NULL;
        o->progress(o->progress_data, &so_far, sh->chunks[sh->published - 1].upto);
    }
    return 0;
}

/* Range r of the scan, clamped to the text: false past the last. */
static bool range_at(const struct shared *sh, size_t r, size_t *a, size_t *b)
{
    const ot_textscan_opts *o = sh->opts;
    if (!o->ranges) {
        *a = 0;
        *b = sh->ts->count;
        return r == 0;
    }
    if (r >= o->n_ranges)
        return false;
    *a = o->ranges[2 * r];
    *b = o->ranges[2 * r + 1] < sh->ts->count ? o->ranges[2 * r + 1] : sh->ts->count;
    if (*a > *b)
        *a = *b;
    return true;
}

/* Cut the next chunk: up to CHUNK_PIECES pieces of at most CHUNK bytes,
 * ending once it holds CHUNK bytes.  Returns its number, or (size_t)-1
 * when the work is all cut. */
static size_t cut_chunk(struct shared *sh, struct piece *pieces, size_t *n_pieces)
{
    const ot_textscan *ts = sh->ts;
    size_t c = (size_t)-1, bytes = 0, a, b;
    *n_pieces = 0;
    pthread_mutex_lock(&sh->cut_lock);
    while (*n_pieces < CHUNK_PIECES && bytes < CHUNK && range_at(sh, sh->at_r, &a, &b)) {
        a = sh->at_a > a ? sh->at_a : a;
        if (a >= b) {
            sh->at_r++;
            sh->at_a = 0;
            continue;
        }
        /* Galloping from a: a bisection over the whole range would miss
         * the cache at every step. */
        size_t e = ts->starts[b] - ts->starts[a] <= CHUNK ? b : para_near(ts, ts->starts[a] + CHUNK, a, b) + 1;
        if (e > b)
            e = b;
        pieces[(*n_pieces)++] = (struct piece){a, e};
        bytes += ts->starts[e] - ts->starts[a];
        sh->at_a = e;
    }
    if (*n_pieces && sh->n_cut < sh->max_chunks) {
        c = sh->n_cut++;
        sh->chunks[c].upto = pieces[*n_pieces - 1].b;
    } else if (*n_pieces) {
        /* Past the bound plan_chunks proves: never, but never silent. */
        *n_pieces = 0;
        atomic_store(&sh->stop, 1);
    } else {
        atomic_store(&sh->n_chunks, sh->n_cut); /* all cut */
    }
    pthread_mutex_unlock(&sh->cut_lock);
    return c;
}

/* Stop everybody, with rc as the reason. */
static void stop_all(struct worker *w, int rc)
{
    w->rc = rc;
    atomic_store(&w->sh->stop, 1);
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    const ot_textscan_opts *o = sh->opts;
    ot_spans tmp = OT_SPANS_INIT;

    w->rc = OT_REGEX_NOMATCH;
    while (!atomic_load(&sh->stop)) {
        /* The callbacks are answered from the calling thread only. */
        if (w->is_caller && o->cancel && o->cancel(o->cancel_data)) {
            stop_all(w, OT_REGEX_CANCELLED);
            break;
        }
        struct piece pieces[CHUNK_PIECES];
        size_t n_pieces = 0;
        size_t c = cut_chunk(sh, pieces, &n_pieces);
        if (c == (size_t)-1)
            break;
        int rc = OT_REGEX_NOMATCH;
        for (size_t p = 0; p < n_pieces && rc != OT_REGEX_ERROR; p++)
            rc = scan_selected(w, pieces[p].a, pieces[p].b, &tmp);
        if (rc == OT_REGEX_ERROR) {
            stop_all(w, rc);
            break;
        }
        /* The chunk's hits go to it; the next chunk starts afresh. */
        struct chunk_hits *hits = &sh->chunks[c];
        hits->para = w->para;
        hits->count = w->count;
        hits->span_first = w->span_first;
        hits->spans = w->spans;
        w->para = NULL;
        w->span_first = NULL;
        w->count = w->cap = 0;
        w->spans = (ot_spans)OT_SPANS_INIT;
        atomic_store_explicit(&hits->done, 1, memory_order_release);
        if (w->is_caller && publish(sh) < 0) {
            ot_error_set(&w->err, "out of memory");
            stop_all(w, OT_REGEX_ERROR);
            break;
        }
    }
    ot_spans_free(&tmp);
    if (!w->is_caller)
        atomic_fetch_add(&sh->finished, 1);
    return NULL;
}

int ts_auto_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* Room for every chunk the scan can have: each but the last holds CHUNK
 * bytes or CHUNK_PIECES pieces, and there are at most one piece per range
 * plus one per CHUNK bytes.  Returns 0 or -1 (no memory). */
static int plan_chunks(struct shared *sh)
{
    size_t ranges = sh->opts->ranges ? sh->opts->n_ranges : 1;
    size_t by_bytes = sh->ts->len / CHUNK + 1;
    sh->max_chunks = by_bytes + (ranges + by_bytes) / CHUNK_PIECES + 2;
    sh->chunks = calloc(sh->max_chunks, sizeof *sh->chunks);
    return sh->chunks ? 0 : -1;
}

int ot_textscan_run(const ot_textscan *ts, const ot_regex *re,
                    const ot_textscan_opts *opts, ot_textscan_result *out,
                    ot_error *err)
{
    static const ot_textscan_opts defaults = { 0 };
    struct plan plan;
    struct shared sh;
    struct worker w[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = { 0 };
    int nthreads = 0;
    int rc = OT_REGEX_NOMATCH;

    memset(out, 0, sizeof *out);
    if (!opts)
        opts = &defaults;
    ts_make_plan(ts, re, &plan);

    memset(&sh, 0, sizeof sh);
    sh.ts = ts;
    sh.re = re;
    sh.opts = opts;
    sh.plan = &plan;
    sh.find = ts_pick_find();
    sh.out = out;
    atomic_init(&sh.stop, 0);
    atomic_init(&sh.finished, 0);
    atomic_init(&sh.n_chunks, SIZE_MAX);
    pthread_mutex_init(&sh.cut_lock, NULL);
    memset(w, 0, sizeof w);
    if (plan_chunks(&sh) < 0) {
        ot_error_set(err, "out of memory");
        rc = OT_REGEX_ERROR;
        goto cleanup;
    }

    nthreads = opts->threads > 0 ? opts->threads : ts_auto_threads();
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    /* No helper for a scan of one chunk or two. */
    if ((size_t)nthreads > sh.max_chunks - 2)
        nthreads = (int)(sh.max_chunks - 2);
    for (int k = 0; k < nthreads; k++) {
        w[k].sh = &sh;
        w[k].is_caller = k == 0;
        w[k].scratch = ot_regex_scratch_new(re);
        if (!w[k].scratch) {
            ot_error_set(err, "out of memory");
            rc = OT_REGEX_ERROR;
            goto cleanup;
        }
    }
    int helpers = 0;
    for (int k = 1; k < nthreads; k++) {
        if (pthread_create(&tid[k], NULL, worker_run, &w[k]) != 0)
            continue; /* the others take its chunks */
        started[k] = 1;
        helpers++;
    }
    worker_run(&w[0]);
    /* Keep joining what the helpers finish, and answering the callbacks,
     * until they are done. */
    while (atomic_load(&sh.finished) < helpers) {
        if (opts->cancel && !atomic_load(&sh.stop) && opts->cancel(opts->cancel_data))
            stop_all(&w[0], OT_REGEX_CANCELLED);
        if (!atomic_load(&sh.stop) && publish(&sh) < 0) {
            ot_error_set(&w[0].err, "out of memory");
            stop_all(&w[0], OT_REGEX_ERROR);
        }
        struct timespec pause = { 0, 250000 };
        nanosleep(&pause, NULL);
    }
    for (int k = 1; k < nthreads; k++)
        if (started[k])
            pthread_join(tid[k], NULL);

    for (int k = 0; k < nthreads; k++) {
        if (w[k].rc == OT_REGEX_ERROR) {
            ot_error_set(err, "%s", ot_error_msg(&w[k].err));
            rc = OT_REGEX_ERROR;
            goto cleanup;
        }
    }
    for (int k = 0; k < nthreads; k++)
        if (w[k].rc == OT_REGEX_CANCELLED) {
            rc = OT_REGEX_CANCELLED;
            goto cleanup;
        }
    if (publish(&sh) < 0 || sh.published != atomic_load(&sh.n_chunks)) {
        ot_error_set(err, atomic_load(&sh.n_chunks) == SIZE_MAX ? "internal error: more chunks than planned"
                                                                 : "out of memory");
        rc = OT_REGEX_ERROR;
        goto cleanup;
    }
    if (opts->want_spans && !out->span_first && !(out->span_first = calloc(1, sizeof *out->span_first))) {
        ot_error_set(err, "out of memory");
        rc = OT_REGEX_ERROR;
        goto cleanup;
    }
    rc = out->count ? OT_REGEX_MATCH : OT_REGEX_NOMATCH;

cleanup:
    if (rc == OT_REGEX_ERROR || rc == OT_REGEX_CANCELLED)
        ot_textscan_result_free(out); /* out then holds nothing */
    for (size_t c = 0; sh.chunks && c < sh.n_cut; c++) {
        free(sh.chunks[c].para);
        free(sh.chunks[c].span_first);
        ot_spans_free(&sh.chunks[c].spans);
    }
    free(sh.chunks);
    pthread_mutex_destroy(&sh.cut_lock);
    for (int k = 0; k < nthreads; k++) {
        ot_regex_scratch_free(w[k].scratch);
        free(w[k].para);
        free(w[k].span_first);
        ot_spans_free(&w[k].spans);
        ot_error_clear(&w[k].err);
    }
    return rc;
}
