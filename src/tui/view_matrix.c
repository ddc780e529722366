/* The matrix: every authority by every year, each cell the grade in force
 * at 31 March of that year (rules in ofsted-tui/ratings.h), grouped by
 * region with the count of each grade per region and for England.
 *
 * Everything is computed when the view opens or its area, basis or order
 * changes, from the matrix of ratings the interface keeps (built in the
 * background at start-up for the first area, and kept for the others);
 * drawing only reads. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ofsted-tui/ratings.h"
#include "ofsted-tui/table_out.h"
#include "tui.h"

#define FIRST_YEAR OT_TUI_MATRIX_FIRST_YEAR
#define CELL_W 3   /* columns per year */
#define YEARS_W 6  /* "years inadequate" column */

typedef enum { ROW_HEADING, ROW_AUTHORITY, ROW_COUNT, ROW_BLANK } row_kind;

typedef struct mrow {
    row_kind kind;
    int group;   /* region index, n_regions for England (headings, counts) */
    size_t la;   /* authority index (ROW_AUTHORITY) */
    int grade;   /* 1..4 (ROW_COUNT) */
} mrow;

typedef enum { SORT_NAME, SORT_REGION, SORT_GRADE, SORT_INADEQUATE } msort;

typedef struct matrix_view {
    const ot_ratings *r; /* borrowed from the interface */
    int area;
    msort sort;
    const ot_ratings_matrix *m; /* borrowed from the interface (ot_tui_ratings_matrix) */
    int *counts; /* [(group * n_years + year) * 5 + grade] */
    mrow *rows;
    size_t n_rows;
    ot_list list;
    int first_col;   /* first year column asked for; -1: follow the latest */
    int shown_first; /* first year column drawn last time */
    int max_first;   /* the latest first column at the last width */
    char today[11];
    char crumb[128];
} matrix_view;

static const char *const sort_words[] = {"by name", "by region", "by latest grade", "by years inadequate"};

static size_t n_regions(const matrix_view *mv)
{
    size_t n;
    ot_ratings_regions(mv->r, &n);
    return n;
}

static int region_of(const matrix_view *mv, size_t la)
{
    size_t n;
    const char *const *regions = ot_ratings_regions(mv->r, &n);
    const char *reg = ot_ratings_authority(mv->r, la)->region;
    for (size_t g = 0; reg && g < n; g++)
        if (strcmp(regions[g], reg) == 0)
            return (int)g;
    return -1;
}

/* Order of two authorities under the current sort; ties by name (the
 * load order). */
static int before(const matrix_view *mv, size_t a, size_t b)
{
    int d = 0;
    switch (mv->sort) {
    case SORT_NAME:
    case SORT_REGION:
        break;
    case SORT_GRADE: {
        /* Worst first, no grade last. */
        int ga = mv->m->latest_grade[a], gb = mv->m->latest_grade[b];
        d = (gb ? gb : -1) - (ga ? ga : -1);
        break;
    }
    case SORT_INADEQUATE: {
        double ya = mv->m->years_inadequate[a], yb = mv->m->years_inadequate[b];
        d = ya > yb ? -1 : ya < yb ? 1 : 0;
        break;
    }
    }
    return d ? d < 0 : a < b;
}

static int cmp_order(const void *a, const void *b, void *mv)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x == y ? 0 : before(mv, x, y) ? -1 : 1;
}

static int push_row(matrix_view *mv, size_t *cap, mrow row)
{
    if (mv->n_rows == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        mrow *grown = realloc(mv->rows, c * sizeof *grown);
        if (!grown)
            return -1;
        mv->rows = grown;
        *cap = c;
    }
    mv->rows[mv->n_rows++] = row;
    return 0;
}

static int push_counts(matrix_view *mv, size_t *cap, int group)
{
    int rc = push_row(mv, cap, (mrow){ROW_HEADING, group, 0, 0});
    for (int g = 1; g <= 4 && rc == 0; g++)
        rc = push_row(mv, cap, (mrow){ROW_COUNT, group, 0, g});
    return rc;
}

