/* The store: merging, precedence of official statistics, idempotence,
 * and one transaction per file. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/demo.h"
#include "ofsted-tui/store.h"
#include "temp_db.h"

typedef struct fixture {
    char path[64];
    ot_db *db;
    ot_store *store;
    int warnings;
    char last_warning[512];
} fixture;

static void on_warning(void *ctx, const char *file, const char *where, const char *msg)
{
    fixture *f = ctx;
    f->warnings++;
    snprintf(f->last_warning, sizeof f->last_warning, "%s: %s: %s", file, where, msg);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/ot-store-%d-XXXXXX", (int)getpid());
    int fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    ot_error err = OT_ERROR_INIT;
    f->db = ot_db_open(f->path, OT_DB_CREATE, &err);
    f->store = ot_store_new(f->db, &err);
    ot_store_on_warning(f->store, on_warning, f);
    *state = f;
    return f->db && f->store ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ot_store_free(f->store);
    ot_db_close(f->db);
    temp_db_remove(f->path);
    free(f);
    return 0;
}

/* Every row of every table, as text: what "unchanged" compares. */
static char *snapshot(fixture *f)
{
    static const char *const tables[] = {"source_file", "authority", "authority_alias", "inspection",
                                         "judgement", "action", "finding", "meta"};
    ot_buf b = OT_BUF_INIT;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", tables[t]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(ot_db_handle(f->db), sql, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                ot_buf_printf(&b, "%s|", v ? (const char *)v : "NULL");
            }
            ot_buf_putc(&b, '\n');
        }
        sqlite3_finalize(st);
    }
    return ot_buf_steal(&b);
}

static long count_rows(fixture *f, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(ot_db_handle(f->db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static const ot_judgement_rec official_grades[] = {
    {"overall", "Overall effectiveness", 3, "Requires improvement to be good"},
    {"leaders", NULL, 2, "Good"},
};

static int import_official(fixture *f, const char *sha, ot_error *err)
{
    ot_sink *s = ot_store_sink(f->store);
    if (s->ops->begin_file(s, "workbook.ods", sha, "workbook", err) < 0)
        return -1;
    ot_authority_rec bristol = {.ons_code = "E06000023", .name = "Bristol, City of", .region = "South West", .status = "current"};
    int rc = s->ops->authority(s, &bristol, err);
    ot_inspection_rec insp = {
        .authority = bristol, .framework = "ilacs_standard", .start_date = "2023-01-09",
        .end_date = "2023-01-20", .published = "2023-03-01",
        .judgements = official_grades, .n_judgements = 2, .where = "row 4",
    };
    if (rc == 0)
        rc = s->ops->inspection(s, &insp, err);
    return s->ops->end_file(s, rc == 0, err) < 0 ? -1 : rc;
}

static int import_report(fixture *f, int overall, ot_error *err)
{
    ot_sink *s = ot_store_sink(f->store);
    if (s->ops->begin_file(s, "bristol report.pdf", "sha-report", "report", err) < 0)
        return -1;
    ot_judgement_rec grades[] = {
        {"overall", "Overall effectiveness", overall, "Good"},
        {"help_protection", "The experiences and progress of children who need help and protection", 3,
         "Requires improvement to be good"},
    };
    ot_action_rec actions[] = {{1, "Management oversight."}, {2, "Care leavers’ accommodation."}};
    ot_finding_rec findings[] = {
        {"help_protection", "Help and protection", 1, 4, "Children are seen quickly."},
        {"in_care", "Children in care", 2, 5, "Stable homes."},
    };
    ot_inspection_rec insp = {
        .authority = {.name = "Bristol City Council"}, .framework = "ilacs_standard", .start_date = "2023-01-09",
        .end_date = "2023-01-20", .lead_inspector = "Máire O’Connell",
        .judgements = grades, .n_judgements = 2, .has_report = true,
        .actions = actions, .n_actions = 2, .findings = findings, .n_findings = 2, .where = "page 1",
    };
    int rc = s->ops->inspection(s, &insp, err);
    return s->ops->end_file(s, rc == 0, err) < 0 ? -1 : rc;
}

static void report_completes_official_record(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(import_official(f, "sha-wb", &err), 0);
    assert_int_equal(ot_store_stats(f->store)->authorities.added, 1);
    assert_int_equal(ot_store_stats(f->store)->inspections.added, 1);
    assert_int_equal(import_report(f, 3, &err), 0);
    const ot_import_stats *s = ot_store_stats(f->store);
    assert_int_equal(s->authorities.added, 0);
    assert_int_equal(s->inspections.added, 0);
    assert_int_equal(s->inspections.updated, 1);
    assert_int_equal(s->judgements.added, 1);
    assert_int_equal(s->findings.added, 2);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM authority"), 1);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM inspection"), 1);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM judgement"), 3);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM action"), 2);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM inspection WHERE lead_inspector = 'Máire O’Connell'"), 1);
    /* The report is the fuller source of the inspection. */
    assert_int_equal(count_rows(f, "SELECT count(*) FROM inspection i JOIN source_file s ON s.id = i.source_id WHERE s.kind = 'report'"), 1);
    /* The official name stays. */
    assert_int_equal(count_rows(f, "SELECT count(*) FROM authority WHERE name = 'Bristol, City of'"), 1);
    assert_int_equal(f->warnings, 0);
}

