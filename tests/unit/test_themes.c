/* Unit tests of themes: the theme file's rules (table-driven), and the
 * questions on a small real database whose reports were stored out of
 * date order, so that date order must come from the query. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ofsted-tui/query_report.h"
#include "ofsted-tui/store.h"
#include "ofsted-tui/themes.h"
#include "temp_db.h"

/* ------------------------------------------------------------ parsing */

static const struct parse_case {
    const char *text;
    const char *error;   /* substring of the message, or NULL for success */
    size_t n;            /* themes after parsing (one "base" theme before) */
    const char *names;   /* the names, joined by '|' */
} parse_cases[] = {
    /* 1 */ {"", NULL, 1, "base"},
    /* 2 */ {"# only a comment\n\n   \n", NULL, 1, "base"},
    /* 3 */ {"a\tx\nb\ty", NULL, 3, "base|a|b"},
    /* 4 */ {"a\tx\r\n", NULL, 2, "base|a"},
    /* 5 */ {"base\tnew\n", NULL, 1, "base"},
    /* 6 */ {"a b c\t\\bx\\b\n", NULL, 2, "base|a b c"},
    /* 7 */ {"ok\tx\nno tab\n", "f:2: no tab between", 1, "base"},
    /* 8 */ {"\tx\n", "f:1: the theme has no name", 1, "base"},
    /* 9 */ {"  indented\tx\n", "f:1: the theme has no name", 1, "base"},
    /* 10 */ {"empty\t\n", "f:1: theme 'empty' has no regular expression", 1, "base"},
    /* 11 */ {"x\tfine\nbad\t(open\n", "f:2: theme 'bad': bad regular expression: missing closing parenthesis at offset 5", 1, "base"},
    /* 12 */ {"bad\t\xff\n", "f:1: the line is not valid UTF-8", 1, "base"},
};

static void parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        ot_themes *t = ot_themes_new();
        ot_error err = OT_ERROR_INIT;
        assert_int_equal(ot_themes_parse(t, "base\tbase\n", 10, "d", &err), 0);
        int rc = ot_themes_parse(t, c->text, strlen(c->text), "f", &err);
        if (c->error) {
            if (rc != -1 || !strstr(ot_error_msg(&err), c->error))
                fail_msg("case %zu: rc %d, message '%s', expected '%s'", i + 1, rc, ot_error_msg(&err), c->error);
        } else if (rc != 0) {
            fail_msg("case %zu: %s", i + 1, ot_error_msg(&err));
        }
        char names[256] = "";
        for (size_t k = 0; k < ot_themes_count(t); k++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? "|" : "", ot_themes_name(t, k));
        if (ot_themes_count(t) != c->n || strcmp(names, c->names) != 0)
            fail_msg("case %zu: themes '%s', expected '%s'", i + 1, names, c->names);
        ot_error_clear(&err);
        ot_themes_free(t);
    }
}

static void replace_keeps_place_and_origin(void **state)
{
    (void)state;
    ot_themes *t = ot_themes_new();
    ot_error err = OT_ERROR_INIT;
    const char *a = "one\t1\ntwo\t2\nthree\t3\n", *b = "# mine\ntwo\tTWO\n";
    assert_int_equal(ot_themes_parse(t, a, strlen(a), "default", &err), 0);
    assert_int_equal(ot_themes_parse(t, b, strlen(b), "mine", &err), 0);
    assert_int_equal(ot_themes_count(t), 3);
    assert_string_equal(ot_themes_name(t, 1), "two");
    assert_string_equal(ot_themes_pattern(t, 1), "TWO");
    assert_string_equal(ot_themes_origin(t, 1), "mine:2");
    assert_string_equal(ot_themes_origin(t, 2), "default:3");
    assert_int_equal(ot_themes_find(t, "three"), 2);
    assert_int_equal(ot_themes_find(t, "four"), -1);
    ot_themes_free(t);
}

