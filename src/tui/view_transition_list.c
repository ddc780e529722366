/* The authorities of one cell of the moves table: which grade each held
 * then and now, from which inspections.  Enter opens an authority's
 * history. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ofsted-tui/ratings.h"
#include "tui.h"

typedef struct tlist_view {
    const ot_ratings *r; /* borrowed from the moves view below this one */
    size_t *la;          /* authority indexes */
    ot_rating *then, *now;
    ot_list list;
    char since[11], as_at[11];
    char crumb[128];
    char heading[256];
} tlist_view;

static const char *class_word(int c)
{
    return c ? ot_grade_word_short(c) : "no grade";
}

static const char *crumb(ot_view *v)
{
    tlist_view *lv = v->state;
    return lv->crumb;
}

/* "G Good (2022-10-03)" or "– none" / "– not yet created" / "– abolished";
 * the inspection's month only when short. */
static void rating_text(char *out, size_t size, const ot_rating *at, bool then, bool short_date)
{
    char date[16] = "?";
    if (at->from)
        snprintf(date, sizeof date, "%.*s", short_date ? 7 : 10, at->from->start_date);
    if (at->state == OT_RATING_ABSENT)
        snprintf(out, size, "– %s", then ? "not yet created" : "abolished");
    else if (at->state == OT_RATING_GRADED)
        snprintf(out, size, "%s %s (%s)", ot_grade_letter(at->grade), ot_grade_word_short(at->grade), date);
    else if (at->state == OT_RATING_UNGRADED)
        snprintf(out, size, "– not graded (%s)", date);
    else
        snprintf(out, size, "– none");
}

static void draw(ot_view *v, ot_area a)
{
    tlist_view *lv = v->state;
    /* "R Req. improvement (2022-10-03)" is 31 columns, 28 with the month
     * only; the change word up to 16.  The region goes first when narrow. */
    int name_w = 24, region_w = 22, grade_w = 31, change_w = 16;
    if (a.width < 1 + name_w + 1 + region_w + 1 + 2 * (grade_w + 1) + change_w)
        region_w = 0;
    if (a.width < 1 + name_w + 1 + 2 * (grade_w + 1) + change_w)
        grade_w = 28;
    if (a.width < 1 + name_w + 1 + 2 * (grade_w + 1) + change_w)
        name_w = 18;
    bool short_date = grade_w < 31;
    attr_t head = ot_role_attr(OT_ROLE_HEADER);
    ot_draw_text(stdscr, a.top, 1, lv->heading, a.width - 2, A_BOLD);
    int x = 1, y = a.top + 1;
    char then_head[32], now_head[32];
    snprintf(then_head, sizeof then_head, "On %s", lv->since);
    snprintf(now_head, sizeof now_head, "On %s", lv->as_at);
    ot_draw_column(stdscr, y, &x, "Authority", name_w, head);
    ot_draw_column(stdscr, y, &x, "Region", region_w, head);
    ot_draw_column(stdscr, y, &x, then_head, grade_w, head);
    ot_draw_column(stdscr, y, &x, now_head, grade_w, head);
    ot_draw_cell(stdscr, y, x, "Change", a.width - x - 1, head);
    int rows = a.height - 2;
    if (lv->list.n == 0) {
        ot_draw_text(stdscr, y + 1, 1, "No authority made this move.", a.width - 2, ot_role_attr(OT_ROLE_DIM));
        return;
    }
    for (ot_list_rows it = ot_list_rows_begin(&lv->list, a.top + 2, rows, a.width); ot_list_rows_next(&it);) {
        size_t k = it.k;
        const ot_rating_authority *au = ot_ratings_authority(lv->r, lv->la[k]);
        bool sel = it.sel;
        attr_t base = it.base;
        y = it.y;
        x = 1;
        ot_draw_column(stdscr, y, &x, au->name, name_w, base);
        ot_draw_column(stdscr, y, &x, au->region ? au->region : "", region_w, base);
        char text[96];
        rating_text(text, sizeof text, &lv->then[k], true, short_date);
        int g = ot_rating_class(&lv->then[k]);
        ot_draw_column(stdscr, y, &x, text, grade_w, g ? ot_role_attr(ot_grade_role(g)) | (sel ? A_REVERSE : 0) : base);
        rating_text(text, sizeof text, &lv->now[k], false, short_date);
        g = ot_rating_class(&lv->now[k]);
        ot_draw_column(stdscr, y, &x, text, grade_w, g ? ot_role_attr(ot_grade_role(g)) | (sel ? A_REVERSE : 0) : base);
        ot_draw_cell(stdscr, y, x, ot_ratings_change_word(&lv->then[k], &lv->now[k]), a.width - x - 1, base);
    }
}

/* An authority opens its history. */
static void open_row(ot_view *v, ot_tui *t, size_t row)
{
    tlist_view *lv = v->state;
    ot_view_history_open(t, ot_ratings_authority(lv->r, lv->la[row])->id);
}

static void done(ot_view *v)
{
    tlist_view *lv = v->state;
    free(lv->la);
    free(lv->then);
    free(lv->now);
    free(lv);
}

static const ot_view_ops tlist_ops = {
    .id = OT_VIEW_TRANSITION_LIST,
    .crumb = crumb,
    .draw = draw,
    .open_row = open_row,
    .done = done,
};

void ot_view_transition_list_open(ot_tui *t, const ot_ratings *r, int area, const char *since, const char *as_at,
                                  const char *region, int from_class, int to_class)
{
    size_t n = ot_ratings_n_authorities(r);
    tlist_view *lv = calloc(1, sizeof *lv);
    if (lv) {
        lv->la = calloc(n ? n : 1, sizeof *lv->la);
        lv->then = calloc(n ? n : 1, sizeof *lv->then);
        lv->now = calloc(n ? n : 1, sizeof *lv->now);
    }
    if (!lv || !lv->la || !lv->then || !lv->now) {
        if (lv) {
            ot_view v = {.ops = &tlist_ops, .state = lv};
            done(&v);
        }
        ot_tui_message(t, true, "out of memory");
        return;
    }
    lv->r = r;
    snprintf(lv->since, sizeof lv->since, "%s", since);
    snprintf(lv->as_at, sizeof lv->as_at, "%s", as_at);
    /* The same authorities ot_ratings_transitions counts in the cell. */
    for (size_t i = 0; i < n; i++) {
        const ot_rating_authority *au = ot_ratings_authority(r, i);
        if (region && (!au->region || strcmp(au->region, region) != 0))
            continue;
        ot_rating then = ot_ratings_at(r, i, area, since), now = ot_ratings_at(r, i, area, as_at);
        if (then.state == OT_RATING_ABSENT && now.state == OT_RATING_ABSENT)
            continue;
        if (ot_rating_class(&then) != from_class || ot_rating_class(&now) != to_class)
            continue;
        lv->la[lv->list.n] = i;
        lv->then[lv->list.n] = then;
        lv->now[lv->list.n] = now;
        lv->list.n++;
    }
    snprintf(lv->crumb, sizeof lv->crumb, "%s → %s", class_word(from_class), class_word(to_class));
    snprintf(lv->heading, sizeof lv->heading, "%zu authorit%s: %s on %s, %s on %s%s%s", lv->list.n,
             lv->list.n == 1 ? "y" : "ies", class_word(from_class), since, class_word(to_class), as_at,
             region ? ", " : "", region ? region : "");
    ot_tui_push_list(t, &tlist_ops, lv, &lv->list, NULL);
}
