/* Questions about themes: read findings or actions with SQL, in date
 * order, and test every theme on every text (see ofsted-tui/themes.h). */
#include "config.h"

#include "ofsted-tui/themes.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/utf8.h"
#include "ofsted-tui/buf.h"

/* Columns: text id, inspection id, authority, start date, framework,
 * section, paragraph, text. */
/* One authority's texts are asked for with a plain "authority_id = ?1", so
 * that SQLite finds them through inspection_by_authority: behind "?1 = 0 OR"
 * it walks every inspection in date order instead (tens of milliseconds on
 * a big database, for an authority's handful). */
#define TEXTS_SQL(text_cols, table, order, authority)                                                      \
    "SELECT x.id, i.id, a.name, i.start_date, i.framework, " text_cols ", x.text"                          \
    " FROM " table " x JOIN inspection i ON i.id = x.inspection_id JOIN authority a ON a.id = i.authority_id" \
    " WHERE " authority                                                                                    \
    " AND (?2 = 0 OR CAST(substr(i.start_date, 1, 4) AS INTEGER) >= ?2)"                                   \
    " AND (?3 = 0 OR CAST(substr(i.start_date, 1, 4) AS INTEGER) <= ?3)"                                   \
    " ORDER BY i.start_date, i.id, " order
#define ALL_AUTHORITIES "?1 = 0"
#define ONE_AUTHORITY "i.authority_id = ?1"
/* [actions][one authority] */
static const char *const texts_sql[2][2] = {
    {TEXTS_SQL("x.section, x.paragraph", "finding", "x.seq", ALL_AUTHORITIES),
     TEXTS_SQL("x.section, x.paragraph", "finding", "x.seq", ONE_AUTHORITY)},
    {TEXTS_SQL("'action', x.ordinal", "action", "x.ordinal", ALL_AUTHORITIES),
     TEXTS_SQL("'action', x.ordinal", "action", "x.ordinal", ONE_AUTHORITY)},
};

/* One text as the scan hands it to a visitor; borrowed for the call. */
typedef struct scan_row {
    sqlite3_stmt *st;
    long long inspection_id;
    const char *start_date;
    const unsigned char *matched; /* per theme: 1 when it matches */
} scan_row;

typedef int (*scan_fn)(void *ctx, const scan_row *row, ot_error *err);

/* Called before a text is matched, with its inspection: returns the themes
 * not worth testing on it (1 = skip), borrowed from ctx, or NULL. */
typedef const unsigned char *(*skip_fn)(void *ctx, long long inspection_id, const char *start_date);

/* Run the filter's query and call visit for every text, with the themes
 * that match it (only theme `only` when it is not SIZE_MAX, and none that
 * skip, when not NULL, says to leave out).  Returns 0 or -1 with err set. */
static int scan(ot_db *db, const ot_themes *t, size_t only, const ot_theme_filter *f, skip_fn skip, scan_fn visit,
                void *ctx, ot_error *err)
{
    size_t n = ot_themes_count(t);
    sqlite3_stmt *st = NULL;
    sqlite3 *h = ot_db_handle(db);
    if (sqlite3_prepare_v2(h, texts_sql[f->actions][f->authority_id != 0], -1, &st, NULL) != SQLITE_OK) {
        ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(h));
        return -1;
    }
    sqlite3_bind_int64(st, 1, f->authority_id);
    sqlite3_bind_int(st, 2, f->from_year);
    sqlite3_bind_int(st, 3, f->to_year);
    unsigned char *matched = calloc(n ? n : 1, 1);
    ot_regex_scratch **scratch = calloc(n ? n : 1, sizeof *scratch);
    int status = -1;
    if (!matched || !scratch) {
        ot_error_set(err, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < n; k++)
        if ((only == SIZE_MAX || only == k) && !(scratch[k] = ot_regex_scratch_new(ot_themes_regex(t, k)))) {
            ot_error_set(err, "out of memory");
            goto out;
        }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 7);
        size_t len = (size_t)sqlite3_column_bytes(st, 7);
        if (!text)
            text = "", len = 0;
        /* The regex module trusts its subjects to be UTF-8; a text that is
         * not (it cannot come from the importers) matches no theme. */
        bool valid = ot_utf8_valid(text, len, NULL);
        const char *start_date = (const char *)sqlite3_column_text(st, 3);
        long long inspection_id = sqlite3_column_int64(st, 1);
        const unsigned char *skipped = skip ? skip(ctx, inspection_id, start_date ? start_date : "") : NULL;
        for (size_t k = 0; k < n; k++) {
            matched[k] = 0;
            if (!scratch[k] || !valid || (skipped && skipped[k]))
                continue;
            ot_span sp;
            int m = ot_regex_search(ot_themes_regex(t, k), scratch[k], text, len, 0, &sp, err);
            if (m == OT_REGEX_ERROR) {
                ot_error_prefix(err, "theme '%s'", ot_themes_name(t, k));
                goto out;
            }
            matched[k] = m == OT_REGEX_MATCH;
        }
        scan_row row = {st, inspection_id, start_date ? start_date : "", matched};
        if (visit(ctx, &row, err) < 0)
            goto out;
    }
    if (rc != SQLITE_DONE) {
        ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(h));
        goto out;
    }
    status = 0;
