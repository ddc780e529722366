/* Compare: several authorities side by side on one year axis, 2005 to
 * this year.  One band per authority: a line of its inspections (◆) and
 * visits (◇) where they happened, then one row of grade cells per
 * judgement area.  Two modes (t): the grades only in the years an
 * inspection gave them, or the grade in force at the end of each year (31
 * December; today for this year) under the rules of ofsted-tui/ratings.h.
 * A bar (│) marks where one framework gave way to the next (SIF → ILACS,
 * the 2026 reform), through every band, so a row that crosses frameworks
 * says so. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ofsted-tui/neighbours.h"
#include "ofsted-tui/ratings.h"
#include "ofsted-tui/table_out.h"
#include "tui.h"

#define FIRST_YEAR 2005
#define MAX_COMPARE 8 /* marked by hand */
#define MAX_BANDS 11  /* an authority and its ten statistical neighbours */
#define LABEL_W 19

typedef struct compare_view {
    const ot_ratings *r; /* borrowed from the interface */
    size_t la[MAX_BANDS];
    size_t n;
    char *neighbours_of; /* the authority whose neighbours these are, or NULL */
    int *areas; /* areas graded for any of them, in index order */
    size_t n_areas;
    bool in_force; /* false: only where inspected */
    int last_year;
    char today[11];
    size_t top; /* first line shown */
    size_t n_lines;
    char crumb[160];
} compare_view;


static bool graded_by(const ot_rating_authority *a, int area)
{
    for (size_t i = 0; i < a->n_inspections; i++) {
        const ot_rating_judgement *j = ot_rating_inspection_judgement(&a->inspections[i], area);
        if (j && j->grade)
            return true;
    }
    return false;
}

static void choose_areas(compare_view *cv)
{
    free(cv->areas);
    cv->n_areas = 0;
    size_t n = ot_ratings_n_areas(cv->r);
    cv->areas = calloc(n ? n : 1, sizeof *cv->areas);
    if (!cv->areas)
        return;
    for (size_t area = 0; area < n; area++) {
        bool any = false;
        for (size_t k = 0; k < cv->n && !any; k++)
            any = graded_by(ot_ratings_authority(cv->r, cv->la[k]), (int)area);
        /* overall always, so a dropped overall grade shows as such */
        if (any || area == 0)
            cv->areas[cv->n_areas++] = (int)area;
    }
    /* per band: name line, events line, one per area, a blank */
    cv->n_lines = cv->n * (cv->n_areas + 3);
}

static const char *crumb(ot_view *v)
{
    compare_view *cv = v->state;
    if (cv->neighbours_of)
        snprintf(cv->crumb, sizeof cv->crumb, "%s and %zu statistical neighbours: %s%s", cv->neighbours_of,
                 cv->n - 1, cv->in_force ? "grade in force each year" : "only where inspected",
                 ot_ratings_by(cv->r) == OT_RATINGS_BY_PUBLISHED ? ", by publication" : "");
    else
        snprintf(cv->crumb, sizeof cv->crumb, "Compare %zu: %s%s", cv->n,
                 cv->in_force ? "grade in force each year" : "only where inspected",
                 ot_ratings_by(cv->r) == OT_RATINGS_BY_PUBLISHED ? ", by publication" : "");
    return cv->crumb;
}

typedef struct axis {
    int x0, cw, first, n_years; /* first year shown */
} axis;

static axis make_axis(const compare_view *cv, int width)
{
    axis ax = {1 + LABEL_W + 1, 3, FIRST_YEAR, cv->last_year - FIRST_YEAR + 1};
    if (ax.x0 + ax.n_years * 3 > width)
        ax.cw = 2;
    int fit = (width - ax.x0 - 1) / ax.cw;
    if (fit < ax.n_years) {
        /* keep the latest years */
        ax.first += ax.n_years - fit;
        ax.n_years = fit;
    }
    return ax;
}

