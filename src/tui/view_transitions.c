/* Moves between grades: how many authorities went from each grade in force
 * on one date to each grade in force on a later one (rules of "in force"
 * in ofsted-tui/ratings.h), for England or one region.  Rows are the grade
 * then, columns the grade now, "–" no grade (or no authority yet / any
 * more).  Enter on a cell lists its authorities. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "ofsted-tui/ratings.h"
#include "tui.h"

/* Classes in the order drawn: the grades best to worst, then none. */
static const int order[5] = {1, 2, 3, 4, 0};
static const char *const class_words[5] = {"– none", "O Outstanding", "G Good", "R Req. improvement", "I Inadequate"};

/* The change words of ot_ratings_change_word, counted under the table. */
static const char *const changes[] = {"improved", "unchanged", "declined", "newly_graded", "no_longer_graded",
                                      "not_graded", "created", "abolished"};
#define N_CHANGES (sizeof changes / sizeof changes[0])

typedef struct trans_view {
    const ot_ratings *r; /* borrowed from the interface */
    int area;
    char since[11], as_at[11];
    int region; /* index into the regions, -1 for England */
    ot_grade_transitions tr;
    int change_counts[N_CHANGES];
    int row, col; /* the selected cell, in drawing order */
    char crumb[128];
} trans_view;

static const char *region_name(const trans_view *tv)
{
    size_t n;
    const char *const *regions = ot_ratings_regions(tv->r, &n);
    return tv->region >= 0 && (size_t)tv->region < n ? regions[tv->region] : NULL;
}

static void recount(trans_view *tv)
{
    const char *region = region_name(tv);
    tv->tr = ot_ratings_transitions(tv->r, tv->area, tv->since, tv->as_at, region);
    memset(tv->change_counts, 0, sizeof tv->change_counts);
    for (size_t i = 0; i < ot_ratings_n_authorities(tv->r); i++) {
        const ot_rating_authority *a = ot_ratings_authority(tv->r, i);
        if (region && (!a->region || strcmp(a->region, region) != 0))
            continue;
        ot_rating then = ot_ratings_at(tv->r, i, tv->area, tv->since);
        ot_rating now = ot_ratings_at(tv->r, i, tv->area, tv->as_at);
        const char *w = ot_ratings_change_word(&then, &now);
        for (size_t k = 0; k < N_CHANGES; k++)
            if (strcmp(w, changes[k]) == 0)
                tv->change_counts[k]++;
    }
}

static const char *crumb(ot_view *v)
{
    trans_view *tv = v->state;
    snprintf(tv->crumb, sizeof tv->crumb, "Moves: %s %s → %s", ot_ratings_area_key(tv->r, (size_t)tv->area),
             tv->since, tv->as_at);
    return tv->crumb;
}

static void draw(ot_view *v, ot_area a)
{
    trans_view *tv = v->state;
    int y = a.top, bottom = a.top + a.height;
    char line[256];
    const char *region = region_name(tv);
    snprintf(line, sizeof line, "Grade in force for %s on %s (rows) and on %s (columns): %s, %d authorit%s",
             ot_ratings_area_key(tv->r, (size_t)tv->area), tv->since, tv->as_at, region ? region : "England",
             tv->tr.total, tv->tr.total == 1 ? "y" : "ies");
    ot_draw_text(stdscr, y++, 1, line, a.width - 2, A_BOLD);
    snprintf(line, sizeof line, "Inspections dated by %s; – is no grade in force, or no such authority on that date",
             ot_ratings_by(tv->r) == OT_RATINGS_BY_PUBLISHED ? "publication" : "start");
    ot_draw_text(stdscr, y++, 1, line, a.width - 2, ot_role_attr(OT_ROLE_DIM));
    if (++y >= bottom)
        return;
    int label_w = 20, cell_w = 9;
    int x0 = 1 + label_w + 1;
    attr_t head = ot_role_attr(OT_ROLE_HEADER);
    ot_draw_cell(stdscr, y, 1, "then \\ now", label_w, head);
    for (int c = 0; c < 5; c++) {
        int g = order[c];
        snprintf(line, sizeof line, "%s", g ? ot_grade_letter(g) : "–");
        ot_draw_cell(stdscr, y, x0 + c * cell_w, line, cell_w - 1, g ? ot_role_attr(ot_grade_role(g)) : head);
    }
    ot_draw_cell(stdscr, y, x0 + 5 * cell_w, "total", cell_w - 1, head);
    y++;
    int col_totals[5] = {0, 0, 0, 0, 0};
    for (int r = 0; r < 5 && y < bottom; r++, y++) {
        int from = order[r];
        attr_t lab = from ? ot_role_attr(ot_grade_role(from)) : ot_role_attr(OT_ROLE_DIM);
        ot_draw_cell(stdscr, y, 1, class_words[from], label_w, lab);
        int sum = 0;
        for (int c = 0; c < 5; c++) {
            int n = tv->tr.cells[from][order[c]];
            sum += n;
            col_totals[c] += n;
            snprintf(line, sizeof line, "%6d", n);
            attr_t at = r == tv->row && c == tv->col ? ot_role_attr(OT_ROLE_SELECTED)
                        : n == 0                   ? ot_role_attr(OT_ROLE_DIM)
                        : r == c                   ? A_BOLD
                                                   : A_NORMAL;
            ot_draw_cell(stdscr, y, x0 + c * cell_w, line, cell_w - 1, at);
        }
        snprintf(line, sizeof line, "%6d", sum);
        ot_draw_cell(stdscr, y, x0 + 5 * cell_w, line, cell_w - 1, head);
    }
    if (y < bottom) {
        ot_draw_cell(stdscr, y, 1, "total", label_w, head);
        for (int c = 0; c < 5; c++) {
            snprintf(line, sizeof line, "%6d", col_totals[c]);
            ot_draw_cell(stdscr, y, x0 + c * cell_w, line, cell_w - 1, head);
        }
        snprintf(line, sizeof line, "%6d", tv->tr.total);
        ot_draw_cell(stdscr, y, x0 + 5 * cell_w, line, cell_w - 1, head);
        y += 2;
    }
    /* The moves in words, one per line, so narrow terminals keep them. */
    for (size_t k = 0; k < N_CHANGES && y < bottom; k++) {
        if (!tv->change_counts[k] && k >= 6)
            continue;
        snprintf(line, sizeof line, "%-18s %4d", changes[k], tv->change_counts[k]);
        for (char *p = line; *p; p++)
            if (*p == '_')
                *p = ' ';
        ot_draw_text(stdscr, y++, 1, line, a.width - 2, k == 0 ? ot_role_attr(OT_ROLE_GRADE_2) : k == 2 ? ot_role_attr(OT_ROLE_GRADE_4) : A_NORMAL);
    }
}