out:
    for (size_t k = 0; scratch && k < n; k++)
        ot_regex_scratch_free(scratch[k]);
    free(scratch);
    free(matched);
    sqlite3_finalize(st);
    return status;
}

/* ------------------------------------------------------------------ matrix */

/* While scanning: the counts per inspection grow as inspections appear. */
typedef struct matrix_build {
    ot_theme_matrix *m;
    size_t n_themes;
    size_t insp_cap;
    int *counts; /* [i * n_themes + theme] while building */
    size_t counts_cap;
} matrix_build;

static int matrix_visit(void *ctx, const scan_row *row, ot_error *err)
{
    matrix_build *b = ctx;
    ot_theme_matrix *m = b->m;
    if (m->n_insp == 0 || m->insp[m->n_insp - 1].id != row->inspection_id) {
        if (ot_grow((void **)&m->insp, &b->insp_cap, m->n_insp + 1, sizeof *m->insp) < 0 ||
            ot_grow((void **)&b->counts, &b->counts_cap, (m->n_insp + 1) * b->n_themes, sizeof *b->counts) < 0)
            goto oom;
        ot_theme_inspection *in = &m->insp[m->n_insp];
        memset(in, 0, sizeof *in);
        in->id = row->inspection_id;
        in->start_date = ot_db_column_dup(row->st, 3);
        in->framework = ot_db_column_dup(row->st, 4);
        m->n_insp++;
        if (!in->start_date || !in->framework)
            goto oom;
        memset(b->counts + (m->n_insp - 1) * b->n_themes, 0, b->n_themes * sizeof *b->counts);
    }
    size_t i = m->n_insp - 1;
    m->insp[i].n_texts++;
    for (size_t k = 0; k < b->n_themes; k++)
        b->counts[i * b->n_themes + k] += row->matched[k];
    return 0;
oom:
    ot_error_set(err, "out of memory");
    return -1;
}

/* Whether theme a comes before theme b in m->order: recurring first. */
static bool before(const ot_theme_matrix *m, size_t a, size_t b)
{
    const int *keys[] = {m->current_run, m->longest_run, m->inspections, m->total};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (keys[k][a] != keys[k][b])
            return keys[k][a] > keys[k][b];
    return a < b;
}

/* The matrix reads its texts first and matches them after, half the
 * themes on a second thread: an authority's few hundred findings by
 * thirty themes are a few megabytes of matching, most of the time it
 * takes to open its themes. */
typedef struct held_text {
    size_t insp; /* index into the matrix's inspections */
    char *text;  /* NULL: not UTF-8, matches no theme (as in scan) */
    size_t len;
} held_text;

typedef struct held_texts {
    matrix_build *b;
    unsigned char *skip_all; /* per theme: 1 (scan matches nothing) */
    held_text *v;
    size_t n, cap;
} held_texts;

static const unsigned char *skip_all(void *ctx, long long inspection_id, const char *start_date)
{
    (void)inspection_id;
    (void)start_date;
    return ((held_texts *)ctx)->skip_all;
}

