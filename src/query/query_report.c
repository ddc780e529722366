/* One authority's history and one inspection report: see
 * ofsted-tui/query_report.h. */
#include "config.h"

#include "ofsted-tui/query_report.h"

#include "ofsted-tui/framework.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include "ofsted-tui/buf.h"

static int cell_cmp(const void *a, const void *b)
{
    const ot_grade_cell *x = a, *y = b;
    int rx = ot_area_rank(x->area), ry = ot_area_rank(y->area);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return strcmp(x->area ? x->area : "", y->area ? y->area : "");
}

static void cells_free(ot_grade_cell *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].area);
        free(c[i].area_label);
        free(c[i].grade_label);
    }
    free(c);
}

/* Step st (with id bound as ?1) and append one zeroed element of `size`
 * bytes per row to the growable array *v of *n, filled by read_row.
 * Returns 0, or -1 with err set; what was read stays in *v for the caller
 * to free either way. */
static int read_rows(ot_db *db, sqlite3_stmt *st, long long id, void **v, size_t *n, size_t size,
                     void (*read_row)(sqlite3_stmt *st, void *elem), ot_error *err)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ot_grow(v, &cap, *n, size) < 0) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        void *elem = (char *)*v + *n * size;
        memset(elem, 0, size);
        read_row(st, elem);
        (*n)++;
    }
    return rc == SQLITE_DONE ? 0 : ot_db_fail(db, err);
}

/* read_rows() on a statement of its own, prepared from sql. */
static int query_rows(ot_db *db, const char *sql, long long id, void **v, size_t *n, size_t size,
                      void (*read_row)(sqlite3_stmt *st, void *elem), ot_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    int rc = read_rows(db, st, id, v, n, size, read_row, err);
    sqlite3_finalize(st);
    return rc;
}

static void read_cell(sqlite3_stmt *st, void *elem)
{
    ot_grade_cell *c = elem;
    c->area = ot_db_column_dup(st, 0);
    c->area_label = ot_db_column_dup(st, 1);
    c->grade = sqlite3_column_int(st, 2);
    c->grade_label = ot_db_column_dup(st, 3);
}

/* The judgements of one inspection in column order. */
static int load_cells(ot_db *db, sqlite3_stmt *st, long long inspection_id,
                      ot_grade_cell **out, size_t *n_out, ot_error *err)
{
    ot_grade_cell *v = NULL;
    size_t n = 0;
    if (read_rows(db, st, inspection_id, (void **)&v, &n, sizeof *v, read_cell, err) < 0) {
        cells_free(v, n);
        return -1;
    }
    if (n > 1)
        qsort(v, n, sizeof *v, cell_cmp);
    *out = v;
    *n_out = n;
    return 0;
}

static void read_action(sqlite3_stmt *st, void *elem)
{
    ot_doc_action *a = elem;
    a->ordinal = sqlite3_column_int(st, 0);
    a->text = ot_db_column_dup(st, 1);
}

static void read_finding(sqlite3_stmt *st, void *elem)
{
    ot_doc_finding *f = elem;
    f->id = sqlite3_column_int64(st, 0);
    f->section = ot_db_column_dup(st, 1);
    f->section_label = ot_db_column_dup(st, 2);
    f->paragraph = sqlite3_column_int(st, 3);
    f->page = sqlite3_column_int(st, 4);
    f->text = ot_db_column_dup(st, 5);
}

static const char judgement_sql[] =
    "SELECT area, area_label, coalesce(grade, 0), grade_label FROM judgement WHERE inspection_id = ?1";

