/* Search filters and hits: see ofsted-tui/search.h. */
#include "config.h"

#include "ofsted-tui/search.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/framework.h"
#include "ofsted-tui/la_name.h"

/* The authority id for a name in any known spelling, 0 when none, -1 on error. */
static long long authority_id(ot_db *db, const char *name, ot_error *err)
{
    char *key = ot_la_name_key(name);
    if (!key) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    sqlite3_stmt *st = NULL;
    long long id = 0;
    if (sqlite3_prepare_v2(ot_db_handle(db),
                           "SELECT authority_id FROM authority_alias WHERE name_key = ?1"
                           " UNION ALL SELECT id FROM authority WHERE ons_code = ?2 COLLATE NOCASE LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK) {
        free(key);
        return ot_db_fail(db, err);
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        id = ot_db_fail(db, err);
    sqlite3_finalize(st);
    if (id == 0 && *key) {
        /* No spelling matches whole: a start of one name ("stoke") will do
         * when it picks out one authority. */
        if (sqlite3_prepare_v2(ot_db_handle(db),
                               "SELECT DISTINCT authority_id FROM authority_alias WHERE name_key >= ?1 AND name_key < ?1 || '~' LIMIT 2",
                               -1, &st, NULL) != SQLITE_OK) {
            free(key);
            return ot_db_fail(db, err);
        }
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        long long first = 0;
        int rows = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (!rows++)
                first = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
        if (rows == 1)
            id = first;
    }
    free(key);
    return id;
}

static int exists(ot_db *db, const char *sql, const char *value, ot_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return ot_db_fail(db, err);
    return rc == SQLITE_ROW;
}

/* "a, b, c": the distinct values of a column, for error messages. */
static char *list_values(ot_db *db, const char *sql)
{
    ot_buf b = OT_BUF_INIT;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW)
            ot_buf_printf(&b, "%s%s", b.len ? ", " : "", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return ot_buf_steal(&b);
}

int ot_search_check_filter(ot_db *db, const ot_search_filter *f, ot_error *err)
{
    for (size_t i = 0; i < f->n_authorities; i++) {
        long long id = authority_id(db, f->authorities[i], err);
        if (id < 0)
            return -1;
        if (id == 0) {
            ot_error_set(err, "no authority called '%s' in the database (or several names start so)", f->authorities[i]);
            return -1;
        }
    }
    if (f->region) {
        int rc = exists(db, "SELECT 1 FROM authority WHERE region = ?1 COLLATE NOCASE LIMIT 1", f->region, err);
        if (rc < 0)
            return -1;
        if (!rc) {
            char *known = list_values(db, "SELECT DISTINCT region FROM authority WHERE region IS NOT NULL ORDER BY 1");
            ot_error_set(err, "no region '%s' (regions: %s)", f->region, known ? known : "");
            free(known);
            return -1;
        }
    }
    if (f->framework) {
        if (!ot_framework_find(f->framework)) {
            ot_error_set(err, "no framework '%s' (frameworks: %s)", f->framework, ot_framework_key_list());
            return -1;
        }
    }
    if (f->section) {
        int rc = exists(db, "SELECT 1 FROM finding WHERE section = ?1 LIMIT 1", f->section, err);
        if (rc < 0)
            return -1;
        if (!rc) {
            char *known = list_values(db, "SELECT DISTINCT section FROM finding ORDER BY 1");
            ot_error_set(err, "no findings in section '%s' (sections: %s)", f->section, known && *known ? known : "none yet");
            free(known);
            return -1;
        }
    }
    if (f->grade && (f->grade < 1 || f->grade > 4)) {
        ot_error_set(err, "a grade is 1 (Outstanding), 2 (Good), 3 (Requires improvement) or 4 (Inadequate), not %d", f->grade);
        return -1;
    }
    if (f->overall && (f->overall < 1 || f->overall > 4)) {
        ot_error_set(err, "an overall grade is 1 (Outstanding), 2 (Good), 3 (Requires improvement) or 4 (Inadequate), not %d", f->overall);
        return -1;
    }
    if (f->from_year && f->to_year && f->from_year > f->to_year) {
        ot_error_set(err, "--from %d is after --to %d", f->from_year, f->to_year);
        return -1;
    }
    return 0;
}

int ot_search_select(ot_db *db, const ot_corpus *c, bool actions, const ot_search_filter *f,
                     unsigned char **select, bool *all, ot_error *err)
{
    *select = NULL;
    *all = false;
    if (!f->n_authorities && !f->region && !f->framework && !f->section && !f->grade && !f->overall && !f->from_year && !f->to_year) {
        *all = true;
        return 0;
    }
    /* Start from the inspections that pass (authority, inspection and
     * judgement are small), then reach their paragraphs through indexes
     * (CROSS JOIN keeps SQLite to that order): a filter costs in
     * proportion to what it selects, never a pass over every finding. */
    ot_buf sql = OT_BUF_INIT;
    ot_buf_puts(&sql, "WITH insp(id) AS (SELECT i.id FROM inspection i JOIN authority a ON a.id = i.authority_id WHERE 1");
    if (f->region)
        ot_buf_puts(&sql, " AND a.region = ?1 COLLATE NOCASE");
    if (f->framework)
        ot_buf_puts(&sql, " AND i.framework = ?2");
    if (f->from_year)
        ot_buf_puts(&sql, " AND i.start_date >= printf('%04d-01-01', ?5)");
    if (f->to_year)
        ot_buf_puts(&sql, " AND i.start_date <= printf('%04d-12-31', ?6)");
    if (f->overall)
        ot_buf_puts(&sql, " AND EXISTS (SELECT 1 FROM judgement o WHERE o.inspection_id = i.id AND o.area = 'overall' AND o.grade = ?7)");
    if (f->n_authorities) {
        ot_buf_puts(&sql, " AND a.id IN (");
        for (size_t i = 0; i < f->n_authorities; i++) {
            long long id = authority_id(db, f->authorities[i], err);
            if (id < 0) {
                ot_buf_free(&sql);
                return -1;
            }
            ot_buf_printf(&sql, "%s%lld", i ? ", " : "", id);
        }
        ot_buf_puts(&sql, ")");
    }
    ot_buf_puts(&sql, ") ");
    if (actions && (f->section || f->grade))
        /* Actions have no section; their grade is the overall one. */
        ot_buf_puts(&sql, f->section ? "SELECT x.id FROM insp CROSS JOIN action x ON x.inspection_id = insp.id WHERE 0"
                                     : "SELECT x.id FROM insp CROSS JOIN judgement j ON j.inspection_id = insp.id"
                                       " AND j.area = 'overall' AND j.grade = ?4"
                                       " CROSS JOIN action x ON x.inspection_id = insp.id");
    else if (actions)
        ot_buf_puts(&sql, "SELECT x.id FROM insp CROSS JOIN action x ON x.inspection_id = insp.id");
    else if (f->grade)
        /* The grade of the finding's own section in its inspection. */
        ot_buf_puts(&sql, "SELECT x.id FROM insp CROSS JOIN judgement j ON j.inspection_id = insp.id AND j.grade = ?4"
                          " CROSS JOIN finding x INDEXED BY finding_by_section"
                          " ON x.section = j.area AND x.inspection_id = insp.id"
                          " WHERE ?3 IS NULL OR x.section = ?3");
    else if (f->section)
        ot_buf_puts(&sql, "SELECT x.id FROM insp CROSS JOIN finding x INDEXED BY finding_by_section"
                          " ON x.section = ?3 AND x.inspection_id = insp.id");
    else
        ot_buf_puts(&sql, "SELECT x.id FROM insp CROSS JOIN finding x ON x.inspection_id = insp.id");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(ot_db_handle(db), ot_buf_str(&sql), -1, &st, NULL);
    ot_buf_free(&sql);
    if (rc != SQLITE_OK)
        return ot_db_fail(db, err);
    sqlite3_bind_text(st, 1, f->region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->framework, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->section, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, f->grade);
    sqlite3_bind_int(st, 5, f->from_year);
    sqlite3_bind_int(st, 6, f->to_year);
    sqlite3_bind_int(st, 7, f->overall);
    size_t n = ot_textscan_count(ot_corpus_scan(c));
    unsigned char *sel = calloc(n ? n : 1, 1);
    if (!sel) {
        sqlite3_finalize(st);
        ot_error_set(err, "out of memory");
        return -1;
    }
    size_t next = 0; /* an inspection's paragraphs come in id order */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        size_t idx = next < n && ot_corpus_id(c, next) == id ? next : ot_corpus_index_of(c, id);
        if (idx != (size_t)-1) {
            sel[idx] = 1;
            next = idx + 1;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(sel);
        return ot_db_fail(db, err);
    }
    *select = sel;
    return 0;
}

struct ot_search_loader {
    ot_db *db;
    const ot_corpus *corpus;
    sqlite3_stmt *row;
};

ot_search_loader *ot_search_loader_new(ot_db *db, const ot_corpus *c, bool actions, ot_error *err)
{
    ot_search_loader *l = calloc(1, sizeof *l);
    if (!l) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    l->db = db;
    l->corpus = c;
#define HIT_INSPECTION ", a.region, (SELECT grade FROM judgement o WHERE o.inspection_id = i.id AND o.area = 'overall')," \
                       " i.published, i.web_link"
    const char *sql = actions
        ? "SELECT i.id, a.name, i.start_date, i.framework, 'action', x.ordinal, 0" HIT_INSPECTION " FROM action x"
          " JOIN inspection i ON i.id = x.inspection_id JOIN authority a ON a.id = i.authority_id WHERE x.id = ?"
        : "SELECT i.id, a.name, i.start_date, i.framework, x.section, x.paragraph, x.page" HIT_INSPECTION " FROM finding x"
          " JOIN inspection i ON i.id = x.inspection_id JOIN authority a ON a.id = i.authority_id WHERE x.id = ?";
#undef HIT_INSPECTION
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &l->row, NULL) != SQLITE_OK) {
        ot_db_fail(db, err);
        ot_search_loader_free(l);
        return NULL;
    }
    return l;
}

