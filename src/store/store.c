/* The store: see ofsted-tui/store.h.
 *
 * Every write goes through a "compare, then write only what differs" step:
 * that is what makes re-imports no-ops and lets the summary say what was
 * new, updated or unchanged. */
#include "config.h"

#include "ofsted-tui/store.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/la_name.h"

enum { ST_NEW = 1, ST_UPDATED = 2, ST_UNCHANGED = 3 };

/* Records touched in this file, so each is counted once however many
 * sheets mention it. */
typedef struct touched {
    long long *ids;
    int *state;
    size_t n, cap;
} touched;

struct ot_store {
    ot_sink sink; /* first: the sink pointer is the store pointer */
    ot_db *db;
    sqlite3 *conn;
    ot_import_stats stats;
    long long source_id;
    bool official; /* this file is official statistics (wins over reports) */
    char *file_name;
    bool in_file;
    bool text_changed; /* findings or actions written in this file */
    touched authorities, inspections;
    ot_warning_fn warn;
    void *warn_ctx;
    const volatile sig_atomic_t *cancel;
};

/* ------------------------------------------------------------ helpers */

static int sql_fail(ot_store *st, ot_error *err, const char *what)
{
    ot_error_set(err, "%s: %s", what, sqlite3_errmsg(st->conn));
    return -1;
}

static sqlite3_stmt *prep(ot_store *st, const char *sql, ot_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->conn, sql, -1, &s, NULL) != SQLITE_OK) {
        sql_fail(st, err, "database");
        return NULL;
    }
    return s;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static bool same_text(const unsigned char *stored, const char *v)
{
    if (!stored || !v)
        return !stored && !v;
    return strcmp((const char *)stored, v) == 0;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

static void warnf(ot_store *st, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warnf(ot_store *st, const char *where, const char *fmt, ...)
{
    if (!st->warn)
        return;
    ot_buf msg = OT_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    ot_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    st->warn(st->warn_ctx, st->file_name, where, ot_buf_str(&msg));
    ot_buf_free(&msg);
}

static void count(ot_count *c, int state)
{
    if (state == ST_NEW)
        c->added++;
    else if (state == ST_UPDATED)
        c->updated++;
    else
        c->unchanged++;
}

/* Record that id was seen with state; counts it in c the first time, and
 * moves it from unchanged to updated when a later record changes it. */
static void touch(touched *t, ot_count *c, long long id, int state)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->ids[i] != id)
            continue;
        if (state < t->state[i]) {
            if (t->state[i] == ST_UNCHANGED)
                c->unchanged--;
            else if (t->state[i] == ST_UPDATED)
                c->updated--;
            t->state[i] = state;
            count(c, state);
        }
        return;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        long long *ids = realloc(t->ids, cap * sizeof *ids);
        if (ids)
            t->ids = ids;
        int *states = realloc(t->state, cap * sizeof *states);
        if (states)
            t->state = states;
        if (!ids || !states)
            return; /* counting is best effort; the data is still written */
        t->cap = cap;
    }
    t->ids[t->n] = id;
    t->state[t->n] = state;
    t->n++;
    count(c, state);
}