static int hold_visit(void *ctx, const scan_row *row, ot_error *err)
{
    held_texts *h = ctx;
    if (matrix_visit(h->b, row, err) < 0)
        return -1;
    if (ot_grow((void **)&h->v, &h->cap, h->n + 1, sizeof *h->v) < 0) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    held_text *x = &h->v[h->n];
    const char *text = (const char *)sqlite3_column_text(row->st, 7);
    size_t len = text ? (size_t)sqlite3_column_bytes(row->st, 7) : 0;
    x->insp = h->b->m->n_insp - 1;
    x->len = len;
    x->text = NULL;
    if (ot_utf8_valid(text ? text : "", len, NULL)) {
        x->text = malloc(len + 1);
        if (!x->text) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        memcpy(x->text, text ? text : "", len);
        x->text[len] = '\0';
    }
    h->n++;
    return 0;
}

/* Themes first, first + step, ... over every held text, into counts. */
typedef struct match_job {
    const ot_themes *t;
    const held_texts *texts;
    size_t first, step, n_themes;
    int *counts; /* [insp * n_themes + theme]; each job adds to its own themes */
    size_t failed; /* the theme that failed, or SIZE_MAX */
    ot_error err;
} match_job;

static void *match_job_run(void *arg)
{
    match_job *j = arg;
    for (size_t k = j->first; k < j->n_themes && j->failed == SIZE_MAX; k += j->step) {
        const ot_regex *re = ot_themes_regex(j->t, k);
        ot_regex_scratch *scratch = ot_regex_scratch_new(re);
        if (!scratch) {
            ot_error_set(&j->err, "out of memory");
            j->failed = k;
            break;
        }
        for (size_t i = 0; i < j->texts->n; i++) {
            const held_text *x = &j->texts->v[i];
            if (!x->text)
                continue;
            ot_span sp;
            int rc = ot_regex_search(re, scratch, x->text, x->len, 0, &sp, &j->err);
            if (rc == OT_REGEX_ERROR) {
                ot_error_prefix(&j->err, "theme '%s'", ot_themes_name(j->t, k));
                j->failed = k;
                break;
            }
            j->counts[x->insp * j->n_themes + k] += rc == OT_REGEX_MATCH;
        }
        ot_regex_scratch_free(scratch);
    }
    return NULL;
}

/* Match every theme on every held text into b->counts, on two threads
 * (one when a second cannot start).  Returns 0, or -1 with err set to the
 * failure of the lowest theme that failed. */
static int match_held(const ot_themes *t, const held_texts *h, matrix_build *b, ot_error *err)
{
    match_job jobs[2];
    for (size_t i = 0; i < 2; i++)
        jobs[i] = (match_job){t, h, i, 2, b->n_themes, b->counts, SIZE_MAX, OT_ERROR_INIT};
    pthread_t helper;
    bool threaded = b->n_themes > 1 && h->n > 1 && pthread_create(&helper, NULL, match_job_run, &jobs[1]) == 0;
    match_job_run(&jobs[0]);
    if (threaded)
        pthread_join(helper, NULL);
    else
        match_job_run(&jobs[1]);
    int status = 0;
    match_job *bad = jobs[0].failed <= jobs[1].failed ? &jobs[0] : &jobs[1];
    if (bad->failed != SIZE_MAX) {
        ot_error_set(err, "%s", ot_error_msg(&bad->err));
        status = -1;
    }
    ot_error_clear(&jobs[0].err);
    ot_error_clear(&jobs[1].err);
    return status;
}

