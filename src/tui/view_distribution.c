/* Distributions: on any date, how many authorities held each grade,
 * nationally and per region, as horizontal stacked bars with the numbers
 * beside them.
 *
 * Each grade has its own fill character as well as its colour, so the
 * bars read the same without colour: █ Outstanding, ▓ Good, ▒ Requires
 * improvement, ░ Inadequate, · not graded.  Shares are of all authorities
 * that existed on the date, so the bars of a year with few grades are
 * honest about it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ofsted-tui/ratings.h"
#include "ofsted-tui/table_out.h"
#include "tui.h"

typedef struct dist_view {
    const ot_ratings *r; /* borrowed from the interface */
    int area;
    char date[11];
    ot_grade_counts *counts; /* per region, then England */
    size_t n_groups;
    size_t top;
    char crumb[128];
} dist_view;

/* Fill of grade g (0: not graded). */
static const char *const fills[] = {"·", "█", "▓", "▒", "░"};

static void recount(dist_view *dv)
{
    size_t nr;
    const char *const *regions = ot_ratings_regions(dv->r, &nr);
    ot_grade_counts *c = realloc(dv->counts, (nr + 1) * sizeof *c);
    if (!c)
        return;
    dv->counts = c;
    for (size_t g = 0; g < nr; g++)
        c[g] = ot_ratings_count(dv->r, dv->area, dv->date, regions[g]);
    c[nr] = ot_ratings_count(dv->r, dv->area, dv->date, NULL);
    dv->n_groups = nr + 1;
}

static const char *crumb(ot_view *v)
{
    dist_view *dv = v->state;
    snprintf(dv->crumb, sizeof dv->crumb, "Counts: %s as at %s%s", ot_ratings_area_key(dv->r, (size_t)dv->area),
             dv->date, ot_ratings_by(dv->r) == OT_RATINGS_BY_PUBLISHED ? ", by publication" : "");
    return dv->crumb;
}

/* Split width cells among the counts by largest remainder, so the
 * segments always add up to the whole bar. */
static void split(const ot_grade_counts *c, int width, int cells[5])
{
    int used = 0;
    long rem[5];
    for (int g = 0; g < 5; g++) {
        long scaled = c->total ? (long)c->by_grade[g] * width : 0;
        cells[g] = c->total ? (int)(scaled / c->total) : 0;
        rem[g] = c->total ? scaled % c->total : 0;
        used += cells[g];
    }
    while (c->total && used < width) {
        int best = 0;
        for (int g = 1; g < 5; g++)
            if (rem[g] > rem[best])
                best = g;
        cells[best]++;
        rem[best] = -1;
        used++;
    }
}

/* One group: name, bar, and the numbers, on one line when they fit,
 * else the numbers on the line below.  Returns the lines used. */
static int draw_group(int y, int bottom, int width, int name_w, const char *name, const ot_grade_counts *c,
                      bool bold)
{
    int nums_w = 58; /* "O 36  24%  G 67 ..." and "– 3 not graded" */
    bool one_line = width - 2 - name_w - 1 - nums_w - 1 >= 20;
    int bar_w = one_line ? width - 2 - name_w - 1 - nums_w - 1 : width - 2 - name_w - 1;
    if (bar_w > 50)
        bar_w = 50;
    if (bar_w < 4)
        bar_w = 4;
    attr_t head = bold ? ot_role_attr(OT_ROLE_HEADER) : A_NORMAL;
    ot_draw_cell(stdscr, y, 1, name, name_w, head);
    int x = 1 + name_w + 1;
    int cells[5];
    split(c, bar_w, cells);
    for (int k = 0; k < 5; k++) {
        int g = k < 4 ? k + 1 : 0; /* grades 1..4, then not graded */
        attr_t at = g ? ot_role_attr(ot_grade_role(g)) : ot_role_attr(OT_ROLE_DIM);
        /* through ot_draw_text, which knows when the locale cannot show
         * block characters */
        for (int i = 0; i < cells[g]; i++)
            ot_draw_text(stdscr, y, x + i, fills[g], 1, at);
        x += cells[g];
    }
    if (c->total == 0)
        ot_draw_text(stdscr, y, x, "no authorities on this date", bar_w, ot_role_attr(OT_ROLE_DIM));
    int ny = y, nx = 1 + name_w + 1 + bar_w + 1;
    if (!one_line) {
        ny = y + 1;
        nx = 1 + name_w + 1;
        if (ny >= bottom)
            return 1;
    }
    for (int g = 1; g <= 4; g++) {
        char text[32];
        int share = c->total ? (int)((c->by_grade[g] * 100L + c->total / 2) / c->total) : 0;
        snprintf(text, sizeof text, "%s%3d %3d%%", ot_grade_letter(g), c->by_grade[g], share);
        nx += ot_draw_text(stdscr, ny, nx, text, width - nx, ot_role_attr(ot_grade_role(g))) + 2;
    }
    if (c->by_grade[0]) {
        char text[32];
        snprintf(text, sizeof text, "–%3d not graded", c->by_grade[0]);
        ot_draw_text(stdscr, ny, nx, text, width - nx, ot_role_attr(OT_ROLE_DIM));
    }
    return one_line ? 1 : 2;
}

