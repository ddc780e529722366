/* Ratings in force: the as-at rules on a hand-built database, written
 * through the store's sink as an importer would. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofsted-tui/framework.h"
#include "ofsted-tui/ratings.h"
#include "ofsted-tui/store.h"
#include "temp_db.h"

typedef struct fixture {
    char path[64];
    ot_db *db;
    ot_ratings *by_start;
    ot_ratings *by_published;
} fixture;

/* One inspection: grades as "area=grade" pairs, NULL-terminated. */
typedef struct insp {
    const char *name, *ons_code, *region, *status;
    long urn;
    const char *framework, *start, *published;
    const char *grades[8];
} insp;

static const insp history[] = {
    /* Alpha: a SIF with its LSCB review, a visit, ILACS inadequate, a
     * visit, ILACS good, then a reformed 2026 ILACS without overall. */
    {"Alpha", "E06000901", "North West", "current", 80001, "sif", "2014-01-10", "2014-03-01",
     {"overall=3", "leaders=3", "adoption=2", "care_leavers=4", NULL}},
    {"Alpha", "E06000901", "North West", "current", 80001, "lscb_review", "2014-01-10", "2014-03-01", {"lscb=2", NULL}},
    {"Alpha", "E06000901", "North West", "current", 80001, "monitoring_visit", "2015-06-01", "2015-07-01", {NULL}},
    {"Alpha", "E06000901", "North West", "current", 80001, "ilacs_standard", "2018-10-01", "2018-12-01",
     {"overall=4", "leaders=4", "help_protection=4", "in_care=3", NULL}},
    {"Alpha", "E06000901", "North West", "current", 80001, "focused_visit", "2019-05-01", "2019-06-01", {NULL}},
    {"Alpha", "E06000901", "North West", "current", 80001, "ilacs_short", "2023-02-06", "2023-03-24",
     {"overall=2", "leaders=2", "help_protection=2", "in_care=2", "care_leavers=1", NULL}},
    {"Alpha", "E06000901", "North West", "current", 80001, "ilacs_standard", "2026-03-02", "2026-04-20",
     {"leaders=2", "help_protection=1", "in_care=2", "care_leavers=2", NULL}},
    /* Beta: older frameworks count only for what they graded. */
    {"Beta", "E06000902", "North West", "current", 0, "slac", "2011-01-10", "2011-03-01", {"overall=3", NULL}},
    {"Beta", "E06000902", "North West", "current", 0, "lac2013", "2013-05-01", "2013-06-15", {"in_care=3", NULL}},
    {"Beta", "E06000902", "North West", "current", 0, "sif", "2016-06-01", "2016-08-01", {"overall=2", NULL}},
    /* Bournemouth's ONS code: abolished 1 April 2019. */
    {"Gamma", "E06000028", "South West", "no longer exists", 0, "ilacs_standard", "2018-07-16", "2018-08-24",
     {"overall=3", NULL}},
    /* BCP's ONS code: created 1 April 2019. */
    {"Delta", "E06000058", "South West", "current", 0, "ilacs_standard", "2021-12-06", "2022-02-11",
     {"overall=4", NULL}},
    /* Zeta: publication date unknown. */
    {"Zeta", "E09000901", "London", "current", 0, "sif", "2015-01-01", NULL, {"overall=2", NULL}},
};

