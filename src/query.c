/* Row sets for the views: see ofsted-tui/query.h. */
#include "config.h"

#include "ofsted-tui/query.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

static int db_fail(ot_db *db, ot_error *err)
{
    ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(ot_db_handle(db)));
    return -1;
}

#define VISITS "('focused_visit', 'monitoring_visit', 'jtai')"

int ot_query_authorities(ot_db *db, ot_authority_sort sort, const char *region,
                         ot_authority_rows *out, ot_error *err)
{
    static const char *const order[] = {
        [OT_SORT_NAME] = "a.name COLLATE NOCASE, a.id",
        [OT_SORT_REGION] = "a.region IS NULL, a.region, a.name COLLATE NOCASE, a.id",
        [OT_SORT_GRADE] = "g1.grade IS NULL, g1.grade, a.name COLLATE NOCASE, a.id",
        [OT_SORT_DATE] = "c.latest IS NULL, c.latest DESC, a.name COLLATE NOCASE, a.id",
    };
    char sql[2048];
    snprintf(sql, sizeof sql,
             "WITH graded AS ("
             "  SELECT i.authority_id, j.grade, j.grade_label,"
             "         row_number() OVER (PARTITION BY i.authority_id ORDER BY i.start_date DESC, i.id DESC) AS rn"
             "  FROM inspection i JOIN judgement j ON j.inspection_id = i.id"
             "  WHERE j.area = 'overall' AND j.grade IS NOT NULL),"
             " counts AS ("
             "  SELECT authority_id, sum(framework NOT IN " VISITS ") AS n_insp,"
             "         sum(framework IN " VISITS ") AS n_visits, max(start_date) AS latest"
             "  FROM inspection GROUP BY authority_id)"
             " SELECT a.id, a.name, a.region, a.status, g1.grade, g1.grade_label, c.latest, g2.grade,"
             "        coalesce(c.n_insp, 0), coalesce(c.n_visits, 0)"
             " FROM authority a LEFT JOIN counts c ON c.authority_id = a.id"
             " LEFT JOIN graded g1 ON g1.authority_id = a.id AND g1.rn = 1"
             " LEFT JOIN graded g2 ON g2.authority_id = a.id AND g2.rn = 2"
             " WHERE ?1 IS NULL OR a.region = ?1"
             " ORDER BY %s",
             order[sort]);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(db, err);
    if (region)
        sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
    ot_authority_rows rows = {NULL, 0};
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows.n == cap) {
            cap = cap ? cap * 2 : 64;
            ot_authority_row *grown = realloc(rows.rows, cap * sizeof *grown);
            if (!grown) {
                sqlite3_finalize(st);
                ot_authority_rows_free(&rows);
                ot_error_set(err, "out of memory");
                return -1;
            }
            rows.rows = grown;
        }
        ot_authority_row *r = &rows.rows[rows.n++];
        r->id = sqlite3_column_int64(st, 0);
        r->name = col_dup(st, 1);
        r->region = col_dup(st, 2);
        r->status = col_dup(st, 3);
        r->grade = sqlite3_column_int(st, 4);
        r->grade_label = col_dup(st, 5);
        r->latest_date = col_dup(st, 6);
        int prev = sqlite3_column_int(st, 7);
        r->direction = !r->grade || !prev ? 2 : r->grade < prev ? 1 : r->grade > prev ? -1 : 0;
        r->n_inspections = sqlite3_column_int(st, 8);
        r->n_visits = sqlite3_column_int(st, 9);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        ot_authority_rows_free(&rows);
        return db_fail(db, err);
    }
    *out = rows;
    return 0;
}

void ot_authority_rows_free(ot_authority_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        ot_authority_row *r = &rows->rows[i];
        free(r->name);
        free(r->region);
        free(r->status);
        free(r->grade_label);
        free(r->latest_date);
    }
    free(rows->rows);
    rows->rows = NULL;
    rows->n = 0;
}

char **ot_query_regions(ot_db *db, ot_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), "SELECT DISTINCT region FROM authority WHERE region IS NOT NULL ORDER BY region",
                           -1, &st, NULL) != SQLITE_OK) {
        db_fail(db, err);
        return NULL;
    }
    size_t n = 0, cap = 8;
    char **v = calloc(cap + 1, sizeof *v);
    while (v && sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            char **grown = realloc(v, (cap * 2 + 1) * sizeof *v);
            if (!grown) {
                ot_strv_free(v);
                v = NULL;
                break;
            }
            v = grown;
            cap *= 2;
        }
        v[n++] = col_dup(st, 0);
        v[n] = NULL;
    }
    sqlite3_finalize(st);
    if (!v)
        ot_error_set(err, "out of memory");
    return v;
}

void ot_strv_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

char *ot_query_sample_label(ot_db *db)
{
    return ot_db_meta_get(db, "sample_data");
}