static int rebuild(matrix_view *mv, ot_tui *t)
{
    size_t keep_la = (size_t)-1;
    if (mv->list.n && mv->rows[mv->list.selected].kind == ROW_AUTHORITY)
        keep_la = mv->rows[mv->list.selected].la;
    mv->m = NULL;
    free(mv->counts);
    free(mv->rows);
    mv->counts = NULL;
    mv->rows = NULL;
    mv->n_rows = 0;
    mv->list.n = 0;

    int last = (int)strtol(mv->today, NULL, 10);
    if (strcmp(mv->today + 4, "-03-31") < 0)
        last--; /* this year's 31 March is still to come */
    mv->m = ot_tui_ratings_matrix(t, mv->r, mv->area, FIRST_YEAR, last, mv->today);
    if (!mv->m)
        return -1;
    size_t nr = n_regions(mv), n_la = mv->m->n_authorities;
    int ny = mv->m->n_years;
    mv->counts = calloc((nr + 1) * (size_t)ny * 5, sizeof *mv->counts);
    size_t *order = malloc((n_la ? n_la : 1) * sizeof *order);
    /* Each authority's region once: the grouping below asks for it once
     * per region, which by name was thousands of string comparisons per
     * region on a big database. */
    int *region = malloc((n_la ? n_la : 1) * sizeof *region);
    if (!mv->counts || !order || !region) {
        free(order);
        free(region);
        ot_tui_message(t, true, "out of memory");
        return -1;
    }
    for (size_t la = 0; la < n_la; la++)
        region[la] = region_of(mv, la);
    for (size_t la = 0; la < n_la; la++) {
        int g = region[la];
        for (int y = 0; y < ny; y++) {
            const ot_rating *c = &mv->m->cells[la * (size_t)ny + (size_t)y];
            if (c->state == OT_RATING_ABSENT)
                continue;
            int grade = c->state == OT_RATING_GRADED ? c->grade : 0;
            if (g >= 0)
                mv->counts[((size_t)g * (size_t)ny + (size_t)y) * 5 + (size_t)grade]++;
            mv->counts[(nr * (size_t)ny + (size_t)y) * 5 + (size_t)grade]++;
        }
    }
    /* before() is a total order (ties by name, the load order), so an
     * unstable sort gives the same rows; thousands of authorities on a
     * big database made an insertion sort take a visible moment. */
    for (size_t i = 0; i < n_la; i++)
        order[i] = i;
    qsort_r(order, n_la, sizeof *order, cmp_order, mv);
    size_t cap = 0;
    int rc = 0;
    if (mv->sort == SORT_REGION) {
        for (size_t g = 0; g <= nr && rc == 0; g++) {
            /* g == nr: authorities without a region, under no heading */
            bool any = false;
            for (size_t i = 0; i < n_la && rc == 0; i++) {
                int rg = region[order[i]];
                if ((g < nr && rg != (int)g) || (g == nr && rg >= 0))
                    continue;
                if (!any && g < nr)
                    rc = push_row(mv, &cap, (mrow){ROW_HEADING, (int)g, 0, 0});
                any = true;
                if (rc == 0)
                    rc = push_row(mv, &cap, (mrow){ROW_AUTHORITY, (int)g, order[i], 0});
            }
            if (any && g < nr && rc == 0) {
                for (int k = 1; k <= 4 && rc == 0; k++)
                    rc = push_row(mv, &cap, (mrow){ROW_COUNT, (int)g, 0, k});
                if (rc == 0)
                    rc = push_row(mv, &cap, (mrow){ROW_BLANK, 0, 0, 0});
            }
        }
    } else {
        for (size_t i = 0; i < n_la && rc == 0; i++)
            rc = push_row(mv, &cap, (mrow){ROW_AUTHORITY, region[order[i]], order[i], 0});
        if (rc == 0)
            rc = push_row(mv, &cap, (mrow){ROW_BLANK, 0, 0, 0});
        for (size_t g = 0; g < nr && rc == 0; g++)
            rc = push_counts(mv, &cap, (int)g);
        if (rc == 0)
            rc = push_row(mv, &cap, (mrow){ROW_BLANK, 0, 0, 0});
    }
    if (rc == 0)
        rc = push_counts(mv, &cap, (int)nr);
    free(order);
    free(region);
    if (rc < 0) {
        ot_tui_message(t, true, "out of memory");
        return -1;
    }
    mv->list.n = mv->n_rows;
    mv->list.selected = 0;
    for (size_t i = 0; i < mv->n_rows; i++)
        if (mv->rows[i].kind == ROW_AUTHORITY && mv->rows[i].la == keep_la)
            mv->list.selected = i;
    return 0;
}