static void add_file(ot_sink *s, const insp *rows, size_t n)
{
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(s->ops->begin_file(s, "history.csv", "sha-history", "csv", &err), 0);
    for (size_t i = 0; i < n; i++) {
        const insp *r = &rows[i];
        ot_judgement_rec js[8];
        char area[8][32];
        size_t nj = 0;
        for (; r->grades[nj]; nj++) {
            const char *eq = strchr(r->grades[nj], '=');
            snprintf(area[nj], sizeof area[nj], "%.*s", (int)(eq - r->grades[nj]), r->grades[nj]);
            int g = atoi(eq + 1);
            js[nj] = (ot_judgement_rec){area[nj], NULL, g, ot_grade_word(g)};
        }
        ot_inspection_rec rec = {
            .authority = {.ons_code = r->ons_code, .urn = r->urn, .name = r->name, .region = r->region,
                          .status = r->status},
            .framework = r->framework, .start_date = r->start, .published = r->published,
            .judgements = js, .n_judgements = nj, .where = "row",
        };
        assert_int_equal(s->ops->authority(s, &rec.authority, &err), 0);
        if (s->ops->inspection(s, &rec, &err) != 0)
            fail_msg("%s", ot_error_msg(&err));
    }
    ot_authority_rec epsilon = {.ons_code = "E06000903", .name = "Epsilon", .region = "South West", .status = "current"};
    assert_int_equal(s->ops->authority(s, &epsilon, &err), 0);
    assert_int_equal(s->ops->end_file(s, true, &err), 0);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/ot-ratings-%d-XXXXXX", (int)getpid());
    int fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    ot_error err = OT_ERROR_INIT;
    f->db = ot_db_open(f->path, OT_DB_CREATE, &err);
    if (!f->db)
        return -1;
    ot_store *store = ot_store_new(f->db, &err);
    ot_store_allow_new_authorities(store, true); /* invented authorities */
    add_file(ot_store_sink(store), history, sizeof history / sizeof history[0]);
    ot_store_free(store);
    f->by_start = ot_ratings_load(f->db, OT_RATINGS_BY_START, &err);
    f->by_published = ot_ratings_load(f->db, OT_RATINGS_BY_PUBLISHED, &err);
    *state = f;
    return f->by_start && f->by_published ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ot_ratings_free(f->by_start);
    ot_ratings_free(f->by_published);
    ot_db_close(f->db);
    temp_db_remove(f->path);
    free(f);
    return 0;
}

static size_t la(const ot_ratings *r, const char *name)
{
    for (size_t i = 0; i < ot_ratings_n_authorities(r); i++)
        if (strcmp(ot_ratings_authority(r, i)->name, name) == 0)
            return i;
    fail_msg("no authority %s", name);
    return 0;
}

static void loads_everything(void **state)
{
    fixture *f = *state;
    const ot_ratings *r = f->by_start;
    assert_int_equal(ot_ratings_n_authorities(r), 6);
    /* By name. */
    assert_string_equal(ot_ratings_authority(r, 0)->name, "Alpha");
    assert_string_equal(ot_ratings_authority(r, 5)->name, "Zeta");
    const ot_rating_authority *alpha = ot_ratings_authority(r, 0);
    assert_int_equal(alpha->n_inspections, 7);
    assert_string_equal(alpha->inspections[0].start_date, "2014-01-10");
    assert_true(alpha->inspections[2].is_visit);
    assert_true(alpha->inspections[3].whole);
    assert_null(alpha->created);
    assert_string_equal(ot_ratings_authority(r, la(r, "Gamma"))->abolished, "2019-04-01");
    assert_string_equal(ot_ratings_authority(r, la(r, "Delta"))->created, "2019-04-01");
    /* Standard areas first, in a fixed order, even when no data has them. */
    assert_int_equal(ot_ratings_area_index(r, "overall"), 0);
    assert_int_equal(ot_ratings_area_index(r, "leaders"), 1);
    assert_true(ot_ratings_area_index(r, "lscb") >= 0);
    assert_int_equal(ot_ratings_area_index(r, "bogus"), -1);
    /* Cycling areas skips those nobody graded (help_protection follows
     * leaders; adoption, then lscb, after care_leavers; back to overall). */
    assert_int_equal(ot_ratings_next_area(r, 0), 1);
    assert_string_equal(ot_ratings_area_key(r, (size_t)ot_ratings_next_area(r, ot_ratings_area_index(r, "lscb"))), "overall");
    size_t n;
    const char *const *regions = ot_ratings_regions(r, &n);
    assert_int_equal(n, 3);
    assert_string_equal(regions[0], "London");
    assert_string_equal(regions[2], "South West");
    assert_string_equal(ot_ratings_find_region(r, "south WEST"), "South West");
    assert_null(ot_ratings_find_region(r, "Mars"));
    const ot_ratings_era *eras = ot_ratings_eras(r, &n);
    assert_int_equal(n, 4);
    assert_string_equal(eras[0].name, "SLAC");
    assert_string_equal(eras[0].first, "2011-01-10");
    assert_string_equal(eras[1].name, "SIF");
    assert_string_equal(eras[1].first, "2014-01-10");
    assert_string_equal(eras[2].name, "ILACS");
    assert_string_equal(eras[2].first, "2018-07-16");
    assert_string_equal(eras[3].name, "2026 reform");
    assert_string_equal(eras[3].first, "2026-03-02");
}

