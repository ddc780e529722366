/* The findings (or actions) that match one theme, oldest first, one line
 * each with the matches highlighted; Enter opens the report scrolled to
 * the finding, the theme's matches highlighted there too. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ofsted-tui/themes.h"
#include "tui.h"

typedef struct hits_view {
    const ot_themes *themes; /* borrowed from the view below */
    size_t theme;
    ot_theme_filter filter;
    ot_theme_hits hits;
    ot_list list;
    ot_regex_scratch *scratch;
    char crumb[160];
} hits_view;

static const char *crumb(ot_view *v)
{
    hits_view *hv = v->state;
    return hv->crumb;
}

static void draw(ot_view *v, ot_area a)
{
    hits_view *hv = v->state;
    char line[256];
    snprintf(line, sizeof line, "%zu %s matching /%s/, oldest first", hv->hits.n,
             hv->filter.actions ? (hv->hits.n == 1 ? "action" : "actions") : (hv->hits.n == 1 ? "finding" : "findings"),
             ot_themes_pattern(hv->themes, hv->theme));
    ot_draw_text(stdscr, a.top, 1, line, a.width - 2, A_BOLD);
    bool all = hv->filter.authority_id == 0;
    const ot_regex *re = ot_themes_regex(hv->themes, hv->theme);
    for (ot_list_rows it = ot_list_rows_begin(&hv->list, a.top + 1, a.height - 1, a.width); ot_list_rows_next(&it);) {
        const ot_theme_hit *h = &hv->hits.v[it.k];
        bool sel = it.sel;
        attr_t base = it.base;
        int y = it.y, x = 1;
        x += ot_draw_text(stdscr, y, x, h->start_date, 10, sel ? base : ot_role_attr(OT_ROLE_DIM)) + 1;
        if (all) {
            ot_draw_cell(stdscr, y, x, h->authority, 20, sel ? base : ot_role_attr(OT_ROLE_HEADER));
            x += 21;
        }
        snprintf(line, sizeof line, "%s%d", hv->filter.actions ? "#" : "¶", h->paragraph);
        ot_draw_cell(stdscr, y, x, line, 5, sel ? base : ot_role_attr(OT_ROLE_DIM));
        x += 6;
        ot_spans spans = OT_SPANS_INIT;
        ot_error err = OT_ERROR_INIT;
        size_t len = strlen(h->text);
        if (ot_regex_find_all(re, hv->scratch, h->text, len, NULL, NULL, &spans, &err) < 0)
            spans.len = 0;
        ot_error_clear(&err);
        /* Start the line a little before the first match, so it shows. */
        size_t from = 0;
        if (spans.len && spans.v[0].start > 40) {
            from = spans.v[0].start - 30;
            while (from > 0 && ((unsigned char)h->text[from] & 0xC0) == 0x80)
                from--;
        }
        if (from)
            x += ot_draw_text(stdscr, y, x, "…", 1, base);
        ot_draw_highlighted(stdscr, y, x, h->text + from, len - from, a.width - x - 1, base, spans.v, spans.len, from,
                            ot_role_attr(OT_ROLE_MATCH));
        ot_spans_free(&spans);
    }
}

/* A finding opens its report there, the theme's matches highlighted. */
static void open_row(ot_view *v, ot_tui *t, size_t row)
{
    hits_view *hv = v->state;
    const ot_theme_hit *h = &hv->hits.v[row];
    ot_view_inspection_open(t, h->inspection_id, hv->filter.actions ? 0 : h->text_id,
                            ot_themes_pattern(hv->themes, hv->theme));
}

static void done(ot_view *v)
{
    hits_view *hv = v->state;
    ot_theme_hits_free(&hv->hits);
    ot_regex_scratch_free(hv->scratch);
    free(hv);
}

static const ot_view_ops hits_ops = {
    .id = OT_VIEW_THEME_HITS,
    .crumb = crumb,
    .draw = draw,
    .open_row = open_row,
    .done = done,
};

void ot_view_theme_hits_open(ot_tui *t, const struct ot_themes *themes, size_t theme,
                             const struct ot_theme_filter *filter)
{
    hits_view *hv = calloc(1, sizeof *hv);
    if (!hv || !(hv->scratch = ot_regex_scratch_new(ot_themes_regex(themes, theme)))) {
        free(hv);
        ot_tui_message(t, true, "out of memory");
        return;
    }
    hv->themes = themes;
    hv->theme = theme;
    hv->filter = *filter;
    ot_error err = OT_ERROR_INIT;
    if (ot_themes_hits(ot_tui_db(t), themes, theme, filter, &hv->hits, &err) < 0) {
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        ot_view v = {.ops = &hits_ops, .state = hv};
        done(&v);
        return;
    }
    hv->list.n = hv->hits.n;
    snprintf(hv->crumb, sizeof hv->crumb, "Theme: %s", ot_themes_name(themes, theme));
    ot_tui_push_list(t, &hits_ops, hv, &hv->list, NULL);
}