static void defaults_compile(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    /* A path that does not exist is no error: the defaults alone. */
    ot_themes *t = ot_themes_load("/nonexistent/ofsted-tui/themes", &err);
    if (!t)
        fail_msg("%s", ot_error_msg(&err));
    assert_true(ot_themes_count(t) >= 25);
    assert_true(ot_themes_find(t, "supervision") >= 0);
    assert_true(ot_themes_find(t, "PLO / pre-proceedings") >= 0);
    ot_themes_free(t);
}

static void user_path(void **state)
{
    (void)state;
    setenv("XDG_CONFIG_HOME", "/x/conf", 1);
    char *p = ot_themes_user_path();
    assert_string_equal(p, "/x/conf/ofsted-tui/themes");
    free(p);
    setenv("XDG_CONFIG_HOME", "", 1);
    setenv("HOME", "/home/u", 1);
    p = ot_themes_user_path();
    assert_string_equal(p, "/home/u/.config/ofsted-tui/themes");
    free(p);
    unsetenv("XDG_CONFIG_HOME");
}

/* ------------------------------------------------------------ questions */

typedef struct fixture {
    char path[64];
    ot_db *db;
    ot_themes *themes;
} fixture;

typedef struct report {
    const char *name, *framework, *start;
    const char *findings[4];
    const char *actions[3];
} report;