static void disagreement_warns_and_official_wins(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(import_official(f, "sha-wb", &err), 0);
    assert_int_equal(import_report(f, 2, &err), 0);
    assert_int_equal(f->warnings, 1);
    assert_non_null(strstr(f->last_warning, "overall"));
    assert_non_null(strstr(f->last_warning, "Requires improvement"));
    assert_int_equal(count_rows(f, "SELECT grade FROM judgement WHERE area = 'overall'"), 3);
}

static void reimport_changes_nothing(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(import_official(f, "sha-wb", &err), 0);
    assert_int_equal(import_report(f, 3, &err), 0);
    char *before = snapshot(f);
    assert_int_equal(import_report(f, 3, &err), 0);
    const ot_import_stats *s = ot_store_stats(f->store);
    assert_int_equal(s->inspections.updated + s->inspections.added, 0);
    assert_int_equal(s->judgements.updated + s->judgements.added, 0);
    assert_int_equal(s->findings.updated + s->findings.added, 0);
    assert_int_equal(s->findings.unchanged, 2);
    assert_int_equal(import_official(f, "sha-wb", &err), 0);
    s = ot_store_stats(f->store);
    assert_int_equal(s->authorities.unchanged, 1);
    assert_int_equal(s->inspections.unchanged, 1);
    assert_int_equal(s->judgements.added + s->judgements.updated, 0);
    char *after = snapshot(f);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void failed_file_rolls_back(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(import_official(f, "sha-wb", &err), 0);
    char *before = snapshot(f);
    /* Fault at the third record: the two before it must vanish too. */
    ot_sink *s = ot_store_sink(f->store);
    assert_int_equal(s->ops->begin_file(s, "bad.csv", "sha-bad", "csv", &err), 0);
    ot_authority_rec a = {.name = "Nowhere", .ons_code = "E99999999"};
    ot_store_allow_new_authorities(f->store, true);
    assert_int_equal(s->ops->authority(s, &a, &err), 0);
    ot_inspection_rec ok = {.authority = a, .framework = "ilacs_short", .start_date = "2024-01-01"};
    assert_int_equal(s->ops->inspection(s, &ok, &err), 0);
    ot_inspection_rec bad = {.authority = a, .framework = "no_such_framework", .start_date = "2024-01-01"};
    assert_int_equal(s->ops->inspection(s, &bad, &err), -1);
    assert_non_null(strstr(ot_error_msg(&err), "CHECK"));
    assert_int_equal(s->ops->end_file(s, false, &err), -1);
    char *after = snapshot(f);
    assert_string_equal(before, after);
    free(before);
    free(after);
    ot_error_clear(&err);
}

static void cancel_flag_interrupts(void **state)
{
    fixture *f = *state;
    static volatile sig_atomic_t flag;
    ot_store_set_cancel_flag(f->store, &flag);
    ot_error err = OT_ERROR_INIT;
    ot_sink *s = ot_store_sink(f->store);
    assert_int_equal(s->ops->begin_file(s, "demo", "demo", "demo", &err), 0);
    flag = 1;
    assert_int_equal(ot_demo_generate(s, 1, &err), -1);
    assert_string_equal(ot_error_msg(&err), "interrupted");
    assert_int_equal(s->ops->end_file(s, false, &err), -1);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM authority"), 0);
    flag = 0;
    ot_error_clear(&err);
}

static void demo_is_deterministic_and_complete(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    ot_sink *s = ot_store_sink(f->store);
    ot_store_allow_new_authorities(f->store, true);
    assert_int_equal(s->ops->begin_file(s, "demo", "demo-1", "demo", &err), 0);
    assert_int_equal(ot_demo_generate(s, 1, &err), 0);
    assert_int_equal(s->ops->end_file(s, true, &err), 0);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM authority"), (long)ot_demo_authority_count());
    assert_true(ot_demo_authority_count() >= 30);
    assert_true(count_rows(f, "SELECT count(DISTINCT framework) FROM inspection") >= 6);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM inspection WHERE start_date < '2006-01-01' OR start_date > '2026-12-31'"), 0);
    char *first = snapshot(f);
    assert_int_equal(s->ops->begin_file(s, "demo", "demo-1", "demo", &err), 0);
    assert_int_equal(ot_demo_generate(s, 1, &err), 0);
    assert_int_equal(s->ops->end_file(s, true, &err), 0);
    char *second = snapshot(f);
    assert_string_equal(first, second);
    free(first);
    free(second);
}

static void unknown_authority_refused(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(import_official(f, "sha-wb", &err), 0);
    char *before = snapshot(f);
    ot_sink *s = ot_store_sink(f->store);
    assert_int_equal(s->ops->begin_file(s, "x.pdf", "sha-x", "report", &err), 0);
    ot_authority_rec a = {.name = "Borsetshire County Council"};
    assert_int_equal(s->ops->authority(s, &a, &err), -1);
    assert_non_null(strstr(ot_error_msg(&err), "authority 'Borsetshire County Council' is not in the register"));
    assert_non_null(strstr(ot_error_msg(&err), "--new-authority"));
    assert_int_equal(s->ops->end_file(s, false, &err), -1);
    char *after = snapshot(f);
    assert_string_equal(before, after);
    free(before);
    free(after);
    ot_error_clear(&err);
}

/* Spellings in the wild, short forms, old ONS codes and link numbers all
 * land on the register's row; nothing else is created. */
static void register_matches_spellings(void **state)
{
    fixture *f = *state;
    static const struct {
        ot_authority_rec rec;
        const char *ons;
    } cases[] = {
        {{.name = "Borough of Calderdale"}, "E08000033"},
        {{.name = "Wakefield Metropolitan District Council"}, "E08000036"},
        {{.name = "Bradford Children and Families Trust"}, "E08000032"},
        {{.name = "Newcastle"}, "E08000021"},
        {{.name = "Southend"}, "E06000033"},
        {{.name = "Dorset Council"}, "E06000059"},
        {{.name = "Barnsley", .ons_code = "E08000038"}, "E08000016"},
        {{.name = "Sheffield City Council", .ons_code = "E08000039"}, "E08000019"},
        {{.name = "Hull", .web_id = 810}, "E06000010"},
        {{.name = "B & NES", .web_id = 800}, "E06000022"},
        {{.name = "Westmorland & Furness Council"}, "E06000064"},
        {{.name = "Bournemouth Borough Council"}, "E06000028"},
    };
    ot_error err = OT_ERROR_INIT;
    ot_sink *s = ot_store_sink(f->store);
    assert_int_equal(s->ops->begin_file(s, "r.pdf", "sha-r", "report", &err), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (s->ops->authority(s, &cases[i].rec, &err) != 0)
            fail_msg("case %zu: %s", i + 1, ot_error_msg(&err));
    }
    assert_int_equal(s->ops->end_file(s, true, &err), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM authority WHERE ons_code = '%s' AND region IS NOT NULL", cases[i].ons);
        if (count_rows(f, sql) != 1)
            fail_msg("case %zu (%s): not on %s", i + 1, cases[i].rec.name, cases[i].ons);
    }
    assert_int_equal(count_rows(f, "SELECT count(*) FROM authority"), (long)(sizeof cases / sizeof cases[0]));
    assert_int_equal(count_rows(f, "SELECT count(*) FROM authority WHERE ons_code NOT IN (SELECT ons_code FROM la_register)"), 0);
    /* "Kingston" is two authorities' short form: not guessed. */
    assert_int_equal(s->ops->begin_file(s, "k.pdf", "sha-k", "report", &err), 0);
    ot_authority_rec k = {.name = "Kingston"};
    assert_int_equal(s->ops->authority(s, &k, &err), -1);
    assert_int_equal(s->ops->end_file(s, false, &err), -1);
    ot_error_clear(&err);
}

static void neighbours_are_kept_in_order(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    ot_sink *s = ot_store_sink(f->store);
    static const char *const ten[] = {"E08000038", "E08000032", "E08000033", "E08000034", "E08000035",
                                      "E08000017", "E08000018", "E08000039", "E06000010", "E06000014"};
    ot_neighbours_rec rec = {.authority = {.name = "Wakefield", .ons_code = "E08000036"},
                             .neighbours = ten, .n = 10, .where = "line 2"};
    assert_int_equal(s->ops->begin_file(s, "lookup.csv", "sha-l", "lookup", &err), 0);
    assert_int_equal(s->ops->neighbours(s, &rec, &err), 0);
    assert_int_equal(s->ops->end_file(s, true, &err), 0);
    assert_int_equal(ot_store_stats(f->store)->neighbours.added, 1);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM la_neighbour WHERE ons_code = 'E08000036'"), 10);
    /* Earlier codes are stored as the register's. */
    assert_int_equal(count_rows(f, "SELECT rank FROM la_neighbour WHERE neighbour = 'E08000016'"), 1);
    assert_int_equal(count_rows(f, "SELECT rank FROM la_neighbour WHERE neighbour = 'E06000014'"), 10);
    assert_int_equal(s->ops->begin_file(s, "lookup.csv", "sha-l", "lookup", &err), 0);
    assert_int_equal(s->ops->neighbours(s, &rec, &err), 0);
    assert_int_equal(s->ops->end_file(s, true, &err), 0);
    assert_int_equal(ot_store_stats(f->store)->neighbours.unchanged, 1);
    static const char *const bad[] = {"E99999999"};
    ot_neighbours_rec wrong = {.authority = rec.authority, .neighbours = bad, .n = 1, .where = "line 3"};
    assert_int_equal(s->ops->begin_file(s, "lookup2.csv", "sha-l2", "lookup", &err), 0);
    assert_int_equal(s->ops->neighbours(s, &wrong, &err), -1);
    assert_non_null(strstr(ot_error_msg(&err), "line 3"));
    assert_int_equal(s->ops->end_file(s, false, &err), -1);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM la_neighbour"), 10);
    ot_error_clear(&err);
}

/* ------------------------------------------------------------ damaged copies */

/* A report of la with n_find findings (long paragraphs, numbered from 1),
 * n_act actions and the given overall grade, as file sha. */
static int import_copy(fixture *f, const char *sha, const char *la, size_t n_find, size_t n_act, int overall,
                       const char *text_kind, ot_error *err)
{
    ot_sink *s = ot_store_sink(f->store);
    if (s->ops->begin_file(s, "report.pdf", sha, "report", err) < 0)
        return -1;
    static const char *const words[] = {"", "Outstanding", "Good", "Requires improvement to be good", "Inadequate"};
    ot_judgement_rec grades[] = {
        {"overall", "Overall effectiveness", overall, words[overall]},
        {"leaders", "The impact of leaders on social work practice with children and families", 2, "Good"},
    };
    ot_action_rec actions[8];
    ot_finding_rec findings[16];
    char texts[16][160];
    for (size_t i = 0; i < n_act; i++)
        actions[i] = (ot_action_rec){(int)i + 1, "Management oversight of plans."};
    for (size_t i = 0; i < n_find; i++) {
        snprintf(texts[i], sizeof texts[i], "Paragraph %zu of the %s report: children and families receive the"
                 " help they need at the earliest point.", i + 1, text_kind);
        findings[i] = (ot_finding_rec){"help_protection", "Help and protection", (int)i + 1, 2, texts[i]};
    }
    ot_inspection_rec insp = {
        .authority = {.name = la}, .framework = "ilacs_standard", .start_date = "2024-03-04",
        .end_date = "2024-03-15", .judgements = grades, .n_judgements = 2, .has_report = true,
        .actions = actions, .n_actions = n_act, .findings = findings, .n_findings = n_find, .where = "page 1",
    };
    int rc = s->ops->inspection(s, &insp, err);
    return s->ops->end_file(s, rc == 0, err) < 0 ? -1 : rc;
}

static void damaged_copy_refused_unless_replace(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(import_copy(f, "sha-full", "Sandwell", 10, 3, 2, "Sandwell", &err), 0);
    char *before = snapshot(f);

    /* Fewer findings and no actions: refused, saying how many would go. */
    assert_int_equal(import_copy(f, "sha-cut", "Sandwell", 1, 0, 2, "Sandwell", &err), -1);
    assert_non_null(strstr(ot_error_msg(&err), "would remove 9 of 10 findings, 3 of 3 actions held for the"
                                               " ilacs_standard inspection of Sandwell starting 2024-03-04"));
    assert_non_null(strstr(ot_error_msg(&err), "--replace"));
    ot_error_clear(&err);
    char *after = snapshot(f);
    assert_string_equal(before, after);
    free(after);

    /* A grade another report gave, changed: refused too. */
    assert_int_equal(import_copy(f, "sha-regrade", "Sandwell", 10, 3, 4, "Sandwell", &err), -1);
    assert_non_null(strstr(ot_error_msg(&err), "would change the grade of 1 of 2 judgements"));
    ot_error_clear(&err);
    after = snapshot(f);
    assert_string_equal(before, after);
    free(after);

    /* More of everything is not a loss. */
    assert_int_equal(import_copy(f, "sha-more", "Sandwell", 12, 4, 2, "Sandwell", &err), 0);
    assert_int_equal(ot_store_stats(f->store)->findings.removed, 0);

    /* Asked for: it replaces, and counts what went. */
    ot_store_allow_replace(f->store, true);
    assert_int_equal(import_copy(f, "sha-cut", "Sandwell", 1, 0, 2, "Sandwell", &err), 0);
    assert_int_equal(ot_store_stats(f->store)->findings.removed, 11);
    assert_int_equal(ot_store_stats(f->store)->actions.removed, 4);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM finding"), 1);
    free(before);
}

static void garbled_name_refused_as_phantom(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(import_copy(f, "sha-full", "Sandwell", 10, 3, 2, "Sandwell", &err), 0);
    char *before = snapshot(f);
    /* The same report under a garbled name: the register knows no such
     * authority. */
    assert_int_equal(import_copy(f, "sha-garbled", "Sandwell FKLOGUHQ", 10, 3, 2, "Sandwell", &err), -1);
    assert_non_null(strstr(ot_error_msg(&err), "authority 'Sandwell FKLOGUHQ' is not in the register"));
    ot_error_clear(&err);
    /* Even where new authorities may be added, it would create one. */
    ot_store_allow_new_authorities(f->store, true);
    assert_int_equal(import_copy(f, "sha-garbled", "Sandwell FKLOGUHQ", 10, 3, 2, "Sandwell", &err), -1);
    assert_non_null(strstr(ot_error_msg(&err), "would move the ilacs_standard inspection of Sandwell starting"
                                               " 2024-03-04 to a new authority \"Sandwell FKLOGUHQ\""));
    ot_error_clear(&err);
    ot_store_allow_new_authorities(f->store, false);
    char *after = snapshot(f);
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* Another authority inspected from the same day is no copy. */
    assert_int_equal(import_copy(f, "sha-wigan", "Wigan", 10, 3, 2, "Wigan", &err), 0);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM authority"), 2);
    assert_int_equal(count_rows(f, "SELECT count(*) FROM inspection"), 2);
}

/* The search files beside the database know they are stale by two
 * counters: data_generation moves at every import that changed something,
 * findings_generation only when findings' or actions' text did. */
static long meta_long(fixture *f, const char *key)
{
    char *v = ot_db_meta_get(f->db, key);
    long n = v ? atol(v) : 0;
    free(v);
    return n;
}

static void generations_follow_changes(void **state)
{
    fixture *f = *state;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(import_official(f, "sha-1", &err), 0);
    long data = meta_long(f, "data_generation"), text = meta_long(f, "findings_generation");
    assert_true(data > 0);
    /* The same content under another checksum changes nothing. */
    assert_int_equal(import_official(f, "sha-2", &err), 0);
    assert_int_equal(meta_long(f, "data_generation"), data);
    assert_int_equal(meta_long(f, "findings_generation"), text);
    /* A report adds findings: both move. */
    assert_int_equal(import_report(f, 3, &err), 0);
    assert_true(meta_long(f, "data_generation") > data);
    assert_true(meta_long(f, "findings_generation") > text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(report_completes_official_record, setup, teardown),
        cmocka_unit_test_setup_teardown(disagreement_warns_and_official_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(reimport_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(generations_follow_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_file_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(cancel_flag_interrupts, setup, teardown),
        cmocka_unit_test_setup_teardown(damaged_copy_refused_unless_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(garbled_name_refused_as_phantom, setup, teardown),
        cmocka_unit_test_setup_teardown(demo_is_deterministic_and_complete, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_authority_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(register_matches_spellings, setup, teardown),
        cmocka_unit_test_setup_teardown(neighbours_are_kept_in_order, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
