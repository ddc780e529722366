/* Ratings in force over time: see ofsted-tui/ratings.h for the rules. */
#include "config.h"

#include "ofsted-tui/ratings.h"

#include <ctype.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ofsted-tui/arena.h"
#include "ofsted-tui/framework.h"
#include "ofsted-tui/la_name.h"
#include "ofsted-tui/buf.h"

/* Reorganisations of English children's services authorities since 2005,
 * by ONS code, from the structural change orders: the day each new
 * authority took over and the day each old one ceased.  North Yorkshire
 * and Somerset (new codes in 2023) continued as the same children's
 * services authority and are not here. */
static const struct reorganisation {
    const char *ons_code;
    const char *created;
    const char *abolished;
} reorganisations[] = {
    {"E10000001", NULL, "2009-04-01"}, /* Bedfordshire */
    {"E10000004", NULL, "2009-04-01"}, /* Cheshire */
    {"E06000055", "2009-04-01", NULL}, /* Bedford */
    {"E06000056", "2009-04-01", NULL}, /* Central Bedfordshire */
    {"E06000049", "2009-04-01", NULL}, /* Cheshire East */
    {"E06000050", "2009-04-01", NULL}, /* Cheshire West and Chester */
    {"E06000028", NULL, "2019-04-01"}, /* Bournemouth */
    {"E06000029", NULL, "2019-04-01"}, /* Poole */
    {"E10000009", NULL, "2019-04-01"}, /* Dorset County Council */
    {"E06000058", "2019-04-01", NULL}, /* Bournemouth, Christchurch and Poole */
    {"E06000059", "2019-04-01", NULL}, /* Dorset Council */
    {"E10000021", NULL, "2021-04-01"}, /* Northamptonshire */
    {"E06000061", "2021-04-01", NULL}, /* North Northamptonshire */
    {"E06000062", "2021-04-01", NULL}, /* West Northamptonshire */
    {"E10000006", NULL, "2023-04-01"}, /* Cumbria */
    {"E06000063", "2023-04-01", NULL}, /* Cumberland */
    {"E06000064", "2023-04-01", NULL}, /* Westmorland and Furness */
};

struct ot_ratings {
    ot_ratings_basis by;
    ot_rating_authority *auth;
    size_t n_auth;
    ot_rating_inspection *inspections; /* all, grouped by authority */
    size_t n_inspections;
    ot_rating_judgement *judgements;   /* all, grouped by inspection */
    ot_arena strings;                  /* every string the ratings hold */
    const char *kept[256];             /* strings kept once, by hash (see keep) */
    size_t n_kept;
    const char *earliest; /* the first start of an inspection (not a visit), or NULL */
    char **areas;
    size_t n_areas;
    const char **regions;
    size_t n_regions;
    ot_ratings_era eras[OT_ERA_COUNT];
    size_t n_eras;
    char published_by[11]; /* "" for no limit */
};

/* ------------------------------------------------------------------ dates */