int ot_themes_matrix(ot_db *db, const ot_themes *t, const ot_theme_filter *filter, ot_theme_matrix *m,
                     ot_error *err)
{
    memset(m, 0, sizeof *m);
    size_t n = ot_themes_count(t);
    m->n_themes = n;
    matrix_build b = {m, n, 0, NULL, 0};
    held_texts h = {&b, calloc(n ? n : 1, 1), NULL, 0, 0};
    int rc = -1;
    if (!h.skip_all)
        ot_error_set(err, "out of memory");
    else {
        memset(h.skip_all, 1, n);
        rc = scan(db, t, SIZE_MAX, filter, skip_all, hold_visit, &h, err);
    }
    if (rc == 0 && m->n_insp)
        rc = match_held(t, &h, &b, err);
    for (size_t i = 0; i < h.n; i++)
        free(h.v[i].text);
    free(h.v);
    free(h.skip_all);
    if (rc < 0) {
        free(b.counts);
        ot_theme_matrix_free(m);
        return -1;
    }
    size_t nn = n ? n : 1;
    m->counts = calloc(nn * (m->n_insp ? m->n_insp : 1), sizeof *m->counts);
    m->inspections = calloc(nn, sizeof *m->inspections);
    m->total = calloc(nn, sizeof *m->total);
    m->longest_run = calloc(nn, sizeof *m->longest_run);
    m->current_run = calloc(nn, sizeof *m->current_run);
    m->order = calloc(nn, sizeof *m->order);
    if (!m->counts || !m->inspections || !m->total || !m->longest_run || !m->current_run || !m->order) {
        free(b.counts);
        ot_theme_matrix_free(m);
        ot_error_set(err, "out of memory");
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        int run = 0;
        for (size_t i = 0; i < m->n_insp; i++) {
            int c = b.counts[i * n + k];
            m->counts[k * m->n_insp + i] = c;
            m->total[k] += c;
            run = c ? run + 1 : 0;
            m->inspections[k] += c > 0;
            if (run > m->longest_run[k])
                m->longest_run[k] = run;
        }
        m->current_run[k] = run;
        m->order[k] = k;
    }
    free(b.counts);
    /* A few dozen themes: insertion sort, stable and without a global. */
    for (size_t k = 1; k < n; k++)
        for (size_t j = k; j > 0 && before(m, m->order[j], m->order[j - 1]); j--) {
            size_t x = m->order[j];
            m->order[j] = m->order[j - 1];
            m->order[j - 1] = x;
        }
    return 0;
}