typedef struct as_at_case {
    const char *name, *area, *date;
    ot_ratings_basis by;
    ot_rating_state state;
    int grade;
    const char *from_framework, *from_start; /* NULL when no inspection */
    const char *why;
} as_at_case;

#define S OT_RATINGS_BY_START
#define P OT_RATINGS_BY_PUBLISHED
static const as_at_case as_at_cases[] = {
    /* 1 */ {"Alpha", "overall", "2014-01-09", S, OT_RATING_NONE, 0, NULL, NULL, "before the first inspection"},
    /* 2 */ {"Alpha", "overall", "2014-01-10", S, OT_RATING_GRADED, 3, "sif", "2014-01-10", "from its first day"},
    /* 3 */ {"Alpha", "lscb", "2014-01-10", S, OT_RATING_GRADED, 2, "lscb_review", "2014-01-10", "the review that graded it wins the tie"},
    /* 4 */ {"Alpha", "overall", "2015-12-31", S, OT_RATING_GRADED, 3, "sif", "2014-01-10", "a visit changes nothing"},
    /* 5 */ {"Alpha", "adoption", "2018-09-30", S, OT_RATING_GRADED, 2, "sif", "2014-01-10", "SIF adoption until ILACS"},
    /* 6 */ {"Alpha", "adoption", "2018-10-01", S, OT_RATING_UNGRADED, 0, "ilacs_standard", "2018-10-01", "ILACS ends it"},
    /* 7 */ {"Alpha", "lscb", "2018-10-01", S, OT_RATING_UNGRADED, 0, "ilacs_standard", "2018-10-01", "ILACS ends the LSCB grade"},
    /* 8 */ {"Alpha", "care_leavers", "2020-01-01", S, OT_RATING_UNGRADED, 0, "ilacs_standard", "2018-10-01", "ILACS before 2023 has none"},
    /* 9 */ {"Alpha", "care_leavers", "2023-02-06", S, OT_RATING_GRADED, 1, "ilacs_short", "2023-02-06", "graded from 2023"},
    /* 10 */ {"Alpha", "overall", "2019-05-01", S, OT_RATING_GRADED, 4, "ilacs_standard", "2018-10-01", "focused visit leaves inadequate"},
    /* 11 */ {"Alpha", "overall", "2026-03-01", S, OT_RATING_GRADED, 2, "ilacs_short", "2023-02-06", "the day before the reform"},
    /* 12 */ {"Alpha", "overall", "2026-03-02", S, OT_RATING_UNGRADED, 0, "ilacs_standard", "2026-03-02", "the reform drops overall"},
    /* 13 */ {"Alpha", "leaders", "2026-03-02", S, OT_RATING_GRADED, 2, "ilacs_standard", "2026-03-02", "but grades the rest"},
    /* 14 */ {"Alpha", "overall", "2014-02-28", P, OT_RATING_NONE, 0, NULL, NULL, "not yet published"},
    /* 15 */ {"Alpha", "overall", "2014-03-01", P, OT_RATING_GRADED, 3, "sif", "2014-01-10", "published that day"},
    /* 16 */ {"Alpha", "overall", "2026-04-19", P, OT_RATING_GRADED, 2, "ilacs_short", "2023-02-06", "reform unpublished"},
    /* 17 */ {"Alpha", "overall", "2026-04-20", P, OT_RATING_UNGRADED, 0, "ilacs_standard", "2026-03-02", "reform published"},
    /* 18 */ {"Beta", "overall", "2012-01-01", S, OT_RATING_GRADED, 3, "slac", "2011-01-10", "older frameworks count"},
    /* 19 */ {"Beta", "in_care", "2013-06-01", S, OT_RATING_GRADED, 3, "lac2013", "2013-05-01", "for what they graded"},
    /* 20 */ {"Beta", "overall", "2013-06-01", S, OT_RATING_GRADED, 3, "slac", "2011-01-10", "and nothing else"},
    /* 21 */ {"Beta", "overall", "2016-06-01", S, OT_RATING_GRADED, 2, "sif", "2016-06-01", "SIF replaces"},
    /* 22 */ {"Beta", "in_care", "2016-06-01", S, OT_RATING_UNGRADED, 0, "sif", "2016-06-01", "SIF without the area ends it"},
    /* 23 */ {"Gamma", "overall", "2019-03-31", S, OT_RATING_GRADED, 3, "ilacs_standard", "2018-07-16", "the last day"},
    /* 24 */ {"Gamma", "overall", "2019-04-01", S, OT_RATING_ABSENT, 0, NULL, NULL, "abolished"},
    /* 25 */ {"Delta", "overall", "2019-03-31", S, OT_RATING_ABSENT, 0, NULL, NULL, "not yet created"},
    /* 26 */ {"Delta", "overall", "2019-04-01", S, OT_RATING_NONE, 0, NULL, NULL, "created, not inspected"},
    /* 27 */ {"Delta", "overall", "2022-03-31", S, OT_RATING_GRADED, 4, "ilacs_standard", "2021-12-06", "inspected"},
    /* 28 */ {"Zeta", "overall", "2015-06-01", S, OT_RATING_GRADED, 2, "sif", "2015-01-01", "by start"},
    /* 29 */ {"Zeta", "overall", "2025-06-01", P, OT_RATING_NONE, 0, NULL, NULL, "never known to be published"},
    /* 30 */ {"Epsilon", "overall", "2025-06-01", S, OT_RATING_NONE, 0, NULL, NULL, "never inspected"},
    /* 31 */ {"Alpha", "bogus", "2025-06-01", S, OT_RATING_UNGRADED, 0, "ilacs_short", "2023-02-06", "an unknown area is never graded"},
};

