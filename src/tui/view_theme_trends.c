/* Theme trends for England: a row per theme, a column per year, each cell
 * the inspections (with a report) whose findings match the theme per 100
 * inspections that year, so years with few reports compare with busy
 * ones.  Enter lists the theme's findings, oldest first. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ofsted-tui/themes.h"
#include "tui.h"

#define NAME_W 34
#define CELL_W 5

typedef struct trends_view {
    ot_themes *themes;
    ot_theme_filter filter;
    ot_theme_trends tr;
    ot_list list;
} trends_view;

static int rebuild(trends_view *tv, ot_tui *t)
{
    ot_theme_trends_free(&tv->tr);
    ot_error err = OT_ERROR_INIT;
    ot_tui_wait_theme_trends(t); /* then England's are kept, counted once */
    if (ot_themes_trends_kept(ot_tui_db(t), tv->themes, &tv->filter, NULL, &tv->tr, &err) < 0) {
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        return -1;
    }
    tv->list.n = ot_themes_count(tv->themes);
    int n = 0;
    for (int y = 0; y < tv->tr.n_years; y++)
        n += tv->tr.inspections[y];
    /* Replaces the "Counting..." message shown while this ran. */
    ot_tui_message(t, false, "%zu themes over the %s of %d inspections", tv->list.n,
                   tv->filter.actions ? "actions" : "findings", n);
    return 0;
}

static const char *crumb(ot_view *v)
{
    trends_view *tv = v->state;
    return tv->filter.actions ? "Theme trends (actions)" : "Theme trends";
}

static void draw(ot_view *v, ot_area a)
{
    trends_view *tv = v->state;
    const ot_theme_trends *tr = &tv->tr;
    char line[256];
    ot_draw_text(stdscr, a.top, 1,
                 tv->filter.actions ? "Inspections whose actions match each theme, per 100 inspections with a report"
                                    : "Inspections whose findings match each theme, per 100 inspections with a report",
                 a.width - 2, A_BOLD);
    if (tr->n_years == 0) {
        ot_draw_text(stdscr, a.top + 2, 1, "No report has been imported yet.", a.width - 2, ot_role_attr(OT_ROLE_DIM));
        return;
    }
    int fit = (a.width - 2 - NAME_W) / CELL_W;
    if (fit < 1)
        fit = 1;
    int first = tr->n_years > fit ? tr->n_years - fit : 0;
    attr_t head = ot_role_attr(OT_ROLE_HEADER);
    int y = a.top + 1;
    ot_draw_cell(stdscr, y, 1, first ? "Theme (earlier years cut)" : "Theme", NAME_W, head);
    ot_draw_cell(stdscr, y + 1, 1, "inspections with a report", NAME_W, ot_role_attr(OT_ROLE_DIM));
    for (int yr = first; yr < tr->n_years; yr++) {
        int x = 1 + NAME_W + (yr - first) * CELL_W;
        snprintf(line, sizeof line, "%5d", tr->first_year + yr);
        ot_draw_cell(stdscr, y, x, line, CELL_W, head);
        snprintf(line, sizeof line, "%5d", tr->inspections[yr]);
        ot_draw_cell(stdscr, y + 1, x, line, CELL_W, ot_role_attr(OT_ROLE_DIM));
    }
    int top = y + 2;
    for (ot_list_rows it = ot_list_rows_begin(&tv->list, top, a.top + a.height - top, a.width); ot_list_rows_next(&it);) {
        ot_draw_cell(stdscr, it.y, 1, ot_themes_name(tv->themes, it.k), NAME_W - 1, it.base);
        for (int yr = first; yr < tr->n_years; yr++) {
            int x = 1 + NAME_W + (yr - first) * CELL_W;
            if (tr->inspections[yr])
                snprintf(line, sizeof line, "%5.0f", ot_theme_trends_per_100(tr, it.k, yr));
            else
                snprintf(line, sizeof line, "    ·");
            ot_draw_cell(stdscr, it.y, x, line, CELL_W, it.base);
        }
    }
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    (void)a;
    trends_view *tv = v->state;
    switch (req) {
    case OT_REQ_TOGGLE_THEME_ACTIONS:
        tv->filter.actions = !tv->filter.actions;
        ot_tui_message(t, false, "Counting themes in every report...");
        ot_tui_draw_now(t);
        rebuild(tv, t);
        return OT_RESULT_HANDLED;
    default:
        return OT_RESULT_UNHANDLED; /* movement and Enter: the list's (ot_tui_push_list) */
    }
}

/* A theme lists its findings (or actions). */
static void open_row(ot_view *v, ot_tui *t, size_t row)
{
    trends_view *tv = v->state;
    ot_view_theme_hits_open(t, tv->themes, row, &tv->filter);
}

static void done(ot_view *v)
{
    trends_view *tv = v->state;
    ot_theme_trends_free(&tv->tr);
    ot_themes_free(tv->themes);
    free(tv);
}

static const ot_view_ops trends_ops = {
    .id = OT_VIEW_TREND,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .open_row = open_row,
    .done = done,
};

void ot_view_theme_trends_open(ot_tui *t)
{
    trends_view *tv = calloc(1, sizeof *tv);
    if (!tv) {
        ot_tui_message(t, true, "out of memory");
        return;
    }
    ot_error err = OT_ERROR_INIT;
    tv->themes = ot_themes_load(NULL, &err);
    if (!tv->themes) {
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        free(tv);
        return;
    }
    /* Every theme over every finding takes a moment: say so first. */
    ot_tui_message(t, false, "Counting themes in every report...");
    ot_tui_draw_now(t);
    if (rebuild(tv, t) < 0) {
        ot_view v = {.ops = &trends_ops, .state = tv};
        done(&v);
        return;
    }
    ot_tui_push_list(t, &trends_ops, tv, &tv->list, NULL);
}
