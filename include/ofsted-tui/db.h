/* The database file: where it lives, opening it safely, migrations.
 *
 * Only the store, query and export modules see the sqlite3 handle. */
#ifndef OFSTED_TUI_DB_H
#define OFSTED_TUI_DB_H

#include <stdbool.h>

#include "ofsted-tui/error.h"

typedef struct ot_db ot_db;
struct sqlite3;

/* The database path to use: explicit (from --db) when not NULL, else
 * $OFSTED_TUI_DB, else $XDG_DATA_HOME/ofsted-tui/ofsted.db, else
 * $HOME/.local/share/ofsted-tui/ofsted.db.  Returns a malloc'd string, or
 * NULL with err set when no HOME is known. */
char *ot_db_resolve_path(const char *explicit_path, ot_error *err);

/* True when path is the default location (not given by --db or the
 * environment): only then is its directory created on open. */
bool ot_db_path_is_default(const char *explicit_path);

enum {
    OT_DB_CREATE = 1 << 0,    /* create the file if it does not exist */
    OT_DB_MAKE_DIRS = 1 << 1, /* create missing parent directories */
};

/* Open (or create) the database at path and bring its schema up to date.
 * Refuses, leaving the file byte-for-byte as it was: a directory, a file
 * that is not SQLite, an SQLite file of another program, a database made by
 * a newer ofsted-tui, and a path that cannot be written.  Turns on WAL,
 * foreign keys and a busy timeout.  Returns NULL with err set ("PATH: why"). */
ot_db *ot_db_open(const char *path, int flags, ot_error *err);

/* The underlying connection, for store/query/export modules only. */
struct sqlite3 *ot_db_handle(ot_db *db);

/* The path the database was opened with. */
const char *ot_db_path(const ot_db *db);

/* The schema version this program writes. */
int ot_db_schema_version(void);

/* Value of meta key, malloc'd, or NULL when absent. */
char *ot_db_meta_get(ot_db *db, const char *key);

/* Set a meta key (outside any open transaction of the caller's, or
 * inside it: it joins whatever is open).  Returns 0 or -1 with err set. */
int ot_db_meta_set(ot_db *db, const char *key, const char *value, ot_error *err);

/* A read snapshot: every query until ot_db_read_end sees the database as
 * it was at the first one, and they share one lock instead of taking and
 * checking it per statement (which costs more than a small query).  Not
 * for use inside a write transaction.  Returns 0 or -1 with err set. */
int ot_db_read_begin(ot_db *db, ot_error *err);

/* End the snapshot of ot_db_read_begin (nothing to do when none is open). */
void ot_db_read_end(ot_db *db);

void ot_db_close(ot_db *db);

/* For the modules that speak SQL (store, query, search, export). */
struct sqlite3_stmt;

/* A malloc'd copy of column i of st's current row, or NULL when the value
 * is NULL (or memory ran out).  Copy before the next sqlite3_step. */
char *ot_db_column_dup(struct sqlite3_stmt *st, int i);

/* Set err to "DATABASE: SQLite's last message" and return -1. */
int ot_db_fail(ot_db *db, ot_error *err);

#endif
