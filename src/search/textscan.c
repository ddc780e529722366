/* Regex search over a buffer of paragraphs: the worker threads and
 * ot_textscan_run.  See ofsted-tui/textscan.h and textscan_impl.h. */
#include "config.h"

#include "textscan_impl.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ workers */

struct shared {
    const ot_textscan *ts;
    const ot_regex *re;
    const ot_textscan_opts *opts;
    const struct plan *plan;
    find_fn find;
    atomic_int stop;     /* set on error or cancel: everybody stops */
    atomic_int finished; /* helper threads done */
};

struct worker {
    struct shared *sh;
    size_t p0, p1; /* paragraphs [p0, p1) */
    int is_caller;
    ot_regex_scratch *scratch;
    /* results */
    size_t *para;
    size_t count, cap;
    size_t *span_first; /* index into spans for each para */
    ot_spans spans;
    int rc; /* OT_REGEX_NOMATCH (done), ERROR or CANCELLED */
    ot_error err;
};

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

/* Tell the caller what the first worker has found so far: every match in
 * paragraphs [0, upto), final, since workers split the paragraphs in
 * order and the first starts at 0. */
static void report_progress(const struct worker *w, size_t upto)
{
    const ot_textscan_opts *o = w->sh->opts;
    ot_textscan_result so_far = OT_TEXTSCAN_RESULT_INIT;
    so_far.para = w->para;
    so_far.count = w->count;
    so_far.span_first = w->count ? w->span_first : NULL;
    so_far.spans = w->spans;
    o->progress(o->progress_data, &so_far, upto);
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

/* Paragraphs [a, b) of the worker's share, in chunks, asking the
 * callbacks between them.  Returns 0 to go on, -1 when stopped. */
static int worker_segment(struct worker *w, size_t a, size_t b, int last, ot_spans *tmp)
{
    struct shared *sh = w->sh;
    const ot_textscan *ts = sh->ts;
    while (a < b) {
        if (atomic_load(&sh->stop))
            return -1;
        if (w->is_caller && sh->opts->cancel && sh->opts->cancel(sh->opts->cancel_data)) {
            w->rc = OT_REGEX_CANCELLED;
            atomic_store(&sh->stop, 1);
            return -1;
        }
        /* A chunk of about CHUNK bytes, at least one paragraph (the whole
         * of a smaller range, as most of a sorted search's are). */
        size_t e = ts->starts[b] - ts->starts[a] <= CHUNK ? b : para_of(ts, ts->starts[a] + CHUNK, a, b) + 1;
        if (e > b)
            e = b;
        int rc = scan_selected(w, a, e, tmp);
        if (rc == OT_REGEX_ERROR) {
            w->rc = rc;
            atomic_store(&sh->stop, 1);
            return -1;
        }
        a = e;
        if (w->is_caller && sh->opts->progress && (a < b || !last))
            report_progress(w, a);
    }
    return 0;
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    ot_spans tmp = OT_SPANS_INIT;

    w->rc = OT_REGEX_NOMATCH;
    if (sh->opts->ranges) {
        for (size_t r = w->p0; r < w->p1; r++)
            if (worker_segment(w, sh->opts->ranges[2 * r], sh->opts->ranges[2 * r + 1], r + 1 == w->p1, &tmp) < 0)
                break;
    } else {
        worker_segment(w, w->p0, w->p1, 1, &tmp);
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
    int nthreads;
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
    atomic_init(&sh.stop, 0);
    atomic_init(&sh.finished, 0);

    /* A thread only pays off for a few megabytes of text. */
    nthreads = opts->threads > 0 ? opts->threads : ts_auto_threads();
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    if ((size_t)nthreads > ts->len / CHUNK + 1)
        nthreads = (int)(ts->len / CHUNK + 1);
    if ((size_t)nthreads > ts->count)
        nthreads = ts->count ? (int)ts->count : 1;

    memset(w, 0, sizeof w);
    /* With ranges, each worker takes a run of whole ranges of about the
     * same number of bytes; without, a run of paragraphs. */
    size_t n_units = opts->ranges ? opts->n_ranges : ts->count;
    size_t total = 0, *cum = NULL;
    if (opts->ranges) {
        cum = malloc((n_units + 1) * sizeof *cum);
        if (!cum) {
            ot_error_set(err, "out of memory");
            return OT_REGEX_ERROR;
        }
        cum[0] = 0;
        for (size_t r = 0; r < n_units; r++) {
            size_t a = opts->ranges[2 * r], b = opts->ranges[2 * r + 1];
            cum[r + 1] = cum[r] + (b > a && b <= ts->count ? ts->starts[b] - ts->starts[a] : 0);
        }
        total = cum[n_units];
        if ((size_t)nthreads > total / CHUNK + 1)
            nthreads = (int)(total / CHUNK + 1);
    }
    size_t prev = 0;
    for (int k = 0; k < nthreads; k++) {
        w[k].sh = &sh;
        w[k].is_caller = k == 0;
        w[k].p0 = prev;
        if (k == nthreads - 1) {
            w[k].p1 = n_units;
        } else if (cum) {
            size_t target = total / (size_t)nthreads * (size_t)(k + 1), p = prev;
            while (p < n_units && cum[p] < target)
                p++;
            w[k].p1 = p;
        } else {
            size_t target = ts->len / (size_t)nthreads * (size_t)(k + 1);
            size_t p = para_of(ts, target, prev, ts->count);
            w[k].p1 = p > prev ? p : prev;
        }
        prev = w[k].p1;
        w[k].scratch = ot_regex_scratch_new(re);
        if (!w[k].scratch) {
            ot_error_set(err, "out of memory");
            rc = OT_REGEX_ERROR;
            goto cleanup;
        }
    }
    int helpers = 0;
    for (int k = 1; k < nthreads; k++) {
        if (pthread_create(&tid[k], NULL, worker_run, &w[k]) != 0) {
            /* No thread: do its share here instead. */
            worker_run(&w[k]);
            atomic_fetch_sub(&sh.finished, 1);
            continue;
        }
        started[k] = 1;
        helpers++;
    }
    worker_run(&w[0]);
    /* Keep answering the callbacks while the helpers finish; without
     * them, just wait. */
    while ((opts->cancel || opts->progress) && atomic_load(&sh.finished) < helpers) {
        if (opts->cancel && !atomic_load(&sh.stop) && opts->cancel(opts->cancel_data)) {
            w[0].rc = OT_REGEX_CANCELLED;
            atomic_store(&sh.stop, 1);
        }
        if (opts->progress && !atomic_load(&sh.stop) && w[0].rc == OT_REGEX_NOMATCH)
            report_progress(&w[0], opts->ranges ? (w[0].p1 ? opts->ranges[2 * w[0].p1 - 1] : 0) : w[0].p1);
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

    /* Join the workers' results, which are in paragraph order. */
    size_t total_spans = 0;
    total = 0;
    for (int k = 0; k < nthreads; k++) {
        total += w[k].count;
        total_spans += w[k].spans.len;
    }
    out->para = malloc((total ? total : 1) * sizeof *out->para);
    if (opts->want_spans) {
        out->span_first = malloc((total + 1) * sizeof *out->span_first);
        out->spans.v = malloc((total_spans ? total_spans : 1) * sizeof *out->spans.v);
        out->spans.cap = total_spans;
    }
    if (!out->para || (opts->want_spans && (!out->span_first || !out->spans.v))) {
        ot_textscan_result_free(out);
        ot_error_set(err, "out of memory");
        rc = OT_REGEX_ERROR;
        goto cleanup;
    }
    for (int k = 0; k < nthreads; k++) {
        for (size_t j = 0; j < w[k].count; j++) {
            if (opts->want_spans)
                out->span_first[out->count] = w[k].span_first[j] + out->spans.len;
            out->para[out->count++] = w[k].para[j];
        }
        if (opts->want_spans && w[k].spans.len) {
            memcpy(out->spans.v + out->spans.len, w[k].spans.v,
                   w[k].spans.len * sizeof *out->spans.v);
            out->spans.len += w[k].spans.len;
        }
    }
    if (opts->want_spans)
        out->span_first[out->count] = out->spans.len;
    rc = out->count ? OT_REGEX_MATCH : OT_REGEX_NOMATCH;

cleanup:
    free(cum);
    for (int k = 0; k < nthreads; k++) {
        ot_regex_scratch_free(w[k].scratch);
        free(w[k].para);
        free(w[k].span_first);
        ot_spans_free(&w[k].spans);
        ot_error_clear(&w[k].err);
    }
    return rc;
}
