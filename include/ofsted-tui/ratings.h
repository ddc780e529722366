/* Ratings over time: which grade is "in force" for an authority on a date.
 *
 * The rule is the one behind Ofsted's own "as at 31 March" statistics: the
 * grade in force for an area on date D is the grade that the authority's
 * latest inspection on or before D gave that area.  "On or before" goes by
 * the inspection's start date (the day it took place), or, on request, by
 * its publication date; an inspection with no known publication date then
 * counts for nothing, rather than being guessed into place.
 *
 * Which inspections count for an area:
 *  - visits (focused_visit, monitoring_visit, jtai) never do: they give no
 *    grades, and a letter after an inspection leaves its grades in force;
 *  - the whole-service inspections (sif, sif_reinspection, ilacs_standard,
 *    ilacs_short) always do, for every area: like Ofsted's statistics, the
 *    latest such inspection's grades are the ones in force, and an area it
 *    did not grade has no grade in force from then on.  So a 2026 reformed
 *    ILACS, which gives no overall effectiveness, ends the overall grade of
 *    the inspection before it (OT_RATING_UNGRADED, not the old grade), an
 *    ILACS of 2018-2022 leaves care leavers ungraded, and the SIF's adoption
 *    and LSCB grades end with the first ILACS;
 *  - any other inspection (jar, apa, slac, lac2013, lscb_review, other)
 *    counts only for the areas it graded, so an LSCB review does not touch
 *    the overall grade of the SIF it came with.
 * When two counting inspections share a date, the one that graded the area
 * wins, then the later start, then the later one stored.
 *
 * Authorities come and go (Northamptonshire was split in 2021).  A table
 * compiled in (ratings.c) knows the reorganisations of English children's
 * services authorities since 2005 by ONS code: on dates before an
 * authority's creation or from its abolition it is OT_RATING_ABSENT and is
 * in no count.  An authority marked "no longer exists" that the table does
 * not know is treated as existing (nothing says when it ended).  An
 * authority with an inspection before its creation date (a record merged
 * under the successor's name) exists from that inspection on.
 *
 * The whole history is read once (ot_ratings_load) and every question after
 * that is answered from memory, so a matrix of all authorities by twenty
 * years costs microseconds.  Views get these answers and never see SQL. */
#ifndef OFSTED_TUI_RATINGS_H
#define OFSTED_TUI_RATINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/error.h"

typedef enum {
    OT_RATINGS_BY_START,     /* the day the inspection started */
    OT_RATINGS_BY_PUBLISHED, /* the day its report was published */
} ot_ratings_basis;

typedef enum {
    OT_RATING_ABSENT,   /* the authority did not exist on that date */
    OT_RATING_NONE,     /* no inspection that counts for the area yet */
    OT_RATING_UNGRADED, /* the latest inspection did not grade the area */
    OT_RATING_GRADED,   /* grade 1..4 in force */
} ot_rating_state;

typedef struct ot_rating_judgement {
    int area;          /* index into the area keys (ot_ratings_area_key) */
    int grade;         /* 1..4, 0 when printed but not graded */
    const char *grade_label; /* as printed, or NULL */
} ot_rating_judgement;

/* One inspection or visit of an authority. */
typedef struct ot_rating_inspection {
    long long id;
    const char *framework;  /* key: sif, ilacs_standard, focused_visit, ... */
    const char *start_date; /* YYYY-MM-DD */
    const char *published;  /* YYYY-MM-DD or NULL */
    bool is_visit;    /* focused or monitoring visit, JTAI */
    bool whole;       /* a whole-service inspection (see above) */
    const ot_rating_judgement *judgements;
    size_t n_judgements;
} ot_rating_inspection;

typedef struct ot_rating_authority {
    long long id;
    const char *name;
    const char *ons_code;  /* or NULL */
    const char *region;    /* or NULL */
    const char *status;    /* "current" / "no longer exists" */
    const char *created;   /* first day it existed, when known to be after 2005, else NULL */
    const char *abolished; /* first day it no longer existed, or NULL */
    const ot_rating_inspection *inspections; /* by start date, oldest first, visits included */
    size_t n_inspections;
} ot_rating_authority;