static void draw(ot_view *v, ot_area a)
{
    dist_view *dv = v->state;
    if (!dv->counts)
        return;
    size_t nr;
    const char *const *regions = ot_ratings_regions(dv->r, &nr);
    int bottom = a.top + a.height;
    int y = a.top;
    char line[200];
    snprintf(line, sizeof line, "As at %s: grade in force for %s (inspections dated by %s)", dv->date,
             ot_ratings_area_key(dv->r, (size_t)dv->area),
             ot_ratings_by(dv->r) == OT_RATINGS_BY_PUBLISHED ? "publication" : "start");
    ot_draw_text(stdscr, y++, 1, line, a.width - 2, A_BOLD);
    ot_draw_text(stdscr, y++, 1, "█ O Outstanding  ▓ G Good  ▒ R Requires improvement / Adequate  ░ I Inadequate  · not graded",
                 a.width - 2, ot_role_attr(OT_ROLE_DIM));
    /* Authorities of which nothing is held yet on this date count as not
     * graded; say how many, so that a date before the data reads as such
     * and not as "not yet inspected". */
    int no_data = 0;
    for (size_t la = 0; la < ot_ratings_n_authorities(dv->r); la++)
        if (ot_ratings_at(dv->r, la, dv->area, dv->date).state == OT_RATING_NONE &&
            ot_ratings_no_data(dv->r, la, dv->date))
            no_data++;
    if (no_data && y < bottom) {
        snprintf(line, sizeof line, "No data held on this date for %d of them (before their first inspection in the database)",
                 no_data);
        ot_draw_text(stdscr, y++, 1, line, a.width - 2, ot_role_attr(OT_ROLE_DIM));
    }
    if (y < bottom)
        y++;
    /* Names in full where the width allows. */
    int name_w = 8;
    for (size_t g = 0; g < nr; g++)
        if (ot_text_width(regions[g]) > name_w)
            name_w = ot_text_width(regions[g]);
    if (name_w > a.width / 2)
        name_w = a.width / 2;
    /* England first, then the regions, scrolled by top. */
    if (y < bottom)
        y += draw_group(y, bottom, a.width, name_w, "England", &dv->counts[nr], true);
    if (y < bottom)
        y++;
    for (size_t g = dv->top; g < nr && y < bottom; g++)
        y += draw_group(y, bottom, a.width, name_w, regions[g], &dv->counts[g], false);
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    (void)a;
    dist_view *dv = v->state;
    int years = 0, months = 0;
    long days = 0;
    switch (req) {
    case OT_REQ_YEAR_PREV: years = -1; break;
    case OT_REQ_YEAR_NEXT: years = 1; break;
    case OT_REQ_MONTH_PREV: months = -1; break;
    case OT_REQ_MONTH_NEXT: months = 1; break;
    case OT_REQ_DAY_PREV: days = -1; break;
    case OT_REQ_DAY_NEXT: days = 1; break;
    case OT_REQ_NEXT_AREA:
        dv->area = ot_ratings_next_area(dv->r, dv->area);
        recount(dv);
        return OT_RESULT_HANDLED;
    case OT_REQ_TOGGLE_BASIS: {
        ot_ratings_basis by = ot_ratings_by(dv->r) == OT_RATINGS_BY_START ? OT_RATINGS_BY_PUBLISHED : OT_RATINGS_BY_START;
        const ot_ratings *r = ot_tui_ratings(t, by);
        if (!r)
            return OT_RESULT_HANDLED;
        int area = ot_ratings_area_index(r, ot_ratings_area_key(dv->r, (size_t)dv->area));
        dv->r = r;
        dv->area = area >= 0 ? area : 0;
        recount(dv);
        return OT_RESULT_HANDLED;
    }
    case OT_REQ_OPEN_TRANSITIONS: {
        /* From a year before the date shown to the date shown. */
        char since[11];
        ot_ratings_date_add(dv->date, -1, 0, 0, since);
        ot_view_transitions_open(t, ot_ratings_area_key(dv->r, (size_t)dv->area),
                                 ot_ratings_by(dv->r) == OT_RATINGS_BY_PUBLISHED, since, dv->date);
        return OT_RESULT_HANDLED;
    }
    case OT_REQ_MOVE_DOWN:
    case OT_REQ_PAGE_DOWN:
        if (dv->top + 1 < dv->n_groups - 1)
            dv->top++;
        return OT_RESULT_HANDLED;
    case OT_REQ_MOVE_UP:
    case OT_REQ_PAGE_UP:
    case OT_REQ_FIRST:
        dv->top = req == OT_REQ_FIRST || dv->top == 0 ? 0 : dv->top - 1;
        return OT_RESULT_HANDLED;
    default:
        return OT_RESULT_UNHANDLED;
    }
    char next[11];
    ot_ratings_date_add(dv->date, years, months, days, next);
    memcpy(dv->date, next, sizeof dv->date);
    recount(dv);
    return OT_RESULT_HANDLED;
}

