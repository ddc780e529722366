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
#include "ofsted-tui/framework.h"
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
    bool allow_new; /* create authorities the register does not know */
    struct reg *reg; /* the register, loaded on first use */
    ot_warning_fn warn;
    void *warn_ctx;
    const volatile sig_atomic_t *cancel;
    bool allow_replace; /* a report may shrink or move what is held */
};

/* ------------------------------------------------------------ helpers */

static int sql_fail(ot_store *st, ot_error *err, const char *what)
{
    ot_error_set(err, "%s: %s", what, sqlite3_errmsg(st->conn));
    return -1;
}

/* Run s, a statement that returns no rows, once and finalize it.
 * Returns 0, or -1 with err set ("<what>: <SQLite's message>"). */
static int step_done(ot_store *st, sqlite3_stmt *s, const char *what, ot_error *err)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : sql_fail(st, err, what);
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

/* The judgements of inspection ?1 that its report gave (not the workbook). */
#define REPORT_JUDGEMENTS \
    " FROM judgement WHERE inspection_id = ? AND source_id IN (SELECT id FROM source_file WHERE kind = 'report')"

/* prep, with id bound to the statement's first parameter. */
static sqlite3_stmt *prep_id(ot_store *st, const char *sql, long long id, ot_error *err)
{
    sqlite3_stmt *s = prep(st, sql, err);
    if (s)
        sqlite3_bind_int64(s, 1, id);
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

static int touched_state(const touched *t, long long id)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->ids[i] == id)
            return t->state[i];
    return 0;
}

/* The store behind a record's sink call, or NULL with err set when the
 * import was interrupted or the record came outside a file. */
static ot_store *record_store(ot_sink *sink, ot_error *err)
{
    ot_store *st = (ot_store *)sink;
    if (st->cancel && *st->cancel) {
        ot_error_set(err, "interrupted");
        return NULL;
    }
    if (!st->in_file) {
        ot_error_set(err, "internal error: record outside a file");
        return NULL;
    }
    return st;
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

/* ------------------------------------------------------------ register */

/* The register (la_register*) in memory with name keys made by this
 * build's la_name.c, so that improving the key rules needs no migration. */
typedef struct reg_row {
    char *ons;
    long urn, la_code;
    bool current;
} reg_row;

typedef struct reg_key {
    char *key;
    size_t row;
} reg_key;

typedef struct reg {
    reg_row *rows;
    size_t n_rows;
    reg_key *keys; /* full keys, then unique short keys */
    size_t n_keys, cap_keys;
    reg_key *codes; /* earlier ONS codes */
    size_t n_codes;
} reg;

static void reg_free(reg *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_rows; i++)
        free(r->rows[i].ons);
    for (size_t i = 0; i < r->n_keys; i++)
        free(r->keys[i].key);
    for (size_t i = 0; i < r->n_codes; i++)
        free(r->codes[i].key);
    free(r->rows);
    free(r->keys);
    free(r->codes);
    free(r);
}

static long reg_row_by_ons(const reg *r, const char *ons)
{
    for (size_t i = 0; i < r->n_rows; i++)
        if (strcmp(r->rows[i].ons, ons) == 0)
            return (long)i;
    return -1;
}

static bool reg_has_key(const reg *r, size_t upto, const char *key, size_t row)
{
    for (size_t i = 0; i < upto; i++)
        if (r->keys[i].row == row && strcmp(r->keys[i].key, key) == 0)
            return true;
    return false;
}

/* Append (key, row); takes key.  Returns 0 or -1 (out of memory). */
static int reg_add_key(reg *r, char *key, size_t row)
{
    if (r->n_keys == r->cap_keys) {
        size_t cap = r->cap_keys ? r->cap_keys * 2 : 256;
        reg_key *k = realloc(r->keys, cap * sizeof *k);
        if (!k) {
            free(key);
            return -1;
        }
        r->keys = k;
        r->cap_keys = cap;
    }
    r->keys[r->n_keys].key = key;
    r->keys[r->n_keys].row = row;
    r->n_keys++;
    return 0;
}