static bool is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool ot_ratings_date_valid(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    long y = strtol(s, NULL, 10);
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static long day_number(const char *s)
{
    long y = strtol(s, NULL, 10);
    long m = (s[5] - '0') * 10 + (s[6] - '0');
    long d = (s[8] - '0') * 10 + (s[9] - '0');
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The civil date of a day number (Howard Hinnant's civil_from_days). */
static void civil(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static void format_date(long y, int m, int d, char out[11])
{
    if (y < 1)
        y = 1, m = 1, d = 1;
    if (y > 9999)
        y = 9999, m = 12, d = 31;
    char tmp[48]; /* room for any int, though y, m and d are in range */
    snprintf(tmp, sizeof tmp, "%04ld-%02d-%02d", y, m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

void ot_ratings_date_add(const char *date, int years, int months, long days, char out[11])
{
    long y = strtol(date, NULL, 10);
    long m0 = (date[5] - '0') * 10 + (date[6] - '0') - 1 + months;
    int d = (date[8] - '0') * 10 + (date[9] - '0');
    y += years + (m0 >= 0 ? m0 / 12 : -((11 - m0) / 12));
    int m = (int)(((m0 % 12) + 12) % 12) + 1;
    if (y < 1 || y > 9999) {
        format_date(y, m, 1, out);
        return;
    }
    if (d > month_days(y, m))
        d = month_days(y, m);
    char mid[11];
    format_date(y, m, d, mid);
    long yy;
    int mm, dd;
    civil(day_number(mid) + days, &yy, &mm, &dd);
    format_date(yy, mm, dd, out);
}

void ot_ratings_date_last_31_march(const char *date, char out[11])
{
    long y = strtol(date, NULL, 10);
    if (strcmp(date + 4, "-03-31") < 0)
        y--;
    format_date(y, 3, 31, out);
}

long ot_ratings_date_diff(const char *a, const char *b)
{
    return day_number(b) - day_number(a);
}

void ot_ratings_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        memcpy(out, "1970-01-01", 11);
}


/* ------------------------------------------------------------------ loading */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A copy of column col of st's row in the arena, NULL for SQL NULL; *oom
 * set when memory ran out.  Values that repeat (regions, statuses, grade
 * labels) are kept once, found again by their hash: they have a few dozen
 * distinct values between them, against tens of thousands of rows. */
static const char *keep(ot_ratings *r, sqlite3_stmt *st, int col, bool repeats, bool *oom)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    if (!t)
        return NULL;
    size_t len = (size_t)sqlite3_column_bytes(st, col);
    size_t slot = 0;
    if (repeats) {
        uint32_t h = 2166136261u; /* FNV-1a */
        for (size_t i = 0; i < len; i++)
            h = (h ^ (unsigned char)t[i]) * 16777619u;
        size_t mask = sizeof r->kept / sizeof r->kept[0] - 1;
        for (slot = h & mask; r->kept[slot]; slot = (slot + 1) & mask)
            if (strcmp(r->kept[slot], t) == 0)
                return r->kept[slot];
    }
    char *copy = ot_arena_strndup(&r->strings, t, len);
    if (!copy) {
        *oom = true;
        return NULL;
    }
    /* A full table keeps the rest as plain copies. */
    if (repeats && r->n_kept + 1 < sizeof r->kept / sizeof r->kept[0]) {
        r->kept[slot] = copy;
        r->n_kept++;
    }
    return copy;
}

/* What each_row hands every row to: 0 to go on, -1 when memory ran out. */
typedef int (*row_fn)(ot_ratings *r, sqlite3_stmt *st, void *ctx);

/* Run sql on db and hand each row of its result to row, with ctx.
 * Returns 0 once every row was handed over, or -1 with err set: "out of
 * memory" when row said so (the rows before it stay loaded), else the
 * database's message. */
static int each_row(ot_ratings *r, ot_db *db, const char *sql, row_fn row, void *ctx, ot_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    int rc, status = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (row(r, st, ctx) < 0) {
            ot_error_set(err, "out of memory");
            status = -1;
            break;
        }
    if (status == 0 && rc != SQLITE_DONE)
        status = ot_db_fail(db, err);
    sqlite3_finalize(st);
    return status;
}

/* A row of authority (id, name, ons_code, region, status) into r->auth;
 * ctx is the array's capacity. */
static int authority_row(ot_ratings *r, sqlite3_stmt *st, void *ctx)
{
    if (ot_grow((void **)&r->auth, ctx, r->n_auth, sizeof *r->auth) < 0)
        return -1;
    ot_rating_authority *a = &r->auth[r->n_auth++];
    memset(a, 0, sizeof *a);
    bool oom = false;
    a->id = sqlite3_column_int64(st, 0);
    a->name = keep(r, st, 1, false, &oom);
    a->ons_code = keep(r, st, 2, false, &oom);
    a->region = keep(r, st, 3, true, &oom);
    a->status = keep(r, st, 4, true, &oom);
    for (size_t i = 0; a->ons_code && i < sizeof reorganisations / sizeof reorganisations[0]; i++) {
        if (strcmp(a->ons_code, reorganisations[i].ons_code) == 0) {
            a->created = reorganisations[i].created;
            a->abolished = reorganisations[i].abolished;
        }
    }
    return oom ? -1 : 0;
}

static int load_authorities(ot_ratings *r, ot_db *db, ot_error *err)
{
    size_t cap = 0;
    return each_row(r, db,
                    "SELECT id, name, ons_code, region, status FROM authority"
                    " ORDER BY name COLLATE NOCASE, id",
                    authority_row, &cap, err);
}

/* Add a copy of area to r->areas, whose capacity is *cap. */
static int add_area(ot_ratings *r, const char *area, size_t *cap)
{
    if (ot_grow((void **)&r->areas, cap, r->n_areas, sizeof *r->areas) < 0 ||
        !(r->areas[r->n_areas] = strdup(area)))
        return -1;
    r->n_areas++;
    return 0;
}

/* A row of the distinct areas judged: added unless known already. */
static int area_row(ot_ratings *r, sqlite3_stmt *st, void *ctx)
{
    const char *area = (const char *)sqlite3_column_text(st, 0);
    if (!area || ot_ratings_area_index(r, area) >= 0)
        return 0;
    return add_area(r, area, ctx);
}

/* The standard areas first, in their order, then any other the judgements
 * name. */
static int load_areas(ot_ratings *r, ot_db *db, ot_error *err)
{
    size_t cap = 0;
    for (int i = 0; i < ot_judgement_area_count && ot_judgement_areas[i].standard; i++) {
        if (add_area(r, ot_judgement_areas[i].key, &cap) < 0) {
            ot_error_set(err, "out of memory");
            return -1;
        }
    }
    return each_row(r, db, "SELECT DISTINCT area FROM judgement ORDER BY area", area_row, &cap, err);
}

/* An inspection while loading: which authority it belongs to (index into
 * r->auth), for sorting them into one array grouped by authority. */
typedef struct loaded_inspection {
    size_t la;
    ot_rating_inspection in;
} loaded_inspection;

static int cmp_loaded(const void *a, const void *b)
{
    const loaded_inspection *x = a, *y = b;
    if (x->la != y->la)
        return x->la < y->la ? -1 : 1;
    int c = strcmp(x->in.start_date, y->in.start_date);
    if (c)
        return c;
    return x->in.id < y->in.id ? -1 : x->in.id > y->in.id;
}

static int cmp_inspection_id(const void *key, const void *elem)
{
    long long id = *(const long long *)key;
    long long other = (*(ot_rating_inspection *const *)elem)->id;
    return id < other ? -1 : id > other;
}

static int cmp_inspection_ptr(const void *a, const void *b)
{
    long long x = (*(ot_rating_inspection *const *)a)->id, y = (*(ot_rating_inspection *const *)b)->id;
    return x < y ? -1 : x > y;
}

/* The inspections read so far, and where each authority id's index in
 * r->auth is. */
typedef struct inspection_rows {
    loaded_inspection *rows;
    size_t n, cap;
    size_t *la_of; /* by authority id, up to max_id: SIZE_MAX for none */
    long long max_id;
} inspection_rows;

/* A row of inspection (id, authority_id, framework, start_date,
 * published) into the inspection_rows ctx. */
static int inspection_row(ot_ratings *r, sqlite3_stmt *st, void *ctx)
{
    inspection_rows *ir = ctx;
    long long auth_id = sqlite3_column_int64(st, 1);
    if (auth_id < 0 || auth_id > ir->max_id || ir->la_of[auth_id] == SIZE_MAX)
        return 0; /* the foreign key forbids it; stay safe anyway */
    if (ot_grow((void **)&ir->rows, &ir->cap, ir->n, sizeof *ir->rows) < 0)
        return -1;
    loaded_inspection *l = &ir->rows[ir->n++];
    l->la = ir->la_of[auth_id];
    ot_rating_inspection *in = &l->in;
    bool oom = false;
    in->id = sqlite3_column_int64(st, 0);
    const char *fw_key = (const char *)sqlite3_column_text(st, 2);
    const ot_framework *fw = ot_framework_find(fw_key);
    in->framework = fw ? fw->key : keep(r, st, 2, true, &oom);
    in->start_date = keep(r, st, 3, false, &oom);
    in->published = keep(r, st, 4, false, &oom);
    in->is_visit = fw && fw->is_visit;
    in->whole = fw && fw->grades_every_area;
    return oom || !in->framework || !in->start_date ? -1 : 0;
}

/* Every inspection, read in table order and sorted here by authority,
 * start and id: one array for all of them (r->inspections) rather than an
 * index walk and an allocation per authority. */
static int load_inspection_rows(ot_ratings *r, ot_db *db, ot_error *err)
{
    int status = -1;
    inspection_rows ir = {NULL, 0, 0, NULL, 0};
    /* Authority ids are small and dense: index them directly. */
    for (size_t i = 0; i < r->n_auth; i++)
        if (r->auth[i].id > ir.max_id)
            ir.max_id = r->auth[i].id;
    ir.la_of = malloc(((size_t)ir.max_id + 1) * sizeof *ir.la_of);
    if (!ir.la_of)
        goto oom;
    for (long long i = 0; i <= ir.max_id; i++)
        ir.la_of[i] = SIZE_MAX;
    for (size_t i = 0; i < r->n_auth; i++)
        if (r->auth[i].id >= 0)
            ir.la_of[r->auth[i].id] = i;
    if (each_row(r, db, "SELECT id, authority_id, framework, start_date, published FROM inspection",
                 inspection_row, &ir, err) < 0)
        goto out;
    if (ir.n)
        qsort(ir.rows, ir.n, sizeof *ir.rows, cmp_loaded);
    r->inspections = malloc((ir.n ? ir.n : 1) * sizeof *r->inspections);
    if (!r->inspections)
        goto oom;
    for (size_t i = 0; i < ir.n; i++) {
        r->inspections[i] = ir.rows[i].in;
        ot_rating_authority *a = &r->auth[ir.rows[i].la];
        if (!a->n_inspections)
            a->inspections = &r->inspections[i];
        a->n_inspections++;
    }
    r->n_inspections = ir.n;
    status = 0;
    goto out;
oom:
    ot_error_set(err, "out of memory");
out:
    free(ir.rows);
    free(ir.la_of);
    return status;
}

/* The judgements read so far, and how to find each one's inspection. */
typedef struct judgement_rows {
    ot_rating_inspection **by_id; /* r->inspections, sorted by id */
    size_t *first;                /* where each inspection's run starts in r->judgements */
    ot_rating_inspection *cur;    /* the inspection of the run being read */
    size_t n, cap;
} judgement_rows;

/* A row of judgement (inspection_id, area, grade, grade_label), in
 * inspection order, into r->judgements. */
static int judgement_row(ot_ratings *r, sqlite3_stmt *st, void *ctx)
{
    judgement_rows *jr = ctx;
    long long id = sqlite3_column_int64(st, 0);
    if (!jr->cur || jr->cur->id != id) {
        ot_rating_inspection **found = bsearch(&id, jr->by_id, r->n_inspections, sizeof *jr->by_id, cmp_inspection_id);
        jr->cur = found ? *found : NULL;
        if (!jr->cur)
            return 0;
        jr->first[jr->cur - r->inspections] = jr->n;
    }
    if (ot_grow((void **)&r->judgements, &jr->cap, jr->n, sizeof *r->judgements) < 0)
        return -1;
    ot_rating_judgement *j = &r->judgements[jr->n++];
    bool oom = false;
    j->area = ot_ratings_area_index(r, (const char *)sqlite3_column_text(st, 1));
    j->grade = sqlite3_column_int(st, 2);
    j->grade_label = keep(r, st, 3, true, &oom);
    jr->cur->n_judgements++;
    return oom ? -1 : 0;
}

/* Every judgement into one array (r->judgements), each inspection pointing
 * at its run: the table's key (inspection_id, area) gives the runs. */
static int load_judgements(ot_ratings *r, ot_db *db, ot_error *err)
{
    int status = -1;
    size_t slots = r->n_inspections ? r->n_inspections : 1;
    /* Where each inspection's run starts, as offsets: the array moves
     * while it grows. */
    judgement_rows jr = {malloc(slots * sizeof *jr.by_id), calloc(slots, sizeof *jr.first), NULL, 0, 0};
    if (!jr.by_id || !jr.first) {
        ot_error_set(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < r->n_inspections; i++)
        jr.by_id[i] = &r->inspections[i];
    qsort(jr.by_id, r->n_inspections, sizeof *jr.by_id, cmp_inspection_ptr);
    if (each_row(r, db,
                 "SELECT inspection_id, area, grade, grade_label FROM judgement"
                 " ORDER BY inspection_id, area",
                 judgement_row, &jr, err) < 0)
        goto out;
    for (size_t i = 0; i < r->n_inspections; i++)
        if (r->inspections[i].n_judgements)
            r->inspections[i].judgements = &r->judgements[jr.first[i]];
    status = 0;
out:
    free(jr.first);
    free(jr.by_id);
    return status;
}

static int load_inspections(ot_ratings *r, ot_db *db, ot_error *err)
{
    if (load_inspection_rows(r, db, err) < 0 || load_judgements(r, db, err) < 0)
        return -1;
    for (size_t i = 0; i < r->n_inspections; i++) {
        const ot_rating_inspection *in = &r->inspections[i];
        if (!in->is_visit && (!r->earliest || strcmp(in->start_date, r->earliest) < 0))
            r->earliest = in->start_date;
    }
    /* An inspection before the creation date says the record covers the
     * area before the reorganisation: let it exist from then. */
    for (size_t i = 0; i < r->n_auth; i++) {
        ot_rating_authority *a = &r->auth[i];
        if (a->created && a->n_inspections && strcmp(a->inspections[0].start_date, a->created) < 0)
            a->created = NULL;
    }
    return 0;
}

static int collect_regions(ot_ratings *r, ot_error *err)
{
    r->regions = malloc((r->n_auth ? r->n_auth : 1) * sizeof *r->regions);
    if (!r->regions) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < r->n_auth; i++)
        if (r->auth[i].region)
            r->regions[r->n_regions++] = r->auth[i].region;
    qsort(r->regions, r->n_regions, sizeof *r->regions, cmp_str);
    size_t n = 0;
    for (size_t i = 0; i < r->n_regions; i++)
        if (n == 0 || strcmp(r->regions[n - 1], r->regions[i]) != 0)
            r->regions[n++] = r->regions[i];
    r->n_regions = n;
    return 0;
}

/* Which era an inspection belongs to: its framework's, except that an
 * ILACS inspection from 2025 on that gave no overall grade is the reform's. */
static ot_era era_of(const ot_rating_inspection *in, int overall)
{
    const ot_framework *fw = ot_framework_find(in->framework);
    if (!fw)
        return OT_ERA_NONE;
    if (fw->era == OT_ERA_ILACS && !ot_rating_inspection_judgement(in, overall) &&
        strcmp(in->start_date, "2025-01-01") >= 0)
        return OT_ERA_REFORM;
    return fw->era;
}

static void collect_eras(ot_ratings *r)
{
    const char *first[OT_ERA_COUNT] = {NULL};
    int overall = ot_ratings_area_index(r, "overall");
    for (size_t i = 0; i < r->n_auth; i++) {
        for (size_t j = 0; j < r->auth[i].n_inspections; j++) {
            const ot_rating_inspection *in = &r->auth[i].inspections[j];
            ot_era e = era_of(in, overall);
            if (e != OT_ERA_NONE && (!first[e] || strcmp(in->start_date, first[e]) < 0))
                first[e] = in->start_date;
        }
    }
    r->n_eras = 0;
    for (int e = 0; e < OT_ERA_COUNT; e++) {
        if (!first[e] || strlen(first[e]) != 10)
            continue;
        r->eras[r->n_eras].name = ot_era_name((ot_era)e);
        memcpy(r->eras[r->n_eras].first, first[e], 11);
        r->n_eras++;
    }
}

const ot_ratings_era *ot_ratings_eras(const ot_ratings *r, size_t *n)
{
    *n = r->n_eras;
    return r->eras;
}

ot_ratings *ot_ratings_load(ot_db *db, ot_ratings_basis by, ot_error *err)
{
    ot_ratings *r = calloc(1, sizeof *r);
    if (!r) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    r->by = by;
    /* One read transaction, so the three queries see one state (joining
     * the caller's when one is open). */
    sqlite3 *h = ot_db_handle(db);
    bool began = sqlite3_get_autocommit(h) && sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    int rc = load_authorities(r, db, err);
    if (rc == 0)
        rc = load_areas(r, db, err);
    if (rc == 0)
        rc = load_inspections(r, db, err);
    if (began)
        sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    if (rc == 0)
        rc = collect_regions(r, err);
    if (rc == 0)
        collect_eras(r);
    if (rc < 0) {
        ot_ratings_free(r);
        return NULL;
    }
    return r;
}

void ot_ratings_free(ot_ratings *r)
{
    if (!r)
        return;
    free(r->auth);
    free(r->inspections);
    free(r->judgements);
    ot_arena_free(&r->strings);
    for (size_t i = 0; i < r->n_areas; i++)
        free(r->areas[i]);
    free(r->areas);
    free(r->regions);
    free(r);
}

/* ------------------------------------------------------------------ questions */

ot_ratings_basis ot_ratings_by(const ot_ratings *r)
{
    return r->by;
}

void ot_ratings_set_published_by(ot_ratings *r, const char *date)
{
    r->published_by[0] = '\0';
    if (date && strlen(date) == 10)
        memcpy(r->published_by, date, 11);
}

size_t ot_ratings_n_authorities(const ot_ratings *r)
{
    return r->n_auth;
}

const ot_rating_authority *ot_ratings_authority(const ot_ratings *r, size_t i)
{
    return i < r->n_auth ? &r->auth[i] : NULL;
}

int ot_ratings_area_index(const ot_ratings *r, const char *key)
{
    for (size_t i = 0; key && i < r->n_areas; i++)
        if (strcmp(r->areas[i], key) == 0)
            return (int)i;
    return -1;
}

size_t ot_ratings_n_areas(const ot_ratings *r)
{
    return r->n_areas;
}

const char *ot_ratings_area_key(const ot_ratings *r, size_t area)
{
    return area < r->n_areas ? r->areas[area] : NULL;
}

static bool area_graded(const ot_ratings *r, int area)
{
    for (size_t i = 0; i < r->n_auth; i++)
        for (size_t j = 0; j < r->auth[i].n_inspections; j++) {
            const ot_rating_judgement *jd = ot_rating_inspection_judgement(&r->auth[i].inspections[j], area);
            if (jd && jd->grade >= 1 && jd->grade <= 4)
                return true;
        }
    return false;
}

int ot_ratings_next_area(const ot_ratings *r, int area)
{
    size_t n = r->n_areas;
    for (size_t step = 1; step < n; step++) {
        int next = (int)(((size_t)(area < 0 ? 0 : area) + step) % n);
        if (area_graded(r, next))
            return next;
    }
    return area;
}

const char *const *ot_ratings_regions(const ot_ratings *r, size_t *n)
{
    *n = r->n_regions;
    return (const char *const *)r->regions;
}

const ot_rating_judgement *ot_rating_inspection_judgement(const ot_rating_inspection *insp, int area)
{
    for (size_t i = 0; area >= 0 && i < insp->n_judgements; i++)
        if (insp->judgements[i].area == area)
            return &insp->judgements[i];
    return NULL;
}

const char *ot_ratings_inspection_date(const ot_ratings *r, const ot_rating_inspection *insp)
{
    return r->by == OT_RATINGS_BY_PUBLISHED ? insp->published : insp->start_date;
}

static bool exists_on(const ot_rating_authority *a, const char *date)
{
    return !(a->abolished && strcmp(date, a->abolished) >= 0) && !(a->created && strcmp(date, a->created) < 0);
}

bool ot_ratings_no_data(const ot_ratings *r, size_t la, const char *date)
{
    if (la >= r->n_auth)
        return false;
    const char *earliest = r->earliest;
    const ot_rating_authority *a = &r->auth[la];
    for (size_t i = 0; i < a->n_inspections; i++)
        if (!a->inspections[i].is_visit && strcmp(a->inspections[i].start_date, date) <= 0)
            return false;
    return !earliest || !a->created || strcmp(a->created, earliest) < 0;
}

ot_rating ot_ratings_at(const ot_ratings *r, size_t la, int area, const char *date)
{
    ot_rating out = {OT_RATING_ABSENT, 0, NULL, NULL};
    if (la >= r->n_auth || !exists_on(&r->auth[la], date))
        return out;
    const ot_rating_authority *a = &r->auth[la];
    const ot_rating_inspection *best = NULL;
    const char *best_date = NULL;
    bool best_judged = false;
    for (size_t i = 0; i < a->n_inspections; i++) {
        const ot_rating_inspection *in = &a->inspections[i];
        const char *d = ot_ratings_inspection_date(r, in);
        if (in->is_visit || !d || strcmp(d, date) > 0)
            continue;
        if (r->published_by[0] && (!in->published || strcmp(in->published, r->published_by) > 0))
            continue;
        bool judged = ot_rating_inspection_judgement(in, area) != NULL;
        if (!judged && !in->whole)
            continue;
        /* Latest date, then the one that judged the area, then the later
         * start, then the later stored: inspections are in start order,
         * so a later one wins every tie on the first two. */
        int c = best ? strcmp(d, best_date) : 1;
        if (c > 0 || (c == 0 && (judged || !best_judged))) {
            best = in;
            best_date = d;
            best_judged = judged;
        }
    }
    if (!best) {
        out.state = OT_RATING_NONE;
        return out;
    }
    const ot_rating_judgement *j = ot_rating_inspection_judgement(best, area);
    out.from = best;
    out.grade_label = j ? j->grade_label : NULL;
    if (j && j->grade >= 1 && j->grade <= 4) {
        out.state = OT_RATING_GRADED;
        out.grade = j->grade;
    } else {
        out.state = OT_RATING_UNGRADED;
    }
    return out;
}

long ot_ratings_days_in_grade(const ot_ratings *r, size_t la, int area, int grade, const char *until)
{
    if (la >= r->n_auth)
        return 0;
    const ot_rating_authority *a = &r->auth[la];
    /* The grade can only change on an inspection's date or at the
     * authority's beginning or end: walk those points in order. */
    size_t n = 0;
    const char **points = malloc((a->n_inspections + 2) * sizeof *points);
    if (!points)
        return 0;
    for (size_t i = 0; i < a->n_inspections; i++) {
        const char *d = ot_ratings_inspection_date(r, &a->inspections[i]);
        if (d && !a->inspections[i].is_visit)
            points[n++] = d;
    }
    if (a->abolished)
        points[n++] = a->abolished;
    qsort(points, n, sizeof *points, cmp_str);
    long days = 0;
    for (size_t i = 0; i < n && strcmp(points[i], until) < 0; i++) {
        const char *end = i + 1 < n && strcmp(points[i + 1], until) < 0 ? points[i + 1] : until;
        ot_rating at = ot_ratings_at(r, la, area, points[i]);
        if (at.state == OT_RATING_GRADED && at.grade == grade)
            days += ot_ratings_date_diff(points[i], end);
    }
    free(points);
    return days;
}

ot_grade_counts ot_ratings_count(const ot_ratings *r, int area, const char *date, const char *region)
{
    ot_grade_counts c = {{0, 0, 0, 0, 0}, 0};
    for (size_t i = 0; i < r->n_auth; i++) {
        if (region && (!r->auth[i].region || strcmp(region, r->auth[i].region) != 0))
            continue;
        ot_rating at = ot_ratings_at(r, i, area, date);
        if (at.state == OT_RATING_ABSENT)
            continue;
        c.by_grade[at.state == OT_RATING_GRADED ? at.grade : 0]++;
        c.total++;
    }
    return c;
}

int ot_rating_class(const ot_rating *at)
{
    return at->state == OT_RATING_GRADED && at->grade >= 1 && at->grade <= 4 ? at->grade : 0;
}

const char *ot_ratings_change_word(const ot_rating *then, const ot_rating *now)
{
    if (then->state == OT_RATING_ABSENT)
        return now->state == OT_RATING_ABSENT ? "" : "created";
    if (now->state == OT_RATING_ABSENT)
        return "abolished";
    int a = ot_rating_class(then), b = ot_rating_class(now);
    if (a && b) /* grade 1 is the best: a smaller number is better */
        return b < a ? "improved" : b > a ? "declined" : "unchanged";
    return b ? "newly_graded" : a ? "no_longer_graded" : "not_graded";
}

ot_grade_transitions ot_ratings_transitions(const ot_ratings *r, int area, const char *since, const char *as_at,
                                            const char *region)
{
    ot_grade_transitions t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < r->n_auth; i++) {
        if (region && (!r->auth[i].region || strcmp(region, r->auth[i].region) != 0))
            continue;
        ot_rating then = ot_ratings_at(r, i, area, since), now = ot_ratings_at(r, i, area, as_at);
        if (then.state == OT_RATING_ABSENT && now.state == OT_RATING_ABSENT)
            continue;
        t.cells[ot_rating_class(&then)][ot_rating_class(&now)]++;
        t.total++;
    }
    return t;
}

int ot_ratings_matrix_build(const ot_ratings *r, int area, int first_year, int last_year, const char *until,
                            ot_ratings_matrix *m, ot_error *err)
{
    memset(m, 0, sizeof *m);
    if (last_year < first_year || first_year < 1 || last_year > 9999) {
        ot_error_set(err, "no years from %d to %d", first_year, last_year);
        return -1;
    }
    m->first_year = first_year;
    m->n_years = last_year - first_year + 1;
    m->n_authorities = r->n_auth;
    size_t n = r->n_auth ? r->n_auth : 1;
    m->cells = calloc(n * (size_t)m->n_years, sizeof *m->cells);
    m->years_inadequate = calloc(n, sizeof *m->years_inadequate);
    m->latest_grade = calloc(n, sizeof *m->latest_grade);
    if (!m->cells || !m->years_inadequate || !m->latest_grade) {
        ot_ratings_matrix_free(m);
        ot_error_set(err, "out of memory");
        return -1;
    }
    /* What is in force changes only on an inspection's date or the
     * authority's creation or abolition: a year with none of those since
     * the year before keeps the year before's rating, and only the others
     * are asked of ot_ratings_at (a handful per authority, not one a year:
     * thousands of authorities by twenty years made this the slow part). */
    size_t cap = 0;
    const char **points = NULL;
    char *dates = malloc((size_t)m->n_years * 11);
    if (!dates) {
        ot_ratings_matrix_free(m);
        ot_error_set(err, "out of memory");
        return -1;
    }
    for (int y = 0; y < m->n_years; y++)
        format_date(first_year + y, 3, 31, dates + (size_t)y * 11);
    for (size_t la = 0; la < r->n_auth; la++) {
        const ot_rating_authority *a = &r->auth[la];
        if (a->n_inspections + 2 > cap) {
            cap = a->n_inspections + 2;
            const char **grown = realloc(points, cap * sizeof *points);
            if (!grown) {
                free(points);
                free(dates);
                ot_ratings_matrix_free(m);
                ot_error_set(err, "out of memory");
                return -1;
            }
            points = grown;
        }
        size_t n_points = 0;
        for (size_t i = 0; i < a->n_inspections; i++) {
            const char *d = ot_ratings_inspection_date(r, &a->inspections[i]);
            if (d && !a->inspections[i].is_visit)
                points[n_points++] = d;
        }
        if (a->created)
            points[n_points++] = a->created;
        if (a->abolished)
            points[n_points++] = a->abolished;
        qsort(points, n_points, sizeof *points, cmp_str);
        ot_rating *row = &m->cells[la * (size_t)m->n_years];
        size_t k = 0;
        for (int y = 0; y < m->n_years; y++) {
            const char *date = dates + (size_t)y * 11;
            bool changed = y == 0;
            for (; k < n_points && strcmp(points[k], date) <= 0; k++)
                changed = true;
            row[y] = changed ? ot_ratings_at(r, la, area, date) : row[y - 1];
        }
    }
    free(points);
    free(dates);
    for (size_t la = 0; la < r->n_auth; la++) {
        m->years_inadequate[la] = (double)ot_ratings_days_in_grade(r, la, area, 4, until) / 365.25;
        ot_rating now = ot_ratings_at(r, la, area, until);
        m->latest_grade[la] = now.state == OT_RATING_GRADED ? now.grade : 0;
    }
    return 0;
}

void ot_ratings_matrix_free(ot_ratings_matrix *m)
{
    free(m->cells);
    free(m->years_inadequate);
    free(m->latest_grade);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------ names */

static long index_of_id(const ot_ratings *r, long long id)
{
    for (size_t i = 0; i < r->n_auth; i++)
        if (r->auth[i].id == id)
            return (long)i;
    return -1;
}

long ot_ratings_find_authority(const ot_ratings *r, ot_db *db, const char *name, ot_error *err)
{
    for (size_t i = 0; i < r->n_auth; i++)
        if (r->auth[i].ons_code && strcasecmp(r->auth[i].ons_code, name) == 0)
            return (long)i;
    sqlite3 *h = ot_db_handle(db);
    sqlite3_stmt *st = NULL;
    size_t digits = strspn(name, "0123456789");
    if (digits > 0 && name[digits] == '\0') {
        if (sqlite3_prepare_v2(h, "SELECT id FROM authority WHERE urn = ?1", -1, &st, NULL) != SQLITE_OK)
            return ot_db_fail(db, err) - 1;
        sqlite3_bind_int64(st, 1, strtoll(name, NULL, 10));
        long found = sqlite3_step(st) == SQLITE_ROW ? index_of_id(r, sqlite3_column_int64(st, 0)) : -1;
        sqlite3_finalize(st);
        if (found >= 0)
            return found;
    }
    char *key = ot_la_name_key(name);
    if (!key) {
        ot_error_set(err, "out of memory");
        return -2;
    }
    long found = -1;
    if (sqlite3_prepare_v2(h, "SELECT authority_id FROM authority_alias WHERE name_key = ?1", -1, &st, NULL) !=
        SQLITE_OK) {
        free(key);
        return ot_db_fail(db, err) - 1;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        found = index_of_id(r, sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    /* Or a spelling the register knows ("Kingston Upon Hull, City of"). */
    if (found < 0 &&
        sqlite3_prepare_v2(h, "SELECT a.id FROM la_register_name n JOIN authority a ON a.ons_code = n.ons_code"
                              " WHERE la_name_key(n.name) = ?1", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            found = index_of_id(r, sqlite3_column_int64(st, 0));
        sqlite3_finalize(st);
    }
    /* A name the alias table lacks may still be an authority's own. */
    for (size_t i = 0; found < 0 && i < r->n_auth; i++) {
        char *k = ot_la_name_key(r->auth[i].name);
        if (k && strcmp(k, key) == 0)
            found = (long)i;
        free(k);
    }
    free(key);
    return found;
}

const char *ot_ratings_find_region(const ot_ratings *r, const char *name)
{
    for (size_t i = 0; i < r->n_regions; i++)
        if (strcasecmp(r->regions[i], name) == 0)
            return r->regions[i];
    return NULL;
}