/* The answer to "what was in force": state, and when graded or ungraded the
 * inspection it comes from (borrowed from the ratings object). */
typedef struct ot_rating {
    ot_rating_state state;
    int grade;                         /* 1..4 when OT_RATING_GRADED, else 0 */
    const char *grade_label;           /* as printed, or NULL */
    const ot_rating_inspection *from;  /* NULL for ABSENT and NONE */
} ot_rating;

typedef struct ot_ratings ot_ratings;

/* Read every authority, inspection and judgement of db.  Authorities are
 * ordered by name (case-insensitive).  Returns a new object (free with
 * ot_ratings_free), or NULL with err set. */
ot_ratings *ot_ratings_load(ot_db *db, ot_ratings_basis by, ot_error *err);
void ot_ratings_free(ot_ratings *r);

ot_ratings_basis ot_ratings_by(const ot_ratings *r);

/* Count only inspections published on or before date (YYYY-MM-DD; NULL:
 * no such limit).  Ofsted's annual "as at 31 March" release counts the
 * inspections that took place by 31 March and whose reports were out by a
 * cut-off some weeks later; this reproduces it.  An inspection with no
 * known publication date then counts for nothing. */
void ot_ratings_set_published_by(ot_ratings *r, const char *date);

size_t ot_ratings_n_authorities(const ot_ratings *r);
/* The i-th authority (i < ot_ratings_n_authorities), borrowed. */
const ot_rating_authority *ot_ratings_authority(const ot_ratings *r, size_t i);

/* Area keys: the standard keys of DESIGN.md first (overall, leaders,
 * help_protection, in_care, care_leavers, adoption, lscb), then any other
 * area the judgements name, sorted.  Index of key, or -1 when it is
 * neither. */
int ot_ratings_area_index(const ot_ratings *r, const char *key);
size_t ot_ratings_n_areas(const ot_ratings *r);
const char *ot_ratings_area_key(const ot_ratings *r, size_t area);

/* The next area after area, in index order and wrapping round, that some
 * inspection graded; area itself when no other is. */
int ot_ratings_next_area(const ot_ratings *r, int area);

/* The distinct regions of the authorities, sorted; borrowed, n in *n. */
const char *const *ot_ratings_regions(const ot_ratings *r, size_t *n);

/* Frameworks as eras, for drawing their boundaries: the first start date
 * in the data of each family, oldest first.  Families: "JAR/APA" (jar,
 * apa), "SLAC" (slac), "SIF" (sif, sif_reinspection), "ILACS"
 * (ilacs_standard, ilacs_short that give an overall grade) and "2026
 * reform" (ILACS from 2025 on without one).  Only families present in the
 * data are listed; borrowed, n in *n. */
typedef struct ot_ratings_era {
    const char *name;
    char first[11]; /* YYYY-MM-DD */
} ot_ratings_era;
const ot_ratings_era *ot_ratings_eras(const ot_ratings *r, size_t *n);

/* Whether a NONE rating of authority la on date means "no data held"
 * rather than "not yet inspected": the database holds no inspection of
 * the authority on or before date, and the authority existed before the
 * earliest inspection the database holds (so an earlier inspection it
 * had is simply not in the data: Ofsted's files start in 2013).  An
 * authority created after that (Northamptonshire's successors in 2021) is
 * "not yet inspected" until its first inspection. */
bool ot_ratings_no_data(const ot_ratings *r, size_t la, const char *date);

/* The grade in force for authority la and area on date (YYYY-MM-DD). */
ot_rating ot_ratings_at(const ot_ratings *r, size_t la, int area, const char *date);

/* The grade inspection insp gave area: the judgement, or NULL when it did
 * not judge the area. */
const ot_rating_judgement *ot_rating_inspection_judgement(const ot_rating_inspection *insp, int area);

/* The date by which insp counts under r's basis (start or publication), or
 * NULL when it has none (unpublished under OT_RATINGS_BY_PUBLISHED). */