static reg *reg_load(ot_store *st, ot_error *err)
{
    reg *r = calloc(1, sizeof *r);
    sqlite3_stmt *s = NULL;
    if (!r)
        goto oom;
    s = prep(st, "SELECT ons_code, urn, la_code, status = 'current' FROM la_register ORDER BY ons_code", err);
    if (!s)
        goto fail;
    while (sqlite3_step(s) == SQLITE_ROW) {
        reg_row *rows = realloc(r->rows, (r->n_rows + 1) * sizeof *rows);
        if (!rows)
            goto oom;
        r->rows = rows;
        reg_row *row = &r->rows[r->n_rows];
        if (!(row->ons = ot_db_column_dup(s, 0)))
            goto oom;
        row->urn = (long)sqlite3_column_int64(s, 1);
        row->la_code = (long)sqlite3_column_int64(s, 2);
        row->current = sqlite3_column_int(s, 3) != 0;
        r->n_rows++;
    }
    sqlite3_finalize(s);
    s = prep(st, "SELECT ons_code, name FROM la_register UNION SELECT ons_code, name FROM la_register_name", err);
    if (!s)
        goto fail;
    while (sqlite3_step(s) == SQLITE_ROW) {
        long row = reg_row_by_ons(r, (const char *)sqlite3_column_text(s, 0));
        char *key = ot_la_name_key((const char *)sqlite3_column_text(s, 1));
        if (!key)
            goto oom;
        if (row < 0 || reg_has_key(r, r->n_keys, key, (size_t)row))
            free(key);
        else if (reg_add_key(r, key, (size_t)row) < 0)
            goto oom;
    }
    sqlite3_finalize(s);
    s = NULL;
    /* Short forms ("newcastle" for "newcastle upon tyne") count only when
     * they name one authority and are no authority's full name: "kingston"
     * stays unknown, as two authorities share it. */
    size_t n_full = r->n_keys;
    for (size_t i = 0; i < n_full; i++) {
        char *sk = ot_la_name_short_key(r->keys[i].key);
        if (!sk)
            continue;
        bool ok = true;
        for (size_t j = 0; j < n_full && ok; j++) {
            if (strcmp(r->keys[j].key, sk) == 0)
                ok = false;
            char *other = r->keys[j].row != r->keys[i].row ? ot_la_name_short_key(r->keys[j].key) : NULL;
            if (other && strcmp(other, sk) == 0)
                ok = false;
            free(other);
        }
        if (!ok || reg_has_key(r, r->n_keys, sk, r->keys[i].row))
            free(sk);
        else if (reg_add_key(r, sk, r->keys[i].row) < 0)
            goto oom;
    }
    s = prep(st, "SELECT code, ons_code FROM la_register_code", err);
    if (!s)
        goto fail;
    while (sqlite3_step(s) == SQLITE_ROW) {
        long row = reg_row_by_ons(r, (const char *)sqlite3_column_text(s, 1));
        if (row < 0)
            continue;
        reg_key *c = realloc(r->codes, (r->n_codes + 1) * sizeof *c);
        if (!c)
            goto oom;
        r->codes = c;
        if (!(c[r->n_codes].key = ot_db_column_dup(s, 0)))
            goto oom;
        c[r->n_codes].row = (size_t)row;
        r->n_codes++;
    }
    sqlite3_finalize(s);
    return r;
oom:
    ot_error_set(err, "out of memory");
fail:
    sqlite3_finalize(s);
    reg_free(r);
    return NULL;
}

/* The register row of an ONS code, current or earlier; -1 when none. */
static long reg_by_code(const reg *r, const char *code)
{
    long row = reg_row_by_ons(r, code);
    for (size_t i = 0; row < 0 && i < r->n_codes; i++)
        if (strcmp(r->codes[i].key, code) == 0)
            row = (long)r->codes[i].row;
    return row;
}

static long reg_by_number(const reg *r, long v, bool la_code)
{
    for (size_t i = 0; v > 0 && i < r->n_rows; i++)
        if ((la_code ? r->rows[i].la_code : r->rows[i].urn) == v)
            return (long)i;
    return -1;
}

/* The register row a key names: the only one, or the only current one of
 * several ("dorset": Dorset Council, not the county council before it);
 * -1 when none or still ambiguous. */
static long reg_by_key(const reg *r, const char *key)
{
    long found = -1, current = -1;
    int n = 0, n_current = 0;
    for (size_t i = 0; i < r->n_keys; i++) {
        if (strcmp(r->keys[i].key, key) != 0 || (long)r->keys[i].row == found)
            continue;
        found = (long)r->keys[i].row;
        n++;
        if (r->rows[found].current) {
            current = found;
            n_current++;
        }
    }
    if (n == 1)
        return found;
    return n_current == 1 ? current : -1;
}

/* Match rec to the register.  Returns the row, -1 when it names no register
 * authority, -2 on error. */
