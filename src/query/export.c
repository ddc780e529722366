/* Exports: see ofsted-tui/export.h.
 *
 * The first columns of each table and their order are an interface; new
 * columns may only be added after them. */
#include "config.h"

#include "ofsted-tui/export.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>

#define MAX_COLUMNS 12

typedef struct export_table {
    const char *name;
    const char *sql;
    const char *columns[MAX_COLUMNS];
    bool numeric[MAX_COLUMNS];
    int n_columns;
} export_table;

#define INSPECTION_JOIN " FROM inspection i JOIN authority a ON a.id = i.authority_id"

static const export_table tables[] = {
    {"authorities",
     "SELECT ons_code, urn, name, region, status FROM authority ORDER BY name, id",
     {"ons_code", "urn", "name", "region", "status"},
     {false, true, false, false, false}, 5},
    {"inspections",
     "SELECT i.id, a.name, a.ons_code, i.framework, i.start_date, i.end_date, i.published,"
     " i.lead_inspector, (SELECT name FROM source_file WHERE id = i.source_id), i.web_link,"
     " (SELECT sha256 FROM source_file WHERE id = i.source_id), (SELECT kind FROM source_file WHERE id = i.source_id)"
     INSPECTION_JOIN " ORDER BY a.name, i.start_date, i.framework, i.id",
     {"inspection_id", "authority", "ons_code", "framework", "start_date", "end_date",
      "published", "lead_inspector", "source", "web_link", "source_sha256", "source_kind"},
     {true}, 12},
    {"judgements",
     "SELECT i.id, a.name, i.framework, i.start_date, j.area, j.grade, j.grade_label, j.area_label"
     INSPECTION_JOIN " JOIN judgement j ON j.inspection_id = i.id"
     " ORDER BY a.name, i.start_date, i.framework, i.id, j.area",
     {"inspection_id", "authority", "framework", "start_date", "area", "grade", "grade_label", "area_label"},
     {true, false, false, false, false, true}, 8},
    {"actions",
     "SELECT i.id, a.name, i.start_date, x.ordinal, x.text, i.framework"
     INSPECTION_JOIN " JOIN action x ON x.inspection_id = i.id"
     " ORDER BY a.name, i.start_date, i.id, x.ordinal",
     {"inspection_id", "authority", "start_date", "ordinal", "text", "framework"},
     {true, false, false, true}, 6},
    {"findings",
     "SELECT i.id, a.name, i.start_date, f.section, f.paragraph, f.page, f.text, f.section_label, i.framework"
     INSPECTION_JOIN " JOIN finding f ON f.inspection_id = i.id"
     " ORDER BY a.name, i.start_date, i.id, f.seq",
     {"inspection_id", "authority", "start_date", "section", "paragraph", "page", "text", "section_label", "framework"},
     {true, false, false, false, true, true}, 9},
};

const char *const ot_export_tables[] = {"authorities", "inspections", "judgements", "actions", "findings", NULL};

int ot_export(ot_db *db, const char *what, ot_format format, FILE *out, ot_error *err)
{
    const export_table *t = NULL;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (strcmp(tables[i].name, what) == 0)
            t = &tables[i];
    if (!t) {
        ot_error_set(err, "unknown table '%s' (one of: authorities, inspections, judgements, actions, findings)", what);
        return -1;
    }
    sqlite3 *conn = ot_db_handle(db);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(conn, t->sql, -1, &st, NULL) != SQLITE_OK) {
        ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(conn));
        return -1;
    }
    ot_table_out *w = ot_table_out_new(out, format, t->columns, t->numeric, t->n_columns);
    if (!w) {
        sqlite3_finalize(st);
        ot_error_set(err, "out of memory");
        return -1;
    }
    const char *values[MAX_COLUMNS];
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < t->n_columns; i++)
            values[i] = (const char *)sqlite3_column_text(st, i);
        ot_table_out_row(w, values);
    }
    sqlite3_finalize(st);
    int wrc = ot_table_out_finish(w);
    if (rc != SQLITE_DONE) {
        ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(conn));
        return -1;
    }
    if (wrc < 0) {
        ot_error_set(err, "writing the export failed");
        return -1;
    }
    return 0;
}
