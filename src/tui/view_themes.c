/* One authority's themes: a row per theme, a column per inspection with a
 * report (oldest to newest), each cell the number of findings (or
 * actions) that match; the themes that run through the latest
 * inspections come first.  Enter lists a theme's findings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ofsted-tui/themes.h"
#include "theme_list.h"
#include "tui.h"

#define NAME_W 34
#define CELL_W 6
#define RUN_W 9

typedef struct themes_view {
    ot_theme_list tl; /* first: the shared hooks take the state as one */
    ot_theme_matrix m;
    char crumb[160];
    char *authority;
} themes_view;

/* A short name for a framework column. */
static const char *short_framework(const char *fw)
{
    if (!strncmp(fw, "ilacs", 5))
        return "ILACS";
    if (!strncmp(fw, "sif", 3))
        return "SIF";
    if (!strcmp(fw, "focused_visit"))
        return "FV";
    if (!strcmp(fw, "monitoring_visit"))
        return "MV";
    if (!strcmp(fw, "jtai"))
        return "JTAI";
    if (!strcmp(fw, "lscb_review"))
        return "LSCB";
    return fw;
}

/* The list's count (ot_theme_count_fn): the authority's inspections. */
static int count(ot_theme_list *tl, ot_tui *t)
{
    themes_view *tv = (themes_view *)tl;
    ot_theme_matrix_free(&tv->m);
    ot_error err = OT_ERROR_INIT;
    if (ot_themes_matrix(ot_tui_db(t), tl->themes, &tl->filter, &tv->m, &err) < 0) {
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        return -1;
    }
    tl->list.n = tv->m.n_themes;
    tl->order = tv->m.order; /* recurring themes first */
    snprintf(tv->crumb, sizeof tv->crumb, "Themes: %s%s", tv->authority, tl->filter.actions ? " (actions)" : "");
    return 0;
}

static const char *crumb(ot_view *v)
{
    themes_view *tv = v->state;
    return tv->crumb;
}

static void draw(ot_view *v, ot_area a)
{
    themes_view *tv = v->state;
    const ot_theme_matrix *m = &tv->m;
    char line[256];
    snprintf(line, sizeof line, "%s that match each theme, in %zu inspection%s with a report; recurring themes first",
             tv->tl.filter.actions ? "Actions" : "Findings", m->n_insp, m->n_insp == 1 ? "" : "s");
    ot_draw_text(stdscr, a.top, 1, line, a.width - 2, A_BOLD);
    if (m->n_insp == 0) {
        ot_draw_text(stdscr, a.top + 2, 1, "No report of this authority has been imported.", a.width - 2,
                     ot_role_attr(OT_ROLE_DIM));
        return;
    }
    /* The latest inspections that fit. */
    int fit = (a.width - 2 - NAME_W - RUN_W) / CELL_W;
    if (fit < 1)
        fit = 1;
    size_t first = m->n_insp > (size_t)fit ? m->n_insp - (size_t)fit : 0;
    attr_t head = ot_role_attr(OT_ROLE_HEADER);
    int y = a.top + 1;
    ot_draw_cell(stdscr, y, 1, "", NAME_W, head);
    ot_draw_cell(stdscr, y + 1, 1, first ? "Theme (older inspections cut)" : "Theme", NAME_W, head);
    ot_draw_cell(stdscr, y, 1 + NAME_W, "run", RUN_W - 1, head);
    ot_draw_cell(stdscr, y + 1, 1 + NAME_W, "now/max", RUN_W - 1, head);
    for (size_t i = first; i < m->n_insp; i++) {
        int x = 1 + NAME_W + RUN_W + (int)(i - first) * CELL_W;
        ot_draw_cell(stdscr, y, x, m->insp[i].start_date, 4, head);
        ot_draw_cell(stdscr, y + 1, x, short_framework(m->insp[i].framework), CELL_W - 1, head);
    }
    int top = y + 2;
    for (ot_list_rows it = ot_list_rows_begin(&tv->tl.list, top, a.top + a.height - top, a.width); ot_list_rows_next(&it);) {
        size_t k = m->order[it.k];
        bool sel = it.sel;
        bool recurs = m->longest_run[k] >= 2;
        attr_t base = sel || m->inspections[k] ? it.base : ot_role_attr(OT_ROLE_DIM);
        int yy = it.y;
        /* A mark that says it in words too: ↻ recurs in consecutive reports. */
        ot_draw_text(stdscr, yy, 0, recurs ? "↻" : " ", 1, sel ? base : ot_role_attr(OT_ROLE_MATCH));
        ot_draw_cell(stdscr, yy, 1, ot_themes_name(tv->tl.themes, k), NAME_W - 1, base);
        snprintf(line, sizeof line, "%d/%d", m->current_run[k], m->longest_run[k]);
        ot_draw_cell(stdscr, yy, 1 + NAME_W, line, RUN_W - 1, base);
        for (size_t i = first; i < m->n_insp; i++) {
            int c = m->counts[k * m->n_insp + i];
            int x = 1 + NAME_W + RUN_W + (int)(i - first) * CELL_W;
            if (c)
                snprintf(line, sizeof line, "%4d", c);
            else
                snprintf(line, sizeof line, "   ·");
            ot_draw_cell(stdscr, yy, x, line, CELL_W - 1, c || sel ? base : ot_role_attr(OT_ROLE_DIM));
        }
    }
}

static void done(ot_view *v)
{
    themes_view *tv = v->state;
    ot_theme_matrix_free(&tv->m);
    ot_theme_list_free(&tv->tl);
    free(tv->authority);
    free(tv);
}

static const ot_view_ops themes_ops = {
    .id = OT_VIEW_THEMES,
    .crumb = crumb,
    .draw = draw,
    .request = ot_theme_list_request,
    .open_row = ot_theme_list_open_row,
    .done = done,
};

void ot_view_themes_open(ot_tui *t, long long authority_id, const char *authority)
{
    themes_view *tv = calloc(1, sizeof *tv);
    if (!tv || !(tv->authority = strdup(authority ? authority : "?"))) {
        free(tv);
        ot_tui_message(t, true, "out of memory");
        return;
    }
    tv->tl.filter.authority_id = authority_id;
    if (ot_theme_list_init(&tv->tl, t, count) < 0 || count(&tv->tl, t) < 0) {
        ot_view v = {.ops = &themes_ops, .state = tv};
        done(&v);
        return;
    }
    ot_tui_push_list(t, &themes_ops, tv, &tv->tl.list, NULL);
}
