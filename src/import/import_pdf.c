/* Loading report PDFs: extraction plus parsing, one file or a batch on
 * worker threads.  pdftotext dominates the cost, so a batch runs it on
 * several cores while the caller (the single database writer) consumes
 * finished reports in order. */
#include "config.h"

#include "ofsted-tui/report.h"
#include "ofsted-tui/report_check.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

ot_report *ot_report_load(const char *path, ot_error *err)
{
    ot_buf text = OT_BUF_INIT;
    if (ot_pdf_text(path, &text, err)) {
        ot_buf_free(&text);
        return NULL;
    }
    ot_report *r = ot_report_parse(ot_buf_str(&text), text.len, path, err);
    /* What parses is not yet what Ofsted printed: a damaged file parses
     * into garbage, which is refused here rather than stored. */
    if (r && ot_report_check(r, ot_buf_str(&text), text.len, err) < 0) {
        ot_report_free(r);
        r = NULL;
    }
    ot_buf_free(&text);
    return r;
}

void *ot_report_prepare(const char *path, ot_error *err)
{
    return ot_report_load(path, err);
}

void ot_report_release(void *prepared)
{
    ot_report_free(prepared);
}

int ot_report_import(const char *path, void *prepared, ot_sink *sink, ot_error *err)
{
    (void)path;
    return ot_report_emit(prepared, sink, err);
}

typedef struct slot {
    ot_report *r;
    ot_error err;
    bool ready;
} slot;

typedef struct batch {
    const char *const *paths;
    size_t n;
    size_t next;    /* next file to start */
    bool stop;
    slot *slots;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} batch;

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        if (b->stop || b->next >= b->n) {
            pthread_mutex_unlock(&b->mu);
            return NULL;
        }
        size_t i = b->next++;
        pthread_mutex_unlock(&b->mu);

        ot_error err = OT_ERROR_INIT;
        ot_report *r = ot_report_load(b->paths[i], &err);

        pthread_mutex_lock(&b->mu);
        b->slots[i].r = r;
        b->slots[i].err = err;
        b->slots[i].ready = true;
        pthread_cond_broadcast(&b->cv);
        pthread_mutex_unlock(&b->mu);
    }
}

int ot_report_load_many(const char *const *paths, size_t n, int n_threads,
                        ot_report_done_fn done, void *ctx, ot_error *err)
{
    if (n == 0)
        return 0;
    if (n_threads < 1)
        n_threads = 1;
    if ((size_t)n_threads > n)
        n_threads = (int)n;
    batch b;
    memset(&b, 0, sizeof b);
    b.paths = paths;
    b.n = n;
    b.slots = calloc(n, sizeof *b.slots);
    pthread_t *th = calloc((size_t)n_threads, sizeof *th);
    if (!b.slots || !th) {
        free(b.slots);
        free(th);
        ot_error_set(err, "out of memory");
        return -1;
    }
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv, NULL);
    int started = 0;
    for (int t = 0; t < n_threads; t++) {
        if (pthread_create(&th[t], NULL, worker, &b) != 0)
            break;
        started++;
    }
    int rc = 0;
    if (started == 0) {
        ot_error_set(err, "cannot start worker threads");
        rc = -1;
    } else {
        for (size_t i = 0; i < n; i++) {
            pthread_mutex_lock(&b.mu);
            while (!b.slots[i].ready)
                pthread_cond_wait(&b.cv, &b.mu);
            ot_report *r = b.slots[i].r;
            b.slots[i].r = NULL;
            pthread_mutex_unlock(&b.mu);
            int d = done(ctx, i, paths[i], r, &b.slots[i].err);
            ot_error_clear(&b.slots[i].err);
            if (d != 0) {
                pthread_mutex_lock(&b.mu);
                b.stop = true;
                pthread_mutex_unlock(&b.mu);
                rc = d;
                break;
            }
        }
    }
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    /* Results nobody consumed after a stop. */
    for (size_t i = 0; i < n; i++) {
        ot_report_free(b.slots[i].r);
        ot_error_clear(&b.slots[i].err);
    }
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.cv);
    free(b.slots);
    free(th);
    return rc;
}