/* England, then the regions: the counts on screen. */
static long export_csv(ot_view *v, FILE *out, ot_error *err)
{
    dist_view *dv = v->state;
    static const char *const cols[] = {"group", "date", "area", "outstanding", "good", "requires_improvement",
                                       "inadequate", "not_graded", "total"};
    static const bool numeric[] = {false, false, false, true, true, true, true, true, true};
    ot_table_out *w = ot_export_table(out, cols, numeric, 9, err);
    if (!w)
        return -1;
    size_t nr;
    const char *const *regions = ot_ratings_regions(dv->r, &nr);
    long rows = 0;
    for (size_t i = 0; i <= nr && i < dv->n_groups; i++) {
        size_t g = i == 0 ? nr : i - 1;
        const ot_grade_counts *c = &dv->counts[g];
        char n[6][16];
        for (int k = 0; k < 4; k++)
            snprintf(n[k], sizeof n[k], "%d", c->by_grade[k + 1]);
        snprintf(n[4], sizeof n[4], "%d", c->by_grade[0]);
        snprintf(n[5], sizeof n[5], "%d", c->total);
        const char *values[] = {i == 0 ? "England" : regions[g], dv->date,
                                ot_ratings_area_key(dv->r, (size_t)dv->area), n[0], n[1], n[2], n[3], n[4], n[5]};
        ot_table_out_row(w, values);
        rows++;
    }
    return ot_export_finish(w, rows, err);
}

static void done(ot_view *v)
{
    dist_view *dv = v->state;
    free(dv->counts);
    free(dv);
}

static const ot_view_ops dist_ops = {
    .id = OT_VIEW_DISTRIBUTION,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .export_csv = export_csv,
    .done = done,
};

void ot_view_distribution_open(ot_tui *t)
{
    dist_view *dv = calloc(1, sizeof *dv);
    if (!dv)
        return;
    dv->r = ot_tui_ratings(t, OT_RATINGS_BY_START);
    if (!dv->r) {
        free(dv);
        return;
    }
    dv->area = ot_ratings_area_index(dv->r, "overall");
    /* Start where Ofsted's statistics do: the latest 31 March. */
    char today[11];
    ot_ratings_today(today);
    ot_ratings_date_last_31_march(today, dv->date);
    recount(dv);
    ot_tui_push(t, &dist_ops, dv);
}