static const char *crumb(ot_view *v)
{
    matrix_view *mv = v->state;
    snprintf(mv->crumb, sizeof mv->crumb, "Matrix: %s at 31 March, %s%s",
             ot_ratings_area_key(mv->r, (size_t)mv->area), sort_words[mv->sort],
             ot_ratings_by(mv->r) == OT_RATINGS_BY_PUBLISHED ? ", by publication" : "");
    return mv->crumb;
}

/* Letter for a cell: "A" where the grade was printed as Adequate, so a
 * row crossing frameworks says so. */
static const char *cell_letter(const ot_rating *c)
{
    switch (c->state) {
    case OT_RATING_ABSENT: return " ";
    case OT_RATING_NONE: return "·";
    case OT_RATING_UNGRADED: return "–";
    case OT_RATING_GRADED:
        if (c->grade == 3 && c->grade_label && strncmp(c->grade_label, "Adequate", 8) == 0)
            return "A";
        return ot_grade_letter(c->grade);
    }
    return " ";
}

typedef struct geometry {
    int name_w, vis, first;
} geometry;

static geometry measure(matrix_view *mv, int width)
{
    geometry g;
    int ny = mv->m->n_years;
    g.name_w = width - 1 - YEARS_W - ny * CELL_W - 1;
    if (g.name_w > 30)
        g.name_w = 30;
    if (g.name_w < 14)
        g.name_w = 14;
    g.vis = (width - 1 - g.name_w - YEARS_W - 1) / CELL_W;
    if (g.vis < 1)
        g.vis = 1;
    if (g.vis > ny)
        g.vis = ny;
    int max_first = ny - g.vis;
    g.first = mv->first_col < 0 || mv->first_col > max_first ? max_first : mv->first_col;
    mv->shown_first = g.first;
    mv->max_first = max_first;
    return g;
}

static const char *era_at(const matrix_view *mv, int year)
{
    size_t n;
    const ot_ratings_era *eras = ot_ratings_eras(mv->r, &n);
    char date[32];
    snprintf(date, sizeof date, "%04d-03-31", year);
    const char *name = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(eras[i].first, date) <= 0)
            name = eras[i].name;
    return name;
}

/* Whether the framework in force at 31 March changed since the year
 * before: a bar is drawn before such a year's column. */
static bool boundary_before(const matrix_view *mv, int year)
{
    const char *now = era_at(mv, year), *before = era_at(mv, year - 1);
    return now && before && strcmp(now, before) != 0;
}