const char *ot_ratings_inspection_date(const ot_ratings *r, const ot_rating_inspection *insp);

/* Whole days, from the authority's creation (or its first inspection) up
 * to and excluding until, on which grade was in force for area. */
long ot_ratings_days_in_grade(const ot_ratings *r, size_t la, int area, int grade, const char *until);

/* Counts on one date.  by_grade[0] counts existing authorities without a
 * grade (none or ungraded), by_grade[1..4] the grades; total = the sum. */
typedef struct ot_grade_counts {
    int by_grade[5];
    int total;
} ot_grade_counts;

/* Counts over the existing authorities of region (NULL: all) on date. */
ot_grade_counts ot_ratings_count(const ot_ratings *r, int area, const char *date, const char *region);

/* Transitions between two dates.  The class of a rating: its grade 1..4
 * when graded, else 0 (no grade in force, or the authority did not exist). */
int ot_rating_class(const ot_rating *at);

/* A stable word for how an authority's rating moved from then to now:
 * "improved", "declined", "unchanged" (both graded); "newly_graded",
 * "no_longer_graded", "not_graded" (one or both without a grade);
 * "created" (it did not exist then), "abolished" (not now); "" when it
 * existed on neither date. */
const char *ot_ratings_change_word(const ot_rating *then, const ot_rating *now);

/* How many authorities moved from each class on since to each class on
 * as_at: cells[then][now], classes as ot_rating_class (0: none).  Counts
 * every authority of region (NULL: all) that existed on either date, so
 * an authority created or abolished in between counts with class 0 on the
 * date it did not exist; total is the sum of the cells. */
typedef struct ot_grade_transitions {
    int cells[5][5];
    int total;
} ot_grade_transitions;
ot_grade_transitions ot_ratings_transitions(const ot_ratings *r, int area, const char *since, const char *as_at,
                                            const char *region);

/* The matrix: every authority × every year's 31 March, first_year to
 * last_year.  cells[la * n_years + y] is the rating of authority la (index
 * as in ot_ratings_authority) on 31 March of first_year + y. */
typedef struct ot_ratings_matrix {
    int first_year, n_years;
    size_t n_authorities;
    ot_rating *cells;
    double *years_inadequate; /* per authority: years in grade 4 up to until */
    int *latest_grade;        /* per authority: grade in force on until, 0 none */
} ot_ratings_matrix;

/* Fill m for area.  until (YYYY-MM-DD, usually today) is the date of
 * latest_grade and the end of years_inadequate.  Returns 0, or -1 with err
 * set (out of memory). */
int ot_ratings_matrix_build(const ot_ratings *r, int area, int first_year, int last_year,
                            const char *until, ot_ratings_matrix *m, ot_error *err);
void ot_ratings_matrix_free(ot_ratings_matrix *m);

/* Find an authority by ONS code, URN, or name through the alias table
 * (ot_la_name_key, so "Bristol, City of" finds Bristol).  Returns its
 * index, or -1 when nothing matches, or -2 with err set on a database
 * failure. */
long ot_ratings_find_authority(const ot_ratings *r, ot_db *db, const char *name, ot_error *err);

/* The region spelt as given, ignoring case; borrowed, or NULL. */
const char *ot_ratings_find_region(const ot_ratings *r, const char *name);

/* True for a real calendar date written YYYY-MM-DD. */
bool ot_ratings_date_valid(const char *s);

/* Today's date (local time) as YYYY-MM-DD into out. */
void ot_ratings_today(char out[11]);

/* date moved by years and months (the day kept, or the month's last when
 * it has fewer days), then by days, into out as YYYY-MM-DD.  date must be
 * valid; a result before year 1 or after 9999 is clamped to those years. */
void ot_ratings_date_add(const char *date, int years, int months, long days, char out[11]);

/* The latest 31 March on or before date, into out. */
void ot_ratings_date_last_31_march(const char *date, char out[11]);

/* Whole days from a to b (b - a); both valid dates. */
long ot_ratings_date_diff(const char *a, const char *b);

#endif
