/* The search session on a small real SQLite database: hits in the sort's
 * order on the first run and the next, an inspection whose paragraph ids
 * are not one run, the hits
 * readable as a growing prefix during progress, a cancel keeping the first
 * hits, counts by key, the filters' checks, and the rows of hits following
 * the data. */
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
#include <unistd.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/search.h"

static char dir[] = "/tmp/ot-session-test.XXXXXX";
static char db_path[256];

enum { N_INSPECTIONS = 300 };

static void exec_sql(ot_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(ot_db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* Inspection k (1..N) of authority "Shire (k % 3)", started on a date
 * that puts them out of id order, graded (k % 4) + 1 overall, with three
 * findings "needle k.1" .. "needle k.3" under in_care, except that
 * inspection 2's findings are split around inspection 3's ids. */
static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(db_path, sizeof db_path, "%s/t.db", dir);
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(db_path, OT_DB_CREATE, &err);
    if (!db)
        return -1;
    exec_sql(db, "BEGIN; INSERT INTO authority(id, name, region) VALUES (1, 'Ashire', 'North'), (2, 'Bshire', 'South'),"
                 " (3, 'Cshire', 'South')");
    long long fid = 1;
    char sql[512];
    for (int k = 1; k <= N_INSPECTIONS; k++) {
        /* dates: 2000 + (k * 7 % 25) years, day k % 28 + 1: not id order */
        snprintf(sql, sizeof sql,
                 "INSERT INTO inspection(id, authority_id, framework, start_date) VALUES (%d, %d, 'sif', '%04d-01-%02d');"
                 "INSERT INTO judgement(inspection_id, area, grade) VALUES (%d, 'overall', %d), (%d, 'in_care', %d)",
                 k, k % 3 + 1, 2000 + k * 7 % 25, k % 28 + 1, k, k % 4 + 1, k, (k + 1) % 4 + 1);
        exec_sql(db, sql);
    }
    for (int k = 1; k <= N_INSPECTIONS; k++) {
        if (k == 3)
            continue; /* written inside inspection 2's run below */
        for (int p = 1; p <= 3; p++) {
            if (k == 2 && p == 2)
                for (int q = 1; q <= 3; q++) {
                    snprintf(sql, sizeof sql,
                             "INSERT INTO finding(id, inspection_id, seq, section, paragraph, text)"
                             " VALUES (%lld, 3, %d, 'in_care', %d, 'a needle 3.%d')",
                             fid++, q, q, q);
                    exec_sql(db, sql);
                }
            snprintf(sql, sizeof sql,
                     "INSERT INTO finding(id, inspection_id, seq, section, paragraph, text)"
                     " VALUES (%lld, %d, %d, 'in_care', %d, 'a needle %d.%d')",
                     fid++, k, p, p, k, p);
            exec_sql(db, sql);
        }
    }
    exec_sql(db, "INSERT INTO meta(key, value) VALUES ('findings_generation', '1')"
                 " ON CONFLICT(key) DO UPDATE SET value = '1'; COMMIT");
    ot_db_close(db);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static ot_db *open_db(void)
{
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(db_path, 0, &err);
    if (!db)
        fail_msg("%s", ot_error_msg(&err));
    return db;
}

/* The expected order of inspections for a sort, from SQL. */
static void expected_order(ot_db *db, const char *order_by, int *out)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT i.id FROM inspection i JOIN authority a ON a.id = i.authority_id ORDER BY %s", order_by);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        out[n++] = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    assert_int_equal(n, N_INSPECTIONS);
}

/* Every hit, in order, is "needle K.P" of the expected inspections in
 * turn, paragraphs 1..3 each. */
static void check_order(ot_search_session *s, const int *order)
{
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(ot_search_count(s), 3 * N_INSPECTIONS);
    for (size_t k = 0; k < ot_search_count(s); k++) {
        const ot_search_hit *h = ot_search_hit_at(s, k, &err);
        assert_non_null(h);
        char want[64];
        snprintf(want, sizeof want, "a needle %d.%zu", order[k / 3], k % 3 + 1);
        if (h->text_len != strlen(want) || memcmp(h->text, want, h->text_len) != 0)
            fail_msg("hit %zu: '%.*s', expected '%s'", k, (int)h->text_len, h->text, want);
        assert_int_equal(h->n_spans, 1);
    }
}

static void test_sorted(void **state)
{
    (void)state;
    ot_db *db = open_db();
    ot_search_session *s = ot_search_session_new(db);
    assert_non_null(s);
    ot_search_query q = OT_SEARCH_QUERY_INIT;
    ot_error err = OT_ERROR_INIT;
    size_t col;
    int order[N_INSPECTIONS];
    static const struct {
        const char *sort, *order_by;
    } sorts[] = {
        {"date", "i.start_date DESC, i.id DESC"},
        {"authority", "a.name, i.start_date DESC, i.id DESC"},
        {"grade", "(SELECT grade FROM judgement j WHERE j.inspection_id = i.id AND j.area = 'overall'), i.start_date DESC, i.id DESC"},
    };
    ot_search_opts opts = {.want_spans = true, .threads = 2};
    for (size_t i = 0; i < 3; i++) {
        char text[64];
        snprintf(text, sizeof text, "sort:%s needle", sorts[i].sort);
        assert_int_equal(ot_search_query_parse(&q, text, &col, &err), 0);
        expected_order(db, sorts[i].order_by, order);
        /* The first run works the order out in batches; the second uses
         * the order kept. */
        for (int run = 0; run < 2; run++) {
            assert_int_equal(ot_search_run(s, &q, &opts, &col, &err), OT_REGEX_MATCH);
            check_order(s, order);
        }
    }
    /* Unordered: the same hits in corpus order. */
    ot_search_opts unordered = {.unordered = true};
    assert_int_equal(ot_search_run(s, &q, &unordered, &col, &err), OT_REGEX_MATCH);
    assert_int_equal(ot_search_count(s), 3 * N_INSPECTIONS);
    ot_search_query_free(&q);
    ot_search_session_free(s);
    ot_db_close(db);
}

struct watch {
    size_t calls, last;
    bool prefix_ok;
    size_t cancel_after;
    char first[64];
};

static void on_progress(void *data, ot_search_session *s)
{
    struct watch *w = data;
    ot_error err = OT_ERROR_INIT;
    size_t n = ot_search_count(s);
    if (n < w->last)
        w->prefix_ok = false; /* the prefix never shrinks */
    if (n) {
        const ot_search_hit *h = ot_search_hit_at(s, 0, &err);
        if (!h)
            w->prefix_ok = false;
        else if (!w->first[0])
            snprintf(w->first, sizeof w->first, "%.*s", (int)h->text_len, h->text);
        else if (strncmp(w->first, h->text, h->text_len) != 0)
            w->prefix_ok = false; /* hit 0 stays hit 0 */
    }
    w->last = n;
    w->calls++;
}

static int cancel_soon(void *data)
{
    const struct watch *w = data;
    return w->cancel_after && w->calls >= w->cancel_after;
}

static void test_progress_and_cancel(void **state)
{
    (void)state;
    ot_db *db = open_db();
    ot_search_session *s = ot_search_session_new(db);
    ot_search_query q = OT_SEARCH_QUERY_INIT;
    ot_search_query_set_pattern(&q, "needle");
    ot_error err = OT_ERROR_INIT;
    struct watch w = {.prefix_ok = true};
    ot_search_opts opts = {.want_spans = true, .threads = 1, .progress = on_progress, .progress_data = &w,
                           .cancel = cancel_soon, .cancel_data = &w};
    /* Sorted by authority, the scan visits one stretch per inspection, so
     * even this small corpus is scanned, and reported, in several steps
     * (in date order it is one stretch, the file from its start). */
    q.sort = OT_SEARCH_SORT_AUTHORITY;
    assert_int_equal(ot_search_run(s, &q, &opts, NULL, &err), OT_REGEX_MATCH);
    assert_true(w.calls > 1);
    assert_true(w.prefix_ok);
    assert_false(ot_search_partial(s));
    const ot_search_hit *h = ot_search_hit_at(s, 0, &err);
    assert_non_null(h);
    assert_int_equal(strncmp(w.first, h->text, h->text_len), 0);
    size_t all = ot_search_count(s);

    /* Cancelled after a few progress calls: the first hits stay, partial. */
    w = (struct watch){.prefix_ok = true, .cancel_after = 3};
    ot_search_query_set_pattern(&q, "needle [0-9]");
    assert_int_equal(ot_search_run(s, &q, &opts, NULL, &err), OT_REGEX_CANCELLED);
    assert_true(ot_search_partial(s));
    assert_true(ot_search_count(s) > 0 && ot_search_count(s) < all);
    h = ot_search_hit_at(s, 0, &err);
    assert_non_null(h);
    assert_int_equal(strncmp(w.first, h->text, h->text_len), 0);

    /* Cancelled before any progress: the previous hits stay as they were. */
    size_t before = ot_search_count(s);
    w = (struct watch){.prefix_ok = true, .cancel_after = 0};
    opts.cancel = cancel_soon;
    struct watch stop_now = {.cancel_after = 0, .calls = 1};
    opts.cancel_data = &stop_now;
    stop_now.cancel_after = 1;
    ot_search_query_set_pattern(&q, "needle 1");
    assert_int_equal(ot_search_run(s, &q, &opts, NULL, &err), OT_REGEX_CANCELLED);
    assert_int_equal(ot_search_count(s), before);
    ot_search_query_free(&q);
    ot_search_session_free(s);
    ot_db_close(db);
}

static void test_count_by_and_filters(void **state)
{
    (void)state;
    ot_db *db = open_db();
    ot_search_session *s = ot_search_session_new(db);
    ot_search_query q = OT_SEARCH_QUERY_INIT;
    ot_error err = OT_ERROR_INIT;
    size_t col;
    assert_int_equal(ot_search_query_parse(&q, "overall:2 needle", &col, &err), 0);
    assert_int_equal(ot_search_run(s, &q, NULL, NULL, &err), OT_REGEX_MATCH);
    /* k % 4 + 1 == 2: k = 1, 5, 9, ... */
    assert_int_equal(ot_search_count(s), 3 * (N_INSPECTIONS / 4));
    for (size_t k = 0; k < ot_search_count(s); k++)
        assert_int_equal(ot_search_hit_at(s, k, &err)->overall, 2);
    ot_search_group *g;
    size_t n;
    assert_int_equal(ot_search_count_by(s, OT_SEARCH_BY_REGION, &g, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_true(g[0].count >= g[1].count);
    assert_int_equal(g[0].count + g[1].count, ot_search_count(s));
    ot_search_groups_free(g, n);
    assert_int_equal(ot_search_count_by(s, OT_SEARCH_BY_YEAR, &g, &n, &err), 0);
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(g[i - 1].name, g[i].name) < 0);
    ot_search_groups_free(g, n);

    /* grade: the section's own grade, in_care graded (k + 1) % 4 + 1. */
    assert_int_equal(ot_search_query_parse(&q, "grade:2 needle", &col, &err), 0);
    assert_int_equal(ot_search_run(s, &q, NULL, NULL, &err), OT_REGEX_MATCH);
    for (size_t k = 0; k < ot_search_count(s); k++) {
        const ot_search_hit *h = ot_search_hit_at(s, k, &err);
        int insp = atoi(h->text + strlen("a needle "));
        assert_int_equal((insp + 1) % 4 + 1, 2);
    }
    /* A region not in the database. */
    assert_int_equal(ot_search_query_parse(&q, "region:Mars needle", &col, &err), 0);
    assert_int_equal(ot_search_run(s, &q, NULL, NULL, &err), OT_REGEX_ERROR);
    assert_non_null(strstr(ot_error_msg(&err), "no region 'Mars'"));
    ot_error_clear(&err);
    /* A bad pattern: the column is in the prompt text. */
    assert_int_equal(ot_search_query_parse(&q, "la:Ashire a(b", &col, &err), 0);
    assert_int_equal(ot_search_run(s, &q, NULL, &col, &err), OT_REGEX_ERROR);
    assert_int_equal(col, strlen("la:Ashire a(b"));
    ot_error_clear(&err);
    ot_search_query_free(&q);
    ot_search_session_free(s);
    ot_db_close(db);
}

/* What a hit shows comes from the rows file beside the corpus; when the
 * data change without the text changing (an authority renamed by an
 * import), the store moves data_generation and the next session shows the
 * new name. */
static void test_rows_follow_data(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    for (int round = 0; round < 2; round++) {
        ot_db *db = open_db();
        if (round == 1)
            exec_sql(db, "UPDATE authority SET name = 'Dshire' WHERE id = 3;"
                         "INSERT INTO meta(key, value) VALUES ('data_generation', '1')"
                         " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
        ot_search_session *s = ot_search_session_new(db);
        ot_search_query q = OT_SEARCH_QUERY_INIT;
        ot_search_query_set_pattern(&q, "needle 5\\.2$");
        assert_int_equal(ot_search_run(s, &q, NULL, NULL, &err), OT_REGEX_MATCH);
        assert_int_equal(ot_search_count(s), 1);
        const ot_search_hit *h = ot_search_hit_at(s, 0, &err);
        assert_non_null(h);
        assert_string_equal(h->authority, round == 0 ? "Cshire" : "Dshire");
        assert_int_equal(h->inspection_id, 5);
        assert_int_equal(h->paragraph, 2);
        assert_string_equal(h->section, "in_care");
        assert_int_equal(h->overall, 5 % 4 + 1);
        ot_search_query_free(&q);
        ot_search_session_free(s);
        ot_db_close(db);
    }
    char rows[300];
    snprintf(rows, sizeof rows, "%s-search-rows", db_path);
    assert_int_equal(access(rows, R_OK), 0);
}

/* A pattern that does not compile leaves the hits before it readable,
 * their spans still those of the pattern that found them (typing "\\"
 * after "needle" must not lose or crash the screen). */
static void test_bad_pattern_keeps_hits(void **state)
{
    (void)state;
    ot_db *db = open_db();
    ot_search_session *s = ot_search_session_new(db);
    ot_search_query q = OT_SEARCH_QUERY_INIT;
    ot_error err = OT_ERROR_INIT;
    ot_search_opts opts = {.want_spans = true};
    ot_search_query_set_pattern(&q, "needle 7\\.");
    assert_int_equal(ot_search_run(s, &q, &opts, NULL, &err), OT_REGEX_MATCH);
    size_t n = ot_search_count(s);
    assert_true(n > 0);
    ot_search_query_set_pattern(&q, "needle 7\\");
    assert_int_equal(ot_search_run(s, &q, &opts, NULL, &err), OT_REGEX_ERROR);
    ot_error_clear(&err);
    assert_int_equal(ot_search_count(s), n);
    const ot_search_hit *h = ot_search_hit_at(s, 0, &err);
    assert_non_null(h);
    assert_int_equal(h->n_spans, 1);
    assert_int_equal(h->spans[0].end - h->spans[0].start, strlen("needle 7."));
    assert_non_null(ot_search_regex(s));
    ot_search_query_free(&q);
    ot_search_session_free(s);
    ot_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted),
        cmocka_unit_test(test_progress_and_cancel),
        cmocka_unit_test(test_count_by_and_filters),
        cmocka_unit_test(test_bad_pattern_keeps_hits),
        cmocka_unit_test(test_rows_follow_data),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
