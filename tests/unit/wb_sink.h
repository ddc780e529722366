/* A sink that collects what an importer pushes, for unit tests.
 *
 * Strings are copied into one text per record ("A|ons|name|region|status",
 * "I|ons-or-name|framework|start|published|link|area=grade:label|...") so
 * tests can compare them as lines; it can be told to fail at record N to
 * check that importers stop and report. */
#ifndef OT_TEST_WB_SINK_H
#define OT_TEST_WB_SINK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/sink.h"

typedef struct wb_sink {
    ot_sink base;
    ot_buf out;      /* one line per record */
    ot_buf warnings; /* "where: msg" lines */
    int n_auth, n_insp, n_judg, n_warn;
    int fail_at; /* fail the Nth record (1-based), 0: never */
    int n_records;
} wb_sink;

static int wbs_begin(ot_sink *s, const char *n, const char *h, const char *k, ot_error *e)
{
    (void)s; (void)n; (void)h; (void)k; (void)e;
    return 0;
}

static int wbs_fail(wb_sink *w, ot_error *err)
{
    if (w->fail_at && ++w->n_records == w->fail_at) {
        ot_error_set(err, "injected failure");
        return -1;
    }
    return 0;
}

static int wbs_authority(ot_sink *s, const ot_authority_rec *r, ot_error *err)
{
    wb_sink *w = (wb_sink *)s;
    if (wbs_fail(w, err) < 0)
        return -1;
    w->n_auth++;
    ot_buf_printf(&w->out, "A|%s|%s|%s|%s\n", r->ons_code ? r->ons_code : "", r->name,
                  r->region ? r->region : "", r->status ? r->status : "");
    return 0;
}

static int wbs_inspection(ot_sink *s, const ot_inspection_rec *r, ot_error *err)
{
    wb_sink *w = (wb_sink *)s;
    if (wbs_fail(w, err) < 0)
        return -1;
    w->n_insp++;
    ot_buf_printf(&w->out, "I|%s|%s|%s|%s|%s",
                  r->authority.ons_code ? r->authority.ons_code : r->authority.name,
                  r->framework, r->start_date, r->published ? r->published : "",
                  r->web_link ? r->web_link : "");
    for (size_t i = 0; i < r->n_judgements; i++) {
        w->n_judg++;
        ot_buf_printf(&w->out, "|%s=%d:%s", r->judgements[i].area, r->judgements[i].grade,
                      r->judgements[i].grade_label);
    }
    ot_buf_putc(&w->out, '\n');
    return 0;
}

static void wbs_warning(ot_sink *s, const char *where, const char *msg)
{
    wb_sink *w = (wb_sink *)s;
    w->n_warn++;
    ot_buf_printf(&w->warnings, "%s: %s\n", where, msg);
}

static int wbs_end(ot_sink *s, bool ok, ot_error *e)
{
    (void)s; (void)ok; (void)e;
    return 0;
}

static const ot_sink_ops wb_sink_ops = {wbs_begin, wbs_authority, wbs_inspection, wbs_warning,
                                        wbs_end, NULL};

static inline void wb_sink_init(wb_sink *w)
{
    memset(w, 0, sizeof *w);
    w->base.ops = &wb_sink_ops;
}

static inline void wb_sink_fini(wb_sink *w)
{
    ot_buf_free(&w->out);
    ot_buf_free(&w->warnings);
}

/* Write text to a new temporary file; returns its malloc'd path. */
static inline char *wb_temp_file(const void *data, size_t len)
{
    const char *dir = getenv("TMPDIR");
    ot_buf path = OT_BUF_INIT;
    ot_buf_printf(&path, "%s/ot-test-XXXXXX", dir && *dir ? dir : "/tmp");
    char *p = ot_buf_steal(&path);
    int fd = mkstemp(p);
    if (fd < 0) {
        free(p);
        return NULL;
    }
    FILE *f = fdopen(fd, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
    return p;
}

#endif