int ot_query_history(ot_db *db, long long authority_id, ot_history *out, ot_error *err)
{
    sqlite3 *h = ot_db_handle(db);
    sqlite3_stmt *st = NULL, *jst = NULL;
    ot_history hist;
    memset(&hist, 0, sizeof hist);
    hist.authority_id = authority_id;
    size_t cap = 0;
    int rc;

    if (sqlite3_prepare_v2(h, "SELECT name, region FROM authority WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    sqlite3_bind_int64(st, 1, authority_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        hist.authority = ot_db_column_dup(st, 0);
        hist.region = ot_db_column_dup(st, 1);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            ot_error_set(err, "%s: no authority with id %lld", ot_db_path(db), authority_id);
        else
            ot_db_fail(db, err);
        goto fail;
    }
    if (sqlite3_prepare_v2(h,
                           "SELECT i.id, i.framework, i.start_date, i.end_date, i.published,"
                           " (SELECT count(*) FROM finding f WHERE f.inspection_id = i.id)"
                           " FROM inspection i WHERE i.authority_id = ?1"
                           " ORDER BY i.start_date DESC, i.id DESC",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, judgement_sql, -1, &jst, NULL) != SQLITE_OK) {
        ot_db_fail(db, err);
        goto fail;
    }
    sqlite3_bind_int64(st, 1, authority_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ot_grow((void **)&hist.rows, &cap, hist.n, sizeof *hist.rows) < 0) {
            ot_error_set(err, "out of memory");
            goto fail;
        }
        ot_history_row *r = &hist.rows[hist.n++];
        memset(r, 0, sizeof *r);
        r->inspection_id = sqlite3_column_int64(st, 0);
        r->framework = ot_db_column_dup(st, 1);
        r->start_date = ot_db_column_dup(st, 2);
        r->end_date = ot_db_column_dup(st, 3);
        r->published = ot_db_column_dup(st, 4);
        r->n_findings = sqlite3_column_int(st, 5);
        if (load_cells(db, jst, r->inspection_id, &r->cells, &r->n_cells, err) < 0)
            goto fail;
    }
    if (rc != SQLITE_DONE) {
        ot_db_fail(db, err);
        goto fail;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(jst);
    *out = hist;
    return 0;
fail:
    sqlite3_finalize(st);
    sqlite3_finalize(jst);
    ot_history_free(&hist);
    return -1;
}

void ot_history_free(ot_history *h)
{
    for (size_t i = 0; i < h->n; i++) {
        ot_history_row *r = &h->rows[i];
        free(r->framework);
        free(r->start_date);
        free(r->end_date);
        free(r->published);
        cells_free(r->cells, r->n_cells);
    }
    free(h->rows);
    free(h->authority);
    free(h->region);
    memset(h, 0, sizeof *h);
}

int ot_query_inspection_doc(ot_db *db, long long inspection_id, ot_inspection_doc *out, ot_error *err)
{
    sqlite3 *h = ot_db_handle(db);
    sqlite3_stmt *st = NULL;
    ot_inspection_doc r;
    memset(&r, 0, sizeof r);
    r.inspection_id = inspection_id;
    int rc;

    if (sqlite3_prepare_v2(h,
                           "SELECT a.id, a.name, i.framework, i.start_date, i.end_date, i.published,"
                           " i.lead_inspector, i.web_link, s.name"
                           " FROM inspection i JOIN authority a ON a.id = i.authority_id"
                           " LEFT JOIN source_file s ON s.id = i.source_id WHERE i.id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    sqlite3_bind_int64(st, 1, inspection_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        r.authority_id = sqlite3_column_int64(st, 0);
        r.authority = ot_db_column_dup(st, 1);
        r.framework = ot_db_column_dup(st, 2);
        r.start_date = ot_db_column_dup(st, 3);
        r.end_date = ot_db_column_dup(st, 4);
        r.published = ot_db_column_dup(st, 5);
        r.lead_inspector = ot_db_column_dup(st, 6);
        r.web_link = ot_db_column_dup(st, 7);
        r.source = ot_db_column_dup(st, 8);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            ot_error_set(err, "%s: no inspection with id %lld", ot_db_path(db), inspection_id);
        else
            ot_db_fail(db, err);
        goto fail;
    }

    if (sqlite3_prepare_v2(h, judgement_sql, -1, &st, NULL) != SQLITE_OK) {
        ot_db_fail(db, err);
        goto fail;
    }
    rc = load_cells(db, st, inspection_id, &r.judgements, &r.n_judgements, err);
    sqlite3_finalize(st);
    st = NULL;
    if (rc < 0)
        goto fail;

    if (query_rows(db, "SELECT ordinal, text FROM action WHERE inspection_id = ?1 ORDER BY ordinal", inspection_id,
                   (void **)&r.actions, &r.n_actions, sizeof *r.actions, read_action, err) < 0 ||
        query_rows(db,
                   "SELECT id, section, section_label, coalesce(paragraph, 0), coalesce(page, 0), text"
                   " FROM finding WHERE inspection_id = ?1 ORDER BY seq",
                   inspection_id, (void **)&r.findings, &r.n_findings, sizeof *r.findings, read_finding, err) < 0)
        goto fail;
    *out = r;
    return 0;
fail:
    sqlite3_finalize(st);
    ot_inspection_doc_free(&r);
    return -1;
}

void ot_inspection_doc_free(ot_inspection_doc *r)
{
    free(r->authority);
    free(r->framework);
    free(r->start_date);
    free(r->end_date);
    free(r->published);
    free(r->lead_inspector);
    free(r->web_link);
    free(r->source);
    cells_free(r->judgements, r->n_judgements);
    for (size_t i = 0; i < r->n_actions; i++)
        free(r->actions[i].text);
    free(r->actions);
    for (size_t i = 0; i < r->n_findings; i++) {
        free(r->findings[i].section);
        free(r->findings[i].section_label);
        free(r->findings[i].text);
    }
    free(r->findings);
    memset(r, 0, sizeof *r);
}