static void draw(ot_view *v, ot_area a)
{
    matrix_view *mv = v->state;
    if (!mv->m || !mv->m->cells || a.height < 4)
        return;
    geometry g = measure(mv, a.width);
    size_t nr;
    const char *const *regions = ot_ratings_regions(mv->r, &nr);
    int ny = mv->m->n_years;
    int x0 = 1 + g.name_w + 1;
    attr_t head = ot_role_attr(OT_ROLE_HEADER), dim = ot_role_attr(OT_ROLE_DIM);

    /* Line 1: the frameworks in force, with a bar where one gives way to
     * the next.  Line 2: the years. */
    ot_draw_cell(stdscr, a.top, 0, "", a.width, A_NORMAL);
    ot_draw_text(stdscr, a.top, 1, g.first > 0 ? "◀ h: earlier" : "Framework", g.name_w, dim);
    const char *prev = NULL;
    for (int c = 0; c < g.vis; c++) {
        int year = FIRST_YEAR + g.first + c;
        const char *era = era_at(mv, year);
        if (era && (!prev || strcmp(era, prev) != 0)) {
            char label[40];
            snprintf(label, sizeof label, "%s%s", prev ? "│" : " ", era);
            /* To the edge: the next era's label, drawn later, cuts it short. */
            int room = a.width - (x0 + c * CELL_W) - 1;
            ot_draw_text(stdscr, a.top, x0 + c * CELL_W, label, room, dim);
        }
        prev = era;
    }
    ot_draw_cell(stdscr, a.top + 1, 1, "Authority", g.name_w, head);
    for (int c = 0; c < g.vis; c++) {
        char yy[8];
        snprintf(yy, sizeof yy, " %02d", (FIRST_YEAR + g.first + c) % 100);
        ot_draw_cell(stdscr, a.top + 1, x0 + c * CELL_W, yy, CELL_W, head);
    }
    ot_draw_cell(stdscr, a.top + 1, x0 + g.vis * CELL_W + 1, "Yrs I", YEARS_W - 1, head);

    int rows_h = a.height - 2;
    ot_list_scroll_into_view(&mv->list, rows_h);
    for (int i = 0; i < rows_h && mv->list.top + (size_t)i < mv->n_rows; i++) {
        size_t idx = mv->list.top + (size_t)i;
        const mrow *row = &mv->rows[idx];
        int y = a.top + 2 + i;
        bool sel = idx == mv->list.selected;
        attr_t name_attr = sel ? ot_role_attr(OT_ROLE_SELECTED) : A_NORMAL;
        switch (row->kind) {
        case ROW_BLANK:
            if (sel)
                ot_draw_cell(stdscr, y, 1, "", g.name_w, name_attr);
            break;
        case ROW_HEADING: {
            const char *name = (size_t)row->group < nr ? regions[row->group] : "England";
            ot_draw_cell(stdscr, y, 1, name, g.name_w, sel ? name_attr : head);
            break;
        }
        case ROW_AUTHORITY: {
            const ot_rating_authority *au = ot_ratings_authority(mv->r, row->la);
            char name[256];
            snprintf(name, sizeof name, "%s%s%s", mv->sort == SORT_REGION ? " " : "", au->name,
                     au->status && strcmp(au->status, "current") != 0 ? " (former)" : "");
            ot_draw_cell(stdscr, y, 1, name, g.name_w, name_attr);
            for (int c = 0; c < g.vis; c++) {
                const ot_rating *cell = &mv->m->cells[row->la * (size_t)ny + (size_t)(g.first + c)];
                attr_t at = cell->state == OT_RATING_GRADED ? ot_role_attr(ot_grade_role(cell->grade)) : dim;
                char text[8];
                const char *letter = cell_letter(cell);
                if (cell->state == OT_RATING_NONE) {
                    char date[32];
                    snprintf(date, sizeof date, "%04d-03-31", FIRST_YEAR + g.first + c);
                    if (ot_ratings_no_data(mv->r, row->la, date))
                        letter = ot_glyph_no_data();
                }
                snprintf(text, sizeof text, " %s ", letter);
                ot_draw_cell(stdscr, y, x0 + c * CELL_W, text, CELL_W, at);
            }
            char years[16];
            snprintf(years, sizeof years, "%5.1f", mv->m->years_inadequate[row->la]);
            ot_draw_cell(stdscr, y, x0 + g.vis * CELL_W + 1, years, YEARS_W - 1, A_NORMAL);
            break;
        }
        case ROW_COUNT: {
            char label[64];
            snprintf(label, sizeof label, "  %s %s", ot_grade_letter(row->grade), ot_grade_word_short(row->grade));
            attr_t at = ot_role_attr(ot_grade_role(row->grade));
            ot_draw_cell(stdscr, y, 1, label, g.name_w, sel ? name_attr : at);
            for (int c = 0; c < g.vis; c++) {
                int n = mv->counts[((size_t)row->group * (size_t)ny + (size_t)(g.first + c)) * 5 + (size_t)row->grade];
                char text[16];
                snprintf(text, sizeof text, "%3d", n);
                ot_draw_cell(stdscr, y, x0 + c * CELL_W, text, CELL_W, n ? at : dim);
            }
            break;
        }
        }
        if (row->kind == ROW_AUTHORITY || row->kind == ROW_COUNT)
            for (int c = 0; c < g.vis; c++)
                if (boundary_before(mv, FIRST_YEAR + g.first + c))
                    ot_draw_text(stdscr, y, x0 + c * CELL_W, "│", 1, dim);
    }
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    matrix_view *mv = v->state;
    switch (req) {
    case OT_REQ_SORT_NAME:
    case OT_REQ_SORT_REGION:
    case OT_REQ_SORT_LATEST:
    case OT_REQ_SORT_INADEQUATE:
        mv->sort = req == OT_REQ_SORT_NAME ? SORT_NAME : req == OT_REQ_SORT_REGION ? SORT_REGION
                   : req == OT_REQ_SORT_LATEST ? SORT_GRADE : SORT_INADEQUATE;
        rebuild(mv, t);
        return OT_RESULT_HANDLED;
    case OT_REQ_NEXT_AREA:
        mv->area = ot_ratings_next_area(mv->r, mv->area);
        rebuild(mv, t);
        return OT_RESULT_HANDLED;
    case OT_REQ_TOGGLE_BASIS: {
        ot_ratings_basis by = ot_ratings_by(mv->r) == OT_RATINGS_BY_START ? OT_RATINGS_BY_PUBLISHED : OT_RATINGS_BY_START;
        const ot_ratings *r = ot_tui_ratings(t, by);
        if (!r)
            return OT_RESULT_HANDLED;
        char area[64];
        snprintf(area, sizeof area, "%s", ot_ratings_area_key(mv->r, (size_t)mv->area));
        mv->r = r;
        mv->area = ot_ratings_area_index(r, area) >= 0 ? ot_ratings_area_index(r, area) : 0;
        rebuild(mv, t);
        ot_tui_message(t, false, "Inspections count from their %s date",
                       by == OT_RATINGS_BY_START ? "start" : "publication");
        return OT_RESULT_HANDLED;
    }
    case OT_REQ_YEAR_PREV:
        mv->first_col = mv->shown_first > 0 ? mv->shown_first - 1 : 0;
        return OT_RESULT_HANDLED;
    case OT_REQ_YEAR_NEXT:
        /* Back at the latest years, follow them through resizes again. */
        mv->first_col = mv->shown_first + 1 >= mv->max_first ? -1 : mv->shown_first + 1;
        return OT_RESULT_HANDLED;
    case OT_REQ_OPEN_TRANSITIONS: {
        /* From 31 March of the first year shown to the latest 31 March. */
        char since[32], as_at[11];
        snprintf(since, sizeof since, "%04d-03-31", FIRST_YEAR + mv->shown_first);
        ot_ratings_date_last_31_march(mv->today, as_at);
        ot_view_transitions_open(t, ot_ratings_area_key(mv->r, (size_t)mv->area),
                                 ot_ratings_by(mv->r) == OT_RATINGS_BY_PUBLISHED, since, as_at);
        return OT_RESULT_HANDLED;
    }
    case OT_REQ_ENTER:
        /* An authority's row opens its history. */
        if (mv->list.n && mv->rows[mv->list.selected].kind == ROW_AUTHORITY)
            ot_view_history_open(t, ot_ratings_authority(mv->r, mv->rows[mv->list.selected].la)->id);
        return OT_RESULT_HANDLED;
    default:
        return ot_list_request(&mv->list, req, a.height - 2);
    }
}