static int check_cancel(ot_store *st, ot_error *err)
{
    if (st->cancel && *st->cancel) {
        ot_error_set(err, "interrupted");
        return -1;
    }
    if (!st->in_file) {
        ot_error_set(err, "internal error: record outside a file");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ authorities */

static long long find_authority_by(ot_store *st, const char *sql, const char *text, long long num, ot_error *err)
{
    sqlite3_stmt *s = prep(st, sql, err);
    if (!s)
        return -1;
    if (text)
        sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(s, 1, num);
    long long id = 0;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE)
        id = sql_fail(st, err, "looking up authority");
    sqlite3_finalize(s);
    return id;
}

static int add_alias(ot_store *st, long long id, const char *key, ot_error *err)
{
    sqlite3_stmt *s = prep(st, "INSERT OR IGNORE INTO authority_alias(name_key, authority_id) VALUES (?, ?)", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : sql_fail(st, err, "adding authority alias");
    sqlite3_finalize(s);
    return rc;
}

/* Resolve rec to an authority id, creating or updating it.  Returns the id
 * (> 0) or -1. */
static long long resolve_authority(ot_store *st, const ot_authority_rec *rec, ot_error *err)
{
    if (!rec->name || !*rec->name) {
        ot_error_set(err, "authority without a name");
        return -1;
    }
    char *key = ot_la_name_key(rec->name);
    if (!key) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    long long id = 0;
    if (rec->ons_code)
        id = find_authority_by(st, "SELECT id FROM authority WHERE ons_code = ?", rec->ons_code, 0, err);
    if (id == 0 && rec->urn > 0)
        id = find_authority_by(st, "SELECT id FROM authority WHERE urn = ?", NULL, rec->urn, err);
    if (id == 0)
        id = find_authority_by(st, "SELECT authority_id FROM authority_alias WHERE name_key = ?", key, 0, err);
    if (id < 0)
        goto fail;

    int state;
    if (id == 0) {
        sqlite3_stmt *s = prep(st, "INSERT INTO authority(ons_code, urn, name, region, status) VALUES (?, ?, ?, ?, coalesce(?, 'current'))", err);
        if (!s)
            goto fail;
        bind_text_or_null(s, 1, rec->ons_code);
        if (rec->urn > 0)
            sqlite3_bind_int64(s, 2, rec->urn);
        else
            sqlite3_bind_null(s, 2);
        sqlite3_bind_text(s, 3, rec->name, -1, SQLITE_STATIC);
        bind_text_or_null(s, 4, rec->region);
        bind_text_or_null(s, 5, rec->status);
        int rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            sql_fail(st, err, "adding authority");
            goto fail;
        }
        id = sqlite3_last_insert_rowid(st->conn);
        state = ST_NEW;
    } else {
        sqlite3_stmt *s = prep(st, "SELECT ons_code, urn, name, region, status FROM authority WHERE id = ?", err);
        if (!s)
            goto fail;
        sqlite3_bind_int64(s, 1, id);
        if (sqlite3_step(s) != SQLITE_ROW) {
            sqlite3_finalize(s);
            sql_fail(st, err, "reading authority");
            goto fail;
        }
        /* Official names, regions and status win; anything fills a gap. */
        const unsigned char *ons = sqlite3_column_text(s, 0);
        long long urn = sqlite3_column_int64(s, 1);
        const unsigned char *name = sqlite3_column_text(s, 2);
        const unsigned char *region = sqlite3_column_text(s, 3);
        const unsigned char *status = sqlite3_column_text(s, 4);
        bool set_ons = rec->ons_code && !ons;
        bool set_urn = rec->urn > 0 && urn == 0;
        bool set_name = st->official && !same_text(name, rec->name);
        bool set_region = rec->region && (!region || (st->official && !same_text(region, rec->region)));
        bool set_status = rec->status && st->official && !same_text(status, rec->status);
        sqlite3_finalize(s);
        state = ST_UNCHANGED;
        if (set_ons || set_urn || set_name || set_region || set_status) {
            s = prep(st,
                "UPDATE authority SET ons_code = coalesce(ons_code, ?1), urn = coalesce(urn, ?2),"
                " name = CASE WHEN ?3 THEN ?4 ELSE name END,"
                " region = CASE WHEN ?5 THEN ?6 ELSE region END,"
                " status = CASE WHEN ?7 THEN ?8 ELSE status END WHERE id = ?9", err);
            if (!s)
                goto fail;
            bind_text_or_null(s, 1, rec->ons_code);
            if (rec->urn > 0)
                sqlite3_bind_int64(s, 2, rec->urn);
            sqlite3_bind_int(s, 3, set_name);
            sqlite3_bind_text(s, 4, rec->name, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 5, set_region);
            bind_text_or_null(s, 6, rec->region);
            sqlite3_bind_int(s, 7, set_status);
            bind_text_or_null(s, 8, rec->status);
            sqlite3_bind_int64(s, 9, id);
            int rc = sqlite3_step(s);
            sqlite3_finalize(s);
            if (rc != SQLITE_DONE) {
                sql_fail(st, err, "updating authority");
                goto fail;
            }
            state = ST_UPDATED;
        }
    }
    if (add_alias(st, id, key, err) < 0)
        goto fail;
    free(key);
    touch(&st->authorities, &st->stats.authorities, id, state);
    return id;

fail:
    free(key);
    return -1;
}

static int store_authority(ot_sink *sink, const ot_authority_rec *rec, ot_error *err)
{
    ot_store *st = (ot_store *)sink;
    if (check_cancel(st, err) < 0)
        return -1;
    return resolve_authority(st, rec, err) < 0 ? -1 : 0;
}

/* ------------------------------------------------------------ inspections */

static const char *grade_word(int grade)
{
    static const char *const words[] = {"not graded", "Outstanding", "Good", "Requires improvement", "Inadequate"};
    return grade >= 0 && grade <= 4 ? words[grade] : "?";
}

static int merge_judgement(ot_store *st, long long insp, const ot_judgement_rec *j, const char *where, ot_error *err)
{
    if (!j->area || j->grade < 0 || j->grade > 4) {
        ot_error_set(err, "judgement without an area or with grade %d", j->grade);
        return -1;
    }
    sqlite3_stmt *s = prep(st, "SELECT area_label, grade, grade_label, (SELECT kind FROM source_file WHERE id = judgement.source_id)"
                               " FROM judgement WHERE inspection_id = ? AND area = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, insp);
    sqlite3_bind_text(s, 2, j->area, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    int state = ST_NEW;
    if (rc == SQLITE_ROW) {
        int grade = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 : sqlite3_column_int(s, 1);
        bool same = grade == j->grade && same_text(sqlite3_column_text(s, 2), j->grade_label) &&
                    (!j->area_label || same_text(sqlite3_column_text(s, 0), j->area_label));
        const unsigned char *kind = sqlite3_column_text(s, 3);
        bool stored_official = kind && (strcmp((const char *)kind, "workbook") == 0 || strcmp((const char *)kind, "csv") == 0);
        if (same)
            state = ST_UNCHANGED;
        else if (stored_official && !st->official) {
            if (grade != j->grade)
                warnf(st, where, "%s: the report gives %s, the official statistics %s; keeping %s",
                      j->area, grade_word(j->grade), grade_word(grade), grade_word(grade));
            state = ST_UNCHANGED;
        } else
            state = ST_UPDATED;
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(s);
        return sql_fail(st, err, "reading judgement");
    }
    sqlite3_finalize(s);
    count(&st->stats.judgements, state);
    if (state == ST_UNCHANGED)
        return 0;
    s = prep(st, "INSERT INTO judgement(inspection_id, area, area_label, grade, grade_label, source_id) VALUES (?,?,?,?,?,?)"
                 " ON CONFLICT(inspection_id, area) DO UPDATE SET area_label = coalesce(excluded.area_label, area_label),"
                 " grade = excluded.grade, grade_label = excluded.grade_label, source_id = excluded.source_id", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, insp);
    sqlite3_bind_text(s, 2, j->area, -1, SQLITE_STATIC);
    bind_text_or_null(s, 3, j->area_label);
    if (j->grade > 0)
        sqlite3_bind_int(s, 4, j->grade);
    bind_text_or_null(s, 5, j->grade_label);
    sqlite3_bind_int64(s, 6, st->source_id);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : sql_fail(st, err, "writing judgement");
}

/* Are the stored actions of insp exactly rec's? */
static int actions_equal(ot_store *st, long long insp, const ot_inspection_rec *rec, ot_error *err)
{
    sqlite3_stmt *s = prep(st, "SELECT ordinal, text FROM action WHERE inspection_id = ? ORDER BY ordinal", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, insp);
    size_t i = 0;
    bool equal = true;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (i >= rec->n_actions || sqlite3_column_int(s, 0) != rec->actions[i].ordinal ||
            !same_text(sqlite3_column_text(s, 1), rec->actions[i].text)) {
            equal = false;
            break;
        }
        i++;
    }
    sqlite3_finalize(s);
    return equal && i == rec->n_actions;
}

static int findings_equal(ot_store *st, long long insp, const ot_inspection_rec *rec, ot_error *err)
{
    sqlite3_stmt *s = prep(st, "SELECT section, section_label, paragraph, page, text FROM finding"
                               " WHERE inspection_id = ? ORDER BY seq", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, insp);
    size_t i = 0;
    bool equal = true;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const ot_finding_rec *f = i < rec->n_findings ? &rec->findings[i] : NULL;
        if (!f || !same_text(sqlite3_column_text(s, 0), f->section) ||
            !same_text(sqlite3_column_text(s, 1), f->section_label) ||
            sqlite3_column_int(s, 2) != f->paragraph || sqlite3_column_int(s, 3) != f->page ||
            !same_text(sqlite3_column_text(s, 4), f->text)) {
            equal = false;
            break;
        }
        i++;
    }
    sqlite3_finalize(s);
    return equal && i == rec->n_findings;
}

static int replace_report_text(ot_store *st, long long insp, const ot_inspection_rec *rec, ot_error *err)
{
    bool do_actions = !rec->text_parts || (rec->text_parts & OT_TEXT_ACTIONS);
    bool do_findings = !rec->text_parts || (rec->text_parts & OT_TEXT_FINDINGS);
    int eq = do_actions ? actions_equal(st, insp, rec, err) : 1;
    if (eq < 0)
        return -1;
    if (eq) {
        st->stats.actions.unchanged += (long)rec->n_actions;
    } else {
        sqlite3_stmt *s = prep(st, "DELETE FROM action WHERE inspection_id = ?", err);
        if (!s)
            return -1;
        sqlite3_bind_int64(s, 1, insp);
        int rc = sqlite3_step(s);
        long removed = sqlite3_changes(st->conn);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
            return sql_fail(st, err, "replacing actions");
        s = prep(st, "INSERT INTO action(inspection_id, ordinal, text, source_id) VALUES (?,?,?,?)", err);
        if (!s)
            return -1;
        for (size_t i = 0; i < rec->n_actions; i++) {
            sqlite3_reset(s);
            sqlite3_bind_int64(s, 1, insp);
            sqlite3_bind_int(s, 2, rec->actions[i].ordinal);
            sqlite3_bind_text(s, 3, rec->actions[i].text ? rec->actions[i].text : "", -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 4, st->source_id);
            if (sqlite3_step(s) != SQLITE_DONE) {
                sqlite3_finalize(s);
                return sql_fail(st, err, "writing action");
            }
        }
        sqlite3_finalize(s);
        st->text_changed = true;
        if (removed)
            st->stats.actions.updated += (long)rec->n_actions;
        else
            st->stats.actions.added += (long)rec->n_actions;
    }

    if (!do_findings)
        return 0;
    eq = findings_equal(st, insp, rec, err);
    if (eq < 0)
        return -1;
    if (eq) {
        st->stats.findings.unchanged += (long)rec->n_findings;
        return 0;
    }
    sqlite3_stmt *s = prep(st, "DELETE FROM finding WHERE inspection_id = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, insp);
    int rc = sqlite3_step(s);
    long removed = sqlite3_changes(st->conn);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sql_fail(st, err, "replacing findings");
    s = prep(st, "INSERT INTO finding(inspection_id, seq, section, section_label, paragraph, page, text, source_id)"
                 " VALUES (?,?,?,?,?,?,?,?)", err);
    if (!s)
        return -1;
    for (size_t i = 0; i < rec->n_findings; i++) {
        const ot_finding_rec *f = &rec->findings[i];
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, insp);
        sqlite3_bind_int64(s, 2, (long long)i + 1);
        sqlite3_bind_text(s, 3, f->section ? f->section : "other", -1, SQLITE_STATIC);
        bind_text_or_null(s, 4, f->section_label);
        sqlite3_bind_int(s, 5, f->paragraph);
        sqlite3_bind_int(s, 6, f->page);
        sqlite3_bind_text(s, 7, f->text ? f->text : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 8, st->source_id);
        if (sqlite3_step(s) != SQLITE_DONE) {
            sqlite3_finalize(s);
            return sql_fail(st, err, "writing finding");
        }
    }
    sqlite3_finalize(s);
    st->text_changed = true;
    if (removed)
        st->stats.findings.updated += (long)rec->n_findings;
    else
        st->stats.findings.added += (long)rec->n_findings;
    return 0;
}

/* Scalar fields of an inspection that sources may disagree on. */
static const struct {
    const char *column;
    size_t offset;
} inspection_fields[] = {
    {"end_date", offsetof(ot_inspection_rec, end_date)},
    {"published", offsetof(ot_inspection_rec, published)},
    {"lead_inspector", offsetof(ot_inspection_rec, lead_inspector)},
    {"web_link", offsetof(ot_inspection_rec, web_link)},
};
#define N_FIELDS (sizeof inspection_fields / sizeof inspection_fields[0])

static const char *field_of(const ot_inspection_rec *rec, size_t i)
{
    return *(const char *const *)((const char *)rec + inspection_fields[i].offset);
}

/* The source_file id of a restored inspection's own source (recorded
 * when new), or the file being imported when the record names none. */
static long long restored_source(ot_store *st, const ot_inspection_rec *rec, ot_error *err)
{
    if (!rec->source_sha256 || !*rec->source_sha256 || !rec->source_name || !*rec->source_name)
        return st->source_id;
    sqlite3_stmt *s = prep(st, "SELECT id FROM source_file WHERE sha256 = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, rec->source_sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_fail(st, err, "reading source files");
    if (id)
        return id;
    s = prep(st, "INSERT INTO source_file(name, sha256, kind) VALUES (?,?,?)", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, rec->source_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, rec->source_sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, rec->source_kind && *rec->source_kind ? rec->source_kind : "csv", -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sql_fail(st, err, "recording the source file");
    return sqlite3_last_insert_rowid(st->conn);
}

static int merge_inspection(ot_store *st, long long auth, const ot_inspection_rec *rec, const char *where, long long *out_id, ot_error *err)
{
    sqlite3_stmt *s = prep(st, "SELECT id, end_date, published, lead_inspector, web_link,"
                               " (SELECT kind FROM source_file WHERE id = inspection.source_id)"
                               " FROM inspection WHERE authority_id = ? AND framework = ? AND start_date = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, auth);
    sqlite3_bind_text(s, 2, rec->framework, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, rec->start_date, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(s);
        long long source = restored_source(st, rec, err);
        if (source < 0)
            return -1;
        s = prep(st, "INSERT INTO inspection(authority_id, framework, start_date, end_date, published,"
                     " lead_inspector, web_link, source_id) VALUES (?,?,?,?,?,?,?,?)", err);
        if (!s)
            return -1;
        sqlite3_bind_int64(s, 1, auth);
        sqlite3_bind_text(s, 2, rec->framework, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, rec->start_date, -1, SQLITE_STATIC);
        for (size_t i = 0; i < N_FIELDS; i++)
            bind_text_or_null(s, 4 + (int)i, field_of(rec, i));
        sqlite3_bind_int64(s, 8, source);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
            return sql_fail(st, err, "adding inspection");
        *out_id = sqlite3_last_insert_rowid(st->conn);
        touch(&st->inspections, &st->stats.inspections, *out_id, ST_NEW);
        return 0;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return sql_fail(st, err, "reading inspection");
    }
    long long id = sqlite3_column_int64(s, 0);
    char *stored[N_FIELDS];
    for (size_t i = 0; i < N_FIELDS; i++)
        stored[i] = col_dup(s, 1 + (int)i);
    const unsigned char *kind = sqlite3_column_text(s, 5);
    /* The report becomes the inspection's source: it is the fuller one. */
    bool take_source = rec->has_report && !rec->text_parts && !(kind && strcmp((const char *)kind, "report") == 0);
    sqlite3_finalize(s);

    bool changed = take_source;
    ot_buf sql = OT_BUF_INIT;
    ot_buf_puts(&sql, "UPDATE inspection SET source_id = CASE WHEN ?1 THEN ?2 ELSE source_id END");
    bool set[N_FIELDS] = {false};
    for (size_t i = 0; i < N_FIELDS; i++) {
        const char *v = field_of(rec, i);
        if (!v || same_text((const unsigned char *)stored[i], v))
            continue;
        if (!stored[i] || st->official) {
            set[i] = true;
            changed = true;
            ot_buf_printf(&sql, ", %s = ?%zu", inspection_fields[i].column, 3 + i);
        } else if (strcmp(inspection_fields[i].column, "web_link") != 0) {
            warnf(st, where, "%s %s: the report gives %s \"%s\", already stored \"%s\"; keeping the stored value",
                  rec->framework, rec->start_date, inspection_fields[i].column, v, stored[i]);
        }
    }
    ot_buf_puts(&sql, " WHERE id = ?7");
    for (size_t i = 0; i < N_FIELDS; i++)
        free(stored[i]);
    int result = 0;
    if (changed) {
        s = prep(st, ot_buf_str(&sql), err);
        if (!s) {
            ot_buf_free(&sql);
            return -1;
        }
        sqlite3_bind_int(s, 1, take_source);
        sqlite3_bind_int64(s, 2, st->source_id);
        for (size_t i = 0; i < N_FIELDS; i++)
            if (set[i])
                sqlite3_bind_text(s, 3 + (int)i, field_of(rec, i), -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 7, id);
        if (sqlite3_step(s) != SQLITE_DONE)
            result = sql_fail(st, err, "updating inspection");
        sqlite3_finalize(s);
    }
    ot_buf_free(&sql);
    *out_id = id;
    touch(&st->inspections, &st->stats.inspections, id, changed ? ST_UPDATED : ST_UNCHANGED);
    return result;
}

static int store_inspection(ot_sink *sink, const ot_inspection_rec *rec, ot_error *err)
{
    ot_store *st = (ot_store *)sink;
    if (check_cancel(st, err) < 0)
        return -1;
    const char *where = rec->where ? rec->where : "";
    if (!rec->framework || !rec->start_date) {
        ot_error_set(err, "inspection without a framework or start date");
        return -1;
    }
    long long auth = resolve_authority(st, &rec->authority, err);
    if (auth < 0)
        return -1;
    long long insp = 0;
    if (merge_inspection(st, auth, rec, where, &insp, err) < 0)
        return -1;
    for (size_t i = 0; i < rec->n_judgements; i++)
        if (merge_judgement(st, insp, &rec->judgements[i], where, err) < 0)
            return -1;
    if (rec->has_report && replace_report_text(st, insp, rec, err) < 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------ files */

static int store_begin_file(ot_sink *sink, const char *name, const char *sha256, const char *kind, ot_error *err)
{
    ot_store *st = (ot_store *)sink;
    memset(&st->stats, 0, sizeof st->stats);
    st->authorities.n = st->inspections.n = 0;
    free(st->file_name);
    st->file_name = strdup(name);
    st->official = strcmp(kind, "workbook") == 0 || strcmp(kind, "csv") == 0;
    st->text_changed = false;
    if (sqlite3_exec(st->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return sql_fail(st, err, "starting the import");
    st->in_file = true;
    sqlite3_stmt *s = prep(st, "SELECT id FROM source_file WHERE sha256 = ?", err);
    if (!s)
        goto fail;
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    st->source_id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sql_fail(st, err, "reading source files");
        goto fail;
    }
    if (st->source_id == 0) {
        s = prep(st, "INSERT INTO source_file(name, sha256, kind) VALUES (?,?,?)", err);
        if (!s)
            goto fail;
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            sql_fail(st, err, "recording the source file");
            goto fail;
        }
        st->source_id = sqlite3_last_insert_rowid(st->conn);
    }
    return 0;
fail:
    sqlite3_exec(st->conn, "ROLLBACK", NULL, NULL, NULL);
    st->in_file = false;
    return -1;
}

static void store_warning(ot_sink *sink, const char *where, const char *msg)
{
    ot_store *st = (ot_store *)sink;
    if (st->warn)
        st->warn(st->warn_ctx, st->file_name, where, msg);
}

static int store_end_file(ot_sink *sink, bool ok, ot_error *err)
{
    ot_store *st = (ot_store *)sink;
    if (!st->in_file)
        return ok ? 0 : -1;
    st->in_file = false;
    if (ok && st->text_changed &&
        sqlite3_exec(st->conn,
                     "INSERT INTO meta(key, value) VALUES ('findings_generation', '1')"
                     " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                     NULL, NULL, NULL) != SQLITE_OK) {
        sql_fail(st, err, "recording the change");
        ok = false;
    }
    if (ok) {
        if (st->cancel && *st->cancel) {
            ot_error_set(err, "interrupted");
            ok = false;
        } else if (sqlite3_exec(st->conn, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            sql_fail(st, err, "committing");
            ok = false;
        }
    }
    if (!ok) {
        sqlite3_exec(st->conn, "ROLLBACK", NULL, NULL, NULL);
        memset(&st->stats, 0, sizeof st->stats);
        return -1;
    }
    return 0;
}

static const ot_sink_ops store_ops = {
    .begin_file = store_begin_file,
    .authority = store_authority,
    .inspection = store_inspection,
    .warning = store_warning,
    .end_file = store_end_file,
};

ot_store *ot_store_new(ot_db *db, ot_error *err)
{
    ot_store *st = calloc(1, sizeof *st);
    if (!st) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    st->sink.ops = &store_ops;
    st->db = db;
    st->conn = ot_db_handle(db);
    return st;
}

ot_sink *ot_store_sink(ot_store *store)
{
    return &store->sink;
}

const ot_import_stats *ot_store_stats(const ot_store *store)
{
    return &store->stats;
}

void ot_store_on_warning(ot_store *store, ot_warning_fn fn, void *ctx)
{
    store->warn = fn;
    store->warn_ctx = ctx;
}

void ot_store_set_cancel_flag(ot_store *store, const volatile sig_atomic_t *flag)
{
    store->cancel = flag;
}

void ot_store_free(ot_store *store)
{
    if (!store)
        return;
    if (store->in_file)
        sqlite3_exec(store->conn, "ROLLBACK", NULL, NULL, NULL);
    free(store->authorities.ids);
    free(store->authorities.state);
    free(store->inspections.ids);
    free(store->inspections.state);
    free(store->file_name);
    free(store);
}