static void as_at_table(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof as_at_cases / sizeof as_at_cases[0]; i++) {
        const as_at_case *c = &as_at_cases[i];
        const ot_ratings *r = c->by == S ? f->by_start : f->by_published;
        ot_rating got = ot_ratings_at(r, la(r, c->name), ot_ratings_area_index(r, c->area), c->date);
        const char *fw = got.from ? got.from->framework : NULL;
        const char *start = got.from ? got.from->start_date : NULL;
        bool ok = got.state == c->state && got.grade == c->grade &&
                  (fw && c->from_framework ? strcmp(fw, c->from_framework) == 0 : fw == c->from_framework) &&
                  (start && c->from_start ? strcmp(start, c->from_start) == 0 : start == c->from_start);
        if (!ok)
            fail_msg("case %zu (%s %s %s: %s): state %d grade %d from %s %s; expected state %d grade %d from %s %s",
                     i + 1, c->name, c->area, c->date, c->why, got.state, got.grade, fw ? fw : "-",
                     start ? start : "-", c->state, c->grade, c->from_framework ? c->from_framework : "-",
                     c->from_start ? c->from_start : "-");
        if (got.state == OT_RATING_GRADED)
            assert_string_equal(got.grade_label, ot_grade_word(c->grade));
    }
}

static void published_by(void **state)
{
    fixture *f = *state;
    ot_ratings *r = f->by_start;
    size_t alpha = la(r, "Alpha"), zeta = la(r, "Zeta");
    ot_ratings_set_published_by(r, "2023-03-01");
    /* The 2023 inspection started before the date but came out after the
     * cut-off: the inadequate grade before it stays. */
    ot_rating at = ot_ratings_at(r, alpha, 0, "2023-06-01");
    assert_int_equal(at.grade, 4);
    assert_string_equal(at.from->start_date, "2018-10-01");
    /* Unknown publication: nothing counts. */
    assert_int_equal(ot_ratings_at(r, zeta, 0, "2023-06-01").state, OT_RATING_NONE);
    ot_ratings_set_published_by(r, NULL);
    assert_int_equal(ot_ratings_at(r, alpha, 0, "2023-06-01").grade, 2);
    assert_int_equal(ot_ratings_at(r, zeta, 0, "2023-06-01").grade, 2);
}