static long reg_match(ot_store *st, const ot_authority_rec *rec, const char *key, ot_error *err)
{
    if (!st->reg && !(st->reg = reg_load(st, err)))
        return -2;
    const reg *r = st->reg;
    long row = -1;
    if (rec->ons_code)
        row = reg_by_code(r, rec->ons_code);
    if (row < 0 && rec->urn > 0)
        row = reg_by_number(r, rec->urn, false);
    if (row < 0)
        row = reg_by_key(r, key);
    if (row < 0 && rec->web_id > 0)
        row = reg_by_number(r, rec->web_id, rec->web_id < 1000);
    return row;
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
    int state = ST_UNCHANGED;
    long row = reg_match(st, rec, key, err);
    if (row == -2)
        goto fail;
    if (row >= 0) {
        const char *ons = st->reg->rows[row].ons;
        id = find_authority_by(st, "SELECT id FROM authority WHERE ons_code = ?", ons, 0, err);
        if (id == 0) {
            sqlite3_stmt *s = prep(st, "INSERT INTO authority(ons_code, urn, name, region, status)"
                                       " SELECT ons_code, urn, name, region, status FROM la_register WHERE ons_code = ?", err);
            if (!s)
                goto fail;
            sqlite3_bind_text(s, 1, ons, -1, SQLITE_STATIC);
            if (step_done(st, s, "adding authority", err) < 0)
                goto fail;
            id = sqlite3_last_insert_rowid(st->conn);
            state = ST_NEW;
        }
    } else {
        /* Authorities outside the register, added with --new-authority. */
        if (rec->ons_code)
            id = find_authority_by(st, "SELECT id FROM authority WHERE ons_code = ?", rec->ons_code, 0, err);
        if (id == 0 && rec->urn > 0)
            id = find_authority_by(st, "SELECT id FROM authority WHERE urn = ?", NULL, rec->urn, err);
        if (id == 0)
            id = find_authority_by(st, "SELECT authority_id FROM authority_alias WHERE name_key = ?", key, 0, err);
        if (id < 0)
            goto fail;
        if (id == 0 && !st->allow_new) {
            ot_error_set(err, "authority '%s' is not in the register\n"
                              "hint: check the name; to add it as a new authority, import the file "
                              "again with 'ofsted-tui import --new-authority'", rec->name);
            goto fail;
        }
    }
    if (id < 0)
        goto fail;

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
        if (step_done(st, s, "adding authority", err) < 0)
            goto fail;
        id = sqlite3_last_insert_rowid(st->conn);
        state = ST_NEW;
    } else {
        sqlite3_stmt *s = prep_id(st, "SELECT ons_code, urn, name, region, status FROM authority WHERE id = ?", id, err);
        if (!s)
            goto fail;
        if (sqlite3_step(s) != SQLITE_ROW) {
            sqlite3_finalize(s);
            sql_fail(st, err, "reading authority");
            goto fail;
        }
        /* Official names, regions and status win; anything fills a gap.
         * A register authority keeps the register's ONS code and URN. */
        const unsigned char *ons = sqlite3_column_text(s, 0);
        long long urn = sqlite3_column_int64(s, 1);
        const unsigned char *name = sqlite3_column_text(s, 2);
        const unsigned char *region = sqlite3_column_text(s, 3);
        const unsigned char *status = sqlite3_column_text(s, 4);
        bool set_ons = rec->ons_code && !ons;
        bool set_urn = rec->urn > 0 && urn == 0 && row < 0;
        bool set_name = st->official && !same_text(name, rec->name);
        bool set_region = rec->region && (!region || (st->official && !same_text(region, rec->region)));
        bool set_status = rec->status && st->official && !same_text(status, rec->status);
        sqlite3_finalize(s);
        if (set_ons || set_urn || set_name || set_region || set_status) {
            s = prep(st,
                "UPDATE authority SET ons_code = coalesce(ons_code, ?1), urn = coalesce(urn, ?2),"
                " name = CASE WHEN ?3 THEN ?4 ELSE name END,"
                " region = CASE WHEN ?5 THEN ?6 ELSE region END,"
                " status = CASE WHEN ?7 THEN ?8 ELSE status END WHERE id = ?9", err);
            if (!s)
                goto fail;
            bind_text_or_null(s, 1, rec->ons_code);
            if (set_urn)
                sqlite3_bind_int64(s, 2, rec->urn);
            sqlite3_bind_int(s, 3, set_name);
            sqlite3_bind_text(s, 4, rec->name, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 5, set_region);
            bind_text_or_null(s, 6, rec->region);
            sqlite3_bind_int(s, 7, set_status);
            bind_text_or_null(s, 8, rec->status);
            sqlite3_bind_int64(s, 9, id);
            if (step_done(st, s, "updating authority", err) < 0)
                goto fail;
            if (state != ST_NEW)
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
    ot_store *st = record_store(sink, err);
    return st && resolve_authority(st, rec, err) >= 0 ? 0 : -1;
}

/* ------------------------------------------------------------ neighbours */

static int store_neighbours(ot_sink *sink, const ot_neighbours_rec *rec, ot_error *err)
{
    ot_store *st = record_store(sink, err);
    if (!st)
        return -1;
    const char *where = rec->where ? rec->where : "";
    char *key = ot_la_name_key(rec->authority.name ? rec->authority.name : "");
    if (!key) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    long row = reg_match(st, &rec->authority, key, err);
    free(key);
    if (row == -2)
        return -1;
    if (row < 0) {
        ot_error_set(err, "%s: authority '%s' is not in the register", where,
                     rec->authority.name ? rec->authority.name : "?");
        return -1;
    }
    if (rec->n < 1 || rec->n > 10) {
        ot_error_set(err, "%s: %zu statistical neighbours (expected 1 to 10)", where, rec->n);
        return -1;
    }
    const char *ons = st->reg->rows[row].ons;
    const char *want[10];
    for (size_t i = 0; i < rec->n; i++) {
        long nr = reg_by_code(st->reg, rec->neighbours[i]);
        if (nr < 0) {
            ot_error_set(err, "%s: neighbour %zu, '%s', is not an ONS code in the register", where, i + 1,
                         rec->neighbours[i]);
            return -1;
        }
        want[i] = st->reg->rows[nr].ons;
    }
    sqlite3_stmt *s = prep(st, "SELECT rank, neighbour FROM la_neighbour WHERE ons_code = ? ORDER BY rank", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, ons, -1, SQLITE_STATIC);
    size_t n_old = 0;
    bool same = true;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n_old >= rec->n || sqlite3_column_int(s, 0) != (int)n_old + 1 ||
            !same_text(sqlite3_column_text(s, 1), want[n_old]))
            same = false;
        n_old++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sql_fail(st, err, "reading neighbours");
    if (same && n_old == rec->n) {
        count(&st->stats.neighbours, ST_UNCHANGED);
        return 0;
    }
    s = prep(st, "DELETE FROM la_neighbour WHERE ons_code = ?", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, ons, -1, SQLITE_STATIC);
    if (step_done(st, s, "replacing neighbours", err) < 0)
        return -1;
    s = prep(st, "INSERT INTO la_neighbour(ons_code, rank, neighbour, source_id) VALUES (?, ?, ?, ?)", err);
    if (!s)
        return -1;
    for (size_t i = 0; i < rec->n; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, ons, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, (int)i + 1);
        sqlite3_bind_text(s, 3, want[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, st->source_id);
        if (sqlite3_step(s) != SQLITE_DONE) {
            sqlite3_finalize(s);
            return sql_fail(st, err, "adding neighbours");
        }
    }
    sqlite3_finalize(s);
    count(&st->stats.neighbours, n_old ? ST_UPDATED : ST_NEW);
    return 0;
}

