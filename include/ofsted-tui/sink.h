/* The sink: where importers push what they read.
 *
 * Importers (workbook, CSV, PDF, demo) know nothing of SQLite; they call a
 * sink.  The store implements it with one transaction per file; tests use a
 * collecting sink.  Every call returns 0, or -1 with err set; after a -1 the
 * importer stops and the file is rolled back. */
#ifndef OFSTED_TUI_SINK_H
#define OFSTED_TUI_SINK_H

#include "ofsted-tui/error.h"
#include "ofsted-tui/record.h"

typedef struct ot_sink ot_sink;

typedef struct ot_sink_ops {
    /* Start a file.  name is the file's base name as the user gave it, kind
     * a short word ("workbook", "csv", "report", "demo"). */
    int (*begin_file)(ot_sink *s, const char *name, const char *sha256,
                      const char *kind, ot_error *err);
    int (*authority)(ot_sink *s, const ot_authority_rec *rec, ot_error *err);
    /* A sink may refuse a record that would lose what it holds (the
     * store: a report that would remove findings, actions or judgements
     * of an inspection already imported; see record.h); err then says
     * what would have been lost. */
    int (*inspection)(ot_sink *s, const ot_inspection_rec *rec, ot_error *err);
    /* Something odd but not fatal, e.g. a Windows-1252 line.  where names
     * the place ("line 12"). */
    void (*warning)(ot_sink *s, const char *where, const char *msg);
    /* Finish the file: commit when ok, else roll back.  Returns -1 when the
     * commit itself failed. */
    int (*end_file)(ot_sink *s, bool ok, ot_error *err);
    /* Statistical neighbours; optional (NULL: a sink that keeps none). */
    int (*neighbours)(ot_sink *s, const ot_neighbours_rec *rec, ot_error *err);
} ot_sink_ops;

struct ot_sink {
    const ot_sink_ops *ops;
};

/* Format a warning (printf-style) and hand it to sink's warning hook; does
 * nothing for a NULL sink or one without the hook.  A message that cannot
 * be formatted for want of memory goes out empty. */
void ot_sink_warnf(ot_sink *sink, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