int ot_search_loader_get(ot_search_loader *l, const ot_textscan_result *r, size_t k,
                         ot_search_hit *hit, ot_error *err)
{
    memset(hit, 0, sizeof *hit);
    size_t para = r->para[k];
    hit->id = ot_corpus_id(l->corpus, para);
    hit->text = ot_textscan_para(ot_corpus_scan(l->corpus), para, &hit->text_len);
    if (r->span_first) {
        hit->spans = r->spans.v + r->span_first[k];
        hit->n_spans = r->span_first[k + 1] - r->span_first[k];
    }
    sqlite3_stmt *st = l->row;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, hit->id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        hit->inspection_id = sqlite3_column_int64(st, 0);
        hit->authority = ot_db_column_dup(st, 1);
        hit->start_date = ot_db_column_dup(st, 2);
        hit->framework = ot_db_column_dup(st, 3);
        hit->section = ot_db_column_dup(st, 4);
        hit->paragraph = sqlite3_column_int(st, 5);
        hit->page = sqlite3_column_int(st, 6);
        hit->region = ot_db_column_dup(st, 7);
        hit->overall = sqlite3_column_int(st, 8);
        hit->published = ot_db_column_dup(st, 9);
        hit->web_link = ot_db_column_dup(st, 10);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            ot_error_set(err, "%s: the search index is out of date; run the search again", ot_db_path(l->db));
        else
            ot_db_fail(l->db, err);
        return -1;
    }
    return 0;
}

void ot_search_loader_free(ot_search_loader *l)
{
    if (!l)
        return;
    sqlite3_finalize(l->row);
    free(l);
}

void ot_search_hit_clear(ot_search_hit *hit)
{
    free(hit->authority);
    free(hit->start_date);
    free(hit->framework);
    free(hit->section);
    free(hit->region);
    free(hit->published);
    free(hit->web_link);
    memset(hit, 0, sizeof *hit);
}