/* Stored 2019, 2015, 2022: ids in that order, dates not. */
static const report reports[] = {
    {"Alpha", "ilacs_standard", "2019-02-04",
     {"Supervision is irregular.", "Plans drift.", "Supervision again: supervision.", NULL},
     {"Improve supervision.", NULL}},
    {"Alpha", "sif", "2015-06-01", {"Managers supervise well.", "Plans drift and drift.", NULL}, {"Reduce drift.", NULL}},
    {"Alpha", "ilacs_standard", "2022-10-03", {"Supervision is now regular.", NULL}, {"Keep supervision going.", "Other.", NULL}},
    {"Beta", "ilacs_short", "2022-01-10", {"Nothing to see.", NULL}, {NULL}},
    /* A visit without a report: no texts, so no column. */
    {"Alpha", "focused_visit", "2020-01-01", {NULL}, {NULL}},
};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/ot-themes-%d-XXXXXX", (int)getpid());
    int fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    ot_error err = OT_ERROR_INIT;
    f->db = ot_db_open(f->path, OT_DB_CREATE, &err);
    if (!f->db)
        return -1;
    ot_store *store = ot_store_new(f->db, &err);
    ot_store_allow_new_authorities(store, true); /* fictional authorities */
    ot_sink *s = ot_store_sink(store);
    assert_int_equal(s->ops->begin_file(s, "reports", "sha-reports", "report", &err), 0);
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        const report *r = &reports[i];
        ot_finding_rec fs[4];
        ot_action_rec as[3];
        size_t nf = 0, na = 0;
        for (; r->findings[nf]; nf++)
            fs[nf] = (ot_finding_rec){"help_protection", NULL, (int)nf + 1, 1, r->findings[nf]};
        for (; r->actions[na]; na++)
            as[na] = (ot_action_rec){(int)na + 1, r->actions[na]};
        ot_inspection_rec rec = {
            .authority = {.name = r->name, .ons_code = r->name[0] == 'A' ? "E06000901" : "E06000902",
                          .region = "North West", .status = "current"},
            .framework = r->framework, .start_date = r->start, .has_report = nf + na > 0,
            .findings = fs, .n_findings = nf, .actions = as, .n_actions = na, .where = "report",
        };
        assert_int_equal(s->ops->authority(s, &rec.authority, &err), 0);
        if (s->ops->inspection(s, &rec, &err) != 0)
            fail_msg("%s", ot_error_msg(&err));
    }
    assert_int_equal(s->ops->end_file(s, true, &err), 0);
    ot_store_free(store);
    f->themes = ot_themes_new();
    const char *text = "supervision\tsupervis\ndrift\t\\bdrift\\b\nnever\tzebra\n";
    assert_int_equal(ot_themes_parse(f->themes, text, strlen(text), "t", &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ot_themes_free(f->themes);
    ot_db_close(f->db);
    temp_db_remove(f->path);
    free(f);
    return 0;
}

/* Alpha's database id: the authority named Alpha. */
static long long alpha_id(fixture *f)
{
    ot_history h;
    ot_error err = OT_ERROR_INIT;
    /* Ids start at 1 and Alpha was stored first. */
    assert_int_equal(ot_query_history(f->db, 1, &h, &err), 0);
    assert_string_equal(h.authority, "Alpha");
    ot_history_free(&h);
    return 1;
}

static void matrix_in_date_order(void **state)
{
    fixture *f = *state;
    ot_theme_filter filter = {alpha_id(f), false, 0, 0};
    ot_theme_matrix m;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(ot_themes_matrix(f->db, f->themes, &filter, &m, &err), 0);
    assert_int_equal(m.n_insp, 3);
    assert_string_equal(m.insp[0].start_date, "2015-06-01");
    assert_string_equal(m.insp[1].start_date, "2019-02-04");
    assert_string_equal(m.insp[2].start_date, "2022-10-03");
    assert_int_equal(m.insp[1].n_texts, 3);
    /* supervision: 1, 2 (a text counts once), 1; run 3 to the latest. */
    assert_int_equal(m.counts[0 * 3 + 0], 1);
    assert_int_equal(m.counts[0 * 3 + 1], 2);
    assert_int_equal(m.counts[0 * 3 + 2], 1);
    assert_int_equal(m.current_run[0], 3);
    assert_int_equal(m.longest_run[0], 3);
    assert_int_equal(m.total[0], 4);
    /* drift: 2015 and 2019, not 2022. */
    assert_int_equal(m.current_run[1], 0);
    assert_int_equal(m.longest_run[1], 2);
    assert_int_equal(m.inspections[1], 2);
    assert_int_equal(m.inspections[2], 0);
    /* Recurring first: supervision, drift, never. */
    assert_int_equal(m.order[0], 0);
    assert_int_equal(m.order[1], 1);
    assert_int_equal(m.order[2], 2);
    ot_theme_matrix_free(&m);

    /* Actions, and years. */
    filter.actions = true;
    filter.from_year = 2016;
    assert_int_equal(ot_themes_matrix(f->db, f->themes, &filter, &m, &err), 0);
    assert_int_equal(m.n_insp, 2);
    assert_int_equal(m.counts[0 * 2 + 0], 1);
    assert_int_equal(m.counts[0 * 2 + 1], 1);
    assert_int_equal(m.inspections[1], 0);
    ot_theme_matrix_free(&m);
}

static void trends_per_year(void **state)
{
    fixture *f = *state;
    ot_theme_filter filter = {0, false, 0, 0};
    ot_theme_trends tr;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(ot_themes_trends(f->db, f->themes, &filter, true, &tr, &err), 0);
    assert_int_equal(tr.first_year, 2015);
    assert_int_equal(tr.n_years, 8);
    assert_int_equal(tr.inspections[0], 1);         /* 2015 */
    assert_int_equal(tr.inspections[7], 2);         /* 2022: Alpha and Beta */
    assert_int_equal(tr.inspections[5], 0);         /* 2020: a visit without a report */
    assert_int_equal(tr.matching[0 * 8 + 7], 1);    /* supervision in 2022: Alpha only */
    assert_true(ot_theme_trends_per_100(&tr, 0, 7) == 50.0);
    assert_true(ot_theme_trends_per_100(&tr, 0, 5) == 0.0);
    assert_int_equal(tr.texts[1 * 8 + 0], 1);       /* drift in 2015: one finding */
    /* Without counting texts: the same inspections, found sooner. */
    ot_theme_trends quick;
    assert_int_equal(ot_themes_trends(f->db, f->themes, &filter, false, &quick, &err), 0);
    assert_int_equal(quick.n_years, tr.n_years);
    assert_memory_equal(quick.inspections, tr.inspections, sizeof(int) * 8);
    assert_memory_equal(quick.matching, tr.matching, sizeof(int) * 8 * 3);
    assert_int_equal(quick.texts[0 * 8 + 1], 0);
    ot_theme_trends_free(&quick);
    ot_theme_trends_free(&tr);
}

static void assert_same_trends(const ot_theme_trends *a, const ot_theme_trends *b)
{
    assert_int_equal(a->first_year, b->first_year);
    assert_int_equal(a->n_years, b->n_years);
    assert_int_equal(a->n_themes, b->n_themes);
    assert_memory_equal(a->inspections, b->inspections, sizeof(int) * (size_t)a->n_years);
    assert_memory_equal(a->matching, b->matching, sizeof(int) * (size_t)a->n_years * a->n_themes);
}

static char *slurp(const char *path)
{
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    static char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, in);
    text[n] = '\0';
    fclose(in);
    return text;
}