static void counts(void **state)
{
    fixture *f = *state;
    const ot_ratings *r = f->by_start;
    ot_grade_counts nw = ot_ratings_count(r, 0, "2019-04-01", "North West");
    assert_int_equal(nw.total, 2);
    assert_int_equal(nw.by_grade[2], 1);
    assert_int_equal(nw.by_grade[4], 1);
    /* Gamma is gone, Delta new and ungraded, Epsilon never inspected. */
    ot_grade_counts all = ot_ratings_count(r, 0, "2019-04-01", NULL);
    assert_int_equal(all.total, 5);
    assert_int_equal(all.by_grade[0], 2);
    assert_int_equal(all.by_grade[2], 2);
    assert_int_equal(all.by_grade[4], 1);
    ot_grade_counts before = ot_ratings_count(r, 0, "2019-03-31", NULL);
    assert_int_equal(before.total, 5); /* Gamma still, Delta not yet */
    assert_int_equal(before.by_grade[3], 1);
}

static void time_in_grade(void **state)
{
    fixture *f = *state;
    const ot_ratings *r = f->by_start;
    size_t alpha = la(r, "Alpha");
    assert_int_equal(ot_ratings_days_in_grade(r, alpha, 0, 4, "2030-01-01"), 1589);
    assert_int_equal(ot_ratings_days_in_grade(r, alpha, 0, 3, "2030-01-01"), 1725);
    /* Good from 2023-02-06 until the reform on 2026-03-02. */
    assert_int_equal(ot_ratings_days_in_grade(r, alpha, 0, 2, "2030-01-01"), 1120);
    /* Cut at until. */
    assert_int_equal(ot_ratings_days_in_grade(r, alpha, 0, 4, "2018-10-11"), 10);
    assert_int_equal(ot_ratings_days_in_grade(r, alpha, 0, 4, "2018-10-01"), 0);
    /* Gamma's grade ends with Gamma. */
    assert_int_equal(ot_ratings_days_in_grade(r, la(r, "Gamma"), 0, 3, "2030-01-01"), 259);
}

static void matrix(void **state)
{
    fixture *f = *state;
    const ot_ratings *r = f->by_start;
    ot_ratings_matrix m;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(ot_ratings_matrix_build(r, 0, 2007, 2026, "2026-11-23", &m, &err), 0);
    assert_int_equal(m.n_years, 20);
    assert_int_equal(m.n_authorities, 6);
    size_t alpha = la(r, "Alpha"), gamma = la(r, "Gamma");
    const ot_rating *row = &m.cells[alpha * 20];
    assert_int_equal(row[2014 - 2007].grade, 3);
    assert_int_equal(row[2019 - 2007].grade, 4);
    assert_int_equal(row[2023 - 2007].grade, 2);
    /* By 31 March 2026 the reformed inspection (2 March) had started. */
    assert_int_equal(row[2026 - 2007].state, OT_RATING_UNGRADED);
    assert_int_equal(row[2007 - 2007].state, OT_RATING_NONE);
    assert_int_equal(m.cells[gamma * 20 + (2019 - 2007)].state, OT_RATING_GRADED);
    assert_int_equal(m.cells[gamma * 20 + (2020 - 2007)].state, OT_RATING_ABSENT);
    assert_true(fabs(m.years_inadequate[alpha] - 1589 / 365.25) < 1e-9);
    assert_int_equal(m.latest_grade[alpha], 0); /* reformed: no overall now */
    assert_int_equal(m.latest_grade[la(r, "Delta")], 4);
    ot_ratings_matrix_free(&m);
    assert_int_equal(ot_ratings_matrix_build(r, 0, 2020, 2019, "2026-11-23", &m, &err), -1);
    ot_error_clear(&err);
}

/* The matrix asks ot_ratings_at only in the years where something can
 * have changed: every cell must still be its answer, for every area, on
 * both bases, with and without a publication cut-off. */