/* Replace the ratings with ones dated by the other basis. */
static void toggle_basis(trans_view *tv, ot_tui *t)
{
    ot_ratings_basis by = ot_ratings_by(tv->r) == OT_RATINGS_BY_START ? OT_RATINGS_BY_PUBLISHED : OT_RATINGS_BY_START;
    const ot_ratings *r = ot_tui_ratings(t, by);
    if (!r)
        return;
    int area = ot_ratings_area_index(r, ot_ratings_area_key(tv->r, (size_t)tv->area));
    tv->r = r;
    tv->area = area >= 0 ? area : 0;
    ot_tui_message(t, false, "Inspections count from their %s date", by == OT_RATINGS_BY_START ? "start" : "publication");
}

static void move_date(char date[11], int years)
{
    char next[11];
    ot_ratings_date_add(date, years, 0, 0, next);
    memcpy(date, next, 11);
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    (void)a;
    trans_view *tv = v->state;
    size_t n_regions;
    ot_ratings_regions(tv->r, &n_regions);
    switch (req) {
    case OT_REQ_MOVE_UP: tv->row = tv->row > 0 ? tv->row - 1 : 0; return OT_RESULT_HANDLED;
    case OT_REQ_MOVE_DOWN: tv->row = tv->row < 4 ? tv->row + 1 : 4; return OT_RESULT_HANDLED;
    case OT_REQ_MOVE_LEFT: tv->col = tv->col > 0 ? tv->col - 1 : 0; return OT_RESULT_HANDLED;
    case OT_REQ_MOVE_RIGHT: tv->col = tv->col < 4 ? tv->col + 1 : 4; return OT_RESULT_HANDLED;
    case OT_REQ_FIRST: tv->row = tv->col = 0; return OT_RESULT_HANDLED;
    case OT_REQ_LAST: tv->row = tv->col = 4; return OT_RESULT_HANDLED;
    case OT_REQ_ENTER:
        ot_view_transition_list_open(t, tv->r, tv->area, tv->since, tv->as_at, region_name(tv), order[tv->row],
                                     order[tv->col]);
        return OT_RESULT_HANDLED;
    case OT_REQ_SINCE_PREV:
        move_date(tv->since, -1);
        break;
    case OT_REQ_SINCE_NEXT:
        move_date(tv->since, 1);
        if (strcmp(tv->since, tv->as_at) > 0)
            memcpy(tv->since, tv->as_at, 11);
        break;
    case OT_REQ_YEAR_PREV:
        move_date(tv->as_at, -1);
        if (strcmp(tv->since, tv->as_at) > 0)
            memcpy(tv->as_at, tv->since, 11);
        break;
    case OT_REQ_YEAR_NEXT:
        move_date(tv->as_at, 1);
        break;
    case OT_REQ_NEXT_AREA:
        tv->area = ot_ratings_next_area(tv->r, tv->area);
        break;
    case OT_REQ_FILTER_REGION:
        tv->region = tv->region + 1 < (int)n_regions ? tv->region + 1 : -1;
        break;
    case OT_REQ_FILTER_CLEAR:
        tv->region = -1;
        break;
    case OT_REQ_TOGGLE_BASIS:
        toggle_basis(tv, t);
        break;
    default:
        return OT_RESULT_UNHANDLED;
    }
    recount(tv);
    return OT_RESULT_HANDLED;
}

static void done(ot_view *v)
{
    trans_view *tv = v->state;
    free(tv);
}

static const ot_view_ops trans_ops = {
    .id = OT_VIEW_TRANSITIONS,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .done = done,
};

void ot_view_transitions_open(ot_tui *t, const char *area, bool by_published, const char *since, const char *as_at)
{
    trans_view *tv = calloc(1, sizeof *tv);
    if (!tv) {
        ot_tui_message(t, true, "out of memory");
        return;
    }
    tv->r = ot_tui_ratings(t, by_published ? OT_RATINGS_BY_PUBLISHED : OT_RATINGS_BY_START);
    if (!tv->r) {
        free(tv);
        return;
    }
    int at = ot_ratings_area_index(tv->r, area ? area : "overall");
    tv->area = at >= 0 ? at : 0;
    snprintf(tv->since, sizeof tv->since, "%s", since);
    snprintf(tv->as_at, sizeof tv->as_at, "%s", as_at);
    if (strcmp(tv->since, tv->as_at) > 0)
        memcpy(tv->since, tv->as_at, 11);
    tv->region = -1;
    recount(tv);
    ot_tui_push(t, &trans_ops, tv);
}
