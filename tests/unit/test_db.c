/* Opening databases: refusals leave files byte-for-byte as they were. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ofsted-tui/db.h"
#include "store/migrations.h"

static char dir[] = "/tmp/ot-db-test.XXXXXX";

static char *path_in_dir(const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return data;
}

static void refused_unchanged(const char *path, const char *why)
{
    size_t before_len, after_len;
    char *before = slurp(path, &before_len);
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(path, OT_DB_CREATE, &err);
    assert_null(db);
    if (!strstr(ot_error_msg(&err), why))
        fail_msg("expected '%s' in '%s'", why, ot_error_msg(&err));
    assert_non_null(strstr(ot_error_msg(&err), path));
    char *after = slurp(path, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    free(before);
    free(after);
    ot_error_clear(&err);
}

static void creates_and_migrates(void **state)
{
    (void)state;
    char *path = path_in_dir("new.db");
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(path, OT_DB_CREATE, &err);
    assert_non_null(db);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(ot_db_handle(db), "PRAGMA user_version", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), ot_db_schema_version());
    sqlite3_finalize(st);
    sqlite3_prepare_v2(ot_db_handle(db), "PRAGMA journal_mode", -1, &st, NULL);
    sqlite3_step(st);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_prepare_v2(ot_db_handle(db), "PRAGMA foreign_keys", -1, &st, NULL);
    sqlite3_step(st);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    assert_int_equal(ot_db_meta_set(db, "k", "v", &err), 0);
    ot_db_close(db);
    /* Reopening keeps what was there. */
    db = ot_db_open(path, 0, &err);
    assert_non_null(db);
    char *v = ot_db_meta_get(db, "k");
    assert_string_equal(v, "v");
    free(v);
    ot_db_close(db);
    free(path);
}

static void refuses_text_file(void **state)
{
    (void)state;
    char *path = path_in_dir("text.db");
    FILE *f = fopen(path, "w");
    fputs("not,a,database\n1,2,3\n", f);
    fclose(f);
    refused_unchanged(path, "not an SQLite database");
    free(path);
}

static void refuses_other_programs_database(void **state)
{
    (void)state;
    char *path = path_in_dir("other.db");
    sqlite3 *conn;
    sqlite3_open(path, &conn);
    sqlite3_exec(conn, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL, NULL);
    sqlite3_close(conn);
    refused_unchanged(path, "another program");
    free(path);
}

