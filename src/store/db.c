/* Opening the database safely and migrating it: see ofsted-tui/db.h.
 *
 * The order of checks matters: everything that could refuse a file is read
 * before anything is written, because a refused file must stay byte-for-byte
 * as it was (even "PRAGMA journal_mode=WAL" rewrites the header). */
#include "config.h"

#include "ofsted-tui/db.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migrations.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/la_name.h"

/* "OFST": marks a database as ours, so another program's SQLite file is
 * never migrated into one. */
#define OT_APPLICATION_ID 0x4f465354

struct ot_db {
    sqlite3 *conn;
    char *path;
};

static char *dup_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? strdup(v) : NULL;
}

bool ot_db_path_is_default(const char *explicit_path)
{
    const char *env = getenv("OFSTED_TUI_DB");
    return !explicit_path && !(env && *env);
}

char *ot_db_resolve_path(const char *explicit_path, ot_error *err)
{
    if (explicit_path)
        return strdup(explicit_path);
    char *env = dup_env("OFSTED_TUI_DB");
    if (env)
        return env;
    ot_buf path = OT_BUF_INIT;
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    /* The XDG spec says a relative XDG_DATA_HOME is invalid: ignore it. */
    if (xdg && xdg[0] == '/')
        ot_buf_printf(&path, "%s/ofsted-tui/ofsted.db", xdg);
    else if (home && *home)
        ot_buf_printf(&path, "%s/.local/share/ofsted-tui/ofsted.db", home);
    else {
        ot_error_set(err, "no database path: set HOME, XDG_DATA_HOME or OFSTED_TUI_DB, or use --db FILE");
        return NULL;
    }
    return ot_buf_steal(&path);
}

/* mkdir -p of path's parent directory. */
static int make_parent_dirs(const char *path, ot_error *err)
{
    char *dir = strdup(path);
    if (!dir) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
        free(dir);
        return 0;
    }
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
                ot_error_set(err, "cannot create directory %s: %s", dir, strerror(errno));
                free(dir);
                return -1;
            }
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    free(dir);
    return 0;
}

/* Is path's directory writable (for a file that does not exist yet, and
 * for the -wal and -shm files of one that does)? */
static bool parent_writable(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return false;
    char *slash = strrchr(dir, '/');
    const char *d = ".";
    if (slash == dir)
        d = "/";
    else if (slash) {
        *slash = '\0';
        d = dir;
    }
    bool ok = access(d, W_OK | X_OK) == 0;
    free(dir);
    return ok;
}

static int exec_sql(sqlite3 *conn, const char *sql, ot_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ot_error_set(err, "%s", msg ? msg : sqlite3_errmsg(conn));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int query_int(sqlite3 *conn, const char *sql, int *out, ot_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(conn, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(st, 0);
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK)
        ot_error_set(err, "%s", sqlite3_errmsg(conn));
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : -1;
}

/* SQL la_name_key(name): the store's name key (la_name.h), so that SQL
 * (the register migration, queries) matches names exactly as imports do. */
static void sql_la_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *name = sqlite3_value_text(argv[0]);
    if (!name) {
        sqlite3_result_null(ctx);
        return;
    }
    char *key = ot_la_name_key((const char *)name);
    if (!key) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, key, -1, free);
}

/* SQL la_name_short_key(key): ot_la_name_short_key, or NULL. */
static void sql_la_name_short_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *key = sqlite3_value_text(argv[0]);
    char *short_key = key ? ot_la_name_short_key((const char *)key) : NULL;
    if (short_key)
        sqlite3_result_text(ctx, short_key, -1, free);
    else
        sqlite3_result_null(ctx);
}