/* ------------------------------------------------------------ inspections */

static const char *grade_word(int grade)
{
    return grade == 0 ? OT_WORD_NOT_GRADED : grade >= 1 && grade <= 4 ? ot_grade_word(grade) : "?";
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
                ot_sink_warnf(&st->sink, where, "%s: the report gives %s, the official statistics %s; keeping %s",
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
    return step_done(st, s, "writing judgement", err);
}

/* Are the stored actions of insp exactly rec's? */
static int actions_equal(ot_store *st, long long insp, const ot_inspection_rec *rec, ot_error *err)
{
    sqlite3_stmt *s = prep_id(st, "SELECT ordinal, text FROM action WHERE inspection_id = ? ORDER BY ordinal", insp, err);
    if (!s)
        return -1;
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
    sqlite3_stmt *s = prep_id(st, "SELECT section, section_label, paragraph, page, text FROM finding"
                                  " WHERE inspection_id = ? ORDER BY seq", insp, err);
    if (!s)
        return -1;
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

static void bind_action(ot_store *st, sqlite3_stmt *s, long long insp, const ot_inspection_rec *rec, size_t i)
{
    sqlite3_bind_int64(s, 1, insp);
    sqlite3_bind_int(s, 2, rec->actions[i].ordinal);
    sqlite3_bind_text(s, 3, rec->actions[i].text ? rec->actions[i].text : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, st->source_id);
}

static void bind_finding(ot_store *st, sqlite3_stmt *s, long long insp, const ot_inspection_rec *rec, size_t i)
{
    const ot_finding_rec *f = &rec->findings[i];
    sqlite3_bind_int64(s, 1, insp);
    sqlite3_bind_int64(s, 2, (long long)i + 1);
    sqlite3_bind_text(s, 3, f->section ? f->section : "other", -1, SQLITE_STATIC);
    bind_text_or_null(s, 4, f->section_label);
    /* 0 means "none" in the record (an unnumbered summary): NULL here. */
    if (f->paragraph > 0)
        sqlite3_bind_int(s, 5, f->paragraph);
    else
        sqlite3_bind_null(s, 5);
    if (f->page > 0)
        sqlite3_bind_int(s, 6, f->page);
    else
        sqlite3_bind_null(s, 6);
    sqlite3_bind_text(s, 7, f->text ? f->text : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, st->source_id);
}

/* One kind of report text (actions or findings) of insp and how to write
 * a row of it; replace_rows() does the rest the same way for both. */
typedef struct {
    const char *delete_sql, *insert_sql;
    const char *replacing, *writing; /* for error messages */
    void (*bind)(ot_store *st, sqlite3_stmt *s, long long insp, const ot_inspection_rec *rec, size_t i);
} text_rows;

static const text_rows action_rows = {
    "DELETE FROM action WHERE inspection_id = ?",
    "INSERT INTO action(inspection_id, ordinal, text, source_id) VALUES (?,?,?,?)",
    "replacing actions", "writing action", bind_action,
};

static const text_rows finding_rows = {
    "DELETE FROM finding WHERE inspection_id = ?",
    "INSERT INTO finding(inspection_id, seq, section, section_label, paragraph, page, text, source_id)"
    " VALUES (?,?,?,?,?,?,?,?)",
    "replacing findings", "writing finding", bind_finding,
};

/* Replace insp's rows of one kind by rec's n rows (after the caller found
 * them different) and count them in *c as updated (some were held
 * before) or added.  Returns 0, or -1 with err set. */
static int replace_rows(ot_store *st, long long insp, const ot_inspection_rec *rec, size_t n, const text_rows *k,
                        ot_count *c, ot_error *err)
{
    sqlite3_stmt *s = prep_id(st, k->delete_sql, insp, err);
    if (!s)
        return -1;
    int rc = sqlite3_step(s);
    long removed = sqlite3_changes(st->conn);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return sql_fail(st, err, k->replacing);
    s = prep(st, k->insert_sql, err);
    if (!s)
        return -1;
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(s);
        k->bind(st, s, insp, rec, i);
        if (sqlite3_step(s) != SQLITE_DONE) {
            sqlite3_finalize(s);
            return sql_fail(st, err, k->writing);
        }
    }
    sqlite3_finalize(s);
    st->text_changed = true;
    if (removed)
        c->updated += (long)n;
    else
        c->added += (long)n;
    return 0;
}

static int replace_report_text(ot_store *st, long long insp, const ot_inspection_rec *rec, ot_error *err)
{
    bool do_actions = !rec->text_parts || (rec->text_parts & OT_TEXT_ACTIONS);
    bool do_findings = !rec->text_parts || (rec->text_parts & OT_TEXT_FINDINGS);
    int eq = do_actions ? actions_equal(st, insp, rec, err) : 1;
    if (eq < 0)
        return -1;
    if (eq)
        st->stats.actions.unchanged += (long)rec->n_actions;
    else if (replace_rows(st, insp, rec, rec->n_actions, &action_rows, &st->stats.actions, err) < 0)
        return -1;

    if (!do_findings)
        return 0;
    eq = findings_equal(st, insp, rec, err);
    if (eq < 0)
        return -1;
    if (eq) {
        st->stats.findings.unchanged += (long)rec->n_findings;
        return 0;
    }
    return replace_rows(st, insp, rec, rec->n_findings, &finding_rows, &st->stats.findings, err);
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
    if (step_done(st, s, "recording the source file", err) < 0)
        return -1;
    return sqlite3_last_insert_rowid(st->conn);
}

static int merge_inspection(ot_store *st, long long auth, const ot_inspection_rec *rec, const char *where, long long *out_id, ot_error *err)
{
    sqlite3_stmt *s = prep(st, "SELECT id, end_date, published, lead_inspector, web_link,"
                               " (SELECT kind FROM source_file WHERE id = inspection.source_id), source_id"
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
        if (step_done(st, s, "adding inspection", err) < 0)
            return -1;
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
        stored[i] = ot_db_column_dup(s, 1 + (int)i);
    const unsigned char *kind = sqlite3_column_text(s, 5);
    /* The report becomes the inspection's source: it is the fuller one
     * (nothing changes when it is already). */
    bool take_source = rec->has_report && !rec->text_parts && !(kind && strcmp((const char *)kind, "report") == 0) &&
                       sqlite3_column_int64(s, 6) != st->source_id;
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
            ot_sink_warnf(&st->sink, where, "%s %s: the report gives %s \"%s\", already stored \"%s\"; keeping the stored value",
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

/* ------------------------------------------------------------ shrink guard */

/* A damaged copy of a report still parses, into a fraction of what it
 * says; stored naively it would silently replace 59 findings with 1.  So a
 * report re-imported over a known inspection may not remove anything (nor
 * rewrite a grade another report gave) unless the user asked for it. */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* How many of the stored findings' paragraph numbers rec lacks (as
 * multisets); *stored gets their count.  -1 on error. */
static long findings_removed(ot_store *st, long long insp, const ot_inspection_rec *rec, long *stored, ot_error *err)
{
    sqlite3_stmt *s = prep_id(st, "SELECT paragraph FROM finding WHERE inspection_id = ? ORDER BY paragraph", insp, err);
    if (!s)
        return -1;
    int *have = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (ot_grow((void **)&have, &cap, n, sizeof *have) < 0) {
            free(have);
            sqlite3_finalize(s);
            ot_error_set(err, "out of memory");
            return -1;
        }
        have[n++] = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(have);
        return sql_fail(st, err, "reading findings");
    }
    int *want = rec->n_findings ? malloc(rec->n_findings * sizeof *want) : NULL;
    if (rec->n_findings && !want) {
        free(have);
        ot_error_set(err, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < rec->n_findings; i++)
        want[i] = rec->findings[i].paragraph;
    if (want)
        qsort(want, rec->n_findings, sizeof *want, cmp_int);
    long removed = 0;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j < rec->n_findings && want[j] < have[i])
            j++;
        if (j < rec->n_findings && want[j] == have[i])
            j++;
        else
            removed++;
    }
    free(have);
    free(want);
    *stored = (long)n;
    return removed;
}

static long count_rows(ot_store *st, const char *sql, long long insp, ot_error *err)
{
    sqlite3_stmt *s = prep_id(st, sql, insp, err);
    if (!s)
        return -1;
    long n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : sql_fail(st, err, "counting");
    sqlite3_finalize(s);
    return n;
}

static const ot_judgement_rec *rec_judgement(const ot_inspection_rec *rec, const char *area)
{
    for (size_t i = 0; i < rec->n_judgements; i++)
        if (rec->judgements[i].area && strcmp(rec->judgements[i].area, area) == 0)
            return &rec->judgements[i];
    return NULL;
}

/* Judgements a report gave that rec drops (*removed) or grades otherwise
 * (*changed); *stored counts the report's judgements.  Official ones are
 * not at stake: a report never overrides them. */
static int judgements_at_stake(ot_store *st, long long insp, const ot_inspection_rec *rec,
                               long *stored, long *removed, long *changed, ot_error *err)
{
    sqlite3_stmt *s = prep_id(st, "SELECT area, grade" REPORT_JUDGEMENTS, insp, err);
    if (!s)
        return -1;
    *stored = *removed = *changed = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const ot_judgement_rec *j = rec_judgement(rec, (const char *)sqlite3_column_text(s, 0));
        int grade = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 : sqlite3_column_int(s, 1);
        (*stored)++;
        if (!j)
            (*removed)++;
        else if (j->grade != grade)
            (*changed)++;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : sql_fail(st, err, "reading judgements");
}

static char *authority_name(ot_store *st, long long id)
{
    sqlite3_stmt *s = prep_id(st, "SELECT name FROM authority WHERE id = ?", id, NULL);
    if (!s)
        return NULL;
    char *name = sqlite3_step(s) == SQLITE_ROW ? ot_db_column_dup(s, 0) : NULL;
    sqlite3_finalize(s);
    return name;
}

/* What re-importing rec over the existing inspection insp would remove
 * or regrade. */
typedef struct at_stake {
    long findings, find_removed;
    long actions, act_removed;
    long judgements, judg_removed, judg_changed;
} at_stake;

static int weigh_stake(ot_store *st, long long insp, const ot_inspection_rec *rec, at_stake *k, ot_error *err)
{
    memset(k, 0, sizeof *k);
    k->find_removed = findings_removed(st, insp, rec, &k->findings, err);
    k->actions = count_rows(st, "SELECT count(*) FROM action WHERE inspection_id = ?", insp, err);
    if (k->find_removed < 0 || k->actions < 0 ||
        judgements_at_stake(st, insp, rec, &k->judgements, &k->judg_removed, &k->judg_changed, err) < 0)
        return -1;
    k->act_removed = k->actions > (long)rec->n_actions ? k->actions - (long)rec->n_actions : 0;
    /* A record that carries only some parts (an export's actions file, say)
     * leaves the others as they are: nothing of them is at stake. */
    if (rec->text_parts && !(rec->text_parts & OT_TEXT_ACTIONS))
        k->act_removed = 0;
    if (rec->text_parts && !(rec->text_parts & OT_TEXT_FINDINGS))
        k->find_removed = 0;
    return 0;
}

/* Refuse (-1, err set) when k is not empty, saying what is at stake. */
static int refuse_stake(ot_store *st, long long auth, const ot_inspection_rec *rec, const at_stake *k, ot_error *err)
{
    if (k->find_removed + k->act_removed + k->judg_removed + k->judg_changed == 0)
        return 0;
    ot_buf msg = OT_BUF_INIT;
    const char *sep = "would remove ";
    if (k->find_removed) {
        ot_buf_printf(&msg, "%s%ld of %ld findings", sep, k->find_removed, k->findings);
        sep = ", ";
    }
    if (k->act_removed) {
        ot_buf_printf(&msg, "%s%ld of %ld actions", sep, k->act_removed, k->actions);
        sep = ", ";
    }
    if (k->judg_removed)
        ot_buf_printf(&msg, "%s%ld of %ld judgements", sep, k->judg_removed, k->judgements);
    if (k->judg_changed)
        ot_buf_printf(&msg, "%swould change the grade of %ld of %ld judgements", msg.len ? "; " : "",
                      k->judg_changed, k->judgements);
    char *name = authority_name(st, auth);
    ot_error_set(err, "%s held for the %s inspection of %s starting %s; nothing was changed (is the file"
                      " damaged?); import --replace to replace them",
                 ot_buf_str(&msg), rec->framework, name ? name : "?", rec->start_date);
    free(name);
    ot_buf_free(&msg);
    return -1;
}

/* Under --replace, the report's own judgements that the new copy lacks
 * go with the rest of what it replaces. */
static int drop_report_judgements(ot_store *st, long long insp, const ot_inspection_rec *rec, ot_error *err)
{
    sqlite3_stmt *s = prep_id(st, "SELECT area" REPORT_JUDGEMENTS, insp, err);
    if (!s)
        return -1;
    ot_buf gone = OT_BUF_INIT; /* areas, NUL-separated */
    size_t n = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *area = (const char *)sqlite3_column_text(s, 0);
        if (area && !rec_judgement(rec, area)) {
            ot_buf_append(&gone, area, strlen(area) + 1);
            n++;
        }
    }
    sqlite3_finalize(s);
    int rc = 0;
    const char *area = ot_buf_str(&gone);
    for (size_t i = 0; i < n && rc == 0; i++, area += strlen(area) + 1) {
        s = prep(st, "DELETE FROM judgement WHERE inspection_id = ? AND area = ?", err);
        if (!s) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(s, 1, insp);
        sqlite3_bind_text(s, 2, area, -1, SQLITE_STATIC);
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : sql_fail(st, err, "removing judgement");
        sqlite3_finalize(s);
    }
    ot_buf_free(&gone);
    return rc;
}