static void refuses_newer_schema(void **state)
{
    (void)state;
    char *path = path_in_dir("newer.db");
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(path, OT_DB_CREATE, &err);
    assert_non_null(db);
    sqlite3_exec(ot_db_handle(db), "PRAGMA user_version = 1000; PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    ot_db_close(db);
    refused_unchanged(path, "newer ofsted-tui");
    free(path);
}

static void refuses_directory_and_missing(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    assert_null(ot_db_open(dir, OT_DB_CREATE, &err));
    assert_non_null(strstr(ot_error_msg(&err), "is a directory"));
    char *missing = path_in_dir("nothing-here.db");
    assert_null(ot_db_open(missing, 0, &err));
    assert_int_equal(access(missing, F_OK), -1);
    char *deep = path_in_dir("no/such/dir/x.db");
    assert_null(ot_db_open(deep, OT_DB_CREATE, &err));
    assert_non_null(strstr(ot_error_msg(&err), "cannot write"));
    ot_db *db = ot_db_open(deep, OT_DB_CREATE | OT_DB_MAKE_DIRS, &err);
    assert_non_null(db);
    ot_db_close(db);
    free(missing);
    free(deep);
    ot_error_clear(&err);
}

static void resolves_paths(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    setenv("HOME", "/home/analyst", 1);
    unsetenv("XDG_DATA_HOME");
    unsetenv("OFSTED_TUI_DB");
    char *p = ot_db_resolve_path(NULL, &err);
    assert_string_equal(p, "/home/analyst/.local/share/ofsted-tui/ofsted.db");
    free(p);
    setenv("XDG_DATA_HOME", "/data", 1);
    p = ot_db_resolve_path(NULL, &err);
    assert_string_equal(p, "/data/ofsted-tui/ofsted.db");
    free(p);
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    p = ot_db_resolve_path(NULL, &err);
    assert_string_equal(p, "/home/analyst/.local/share/ofsted-tui/ofsted.db");
    free(p);
    setenv("OFSTED_TUI_DB", "/env.db", 1);
    p = ot_db_resolve_path(NULL, &err);
    assert_string_equal(p, "/env.db");
    free(p);
    assert_false(ot_db_path_is_default(NULL));
    p = ot_db_resolve_path("/flag.db", &err);
    assert_string_equal(p, "/flag.db");
    free(p);
    unsetenv("OFSTED_TUI_DB");
    assert_true(ot_db_path_is_default(NULL));
    assert_false(ot_db_path_is_default("/flag.db"));
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static long one_int(sqlite3 *conn, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &st, NULL), SQLITE_OK);
    long v = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* A version-1 database where one authority was stored twice under two
 * spellings (as imports did before the register) migrates into one
 * register authority holding everything both had; an authority the
 * register does not know stays as it was. */
static void version_1_database_joins_the_register(void **state)
{
    (void)state;
    char *path = path_in_dir("v1.db");
    sqlite3 *conn = NULL;
    assert_int_equal(sqlite3_open(path, &conn), SQLITE_OK);
    assert_int_equal(ot_migrations[0].version, 1);
    assert_int_equal(sqlite3_exec(conn, ot_migrations[0].sql, NULL, NULL, NULL), SQLITE_OK);
    const char *data =
        "PRAGMA user_version = 1; PRAGMA application_id = 1330008916;"
        "INSERT INTO source_file VALUES (1, 'wb.ods', 'a', 'workbook'), (2, 'r.pdf', 'b', 'report');"
        "INSERT INTO authority VALUES (1, 'E08000036', NULL, 'Wakefield', 'North East, Yorkshire and the Humber', 'current'),"
        " (2, NULL, NULL, 'Wakefield District Metropolitan Council', NULL, 'current'),"
        " (3, NULL, NULL, 'Borsetshire', 'Midsomer', 'current'), (4, NULL, NULL, 'East Riding', NULL, 'current');"
        "INSERT INTO authority_alias VALUES ('wakefield', 1), ('wakefield district metropolitan', 2), ('borsetshire', 3),"
        " ('east riding', 4);"
        "INSERT INTO inspection(id, authority_id, framework, start_date, source_id) VALUES"
        " (10, 1, 'ilacs_standard', '2021-11-08', 1), (20, 2, 'ilacs_standard', '2021-11-08', 2),"
        " (21, 2, 'sif', '2016-07-05', 2), (30, 3, 'sif', '2014-01-01', 2);"
        "UPDATE inspection SET lead_inspector = 'Victoria Horsefield' WHERE id = 20;"
        "INSERT INTO judgement(inspection_id, area, grade) VALUES (10, 'overall', 2), (20, 'overall', 2), (20, 'leaders', 1);"
        "INSERT INTO finding(inspection_id, seq, section, text) VALUES (20, 1, 'summary', 'a'), (20, 2, 'summary', 'b'),"
        " (21, 1, 'summary', 'c');";
    assert_int_equal(sqlite3_exec(conn, data, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(conn);

    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(path, OT_DB_CREATE, &err);
    if (!db)
        fail_msg("%s", ot_error_msg(&err));
    conn = ot_db_handle(db);
    assert_int_equal(one_int(conn, "PRAGMA user_version"), ot_db_schema_version());
    assert_int_equal(one_int(conn, "SELECT count(*) FROM authority"), 3);
    assert_int_equal(one_int(conn, "SELECT count(*) FROM authority WHERE id = 4 AND ons_code = 'E06000011' AND region IS NOT NULL"), 1);
    assert_int_equal(one_int(conn, "SELECT urn FROM authority WHERE ons_code = 'E08000036' AND name = 'Wakefield'"), 80451);
    assert_int_equal(one_int(conn, "SELECT count(*) FROM inspection WHERE authority_id = 1"), 2);
    assert_int_equal(one_int(conn, "SELECT count(*) FROM judgement WHERE inspection_id = 10"), 2);
    assert_int_equal(one_int(conn, "SELECT count(*) FROM finding f JOIN inspection i ON i.id = f.inspection_id WHERE i.authority_id = 1"), 3);
    assert_int_equal(one_int(conn, "SELECT count(*) FROM inspection WHERE id = 10 AND lead_inspector = 'Victoria Horsefield'"), 1);
    assert_int_equal(one_int(conn, "SELECT count(*) FROM authority_alias WHERE authority_id = 1"), 2);
    assert_int_equal(one_int(conn, "SELECT count(*) FROM authority WHERE name = 'Borsetshire' AND ons_code IS NULL"), 1);
    assert_int_equal(one_int(conn, "SELECT count(*) FROM inspection WHERE authority_id = 3"), 1);
    assert_int_equal(one_int(conn, "PRAGMA foreign_key_check"), -1);
    ot_db_close(db);
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creates_and_migrates),
        cmocka_unit_test(refuses_text_file),
        cmocka_unit_test(refuses_other_programs_database),
        cmocka_unit_test(refuses_newer_schema),
        cmocka_unit_test(refuses_directory_and_missing),
        cmocka_unit_test(resolves_paths),
        cmocka_unit_test(version_1_database_joins_the_register),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