void ot_theme_matrix_free(ot_theme_matrix *m)
{
    for (size_t i = 0; i < m->n_insp; i++) {
        free(m->insp[i].start_date);
        free(m->insp[i].framework);
    }
    free(m->insp);
    free(m->counts);
    free(m->inspections);
    free(m->total);
    free(m->longest_run);
    free(m->current_run);
    free(m->order);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------ trends */

typedef struct trends_build {
    size_t n_themes;
    /* per text, appended: year, inspection, and whether each theme matched
     * the inspection so far, folded when the inspection changes */
    long long cur_insp;
    int cur_year;
    unsigned char *cur_any; /* per theme: some text of cur_insp matched */
    int *cur_texts;         /* per theme: texts of cur_insp that matched */
    /* per year (index year - 1900), grown to 300 years at most */
    int *insp, *matching, *texts;
    bool count_texts;
} trends_build;

#define YEAR_BASE 1900
#define YEAR_SPAN 300

static void trends_fold(trends_build *b)
{
    if (!b->cur_insp || b->cur_year < YEAR_BASE || b->cur_year >= YEAR_BASE + YEAR_SPAN)
        return;
    int y = b->cur_year - YEAR_BASE;
    b->insp[y]++;
    for (size_t k = 0; k < b->n_themes; k++) {
        b->matching[k * YEAR_SPAN + (size_t)y] += b->cur_any[k];
        b->texts[k * YEAR_SPAN + (size_t)y] += b->cur_texts[k];
    }
}

/* A new inspection folds the last one in; when texts are not counted,
 * a theme found once in an inspection is not looked for again there, so
 * a common theme costs a few paragraphs per report instead of all. */
static const unsigned char *trends_skip(void *ctx, long long inspection_id, const char *start_date)
{
    trends_build *b = ctx;
    if (inspection_id != b->cur_insp) {
        trends_fold(b);
        b->cur_insp = inspection_id;
        b->cur_year = atoi(start_date);
        memset(b->cur_any, 0, b->n_themes);
        memset(b->cur_texts, 0, b->n_themes * sizeof *b->cur_texts);
    }
    return b->count_texts ? NULL : b->cur_any;
}

static int trends_visit(void *ctx, const scan_row *row, ot_error *err)
{
    (void)err;
    trends_build *b = ctx;
    for (size_t k = 0; k < b->n_themes; k++) {
        b->cur_any[k] |= row->matched[k];
        b->cur_texts[k] += row->matched[k];
    }
    return 0;
}

int ot_themes_trends(ot_db *db, const ot_themes *t, const ot_theme_filter *filter, bool count_texts,
                     ot_theme_trends *tr, ot_error *err)
{
    memset(tr, 0, sizeof *tr);
    size_t n = ot_themes_count(t), nn = n ? n : 1;
    trends_build b = {n, 0, 0, calloc(nn, 1), calloc(nn, sizeof(int)), calloc(YEAR_SPAN, sizeof(int)),
                      calloc(nn * YEAR_SPAN, sizeof(int)), calloc(nn * YEAR_SPAN, sizeof(int)), count_texts};
    int status = -1;
    if (!b.cur_any || !b.cur_texts || !b.insp || !b.matching || !b.texts) {
        ot_error_set(err, "out of memory");
        goto out;
    }
    if (scan(db, t, SIZE_MAX, filter, trends_skip, trends_visit, &b, err) < 0)
        goto out;
    trends_fold(&b);
    int first = -1, last = -1;
    for (int y = 0; y < YEAR_SPAN; y++)
        if (b.insp[y]) {
            if (first < 0)
                first = y;
            last = y;
        }
    tr->n_themes = n;
    if (first >= 0) {
        tr->first_year = YEAR_BASE + first;
        tr->n_years = last - first + 1;
        size_t ny = (size_t)tr->n_years;
        tr->inspections = calloc(ny, sizeof *tr->inspections);
        tr->matching = calloc(nn * ny, sizeof *tr->matching);
        tr->texts = calloc(nn * ny, sizeof *tr->texts);
        if (!tr->inspections || !tr->matching || !tr->texts) {
            ot_theme_trends_free(tr);
            ot_error_set(err, "out of memory");
            goto out;
        }
        for (size_t y = 0; y < ny; y++) {
            tr->inspections[y] = b.insp[(size_t)first + y];
            for (size_t k = 0; k < n; k++) {
                tr->matching[k * ny + y] = b.matching[k * YEAR_SPAN + (size_t)first + y];
                tr->texts[k * ny + y] = b.texts[k * YEAR_SPAN + (size_t)first + y];
            }
        }
    }
    status = 0;
out:
    free(b.cur_any);
    free(b.cur_texts);
    free(b.insp);
    free(b.matching);
    free(b.texts);
    return status;
}

void ot_theme_trends_free(ot_theme_trends *tr)
{
    free(tr->inspections);
    free(tr->matching);
    free(tr->texts);
    memset(tr, 0, sizeof *tr);
}

double ot_theme_trends_per_100(const ot_theme_trends *tr, size_t theme, int y)
{
    if (theme >= tr->n_themes || y < 0 || y >= tr->n_years || tr->inspections[y] == 0)
        return 0.0;
    return 100.0 * tr->matching[theme * (size_t)tr->n_years + (size_t)y] / tr->inspections[y];
}

/* ------------------------------------------------------------------ hits */

typedef struct hits_build {
    ot_theme_hits *out;
    size_t theme, cap;
} hits_build;

static int hits_visit(void *ctx, const scan_row *row, ot_error *err)
{
    hits_build *b = ctx;
    if (!row->matched[b->theme])
        return 0;
    if (ot_grow((void **)&b->out->v, &b->cap, b->out->n + 1, sizeof *b->out->v) < 0) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    ot_theme_hit *h = &b->out->v[b->out->n++];
    h->text_id = sqlite3_column_int64(row->st, 0);
    h->inspection_id = row->inspection_id;
    h->authority = ot_db_column_dup(row->st, 2);
    h->start_date = ot_db_column_dup(row->st, 3);
    h->framework = ot_db_column_dup(row->st, 4);
    h->section = ot_db_column_dup(row->st, 5);
    h->paragraph = sqlite3_column_int(row->st, 6);
    h->text = ot_db_column_dup(row->st, 7);
    if (!h->text) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    return 0;
}

int ot_themes_hits(ot_db *db, const ot_themes *t, size_t theme, const ot_theme_filter *filter,
                   ot_theme_hits *out, ot_error *err)
{
    memset(out, 0, sizeof *out);
    if (theme >= ot_themes_count(t)) {
        ot_error_set(err, "no theme number %zu", theme);
        return -1;
    }
    hits_build b = {out, theme, 0};
    if (scan(db, t, theme, filter, NULL, hits_visit, &b, err) < 0) {
        ot_theme_hits_free(out);
        return -1;
    }
    return 0;
}

void ot_theme_hits_free(ot_theme_hits *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->v[i].authority);
        free(h->v[i].start_date);
        free(h->v[i].framework);
        free(h->v[i].section);
        free(h->v[i].text);
    }
    free(h->v);
    memset(h, 0, sizeof *h);
}
