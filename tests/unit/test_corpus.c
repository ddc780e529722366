/* The search corpus file beside the database: reused while current,
 * rebuilt when the findings change or another database takes the path,
 * ignored (and rebuilt) when damaged. */
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

#include "ofsted-tui/corpus.h"
#include "ofsted-tui/db.h"

static char dir[] = "/tmp/ot-corpus-test.XXXXXX";
static char db_path[256], corpus_path[256];

static void exec_sql(ot_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(ot_db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A new database at db_path with n findings "finding K of TAG". */
static void make_db(const char *tag, int n)
{
    unlink(db_path);
    unlink(corpus_path);
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", db_path);
    unlink(wal);
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(db_path, OT_DB_CREATE, &err);
    assert_non_null(db);
    exec_sql(db, "INSERT INTO authority(id, name) VALUES (1, 'Testshire');"
                 "INSERT INTO inspection(id, authority_id, framework, start_date) VALUES (1, 1, 'sif', '2015-01-01');"
                 "INSERT INTO meta(key, value) VALUES ('findings_generation', '1')"
                 " ON CONFLICT(key) DO UPDATE SET value = '1'");
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(ot_db_handle(db),
                                        "INSERT INTO finding(id, inspection_id, seq, section, text) VALUES (?1, 1, ?1, 'in_care', ?2)",
                                        -1, &st, NULL), SQLITE_OK);
    for (int i = 1; i <= n; i++) {
        char text[128];
        /* Odd ids hold a line break, which the corpus turns into a space. */
        snprintf(text, sizeof text, "finding %d of %s%s", i, tag, i % 2 ? "\nwrapped" : " plain");
        sqlite3_bind_int(st, 1, i * 3);
        sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    ot_db_close(db);
}

static ot_db *open_db(void)
{
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(db_path, 0, &err);
    if (!db)
        fail_msg("%s", ot_error_msg(&err));
    return db;
}

/* Open the corpus and check it against the database row by row; returns
 * whether it came from the file (mapped) rather than being rebuilt. */
/* Could the cache file be written (it is not, e.g., a directory)? */
static int file_writable(void)
{
    struct stat sb;
    return stat(corpus_path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int open_and_check(const char *tag, int n)
{
    ot_db *db = open_db();
    ot_error err = OT_ERROR_INIT;
    ot_corpus *c = ot_corpus_open(db, OT_CORPUS_FINDINGS, &err);
    if (!c)
        fail_msg("%s", ot_error_msg(&err));
    const ot_textscan *ts = ot_corpus_scan(c);
    assert_int_equal(ot_textscan_count(ts), (size_t)n);
    for (int i = 1; i <= n; i++) {
        char want[128];
        snprintf(want, sizeof want, "finding %d of %s%s", i, tag, i % 2 ? " wrapped" : " plain");
        size_t len;
        const char *got = ot_textscan_para(ts, (size_t)i - 1, &len);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(got, want, len);
        assert_int_equal(ot_corpus_id(c, (size_t)i - 1), i * 3);
    }

    /* A search gives the same answer however the corpus was loaded. */
    size_t erroff;
    ot_regex *re = ot_regex_new("wrapped", 7, OT_REGEX_SMART_CASE, &erroff, &err);
    assert_non_null(re);
    ot_textscan_result r = OT_TEXTSCAN_RESULT_INIT;
    int rc = ot_textscan_run(ts, re, NULL, &r, &err);
    assert_int_equal(rc, n ? OT_REGEX_MATCH : OT_REGEX_NOMATCH);
    assert_int_equal(r.count, (size_t)(n + 1) / 2);
    ot_textscan_result_free(&r);
    ot_regex_free(re);

    int mapped = !ot_corpus_rebuilt(c);
    /* Once built, the corpus is read from its file whenever one could be
     * written, so the heap copy does not stay resident. */
    if (!mapped && file_writable())
        assert_non_null(ot_corpus_file(c));
    ot_corpus_free(c);
    ot_db_close(db);
    return mapped;
}

static ino_t file_inode(void)
{
    struct stat sb;
    if (stat(corpus_path, &sb) < 0)
        return 0;
    return sb.st_ino;
}

static void built_then_reused(void **state)
{
    (void)state;
    make_db("alpha", 500);
    assert_int_equal(file_inode(), 0);
    assert_false(open_and_check("alpha", 500)); /* built, in memory */
    ino_t ino = file_inode();
    assert_true(ino != 0);
    assert_true(open_and_check("alpha", 500)); /* mapped from the file */
    assert_true(open_and_check("alpha", 500));
    assert_true(file_inode() == ino); /* not rewritten */
}

static void rebuilt_when_findings_change(void **state)
{
    (void)state;
    make_db("beta", 300);
    assert_false(open_and_check("beta", 300));
    assert_true(open_and_check("beta", 300));
    ot_db *db = open_db();
    exec_sql(db, "INSERT INTO finding(id, inspection_id, seq, section, text)"
                 " VALUES (903, 1, 903, 'in_care', 'finding 301 of beta\nwrapped');"
                 "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'findings_generation'");
    ot_db_close(db);
    assert_false(open_and_check("beta", 301));
    assert_true(open_and_check("beta", 301));
}

/* The ids of the corpus's paragraphs, in its order, as "3 4 1 2". */
static void corpus_ids(char *out, size_t size)
{
    ot_db *db = open_db();
    ot_error err = OT_ERROR_INIT;
    ot_corpus *c = ot_corpus_open(db, OT_CORPUS_FINDINGS, &err);
    if (!c)
        fail_msg("%s", ot_error_msg(&err));
    size_t n = ot_textscan_count(ot_corpus_scan(c)), at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && at < size; i++)
        at += (size_t)snprintf(out + at, size - at, "%s%lld", i ? " " : "", ot_corpus_id(c, i));
    ot_corpus_free(c);
    ot_db_close(db);
}

/* Paragraphs are kept newest inspection first, each one's in id order;
 * a change of dates alone (data_generation) puts them in the new order. */
static void in_date_order(void **state)
{
    (void)state;
    make_db("zeta", 2); /* findings 3 and 6, inspection 1 of 2015 */
    ot_db *db = open_db();
    exec_sql(db, "INSERT INTO inspection(id, authority_id, framework, start_date) VALUES (2, 1, 'sif', '2019-05-01');"
                 "INSERT INTO inspection(id, authority_id, framework, start_date) VALUES (3, 1, 'jar', '2019-05-01');"
                 "INSERT INTO finding(id, inspection_id, seq, section, text) VALUES"
                 " (1, 2, 1, 'in_care', 'b'), (2, 3, 1, 'in_care', 'c'), (4, 2, 2, 'in_care', 'd'),"
                 " (5, 1, 9, 'in_care', 'e');"
                 "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'findings_generation'");
    ot_db_close(db);
    char ids[64];
    corpus_ids(ids, sizeof ids);
    /* Same date: the later inspection first, as search lists them. */
    assert_string_equal(ids, "2 1 4 3 5 6");
    db = open_db();
    exec_sql(db, "UPDATE inspection SET start_date = '2024-01-01' WHERE id = 1;"
                 "INSERT INTO meta(key, value) VALUES ('data_generation', '7')"
                 " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
    ot_db_close(db);
    corpus_ids(ids, sizeof ids);
    assert_string_equal(ids, "3 5 6 2 1 4");
}

static void rebuilt_for_another_database(void **state)
{
    (void)state;
    make_db("gamma", 200);
    assert_false(open_and_check("gamma", 200));
    assert_true(open_and_check("gamma", 200));
    /* A new database at the same path, same generation and the same
     * number of findings: only its identity tells it apart. */
    char saved[300];
    snprintf(saved, sizeof saved, "%s.saved", corpus_path);
    assert_int_equal(rename(corpus_path, saved), 0);
    make_db("delta", 200);
    assert_int_equal(rename(saved, corpus_path), 0);
    assert_false(open_and_check("delta", 200));
    assert_true(open_and_check("delta", 200));
}

static void empty_database(void **state)
{
    (void)state;
    make_db("none", 0);
    assert_false(open_and_check("none", 0));
    assert_true(open_and_check("none", 0));
}

static char *slurp(size_t *len)
{
    FILE *f = fopen(corpus_path, "rb");
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

static void spit(const char *data, size_t len)
{
    FILE *f = fopen(corpus_path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Damage a good corpus file with `damage`, then check the corpus is
 * rebuilt right and the file made good again. */
static void check_damage(void (*damage)(char *data, size_t *len))
{
    assert_true(open_and_check("epsilon", 400));
    size_t len;
    char *data = slurp(&len);
    damage(data, &len);
    spit(data, len);
    free(data);
    assert_false(open_and_check("epsilon", 400));
    assert_true(open_and_check("epsilon", 400));
}

static void cut_to_half(char *data, size_t *len)
{
    (void)data;
    *len /= 2;
}

static void cut_last_byte(char *data, size_t *len)
{
    (void)data;
    *len -= 1;
}

static void cut_to_nothing(char *data, size_t *len)
{
    (void)data;
    *len = 0;
}

static void cut_inside_header(char *data, size_t *len)
{
    (void)data;
    *len = 20;
}

static void all_garbage(char *data, size_t *len)
{
    srand(7);
    for (size_t i = 0; i < *len; i++)
        data[i] = (char)(rand() & 0xff);
}

static void header_bit_flipped(char *data, size_t *len)
{
    (void)len;
    data[64] ^= 0x04; /* inside the counts */
}

static void old_version(char *data, size_t *len)
{
    (void)len;
    data[6] = '2'; /* "OTSRCH2": the index before the text */
}

/* The file ends with the 401 starts. */
static uint64_t *starts_of(char *data, size_t len)
{
    return (uint64_t *)(void *)(data + len - 401 * 8);
}

static void starts_out_of_order(char *data, size_t *len)
{
    uint64_t *starts = starts_of(data, *len);
    uint64_t t = starts[10];
    starts[10] = starts[11];
    starts[11] = t;
}

static void start_past_the_end(char *data, size_t *len)
{
    uint64_t *starts = starts_of(data, *len);
    starts[400] += 4096;
}

static void text_grown(char *data, size_t *len)
{
    (void)data;
    data[*len] = 'x'; /* slurp leaves room for one more byte */
    *len += 1;
}

static void last_newline_gone(char *data, size_t *len)
{
    /* The text starts at 4096; its length is the header's third count. */
    uint64_t text_len;
    (void)len;
    memcpy(&text_len, data + 64, sizeof text_len);
    data[4096 + text_len - 1] = 'x';
}

/* Damage inside the text that keeps every size and index right. */
static uint64_t text_len_of(const char *data)
{
    uint64_t text_len;
    memcpy(&text_len, data + 64, sizeof text_len);
    return text_len;
}

static void text_byte_not_utf8(char *data, size_t *len)
{
    (void)len;
    data[4096 + text_len_of(data) / 2] = (char)0xC3; /* a lead byte before ASCII */
}

static void text_letter_changed(char *data, size_t *len)
{
    (void)len;
    char *p = data + 4096 + text_len_of(data) / 3;
    while (*p < 'a' || *p > 'z')
        p++;
    *p = *p == 'q' ? 'r' : 'q'; /* still valid UTF-8, still one line each */
}

static void newline_to_cr(char *data, size_t *len)
{
    (void)len;
    char *p = memchr(data + 4096 + text_len_of(data) / 2, '\n', text_len_of(data) / 2);
    *p = '\r';
}

static void newline_moved(char *data, size_t *len)
{
    (void)len;
    char *p = memchr(data + 4096 + text_len_of(data) / 2, '\n', text_len_of(data) / 2);
    *p = ' ';
    p[-3] = '\n';
}

static void damaged(void **state)
{
    (void)state;
    void (*damages[])(char *, size_t *) = {
        cut_to_half, cut_last_byte, cut_to_nothing, cut_inside_header, all_garbage,
        header_bit_flipped, old_version, starts_out_of_order,
        start_past_the_end, text_grown, last_newline_gone, text_byte_not_utf8, text_letter_changed,
        newline_to_cr, newline_moved,
    };
    make_db("epsilon", 400);
    assert_false(open_and_check("epsilon", 400));
    for (size_t k = 0; k < sizeof damages / sizeof *damages; k++)
        check_damage(damages[k]);
}

static void not_a_file(void **state)
{
    (void)state;
    /* A directory where the corpus file would go: the corpus lives in
     * memory, every time, and the search still works. */
    make_db("zeta", 50);
    assert_int_equal(mkdir(corpus_path, 0700), 0);
    assert_false(open_and_check("zeta", 50));
    assert_false(open_and_check("zeta", 50));
    assert_int_equal(rmdir(corpus_path), 0);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(db_path, sizeof db_path, "%s/ofsted.db", dir);
    snprintf(corpus_path, sizeof corpus_path, "%s/ofsted.db-search", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(built_then_reused),
        cmocka_unit_test(rebuilt_when_findings_change),
        cmocka_unit_test(in_date_order),
        cmocka_unit_test(rebuilt_for_another_database),
        cmocka_unit_test(empty_database),
        cmocka_unit_test(damaged),
        cmocka_unit_test(not_a_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