/* Is the stored inspection insp the same report as rec: do most of rec's
 * numbered paragraphs stand in it word for word, under the same number?
 * Reports of two authorities share the odd standard sentence (unnumbered
 * summaries repeat Ofsted's wording) but never most of their numbered
 * paragraphs; a copy shares nearly all of them. */
static int shares_findings(ot_store *st, long long insp, const ot_inspection_rec *rec, ot_error *err)
{
    sqlite3_stmt *s = prep(st, "SELECT 1 FROM finding WHERE inspection_id = ? AND paragraph = ? AND text = ?", err);
    if (!s)
        return -1;
    size_t checked = 0, same = 0;
    for (size_t i = 0; i < rec->n_findings; i++) {
        const char *t = rec->findings[i].text;
        if (rec->findings[i].paragraph <= 0 || !t || strlen(t) < 80)
            continue; /* short ones ("Leaders are effective.") could recur */
        checked++;
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, insp);
        sqlite3_bind_int(s, 2, rec->findings[i].paragraph);
        sqlite3_bind_text(s, 3, t, -1, SQLITE_STATIC);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            same++;
        else if (rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            return sql_fail(st, err, "reading findings");
        }
    }
    sqlite3_finalize(s);
    return same > 0 && same * 2 >= checked;
}

/* A report whose authority name is new to the database, for an inspection
 * already held under another authority (same framework and dates, and a
 * paragraph in common), is a copy with a garbled name, not a second
 * inspection: refuse it rather than create a phantom authority.  Several
 * authorities are often inspected from the same day, so the dates alone
 * say nothing. */
