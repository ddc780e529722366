/* The table of importers, one line per kind of file. */
#include "config.h"

#include <string.h>

#include "import_kinds.h"
#include "ofsted-tui/report.h"

static const ot_import_kind kinds[] = {
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
