/* The table of importers, one line per kind of file. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "import_export.h"

#include "import_kinds.h"
#include "ofsted-tui/lookup.h"
#include "ofsted-tui/report.h"
#include "ofsted-tui/workbook.h"

static int import_workbook(const char *path, void *prepared, ot_sink *sink, ot_error *err)
{
    (void)prepared;
    return ot_import_ods(path, sink, err);
}

/* A CSV is an export of ofsted-tui's own when its header says so (see
 * import_export.c), else a sheet of the statistics workbook. */
static int import_csv(const char *path, void *prepared, ot_sink *sink, ot_error *err)
{
    (void)prepared;
    char head[65536];
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        n = fread(head, 1, sizeof head, f);
        fclose(f);
    }
    if (ot_import_export_sniff(head, n))
        return ot_import_export(path, sink, err);
    return ot_import_csv(path, sink, err);
}

static int import_lookup(const char *path, void *prepared, ot_sink *sink, ot_error *err)
{
    (void)prepared;
    return ot_import_lookup(path, sink, err);
}

static const ot_import_kind kinds[] = {
    {"workbook", NULL, NULL, import_workbook},
    {"csv", NULL, NULL, import_csv},
    {"lookup", NULL, NULL, import_lookup},
    {"report", ot_report_prepare, ot_report_release, ot_report_import},
    {NULL, NULL, NULL, NULL},
};

const ot_import_kind *ot_import_kind_find(const char *kind)
{
    for (const ot_import_kind *k = kinds; k->name; k++)
        if (strcmp(k->name, kind) == 0)
            return k;
    return NULL;
}