static void matrix_cells_are_ratings_at(void **state)
{
    fixture *f = *state;
    ot_ratings *bases[] = {f->by_start, f->by_published};
    const char *cutoffs[] = {NULL, "2019-06-30"};
    for (size_t b = 0; b < 2; b++)
        for (size_t c = 0; c < 2; c++) {
            ot_ratings *r = bases[b];
            ot_ratings_set_published_by(r, cutoffs[c]);
            for (size_t area = 0; area < ot_ratings_n_areas(r); area++) {
                ot_ratings_matrix m;
                ot_error err = OT_ERROR_INIT;
                assert_int_equal(ot_ratings_matrix_build(r, (int)area, 2005, 2027, "2026-11-23", &m, &err), 0);
                size_t changes = 0;
                for (size_t i = 0; i < m.n_authorities; i++)
                    for (int y = 0; y < m.n_years; y++) {
                        char date[32];
                        snprintf(date, sizeof date, "%04d-03-31", 2005 + y);
                        ot_rating want = ot_ratings_at(r, i, (int)area, date);
                        const ot_rating *got = &m.cells[i * (size_t)m.n_years + (size_t)y];
                        assert_int_equal(got->state, want.state);
                        assert_int_equal(got->grade, want.grade);
                        assert_ptr_equal(got->from, want.from);
                        assert_ptr_equal(got->grade_label, want.grade_label);
                        changes += y > 0 && got->state != got[-1].state;
                    }
                if (area == 0)
                    assert_true(changes > 0);
                ot_ratings_matrix_free(&m);
            }
            ot_ratings_set_published_by(r, NULL);
        }
}

static void names(void **state)
{
    fixture *f = *state;
    const ot_ratings *r = f->by_start;
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(ot_ratings_find_authority(r, f->db, "Alpha", &err), (long)la(r, "Alpha"));
    assert_int_equal(ot_ratings_find_authority(r, f->db, "ALPHA Council", &err), (long)la(r, "Alpha"));
    assert_int_equal(ot_ratings_find_authority(r, f->db, "e06000902", &err), (long)la(r, "Beta"));
    assert_int_equal(ot_ratings_find_authority(r, f->db, "80001", &err), (long)la(r, "Alpha"));
    assert_int_equal(ot_ratings_find_authority(r, f->db, "Omega", &err), -1);
    assert_int_equal(ot_ratings_find_authority(r, f->db, "99999", &err), -1);
}

static void dates(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"2024-02-29", true}, {"2023-02-29", false}, {"2000-02-29", true}, {"1900-02-29", false},
        {"2025-04-31", false}, {"2025-03-31", true}, {"2025-4-01", false}, {"", false},
        {"2025-03-31x", false}, {"abcd-ef-gh", false}, {"0000-01-01", false}, {"2025-00-10", false},
        {"2025/03/31", false}, {"2025-12-31", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (ot_ratings_date_valid(cases[i].s) != cases[i].ok)
            fail_msg("ot_ratings_date_valid(\"%s\") should be %d", cases[i].s, cases[i].ok);
    assert_false(ot_ratings_date_valid(NULL));
    assert_int_equal(ot_ratings_date_diff("1970-01-01", "2000-01-01"), 10957);
    assert_int_equal(ot_ratings_date_diff("2024-02-28", "2024-03-01"), 2);
    assert_int_equal(ot_ratings_date_diff("2024-03-01", "2024-02-28"), -2);
    static const struct {
        const char *from;
        int years, months;
        long days;
        const char *to;
    } moves[] = {
        {"2025-03-31", -1, 0, 0, "2024-03-31"}, {"2024-02-29", 1, 0, 0, "2025-02-28"},
        {"2025-03-31", 0, -1, 0, "2025-02-28"}, {"2025-01-15", 0, -1, 0, "2024-12-15"},
        {"2025-12-31", 0, 1, 0, "2026-01-31"}, {"2025-01-31", 0, -13, 0, "2023-12-31"},
        {"2025-03-01", 0, 0, -1, "2025-02-28"}, {"2024-12-31", 0, 0, 1, "2025-01-01"},
        {"2024-02-28", 0, 0, 1, "2024-02-29"}, {"0001-01-01", -1, 0, 0, "0001-01-01"},
    };
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        char out[11];
        ot_ratings_date_add(moves[i].from, moves[i].years, moves[i].months, moves[i].days, out);
        if (strcmp(out, moves[i].to) != 0)
            fail_msg("%s %+dy %+dm %+ldd gave %s, expected %s", moves[i].from, moves[i].years, moves[i].months,
                     moves[i].days, out, moves[i].to);
    }
    char march[11];
    ot_ratings_date_last_31_march("2026-03-30", march);
    assert_string_equal(march, "2025-03-31");
    ot_ratings_date_last_31_march("2026-03-31", march);
    assert_string_equal(march, "2026-03-31");
    char today[11];
    ot_ratings_today(today);
    assert_true(ot_ratings_date_valid(today));
    assert_string_equal(ot_grade_word(3), "Requires improvement");
    assert_string_equal(ot_grade_word(0), "");
}