static int guard_authority(ot_store *st, long long auth, const ot_inspection_rec *rec, ot_error *err)
{
    if (touched_state(&st->authorities, auth) != ST_NEW)
        return 0;
    sqlite3_stmt *s = prep(st, "SELECT id, authority_id FROM inspection WHERE framework = ?1 AND start_date = ?2"
                               " AND authority_id <> ?3 AND (?4 IS NULL OR end_date IS NULL OR end_date = ?4)"
                               " AND source_id IN (SELECT id FROM source_file WHERE kind = 'report')", err);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, rec->framework, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, rec->start_date, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, auth);
    bind_text_or_null(s, 4, rec->end_date);
    long long other = 0;
    int rc;
    while (!other && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int same = shares_findings(st, sqlite3_column_int64(s, 0), rec, err);
        if (same < 0) {
            sqlite3_finalize(s);
            return -1;
        }
        if (same)
            other = sqlite3_column_int64(s, 1);
    }
    if (!other && rc != SQLITE_DONE) {
        sqlite3_finalize(s);
        return sql_fail(st, err, "reading inspections");
    }
    sqlite3_finalize(s);
    if (!other)
        return 0;
    char *name = authority_name(st, other);
    ot_error_set(err, "would move the %s inspection of %s starting %s to a new authority \"%s\" (the same"
                      " report under another name); nothing was changed (is the file damaged?);"
                      " import --replace to allow it",
                 rec->framework, name ? name : "?", rec->start_date, rec->authority.name);
    free(name);
    return -1;
}

