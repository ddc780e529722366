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
#include "theme_list.h"
#include "tui.h"

#define NAME_W 34
#define CELL_W 5

typedef struct trends_view {
    ot_theme_list tl; /* first: the shared hooks take the state as one */
    ot_theme_trends tr;
} trends_view;

/* The list's count (ot_theme_count_fn): every inspection, by year.  It
 * takes a moment, so the message line says so first. */
static int count(ot_theme_list *tl, ot_tui *t)
{
    trends_view *tv = (trends_view *)tl;
    ot_tui_message(t, false, "Counting themes in every report...");
    ot_tui_draw_now(t);
    ot_theme_trends_free(&tv->tr);
    ot_error err = OT_ERROR_INIT;
    ot_tui_wait_theme_trends(t); /* then England's are kept, counted once */
    if (ot_themes_trends_kept(ot_tui_db(t), tl->themes, &tl->filter, NULL, &tv->tr, &err) < 0) {
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        return -1;
    }
    tl->list.n = ot_themes_count(tl->themes);
    int n = 0;
    for (int y = 0; y < tv->tr.n_years; y++)
        n += tv->tr.inspections[y];
    /* Replaces the "Counting..." message shown while this ran. */
    ot_tui_message(t, false, "%zu themes over the %s of %d inspections", tl->list.n,
                   tl->filter.actions ? "actions" : "findings", n);
    return 0;
}

static const char *crumb(ot_view *v)
{
    trends_view *tv = v->state;
    return tv->tl.filter.actions ? "Theme trends (actions)" : "Theme trends";
}

static void draw(ot_view *v, ot_area a)
{
    trends_view *tv = v->state;
    const ot_theme_trends *tr = &tv->tr;
    char line[256];
    ot_draw_text(stdscr, a.top, 1,
                 tv->tl.filter.actions ? "Inspections whose actions match each theme, per 100 inspections with a report"
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
    for (ot_list_rows it = ot_list_rows_begin(&tv->tl.list, top, a.top + a.height - top, a.width); ot_list_rows_next(&it);) {
        ot_draw_cell(stdscr, it.y, 1, ot_themes_name(tv->tl.themes, it.k), NAME_W - 1, it.base);
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

static void done(ot_view *v)
{
    trends_view *tv = v->state;
    ot_theme_trends_free(&tv->tr);
    ot_theme_list_free(&tv->tl);
    free(tv);
}

static const ot_view_ops trends_ops = {
    .id = OT_VIEW_TREND,
    .crumb = crumb,
    .draw = draw,
    .request = ot_theme_list_request,
    .open_row = ot_theme_list_open_row,
    .done = done,
};

void ot_view_theme_trends_open(ot_tui *t)
{
    trends_view *tv = calloc(1, sizeof *tv);
    if (!tv) {
        ot_tui_message(t, true, "out of memory");
        return;
    }
    if (ot_theme_list_init(&tv->tl, t, count) < 0 || count(&tv->tl, t) < 0) {
        ot_view v = {.ops = &trends_ops, .state = tv};
        done(&v);
        return;
    }
    ot_tui_push_list(t, &trends_ops, tv, &tv->tl.list, NULL);
}