static ot_result click(ot_view *v, ot_tui *t, int row, bool double_click, ot_area a)
{
    matrix_view *mv = v->state;
    if (row < 2)
        return OT_RESULT_HANDLED;
    ot_list_click(&mv->list, row, 2);
    return double_click ? request(v, t, OT_REQ_ENTER, a) : OT_RESULT_HANDLED;
}

/* A cell in words for the export. */
static const char *cell_words(const matrix_view *mv, size_t la, int year, const ot_rating *c)
{
    switch (c->state) {
    case OT_RATING_ABSENT: return "did not exist";
    case OT_RATING_NONE: {
        char date[32];
        snprintf(date, sizeof date, "%04d-03-31", year);
        return ot_ratings_no_data(mv->r, la, date) ? "no data held" : "not yet inspected";
    }
    case OT_RATING_UNGRADED: return "not graded";
    case OT_RATING_GRADED:
        if (c->grade == 3 && c->grade_label && strncmp(c->grade_label, "Adequate", 8) == 0)
            return "Adequate";
        return ot_grade_word(c->grade);
    }
    return "";
}

/* Every authority row in the order shown, every year (not only those on
 * screen), then years inadequate. */
static long export_csv(ot_view *v, FILE *out, ot_error *err)
{
    matrix_view *mv = v->state;
    if (!mv->m) {
        ot_error_set(err, "the matrix could not be built");
        return -1;
    }
    int ny = mv->m->n_years;
    size_t nc = (size_t)ny + 4;
    char **names = calloc(nc, sizeof *names);
    const char **values = calloc(nc, sizeof *values);
    bool *numeric = calloc(nc, sizeof *numeric);
    ot_table_out *w = NULL;
    long rows = -1;
    if (!names || !values || !numeric)
        goto out;
    names[0] = strdup("authority");
    names[1] = strdup("region");
    names[2] = strdup("area");
    for (int y = 0; y < ny; y++) {
        char col[32];
        snprintf(col, sizeof col, "%d-03-31", FIRST_YEAR + y);
        names[3 + y] = strdup(col);
    }
    names[nc - 1] = strdup("years_inadequate");
    for (size_t i = 0; i < nc; i++)
        if (!names[i])
            goto out;
    numeric[nc - 1] = true;
    w = ot_table_out_new(out, OT_FORMAT_CSV, (const char *const *)names, numeric, (int)nc);
    if (!w)
        goto out;
    rows = 0;
    for (size_t i = 0; i < mv->n_rows; i++) {
        if (mv->rows[i].kind != ROW_AUTHORITY)
            continue;
        size_t la = mv->rows[i].la;
        const ot_rating_authority *au = ot_ratings_authority(mv->r, la);
        values[0] = au->name;
        values[1] = au->region;
        values[2] = ot_ratings_area_key(mv->r, (size_t)mv->area);
        for (int y = 0; y < ny; y++)
            values[3 + y] = cell_words(mv, la, FIRST_YEAR + y, &mv->m->cells[la * (size_t)ny + (size_t)y]);
        char years[32];
        snprintf(years, sizeof years, "%.2f", mv->m->years_inadequate[la]);
        values[nc - 1] = years;
        ot_table_out_row(w, values);
        rows++;
    }
out:
    if (w && ot_table_out_finish(w) < 0)
        rows = -1, ot_error_set(err, "writing failed");
    else if (rows < 0)
        ot_error_set(err, "out of memory");
    for (size_t i = 0; names && i < nc; i++)
        free(names[i]);
    free(names);
    free(values);
    free(numeric);
    return rows;
}

static void done(ot_view *v)
{
    matrix_view *mv = v->state;
    mv->m = NULL;
    free(mv->counts);
    free(mv->rows);
    free(mv);
}

static const ot_view_ops matrix_ops = {
    .id = OT_VIEW_MATRIX,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .click = click,
    .export_csv = export_csv,
    .done = done,
};

void ot_view_matrix_open(ot_tui *t)
{
    matrix_view *mv = calloc(1, sizeof *mv);
    if (!mv)
        return;
    mv->r = ot_tui_ratings(t, OT_RATINGS_BY_START);
    if (!mv->r) {
        free(mv);
        return;
    }
    mv->area = ot_ratings_area_index(mv->r, "overall");
    mv->sort = SORT_REGION;
    mv->first_col = -1;
    ot_ratings_today(mv->today);
    rebuild(mv, t);
    ot_tui_push(t, &matrix_ops, mv);
}