static int store_inspection(ot_sink *sink, const ot_inspection_rec *rec, ot_error *err)
{
    ot_store *st = record_store(sink, err);
    if (!st)
        return -1;
    const char *where = rec->where ? rec->where : "";
    if (!rec->framework || !rec->start_date) {
        ot_error_set(err, "inspection without a framework or start date");
        return -1;
    }
    long long auth = resolve_authority(st, &rec->authority, err);
    if (auth < 0)
        return -1;
    if (rec->has_report && !st->allow_replace && guard_authority(st, auth, rec, err) < 0)
        return -1;
    long long insp = 0;
    if (merge_inspection(st, auth, rec, where, &insp, err) < 0)
        return -1;
    if (rec->has_report && touched_state(&st->inspections, insp) != ST_NEW) {
        at_stake k;
        if (weigh_stake(st, insp, rec, &k, err) < 0)
            return -1;
        if (!st->allow_replace && refuse_stake(st, auth, rec, &k, err) < 0)
            return -1;
        st->stats.findings.removed += k.find_removed;
        st->stats.actions.removed += k.act_removed;
        st->stats.judgements.removed += k.judg_removed;
        if (k.judg_removed && drop_report_judgements(st, insp, rec, err) < 0)
            return -1;
    }
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
        if (step_done(st, s, "recording the source file", err) < 0)
            goto fail;
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

/* True when a file's import added, updated or removed anything. */
static bool stats_changed(const ot_import_stats *s)
{
    const ot_count *c[] = {&s->authorities, &s->inspections, &s->judgements, &s->actions, &s->findings, &s->neighbours};
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        if (c[i]->added || c[i]->updated || c[i]->removed)
            return true;
    return false;
}

static int store_end_file(ot_sink *sink, bool ok, ot_error *err)
{
    ot_store *st = (ot_store *)sink;
    if (!st->in_file)
        return ok ? 0 : -1;
    st->in_file = false;
    /* Files derived from the data (the search files) know they are stale
     * by these: findings_generation when findings' or actions' text
     * changed, data_generation when anything did. */
    if (ok && st->text_changed &&
        sqlite3_exec(st->conn,
                     "INSERT INTO meta(key, value) VALUES ('findings_generation', '1')"
                     " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
                     NULL, NULL, NULL) != SQLITE_OK) {
        sql_fail(st, err, "recording the change");
        ok = false;
    }
    if (ok && (st->text_changed || stats_changed(&st->stats)) &&
        sqlite3_exec(st->conn,
                     "INSERT INTO meta(key, value) VALUES ('data_generation', '1')"
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
    .neighbours = store_neighbours,
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

void ot_store_allow_new_authorities(ot_store *store, bool allow)
{
    store->allow_new = allow;
}

void ot_store_allow_replace(ot_store *store, bool allow)
{
    store->allow_replace = allow;
}

void ot_store_free(ot_store *store)
{
    if (!store)
        return;
    reg_free(store->reg);
    if (store->in_file)
        sqlite3_exec(store->conn, "ROLLBACK", NULL, NULL, NULL);
    free(store->authorities.ids);
    free(store->authorities.state);
    free(store->inspections.ids);
    free(store->inspections.state);
    free(store->file_name);
    free(store);
}