/* Moves between two dates: every authority that existed on either date
 * counts once; created and abolished ones count as none on the other. */
static void transitions(void **state)
{
    fixture *f = *state;
    const ot_ratings *r = f->by_start;
    int overall = ot_ratings_area_index(r, "overall");
    ot_grade_transitions t = ot_ratings_transitions(r, overall, "2018-12-31", "2023-06-01", NULL);
    assert_int_equal(t.total, 6);
    assert_int_equal(t.cells[4][2], 1); /* Alpha: inadequate, then good */
    assert_int_equal(t.cells[2][2], 2); /* Beta and Zeta: good both times */
    assert_int_equal(t.cells[3][0], 1); /* Gamma: abolished in 2019 */
    assert_int_equal(t.cells[0][4], 1); /* Delta: created in 2019 */
    assert_int_equal(t.cells[0][0], 1); /* Epsilon: never inspected */
    ot_grade_transitions sw = ot_ratings_transitions(r, overall, "2018-12-31", "2023-06-01", "South West");
    assert_int_equal(sw.total, 3); /* Gamma, Delta and Epsilon */

    static const struct {
        const char *name, *since, *as_at, *word;
    } moves[] = {
        {"Alpha", "2018-12-31", "2023-06-01", "improved"},
        {"Alpha", "2017-01-01", "2019-01-01", "declined"},
        {"Alpha", "2023-06-01", "2026-06-01", "no_longer_graded"}, /* the 2026 reform */
        {"Alpha", "2010-01-01", "2014-06-01", "newly_graded"},
        {"Beta", "2017-01-01", "2020-01-01", "unchanged"},
        {"Gamma", "2018-12-31", "2023-06-01", "abolished"},
        {"Delta", "2018-12-31", "2023-06-01", "created"},
        {"Delta", "2019-06-01", "2020-06-01", "not_graded"},
        {"Gamma", "2020-01-01", "2021-01-01", ""},
    };
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        size_t a = la(r, moves[i].name);
        ot_rating then = ot_ratings_at(r, a, overall, moves[i].since);
        ot_rating now = ot_ratings_at(r, a, overall, moves[i].as_at);
        const char *w = ot_ratings_change_word(&then, &now);
        if (strcmp(w, moves[i].word) != 0)
            fail_msg("move %zu (%s %s -> %s): '%s', expected '%s'", i + 1, moves[i].name, moves[i].since,
                     moves[i].as_at, w, moves[i].word);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(loads_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(as_at_table, setup, teardown),
        cmocka_unit_test_setup_teardown(published_by, setup, teardown),
        cmocka_unit_test_setup_teardown(counts, setup, teardown),
        cmocka_unit_test_setup_teardown(time_in_grade, setup, teardown),
        cmocka_unit_test_setup_teardown(matrix, setup, teardown),
        cmocka_unit_test_setup_teardown(matrix_cells_are_ratings_at, setup, teardown),
        cmocka_unit_test_setup_teardown(names, setup, teardown),
        cmocka_unit_test_setup_teardown(transitions, setup, teardown),
        cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
