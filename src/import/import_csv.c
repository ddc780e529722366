/* Import one sheet of the statistics workbook saved as CSV.
 *
 * The CSV reader splits and decodes; the workbook module finds the header
 * and maps the columns, exactly as it does for the .ods, so both routes
 * store the same values. */
#include "config.h"

#include <stdlib.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/csv.h"
#include "ofsted-tui/workbook.h"

/* Name a few converted lines one by one, then sum up the rest, so that a
 * file saved wholly in Windows-1252 does not bury the summary. */
#define MAX_LINE_WARNINGS 5

typedef struct csv_warn_ctx {
    ot_sink *sink;
    long n;
    long first_unnamed;
} csv_warn_ctx;

static void on_csv_warning(void *ctx, long line, const char *msg)
{
    csv_warn_ctx *w = ctx;
    w->n++;
    if (w->n > MAX_LINE_WARNINGS) {
        if (w->first_unnamed == 0)
            w->first_unnamed = line;
        return;
    }
    if (!w->sink->ops->warning)
        return;
    ot_buf where = OT_BUF_INIT;
    ot_buf_printf(&where, "line %ld", line);
    w->sink->ops->warning(w->sink, ot_buf_str(&where), msg);
    ot_buf_free(&where);
}

int ot_import_csv(const char *path, ot_sink *sink, ot_error *err)
{
    ot_csv *csv = ot_csv_open(path, err);
    if (!csv)
        return -1;
    csv_warn_ctx wctx = {sink, 0, 0};
    ot_csv_set_warning(csv, on_csv_warning, &wctx);
    ot_wb *wb = ot_wb_new(sink);
    ot_wb_cell *cells = NULL;
    size_t cap = 0;
    int rc = -1;
    if (!wb) {
        ot_error_set(err, "out of memory");
        goto out;
    }
    if (ot_wb_table_begin(wb, NULL, OT_WB_NONE, err) < 0)
        goto out;
    const ot_csv_record *rec;
    int r;
    while ((r = ot_csv_next(csv, &rec, err)) == 1) {
        if (rec->n_fields > cap) {
            ot_wb_cell *nc = realloc(cells, rec->n_fields * sizeof *nc);
            if (!nc) {
                ot_error_set(err, "out of memory");
                goto out;
            }
            cells = nc;
            cap = rec->n_fields;
        }
        for (size_t i = 0; i < rec->n_fields; i++) {
            cells[i].text = rec->fields[i].text;
            cells[i].date = NULL;
            cells[i].url = NULL;
        }
        if (ot_wb_table_row(wb, rec->line, cells, rec->n_fields, err) < 0)
            goto out;
    }
    if (r < 0 || ot_wb_table_end(wb, NULL, err) < 0)
        goto out;
    if (wctx.n > MAX_LINE_WARNINGS && sink->ops->warning) {
        ot_buf where = OT_BUF_INIT, msg = OT_BUF_INIT;
        ot_buf_printf(&where, "line %ld", wctx.first_unnamed);
        ot_buf_printf(&msg, "and %ld more lines not valid UTF-8; read as Windows-1252",
                      wctx.n - MAX_LINE_WARNINGS);
        sink->ops->warning(sink, ot_buf_str(&where), ot_buf_str(&msg));
        ot_buf_free(&where);
        ot_buf_free(&msg);
    }
    rc = ot_wb_emit(wb, err);
out:
    free(cells);
    ot_wb_free(wb);
    ot_csv_free(csv);
    return rc;
}
