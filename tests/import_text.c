/* Test driver: import report text (pdftotext -layout output, pages
 * separated by form feeds) through the real report parser into a real
 * database, as `ofsted-tui import` does with a PDF after extracting its
 * text.  Usage: import_text [--new-authority] DB FILE...; one line per
 * file, "FILE: ok" or "FILE: error: WHY" (WHY may go on over lines, as the
 * command's messages do).  Exit 0 when every file imported, 1 otherwise. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/db.h"
#include "ofsted-tui/import.h"
#include "ofsted-tui/report.h"
#include "ofsted-tui/store.h"

static int slurp(const char *path, ot_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ot_buf_append(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

static int import_one(ot_store *store, const char *path, ot_error *err)
{
    ot_buf text = OT_BUF_INIT;
    char sha[65];
    if (slurp(path, &text) < 0 || ot_sha256_file(path, sha, err) < 0) {
        if (!ot_error_msg(err)[0])
            ot_error_set(err, "cannot read");
        ot_buf_free(&text);
        return -1;
    }
    ot_report *r = ot_report_parse(ot_buf_str(&text), text.len, path, err);
    ot_buf_free(&text);
    if (!r)
        return -1;
    ot_sink *sink = ot_store_sink(store);
    int rc = sink->ops->begin_file(sink, path, sha, "report", err);
    if (rc == 0) {
        rc = ot_report_emit(r, sink, err);
        ot_error end = OT_ERROR_INIT;
        if (sink->ops->end_file(sink, rc == 0, &end) < 0 && rc == 0) {
            ot_error_set(err, "%s", ot_error_msg(&end));
            rc = -1;
        }
        ot_error_clear(&end);
    }
    ot_report_free(r);
    return rc;
}

int main(int argc, char **argv)
{
    int i = 1;
    bool new_authority = false;
    if (i < argc && strcmp(argv[i], "--new-authority") == 0) {
        new_authority = true;
        i++;
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: import_text [--new-authority] DB FILE...\n");
        return 2;
    }
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(argv[i], OT_DB_CREATE, &err);
    ot_store *store = db ? ot_store_new(db, &err) : NULL;
    if (!store) {
        fprintf(stderr, "%s\n", ot_error_msg(&err));
        ot_db_close(db);
        return 1;
    }
    ot_store_allow_new_authorities(store, new_authority);
    int failed = 0;
    for (i++; i < argc; i++) {
        if (import_one(store, argv[i], &err) < 0) {
            printf("%s: error: %s\n", argv[i], ot_error_msg(&err));
            ot_error_clear(&err);
            failed++;
        } else {
            printf("%s: ok\n", argv[i]);
        }
    }
    ot_store_free(store);
    ot_db_close(db);
    return failed ? 1 : 0;
}
