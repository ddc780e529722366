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

/* The inspections that pass the inspection-level filters, as one flag an
 * inspection of rows (malloc'd), or NULL in *pass when none is given. */
static int pass_inspections(ot_db *db, const ot_hit_rows *rows, bool actions, const ot_search_filter *f,
                            unsigned char **pass, ot_error *err)
{
    *pass = NULL;
    /* For actions, grade is the overall grade: actions have no section. */
    int overall = f->overall, overall2 = actions ? f->grade : 0;
    if (!f->n_authorities && !f->region && !f->framework && !f->from_year && !f->to_year && !overall && !overall2)
        return 0;
    size_t n = ot_hit_rows_inspections(rows);
    unsigned char *ok = malloc(n ? n : 1);
    if (!ok) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-01-01", f->from_year);
    snprintf(to, sizeof to, "%04d-12-31", f->to_year);
    for (size_t j = 0; j < n; j++) {
        ot_hit_inspection in;
        ot_hit_rows_inspection(rows, j, &in);
        const char *date = in.start_date ? in.start_date : "";
        ok[j] = (!f->region || (in.region && strcasecmp(in.region, f->region) == 0)) &&
                (!f->framework || (in.framework && strcmp(in.framework, f->framework) == 0)) &&
                (!f->from_year || strcmp(date, from) >= 0) && (!f->to_year || strcmp(date, to) <= 0) &&
                (!overall || in.overall == overall) && (!overall2 || in.overall == overall2);
    }
    if (f->n_authorities) {
        /* Names become ids through the aliases; their inspections through
         * the authority index. */
        unsigned char *mine = calloc(n ? n : 1, 1);
        sqlite3_stmt *st = NULL;
        if (!mine || sqlite3_prepare_v2(ot_db_handle(db), "SELECT id FROM inspection WHERE authority_id = ?", -1, &st,
                                        NULL) != SQLITE_OK) {
            free(mine);
            free(ok);
            if (!mine) {
                ot_error_set(err, "out of memory");
                return -1;
            }
            return ot_db_fail(db, err);
        }
        int rc = SQLITE_DONE;
        for (size_t a = 0; a < f->n_authorities && rc == SQLITE_DONE; a++) {
            long long id = authority_id(db, f->authorities[a], err);
            if (id < 0) {
                rc = SQLITE_ERROR;
                break;
            }
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, id);
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                size_t j = ot_hit_rows_find_inspection(rows, sqlite3_column_int64(st, 0));
                if (j != (size_t)-1)
                    mine[j] = 1;
            }
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            free(mine);
            free(ok);
            return ot_error_msg(err)[0] ? -1 : ot_db_fail(db, err);
        }
        for (size_t j = 0; j < n; j++)
            ok[j] &= mine[j];
        free(mine);
    }
    *pass = ok;
    return 0;
}

/* For a finding grade filter: one flag per (inspection, section) whose
 * area was graded g in that inspection (malloc'd, inspections x sections). */
static int graded_sections(ot_db *db, const ot_hit_rows *rows, int g, unsigned char **out, ot_error *err)
{
    size_t n = ot_hit_rows_inspections(rows), ns = ot_hit_rows_sections(rows);
    unsigned char *flags = calloc(n * ns + 1, 1);
    sqlite3_stmt *st = NULL;
    if (!flags) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    if (sqlite3_prepare_v2(ot_db_handle(db), "SELECT inspection_id, area FROM judgement WHERE grade = ?", -1, &st,
                           NULL) != SQLITE_OK) {
        free(flags);
        return ot_db_fail(db, err);
    }
    sqlite3_bind_int(st, 1, g);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t j = ot_hit_rows_find_inspection(rows, sqlite3_column_int64(st, 0));
        const char *area = (const char *)sqlite3_column_text(st, 1);
        size_t s = area ? ot_hit_rows_find_section(rows, area) : (size_t)-1;
        if (j != (size_t)-1 && s != (size_t)-1)
            flags[j * ns + s] = 1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(flags);
        return ot_db_fail(db, err);
    }
    *out = flags;
    return 0;
}

/* Append [a, b) to the ranges, joined to the last when it follows on. */
static int push_range(size_t **r, size_t *n, size_t *cap, size_t a, size_t b)
{
    if (*n && (*r)[2 * *n - 1] == a) {
        (*r)[2 * *n - 1] = b;
        return 0;
    }
    if (ot_grow((void **)r, cap, *n, 2 * sizeof **r) < 0)
        return -1;
    (*r)[2 * *n] = a;
    (*r)[2 * *n + 1] = b;
    (*n)++;
    return 0;
}

int ot_search_select(ot_db *db, const ot_hit_rows *rows, bool actions, const ot_search_filter *f, ot_hit_order order,
                     size_t **ranges, size_t *n_ranges, ot_error *err)
{
    *ranges = NULL;
    *n_ranges = 0;
    unsigned char *pass = NULL, *graded = NULL;
    size_t section = (size_t)-1, ns = ot_hit_rows_sections(rows);
    if (f->section) {
        if (actions)
            return 0; /* actions have no section */
        section = ot_hit_rows_find_section(rows, f->section);
        if (section == (size_t)-1)
            return 0;
    }
    if (pass_inspections(db, rows, actions, f, &pass, err) < 0)
        return -1;
    if (f->grade && !actions && graded_sections(db, rows, f->grade, &graded, err) < 0) {
        free(pass);
        return -1;
    }
    /* The inspections in order, each one's paragraphs that pass: the cost
     * is in proportion to the inspections and to the paragraphs of those
     * that pass, never a pass over every finding. */
    const uint32_t *ord = ot_hit_rows_order(rows, order);
    size_t n = ot_hit_rows_inspections(rows), cap = 0;
    bool per_paragraph = section != (size_t)-1 || graded;
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++) {
        size_t j = ord[k];
        if (pass && !pass[j])
            continue;
        size_t n_runs;
        const uint32_t *runs = ot_hit_rows_runs(rows, j, &n_runs);
        for (size_t r = 0; r < n_runs && rc == 0; r++) {
            if (!per_paragraph) {
                rc = push_range(ranges, n_ranges, &cap, runs[2 * r], runs[2 * r + 1]);
                continue;
            }
            for (size_t i = runs[2 * r]; i < runs[2 * r + 1] && rc == 0; i++) {
                size_t s = ot_hit_rows_section_of(rows, i);
                if ((section == (size_t)-1 || s == section) && (!graded || graded[j * ns + s]))
                    rc = push_range(ranges, n_ranges, &cap, i, i + 1);
            }
        }
    }
    free(pass);
    free(graded);
    if (rc < 0) {
        free(*ranges);
        *ranges = NULL;
        *n_ranges = 0;
        ot_error_set(err, "out of memory");
        return -1;
    }
    return 0;
}

bool ot_search_filter_empty(const ot_search_filter *f)
{
    return !f->n_authorities && !f->region && !f->framework && !f->section && !f->grade && !f->overall &&
           !f->from_year && !f->to_year;
}
