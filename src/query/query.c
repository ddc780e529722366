/* Row sets for the views: see ofsted-tui/query.h. */
#include "config.h"

#include "ofsted-tui/query.h"

#include "ofsted-tui/buf.h"
#include "ofsted-tui/framework.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ot_query_authorities(ot_db *db, ot_authority_sort sort, const char *region,
                         ot_authority_rows *out, ot_error *err)
{
    static const char *const order[] = {
        [OT_SORT_NAME] = "name COLLATE NOCASE, id",
        [OT_SORT_REGION] = "region IS NULL, region, name COLLATE NOCASE, id",
        [OT_SORT_GRADE] = "g1 IS NULL, g1, name COLLATE NOCASE, id",
        [OT_SORT_DATE] = "latest IS NULL, latest DESC, name COLLATE NOCASE, id",
    };
    /* Correlated subqueries, each an index search on
     * inspection(authority_id, start_date) and judgement(inspection_id,
     * area): the cost grows with the number of authorities, not with the
     * number of inspections (a window over every judgement took 1.5 s on
     * 10,000 inspections, because SQLite re-ran it per authority). */
#define GRADED(cols, offset) \
    "(SELECT " cols " FROM inspection i JOIN judgement j ON j.inspection_id = i.id AND j.area = 'overall'" \
    " WHERE i.authority_id = a.id AND j.grade IS NOT NULL ORDER BY i.start_date DESC, i.id DESC LIMIT 1 OFFSET " offset ")"
    /* The overall grade in force, as ratings.h has it: that of the latest
     * inspection that graded overall or inspected the whole service; when
     * that one gave none (the 2026 reform), none is in force and the list
     * shows what it graded instead. */
#define LAST_WHOLE \
    "(SELECT i.id FROM inspection i WHERE i.authority_id = a.id AND (i.framework IN " OT_WHOLE_SERVICE_KEYS_SQL \
    " OR EXISTS (SELECT 1 FROM judgement j WHERE j.inspection_id = i.id AND j.area = 'overall' AND j.grade IS NOT NULL))" \
    " ORDER BY i.start_date DESC, i.id DESC LIMIT 1)"
#define GRADE_OF(area, col) \
    "(SELECT " col " FROM judgement WHERE inspection_id = last_whole AND area = '" area "')"
    char sql[4096];
    snprintf(sql, sizeof sql,
             "SELECT id, name, region, status, g1, g1_label, latest, g2, n_insp, n_visits,"
             " CASE WHEN g1 IS NULL THEN " GRADE_OF("leaders", "grade") " END,"
             " CASE WHEN g1 IS NULL THEN " GRADE_OF("help_protection", "grade") " END,"
             " CASE WHEN g1 IS NULL THEN " GRADE_OF("in_care", "grade") " END,"
             " CASE WHEN g1 IS NULL THEN " GRADE_OF("care_leavers", "grade") " END"
             " FROM (SELECT *, " GRADE_OF("overall", "grade") " AS g1, " GRADE_OF("overall", "grade_label") " AS g1_label FROM ("
             " SELECT a.id, a.name, a.region, a.status, " LAST_WHOLE " AS last_whole,"
             "  (SELECT max(start_date) FROM inspection WHERE authority_id = a.id) AS latest,"
             "  " GRADED("j.grade", "1") " AS g2,"
             "  (SELECT count(*) FROM inspection WHERE authority_id = a.id AND framework NOT IN " OT_VISIT_KEYS_SQL ") AS n_insp,"
             "  (SELECT count(*) FROM inspection WHERE authority_id = a.id AND framework IN " OT_VISIT_KEYS_SQL ") AS n_visits"
             " FROM authority a WHERE ?1 IS NULL OR a.region = ?1))"
             " ORDER BY %s",
             order[sort]);
#undef GRADE_OF
#undef LAST_WHOLE
#undef GRADED
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    if (region)
        sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
    ot_authority_rows rows = {NULL, 0};
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ot_grow((void **)&rows.rows, &cap, rows.n, sizeof *rows.rows) < 0) {
            sqlite3_finalize(st);
            ot_authority_rows_free(&rows);
            ot_error_set(err, "out of memory");
            return -1;
        }
        ot_authority_row *r = &rows.rows[rows.n++];
        r->id = sqlite3_column_int64(st, 0);
        r->name = ot_db_column_dup(st, 1);
        r->region = ot_db_column_dup(st, 2);
        r->status = ot_db_column_dup(st, 3);
        r->grade = sqlite3_column_int(st, 4);
        r->grade_label = ot_db_column_dup(st, 5);
        r->latest_date = ot_db_column_dup(st, 6);
        int prev = sqlite3_column_int(st, 7);
        r->direction = !r->grade || !prev ? 2 : r->grade < prev ? 1 : r->grade > prev ? -1 : 0;
        r->n_inspections = sqlite3_column_int(st, 8);
        r->n_visits = sqlite3_column_int(st, 9);
        for (int k = 0; k < 4; k++)
            r->area_grades[k] = sqlite3_column_int(st, 10 + k);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        ot_authority_rows_free(&rows);
        return ot_db_fail(db, err);
    }
    *out = rows;
    return 0;
}

/* The same orders as the SQL above: NULLs last, ties by name without
 * regard to ASCII case (COLLATE NOCASE), then id. */
static ot_authority_sort sort_key;

static int null_last(const void *a, const void *b)
{
    return (a == NULL) - (b == NULL);
}

static int by_name(const ot_authority_row *x, const ot_authority_row *y)
{
    int c = null_last(x->name, y->name);
    if (c || !x->name)
        return c ? c : (x->id > y->id) - (x->id < y->id);
    /* NOCASE folds ASCII only, as strcasecmp does in the C locale */
    const unsigned char *p = (const unsigned char *)x->name, *q = (const unsigned char *)y->name;
    for (;; p++, q++) {
        int a = *p >= 'A' && *p <= 'Z' ? *p + 32 : *p;
        int b = *q >= 'A' && *q <= 'Z' ? *q + 32 : *q;
        if (a != b)
            return a - b;
        if (!a)
            break;
    }
    return (x->id > y->id) - (x->id < y->id);
}

static int row_cmp(const void *pa, const void *pb)
{
    const ot_authority_row *x = pa, *y = pb;
    int c = 0;
    switch (sort_key) {
    case OT_SORT_REGION:
        c = null_last(x->region, y->region);
        if (!c && x->region)
            c = strcmp(x->region, y->region);
        break;
    case OT_SORT_GRADE:
        c = (x->grade == 0) - (y->grade == 0);
        if (!c)
            c = x->grade - y->grade;
        break;
    case OT_SORT_DATE:
        c = null_last(x->latest_date, y->latest_date);
        if (!c && x->latest_date)
            c = -strcmp(x->latest_date, y->latest_date);
        break;
    case OT_SORT_NAME:
        break;
    }
    return c ? c : by_name(x, y);
}

void ot_authority_rows_sort(ot_authority_rows *rows, ot_authority_sort sort)
{
    sort_key = sort;
    if (rows->n > 1)
        qsort(rows->rows, rows->n, sizeof *rows->rows, row_cmp);
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
        ot_db_fail(db, err);
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
        v[n++] = ot_db_column_dup(st, 0);
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