/* Whether a framework's first inspection fell in year. */
static bool boundary_before(const compare_view *cv, int year)
{
    size_t n;
    const ot_ratings_era *eras = ot_ratings_eras(cv->r, &n);
    for (size_t i = 1; i < n; i++)
        if (strtol(eras[i].first, NULL, 10) == year)
            return true;
    return false;
}

static void year_end(const compare_view *cv, int year, char out[11])
{
    if (year >= cv->last_year) {
        memcpy(out, cv->today, 11);
        return;
    }
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-12-31", year);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

static const char *letter_of(int grade, const char *label)
{
    if (grade == 3 && label && strncmp(label, "Adequate", 8) == 0)
        return "A";
    return ot_grade_letter(grade);
}

/* The cell of area for year in "only where inspected" mode: the latest
 * inspection that started that year and judged the area. */
static const ot_rating_judgement *inspected_in(const ot_rating_authority *a, int area, int year)
{
    const ot_rating_judgement *found = NULL;
    for (size_t i = 0; i < a->n_inspections; i++) {
        const ot_rating_inspection *in = &a->inspections[i];
        if (in->is_visit || strtol(in->start_date, NULL, 10) != year)
            continue;
        const ot_rating_judgement *j = ot_rating_inspection_judgement(in, area);
        if (j || in->whole)
            found = j; /* a whole inspection without the area clears it */
    }
    return found;
}

static void draw_boundaries(const compare_view *cv, const axis *ax, int y)
{
    for (int c = 0; c < ax->n_years; c++)
        if (boundary_before(cv, ax->first + c))
            ot_draw_text(stdscr, y, ax->x0 + c * ax->cw, "│", 1, ot_role_attr(OT_ROLE_DIM));
}

static void draw_line(compare_view *cv, const axis *ax, size_t line, int y, int width)
{
    size_t per = cv->n_areas + 3;
    size_t k = line / per, sub = line % per;
    const ot_rating_authority *a = ot_ratings_authority(cv->r, cv->la[k]);
    attr_t dim = ot_role_attr(OT_ROLE_DIM);
    if (sub == 0) {
        char name[256];
        snprintf(name, sizeof name, "%s%s%s%s", a->name, a->region ? " — " : "", a->region ? a->region : "",
                 a->status && strcmp(a->status, "current") != 0 ? " (former)" : "");
        ot_draw_text(stdscr, y, 1, name, width - 2, ot_role_attr(OT_ROLE_HEADER));
        return;
    }
    if (sub == per - 1)
        return;
    if (sub == 1) {
        ot_draw_text(stdscr, y, 1, "  inspections", LABEL_W, dim);
        for (int c = 0; c < ax->n_years; c++) {
            int year = ax->first + c;
            bool insp = false, visit = false;
            for (size_t i = 0; i < a->n_inspections; i++) {
                if (strtol(a->inspections[i].start_date, NULL, 10) != year)
                    continue;
                if (a->inspections[i].is_visit)
                    visit = true;
                else
                    insp = true;
            }
            const char *mark = insp && visit ? "◆◇" : insp ? "◆" : visit ? "◇" : "";
            attr_t at = A_NORMAL;
            if (!insp && !visit) {
                /* before anything the database holds of it: not "none" */
                char date[11];
                year_end(cv, year, date);
                if (ot_ratings_no_data(cv->r, cv->la[k], date))
                    mark = ot_glyph_no_data(), at = dim;
            }
            ot_draw_text(stdscr, y, ax->x0 + c * ax->cw + 1, mark, ax->cw - 1, at);
        }
        draw_boundaries(cv, ax, y);
        return;
    }
    int area = cv->areas[sub - 2];
    char label[64];
    snprintf(label, sizeof label, "  %s", ot_area_label(ot_ratings_area_key(cv->r, (size_t)area)));
    ot_draw_text(stdscr, y, 1, label, LABEL_W, A_NORMAL);
    for (int c = 0; c < ax->n_years; c++) {
        int year = ax->first + c;
        const char *text = "";
        attr_t at = dim;
        if (cv->in_force) {
            char date[11];
            year_end(cv, year, date);
            ot_rating rt = ot_ratings_at(cv->r, cv->la[k], area, date);
            switch (rt.state) {
            case OT_RATING_ABSENT: text = ""; break;
            case OT_RATING_NONE: text = ot_ratings_no_data(cv->r, cv->la[k], date) ? ot_glyph_no_data() : "·"; break;
            case OT_RATING_UNGRADED: text = "–"; break;
            case OT_RATING_GRADED:
                text = letter_of(rt.grade, rt.grade_label);
                at = ot_role_attr(ot_grade_role(rt.grade));
                break;
            }
        } else {
            const ot_rating_judgement *j = inspected_in(a, area, year);
            if (j && j->grade) {
                text = letter_of(j->grade, j->grade_label);
                at = ot_role_attr(ot_grade_role(j->grade));
            }
        }
        /* Each year is "│X" or " X": the first column is kept for the
         * framework boundary. */
        ot_draw_text(stdscr, y, ax->x0 + c * ax->cw + 1, text, 1, at);
    }
    draw_boundaries(cv, ax, y);
}

static void draw(ot_view *v, ot_area a)
{
    compare_view *cv = v->state;
    if (!cv->areas || a.height < 4)
        return;
    axis ax = make_axis(cv, a.width);
    attr_t head = ot_role_attr(OT_ROLE_HEADER), dim = ot_role_attr(OT_ROLE_DIM);
    /* Header: framework names at their boundaries, then the years. */
    size_t n_eras;
    const ot_ratings_era *eras = ot_ratings_eras(cv->r, &n_eras);
    ot_draw_text(stdscr, a.top, 1, cv->in_force ? "in force 31 Dec" : "where inspected", LABEL_W, dim);
    /* the legend of "?" under the axis' left end, where no year is drawn */
    for (size_t i = 0; i < n_eras; i++) {
        int year = (int)strtol(eras[i].first, NULL, 10);
        int c = year - ax.first;
        if (c < 0)
            c = 0;
        if (c >= ax.n_years)
            continue;
        char label[40];
        snprintf(label, sizeof label, "%s%s", i ? "│" : " ", eras[i].name);
        /* To the edge: the next era's label, drawn later, cuts it short. */
        int room = a.width - (ax.x0 + c * ax.cw) - 1;
        ot_draw_text(stdscr, a.top, ax.x0 + c * ax.cw, label, room, dim);
    }
    ot_draw_text(stdscr, a.top + 1, 1, "◆insp ◇visit ?none", LABEL_W, dim);
    /* A year's label starts over its letters; two columns a year leave
     * room to label every other year only. */
    for (int c = 0; c < ax.n_years; c++) {
        if (ax.cw == 2 && (ax.first + c) % 2)
            continue;
        char yy[8];
        snprintf(yy, sizeof yy, "%02d", (ax.first + c) % 100);
        ot_draw_text(stdscr, a.top + 1, ax.x0 + c * ax.cw + 1, yy, 2, head);
    }
    int rows = a.height - 2;
    size_t max_top = cv->n_lines > (size_t)rows ? cv->n_lines - (size_t)rows : 0;
    if (cv->top > max_top)
        cv->top = max_top;
    for (int i = 0; i < rows && cv->top + (size_t)i < cv->n_lines; i++)
        draw_line(cv, &ax, cv->top + (size_t)i, a.top + 2 + i, a.width);
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    compare_view *cv = v->state;
    size_t page = a.height > 3 ? (size_t)a.height - 3 : 1;
    switch (req) {
    case OT_REQ_TOGGLE_IN_FORCE:
        cv->in_force = !cv->in_force;
        ot_tui_message(t, false, "%s", cv->in_force ? "Grade in force at the end of each year"
                                                    : "Grades only in the years an inspection gave them");
        return OT_RESULT_HANDLED;
    case OT_REQ_TOGGLE_BASIS: {
        ot_ratings_basis by = ot_ratings_by(cv->r) == OT_RATINGS_BY_START ? OT_RATINGS_BY_PUBLISHED : OT_RATINGS_BY_START;
        const ot_ratings *r = ot_tui_ratings(t, by);
        if (!r)
            return OT_RESULT_HANDLED;
        /* Same database, same order: indices stay valid. */
        cv->r = r;
        choose_areas(cv);
        return OT_RESULT_HANDLED;
    }
    case OT_REQ_MOVE_UP: cv->top = cv->top ? cv->top - 1 : 0; return OT_RESULT_HANDLED;
    case OT_REQ_MOVE_DOWN: cv->top++; return OT_RESULT_HANDLED;
    case OT_REQ_PAGE_UP: cv->top = cv->top > page ? cv->top - page : 0; return OT_RESULT_HANDLED;
    case OT_REQ_PAGE_DOWN: cv->top += page; return OT_RESULT_HANDLED;
    case OT_REQ_FIRST: cv->top = 0; return OT_RESULT_HANDLED;
    case OT_REQ_LAST: cv->top = cv->n_lines; return OT_RESULT_HANDLED;
    default: return OT_RESULT_UNHANDLED;
    }
}

/* A cell in words: the grade (as the framework printed grade 3), or why
 * there is none. */
static const char *cell_words(const compare_view *cv, size_t k, int area, int year)
{
    const ot_rating_authority *a = ot_ratings_authority(cv->r, cv->la[k]);
    char date[11];
    year_end(cv, year, date);
    if (cv->in_force) {
        ot_rating rt = ot_ratings_at(cv->r, cv->la[k], area, date);
        switch (rt.state) {
        case OT_RATING_ABSENT: return "did not exist";
        case OT_RATING_NONE: return ot_ratings_no_data(cv->r, cv->la[k], date) ? "no data held" : "not yet inspected";
        case OT_RATING_UNGRADED: return "not graded";
        case OT_RATING_GRADED:
            return strcmp(letter_of(rt.grade, rt.grade_label), "A") == 0 ? "Adequate" : ot_grade_word(rt.grade);
        }
        return "";
    }
    const ot_rating_judgement *j = inspected_in(a, area, year);
    if (j && j->grade)
        return strcmp(letter_of(j->grade, j->grade_label), "A") == 0 ? "Adequate" : ot_grade_word(j->grade);
    return ot_ratings_no_data(cv->r, cv->la[k], date) ? "no data held" : NULL;
}

/* One row per authority and area shown, a column per year. */
static long export_csv(ot_view *v, FILE *out, ot_error *err)
{
    compare_view *cv = v->state;
    int ny = cv->last_year - FIRST_YEAR + 1;
    size_t nc = (size_t)ny + 4;
    char **names = calloc(nc, sizeof *names);
    const char **values = calloc(nc, sizeof *values);
    ot_table_out *w = NULL;
    long rows = -1;
    bool ok = names && values;
    if (ok) {
        names[0] = strdup("authority");
        names[1] = strdup("region");
        names[2] = strdup("area");
        names[3] = strdup("mode");
        for (int y = 0; y < ny; y++) {
            char col[16];
            snprintf(col, sizeof col, "%d", FIRST_YEAR + y);
            names[4 + y] = strdup(col);
        }
        for (size_t i = 0; i < nc; i++)
            ok = ok && names[i];
    }
    if (ok && (w = ot_table_out_new(out, OT_FORMAT_CSV, (const char *const *)names, NULL, (int)nc))) {
        rows = 0;
        for (size_t k = 0; k < cv->n; k++) {
            const ot_rating_authority *a = ot_ratings_authority(cv->r, cv->la[k]);
            for (size_t i = 0; i < cv->n_areas; i++) {
                values[0] = a->name;
                values[1] = a->region;
                values[2] = ot_ratings_area_key(cv->r, (size_t)cv->areas[i]);
                values[3] = cv->in_force ? "in force 31 December" : "where inspected";
                for (int y = 0; y < ny; y++)
                    values[4 + y] = cell_words(cv, k, cv->areas[i], FIRST_YEAR + y);
                ot_table_out_row(w, values);
                rows++;
            }
        }
        rows = ot_export_finish(w, rows, err);
    } else {
        ot_error_set(err, "out of memory");
    }
    for (size_t i = 0; names && i < nc; i++)
        free(names[i]);
    free(names);
    free(values);
    return rows;
}

static void done(ot_view *v)
{
    compare_view *cv = v->state;
    free(cv->areas);
    free(cv->neighbours_of);
    free(cv);
}

static const ot_view_ops compare_ops = {
    .id = OT_VIEW_COMPARE,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .export_csv = export_csv,
    .done = done,
};

void ot_view_compare_open(ot_tui *t, const long long *ids, size_t n)
{
    if (n < 2 || n > MAX_COMPARE) {
        ot_tui_message(t, true, "Mark 2 to %d authorities with Space to compare them (%zu marked)", MAX_COMPARE, n);
        return;
    }
    compare_view *cv = calloc(1, sizeof *cv);
    if (!cv)
        return;
    cv->r = ot_tui_ratings(t, OT_RATINGS_BY_START);
    if (!cv->r) {
        free(cv);
        return;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t la = 0; la < ot_ratings_n_authorities(cv->r); la++)
            if (ot_ratings_authority(cv->r, la)->id == ids[i])
                cv->la[cv->n++] = la;
    ot_ratings_today(cv->today);
    cv->last_year = (int)strtol(cv->today, NULL, 10);
    cv->in_force = false;
    choose_areas(cv);
    if (!cv->areas || cv->n < 2) {
        ot_tui_message(t, true, "The marked authorities are no longer in the database");
        free(cv->areas);
        free(cv);
        return;
    }
    ot_tui_push(t, &compare_ops, cv);
}

void ot_view_compare_open_neighbours(ot_tui *t, long long authority_id)
{
    compare_view *cv = calloc(1, sizeof *cv);
    if (!cv)
        return;
    ot_error err = OT_ERROR_INIT;
    ot_neighbour *list = NULL;
    long n = 0;
    cv->r = ot_tui_ratings(t, OT_RATINGS_BY_START);
    if (!cv->r) {
        free(cv);
        return;
    }
    size_t self = 0;
    while (self < ot_ratings_n_authorities(cv->r) && ot_ratings_authority(cv->r, self)->id != authority_id)
        self++;
    if (self == ot_ratings_n_authorities(cv->r)) {
        ot_error_set(&err, "The authority is no longer in the database");
        goto fail;
    }
    n = ot_neighbours_of(cv->r, ot_tui_db(t), self, &list, &err);
    if (n < 0)
        goto fail;
    if (n == 0) {
        ot_error_set(&err, "No statistical neighbours of %s: import Provider_data_lookup.csv "
                           "(ofsted-tui import FILE)", ot_ratings_authority(cv->r, self)->name);
        goto fail;
    }
    /* Neighbours the database holds nothing of have no band. */
    for (long i = 0; i < n && cv->n < MAX_BANDS; i++)
        if (list[i].la >= 0)
            cv->la[cv->n++] = (size_t)list[i].la;
    cv->neighbours_of = strdup(ot_ratings_authority(cv->r, self)->name);
    ot_neighbours_free(list, (size_t)n);
    list = NULL;
    ot_ratings_today(cv->today);
    cv->last_year = (int)strtol(cv->today, NULL, 10);
    choose_areas(cv);
    if (!cv->areas || !cv->neighbours_of) {
        ot_error_set(&err, "out of memory");
        goto fail;
    }
    ot_tui_push(t, &compare_ops, cv);
    return;
fail:
    ot_tui_message(t, true, "%s", ot_error_msg(&err));
    ot_error_clear(&err);
    ot_neighbours_free(list, n > 0 ? (size_t)n : 0);
    free(cv->areas);
    free(cv->neighbours_of);
    free(cv);
}