static void spit(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
}

/* England's trends are written beside the database, read back while the
 * database and the themes stay as they were, and counted again when
 * either changes or the file is not what it should be. */
static void trends_kept(void **state)
{
    fixture *f = *state;
    ot_theme_filter filter = {0, false, 0, 0};
    ot_theme_trends counted, kept;
    ot_error err = OT_ERROR_INIT;
    char path[96];
    snprintf(path, sizeof path, "%s-themes", f->path);
    unlink(path);
    assert_int_equal(ot_themes_trends(f->db, f->themes, &filter, false, &counted, &err), 0);
    assert_int_equal(ot_themes_trends_kept(f->db, f->themes, &filter, NULL, &kept, &err), 0);
    assert_same_trends(&kept, &counted);
    ot_theme_trends_free(&kept);
    assert_int_equal(access(path, F_OK), 0);

    /* Read back: a number changed in the file shows (so it was read). */
    char text[4096];
    snprintf(text, sizeof text, "%s", slurp(path));
    char *counts = strchr(text, '\n') + 1;
    assert_int_equal(strncmp(counts, "2015 8 3\n1 ", 11), 0);
    counts[9] = '7';
    spit(path, text);
    assert_int_equal(ot_themes_trends_kept(f->db, f->themes, &filter, NULL, &kept, &err), 0);
    assert_int_equal(kept.inspections[0], 7);
    ot_theme_trends_free(&kept);

    /* A file cut short, or with something else in it, is counted again
     * (and written again). */
    counts[9] = '\0';
    spit(path, text);
    assert_int_equal(ot_themes_trends_kept(f->db, f->themes, &filter, NULL, &kept, &err), 0);
    assert_same_trends(&kept, &counted);
    ot_theme_trends_free(&kept);
    snprintf(text, sizeof text, "%s", slurp(path));
    counts = strchr(text, '\n') + 1;
    counts[9] = 'x';
    spit(path, text);
    assert_int_equal(ot_themes_trends_kept(f->db, f->themes, &filter, NULL, &kept, &err), 0);
    assert_same_trends(&kept, &counted);
    ot_theme_trends_free(&kept);

    /* Other themes: counted again. */
    counts[9] = '7';
    spit(path, text);
    ot_themes *other = ot_themes_new();
    const char *more = "supervision\tsupervis\ndrift\t\\bdrifts?\\b\nnever\tzebra\n";
    assert_int_equal(ot_themes_parse(other, more, strlen(more), "t", &err), 0);
    assert_int_equal(ot_themes_trends_kept(f->db, other, &filter, NULL, &kept, &err), 0);
    assert_int_equal(kept.inspections[0], 1);
    ot_theme_trends_free(&kept);
    ot_themes_free(other);

    /* The actions are kept apart from the findings, in a file of their
     * own: the findings' file stays as it was. */
    spit(path, text);
    filter.actions = true;
    assert_int_equal(ot_themes_trends(f->db, f->themes, &filter, false, &kept, &err), 0);
    ot_theme_trends actions;
    assert_int_equal(ot_themes_trends_kept(f->db, f->themes, &filter, NULL, &actions, &err), 0);
    assert_same_trends(&actions, &kept);
    ot_theme_trends_free(&actions);
    ot_theme_trends_free(&kept);
    char actions_path[112];
    snprintf(actions_path, sizeof actions_path, "%s-actions", path);
    assert_int_equal(access(actions_path, F_OK), 0);
    unlink(actions_path);
    filter.actions = false;
    assert_int_equal(ot_themes_trends_kept(f->db, f->themes, &filter, NULL, &kept, &err), 0);
    assert_int_equal(kept.inspections[0], 7);
    ot_theme_trends_free(&kept);

    /* A new report: counted again. */
    spit(path, text);
    ot_store *store = ot_store_new(f->db, &err);
    ot_store_allow_new_authorities(store, true);
    ot_sink *s = ot_store_sink(store);
    assert_int_equal(s->ops->begin_file(s, "more", "sha-more", "report", &err), 0);
    ot_finding_rec fs[] = {{"help_protection", NULL, 1, 1, "Supervision is weak."}};
    ot_inspection_rec rec = {
        .authority = {.name = "Beta", .ons_code = "E06000902", .region = "North West", .status = "current"},
        .framework = "ilacs_standard", .start_date = "2015-03-02", .has_report = true,
        .findings = fs, .n_findings = 1, .where = "report",
    };
    assert_int_equal(s->ops->authority(s, &rec.authority, &err), 0);
    assert_int_equal(s->ops->inspection(s, &rec, &err), 0);
    assert_int_equal(s->ops->end_file(s, true, &err), 0);
    ot_store_free(store);
    assert_int_equal(ot_themes_trends_kept(f->db, f->themes, &filter, NULL, &kept, &err), 0);
    assert_int_equal(kept.inspections[0], 2); /* 2015: Alpha and now Beta */
    assert_int_equal(kept.matching[0], 2);    /* supervision in 2015: both */
    ot_theme_trends_free(&kept);

    /* One authority's trends are never kept. */
    unlink(path);
    filter.authority_id = alpha_id(f);
    assert_int_equal(ot_themes_trends_kept(f->db, f->themes, &filter, NULL, &kept, &err), 0);
    ot_theme_trends_free(&kept);
    assert_int_equal(access(path, F_OK), -1);
    ot_theme_trends_free(&counted);
}