static int migrate(sqlite3 *conn, int from, ot_error *err)
{
    if (exec_sql(conn, "BEGIN IMMEDIATE", err) < 0)
        return -1;
    for (int i = 0; i < ot_migration_count; i++) {
        const ot_migration *m = &ot_migrations[i];
        if (m->version <= from)
            continue;
        if (exec_sql(conn, m->sql, err) < 0) {
            ot_error_prefix(err, "schema migration %s failed", m->name);
            sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
        if (exec_sql(conn, pragma, err) < 0) {
            sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d", OT_APPLICATION_ID);
    if (exec_sql(conn, pragma, err) < 0 || exec_sql(conn, "COMMIT", err) < 0) {
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

int ot_db_schema_version(void)
{
    return ot_migrations[ot_migration_count - 1].version;
}

/* Read-only checks that decide whether we may touch the file at all. */
static int check_existing(sqlite3 *conn, const char *path, ot_error *err)
{
    int version = 0, app_id = 0, tables = 0;
    ot_error inner = OT_ERROR_INIT;
    if (query_int(conn, "PRAGMA user_version", &version, &inner) < 0 ||
        query_int(conn, "PRAGMA application_id", &app_id, &inner) < 0 ||
        query_int(conn, "SELECT count(*) FROM sqlite_schema", &tables, &inner) < 0) {
        ot_error_set(err, "%s: not an SQLite database (%s)", path, ot_error_msg(&inner));
        ot_error_clear(&inner);
        return -1;
    }
    if (app_id != OT_APPLICATION_ID && (app_id != 0 || tables > 0)) {
        ot_error_set(err, "%s: an SQLite database of another program, not an ofsted-tui database", path);
        return -1;
    }
    if (version > ot_db_schema_version()) {
        ot_error_set(err, "%s: made by a newer ofsted-tui (schema version %d; this program knows up to %d)",
                     path, version, ot_db_schema_version());
        return -1;
    }
    return version;
}

ot_db *ot_db_open(const char *path, int flags, ot_error *err)
{
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode)) {
        ot_error_set(err, "%s: is a directory, not a database file", path);
        return NULL;
    }
    if (exists && !S_ISREG(sb.st_mode)) {
        ot_error_set(err, "%s: not a regular file", path);
        return NULL;
    }
    if (!exists && !(flags & OT_DB_CREATE)) {
        ot_error_set(err, "%s: no such database", path);
        return NULL;
    }
    if (!exists && (flags & OT_DB_MAKE_DIRS) && make_parent_dirs(path, err) < 0)
        return NULL;
    if ((exists && access(path, R_OK | W_OK) != 0) || !parent_writable(path)) {
        ot_error_set(err, "%s: cannot write here (%s)", path,
                     exists && access(path, R_OK | W_OK) != 0 ? strerror(errno)
                                                             : "directory missing or not writable");
        return NULL;
    }

    sqlite3 *conn = NULL;
    int open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (exists ? 0 : SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &conn, open_flags, NULL) != SQLITE_OK) {
        ot_error_set(err, "%s: %s", path, conn ? sqlite3_errmsg(conn) : "cannot open");
        sqlite3_close(conn);
        return NULL;
    }
    sqlite3_extended_result_codes(conn, 1);
    sqlite3_busy_timeout(conn, 5000);

    int version = check_existing(conn, path, err);
    if (version < 0)
        goto fail;
    if (sqlite3_create_function(conn, "la_name_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                sql_la_name_key, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(conn, "la_name_short_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                sql_la_name_short_key, NULL, NULL) != SQLITE_OK) {
        ot_error_set(err, "%s: %s", path, sqlite3_errmsg(conn));
        goto fail;
    }
    /* Setting the journal mode rewrites the header even when nothing else
     * changes, so only do it when the database is not in WAL mode yet. */
    ot_error inner = OT_ERROR_INIT;
    sqlite3_stmt *mode = NULL;
    bool wal = false;
    if (sqlite3_prepare_v2(conn, "PRAGMA journal_mode", -1, &mode, NULL) == SQLITE_OK &&
        sqlite3_step(mode) == SQLITE_ROW)
        wal = strcmp((const char *)sqlite3_column_text(mode, 0), "wal") == 0;
    sqlite3_finalize(mode);
    if ((!wal && exec_sql(conn, "PRAGMA journal_mode = WAL", &inner) < 0) ||
        exec_sql(conn, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", &inner) < 0 ||
        (version < ot_db_schema_version() && migrate(conn, version, &inner) < 0)) {
        ot_error_set(err, "%s: %s", path, ot_error_msg(&inner));
        ot_error_clear(&inner);
        goto fail;
    }

    ot_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        ot_error_set(err, "out of memory");
        goto fail;
    }
    db->conn = conn;
    return db;

fail:
    sqlite3_close(conn);
    if (!exists)
        unlink(path); /* leave no half-made file behind */
    return NULL;
}

struct sqlite3 *ot_db_handle(ot_db *db)
{
    return db->conn;
}

const char *ot_db_path(const ot_db *db)
{
    return db->path;
}

char *ot_db_meta_get(ot_db *db, const char *key)
{
    sqlite3_stmt *st = NULL;
    char *value = NULL;
    if (sqlite3_prepare_v2(db->conn, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            value = strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return value;
}

int ot_db_meta_set(ot_db *db, const char *key, const char *value, ot_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->conn,
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    if (rc != SQLITE_OK)
        ot_error_set(err, "%s: %s", db->path, sqlite3_errmsg(db->conn));
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : -1;
}

int ot_db_read_begin(ot_db *db, ot_error *err)
{
    ot_error inner = OT_ERROR_INIT;
    if (exec_sql(db->conn, "BEGIN DEFERRED", &inner) < 0) {
        ot_error_set(err, "%s: %s", db->path, ot_error_msg(&inner));
        ot_error_clear(&inner);
        return -1;
    }
    return 0;
}

void ot_db_read_end(ot_db *db)
{
    if (!sqlite3_get_autocommit(db->conn))
        sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
}

void ot_db_close(ot_db *db)
{
    if (!db)
        return;
    sqlite3_close(db->conn);
    free(db->path);
    free(db);
}