static void hits_in_date_order(void **state)
{
    fixture *f = *state;
    ot_theme_filter filter = {0, false, 0, 0};
    ot_theme_hits h;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(ot_themes_hits(f->db, f->themes, 0, &filter, &h, &err), 0);
    assert_int_equal(h.n, 4);
    assert_string_equal(h.v[0].start_date, "2015-06-01");
    assert_string_equal(h.v[1].text, "Supervision is irregular.");
    assert_string_equal(h.v[2].text, "Supervision again: supervision.");
    assert_int_equal(h.v[2].paragraph, 3);
    assert_string_equal(h.v[3].start_date, "2022-10-03");
    assert_string_equal(h.v[3].authority, "Alpha");
    ot_theme_hits_free(&h);
    assert_int_equal(ot_themes_hits(f->db, f->themes, 9, &filter, &h, &err), -1);
    ot_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_table),
        cmocka_unit_test(replace_keeps_place_and_origin),
        cmocka_unit_test(defaults_compile),
        cmocka_unit_test(user_path),
        cmocka_unit_test_setup_teardown(matrix_in_date_order, setup, teardown),
        cmocka_unit_test_setup_teardown(trends_per_year, setup, teardown),
        cmocka_unit_test_setup_teardown(trends_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(hits_in_date_order, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
