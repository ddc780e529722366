/* One authority's history: a ratings-over-time strip (one cell per year per
 * judgement area) above one row per inspection or visit, newest first. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "find.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/framework.h"
#include "ofsted-tui/query_report.h"
#include "ofsted-tui/table_out.h"
#include "tui.h"

#define MAX_AREAS 16

typedef struct history_view {
    ot_history hist;
    ot_list list;
    const char *areas[MAX_AREAS]; /* columns, in ot_area_rank order (owned by hist) */
    int n_areas;
    char **notes;  /* per row: what changed since the previous graded inspection, or NULL */
    char **search; /* per row: the text `/` searches */
    int first_year, last_year;
    ot_list_find list_find; /* `/`, n and N over the rows' text */
    int table_top; /* the table's header row, relative to the area, as last drawn */
    int note_width; /* the widest note */
    int cell_width; /* the widest grade cell, letter and label */
} history_view;

/* Frameworks that share a grade scale and a name for people. */
static const char *family(const char *framework)
{
    if (!framework)
        return "?";
    if (strncmp(framework, "ilacs", 5) == 0)
        return "ILACS";
    if (strncmp(framework, "sif", 3) == 0)
        return "SIF";
    return ot_framework_name(framework);
}

/* How the framework printed grade 3. */
static const char *grade3_words(const ot_history_row *r)
{
    for (size_t i = 0; i < r->n_cells; i++)
        if (r->cells[i].grade == 3 && r->cells[i].grade_label)
            return ot_grade_word_in(3, r->framework, r->cells[i].grade_label);
    return ot_grade_word_in(3, r->framework, NULL);
}

static bool graded(const ot_history_row *r)
{
    for (size_t i = 0; i < r->n_cells; i++)
        if (r->cells[i].grade)
            return true;
    return false;
}

static const ot_grade_cell *cell_for(const ot_history_row *r, const char *area)
{
    for (size_t i = 0; i < r->n_cells; i++)
        if (strcmp(r->cells[i].area, area) == 0)
            return &r->cells[i];
    return NULL;
}

static void prepare(history_view *hv)
{
    ot_history *h = &hv->hist;
    /* columns: every area any row grades */
    for (size_t i = 0; i < h->n; i++)
        for (size_t c = 0; c < h->rows[i].n_cells; c++) {
            const char *area = h->rows[i].cells[c].area;
            bool seen = false;
            for (int k = 0; k < hv->n_areas; k++)
                seen = seen || strcmp(hv->areas[k], area) == 0;
            if (seen || hv->n_areas == MAX_AREAS)
                continue;
            int at = hv->n_areas++;
            while (at > 0 && (ot_area_rank(hv->areas[at - 1]) > ot_area_rank(area) ||
                              (ot_area_rank(hv->areas[at - 1]) == ot_area_rank(area) &&
                               strcmp(hv->areas[at - 1], area) > 0))) {
                hv->areas[at] = hv->areas[at - 1];
                at--;
            }
            hv->areas[at] = area;
        }
    hv->notes = calloc(h->n ? h->n : 1, sizeof *hv->notes);
    hv->search = calloc(h->n ? h->n : 1, sizeof *hv->search);
    hv->first_year = 9999;
    hv->last_year = 0;
    if (!hv->notes || !hv->search)
        return;
    for (size_t i = 0; i < h->n; i++) {
        const ot_history_row *r = &h->rows[i];
        int year = atoi(r->start_date ? r->start_date : "0");
        if (year > 0 && year < hv->first_year)
            hv->first_year = year;
        if (year > hv->last_year)
            hv->last_year = year;
        ot_buf b = OT_BUF_INIT;
        if (graded(r)) {
            /* the next older graded inspection */
            size_t j = i + 1;
            while (j < h->n && !graded(&h->rows[j]))
                j++;
            if (j < h->n) {
                const char *now = family(r->framework), *before = family(h->rows[j].framework);
                if (strcmp(now, before) != 0)
                    ot_buf_printf(&b, "%s → %s", before, now);
                const char *w_now = grade3_words(r), *w_before = grade3_words(&h->rows[j]);
                if (strcmp(w_now, w_before) != 0)
                    ot_buf_printf(&b, "%s%s → %s", b.len ? "; " : "", w_before, w_now);
            }
            if (!strncmp(r->framework, "ilacs", 5) && !cell_for(r, "overall"))
                ot_buf_printf(&b, "%sno overall grade (%s)", b.len ? "; " : "", ot_era_name(OT_ERA_REFORM));
        }
        for (size_t c = 0; c < r->n_cells; c++) {
            int w = 2 + ot_text_width(r->cells[c].grade_label ? r->cells[c].grade_label
                                                               : ot_grade_word(r->cells[c].grade));
            if (w > hv->cell_width)
                hv->cell_width = w;
        }
        hv->notes[i] = b.len ? ot_buf_steal(&b) : NULL;
        if (hv->notes[i] && ot_text_width(hv->notes[i]) > hv->note_width)
            hv->note_width = ot_text_width(hv->notes[i]);
        ot_buf_free(&b);
        ot_buf s = OT_BUF_INIT;
        ot_buf_printf(&s, "%s %s %s %s", r->start_date ? r->start_date : "", r->end_date ? r->end_date : "",
                      ot_framework_name(r->framework), r->framework);
        for (size_t c = 0; c < r->n_cells; c++)
            ot_buf_printf(&s, " %s %s", ot_grade_word(r->cells[c].grade),
                          r->cells[c].grade_label ? r->cells[c].grade_label : "");
        if (hv->notes[i])
            ot_buf_printf(&s, " %s", hv->notes[i]);
        hv->search[i] = ot_buf_steal(&s);
        ot_buf_free(&s);
    }
    if (hv->last_year == 0)
        hv->first_year = 0;
}

static const char *crumb(ot_view *v)
{
    history_view *hv = v->state;
    return hv->hist.authority ? hv->hist.authority : "?";
}

/* The strip: for each area a row of year cells.  A capital letter marks a
 * year with an inspection that graded the area; a small letter the grade
 * still standing from an earlier one; "·" no grade. */
static int draw_strip(history_view *hv, ot_area a, int max_rows)
{
    if (hv->last_year == 0 || max_rows < 2)
        return 0;
    int label_w = 14;
    int years_fit = (a.width - 2 - label_w) / 3;
    if (years_fit < 1)
        return 0;
    int first = hv->first_year;
    if (hv->last_year - first + 1 > years_fit)
        first = hv->last_year - years_fit + 1;
    attr_t head = ot_role_attr(OT_ROLE_HEADER);
    int y = a.top;
    ot_draw_cell(stdscr, y, 1, "Ratings", label_w, head);
    for (int yr = first; yr <= hv->last_year; yr++) {
        char lab[8];
        snprintf(lab, sizeof lab, "%02d", yr % 100);
        ot_draw_text(stdscr, y, 1 + label_w + (yr - first) * 3, lab, 2, head);
    }
    int rows = 1;
    for (int k = 0; k < hv->n_areas && rows < max_rows; k++) {
        const char *area = hv->areas[k];
        bool any = false;
        for (size_t i = 0; i < hv->hist.n && !any; i++) {
            const ot_grade_cell *c = cell_for(&hv->hist.rows[i], area);
            any = c && c->grade;
        }
        if (!any)
            continue;
        y = a.top + rows++;
        ot_draw_cell(stdscr, y, 1, ot_area_short(area), label_w, A_NORMAL);
        /* walk oldest to newest, carrying the standing grade */
        int standing = 0;
        size_t i = hv->hist.n;
        for (int yr = hv->first_year; yr <= hv->last_year; yr++) {
            bool fresh = false;
            while (i > 0 && atoi(hv->hist.rows[i - 1].start_date) <= yr) {
                const ot_history_row *r = &hv->hist.rows[--i];
                if (!graded(r))
                    continue;
                const ot_grade_cell *c = cell_for(r, area);
                standing = c ? c->grade : 0;
                fresh = c && c->grade;
            }
            if (yr < first)
                continue;
            char cellbuf[8];
            const char *letter = ot_grade_letter(standing);
            if (standing && !fresh)
                snprintf(cellbuf, sizeof cellbuf, "%c", letter[0] - 'A' + 'a');
            else
                snprintf(cellbuf, sizeof cellbuf, "%s", letter);
            attr_t at = standing ? ot_role_attr(ot_grade_role(standing)) : ot_role_attr(OT_ROLE_DIM);
            if (standing && !fresh)
                at &= ~(attr_t)A_BOLD;
            ot_draw_text(stdscr, y, 1 + label_w + (yr - first) * 3, cellbuf, 1, at);
        }
    }
    return rows;
}

/* The longest form of a grade that fits width columns, so that a cut
 * never leaves "R Requir" or makes two grades read the same: the label as
 * printed, the grade in full, the short word, an abbreviation. */
static void grade_cell(const ot_grade_cell *g, int width, char *out, size_t size)
{
    static const char *const abbrev[] = {"", "Outst.", "Good", "Req. imp.", "Inadeq."};
    static const char *const tiny[] = {"", "Outst.", "Good", "Req.", "Inad."};
    bool adequate = g->grade_label && strncmp(g->grade_label, "Adequate", 8) == 0;
    bool ok = g->grade >= 1 && g->grade <= 4;
    /* "Adequate" is grade 3 of the older frameworks: it keeps its word */
    const char *forms[] = {g->grade_label, adequate ? "Adeq." : ot_grade_word(g->grade),
                           adequate ? NULL : ot_grade_word_short(g->grade), adequate || !ok ? NULL : abbrev[g->grade],
                           adequate || !ok ? NULL : tiny[g->grade]};
    const char *letter = ot_grade_letter(g->grade);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (!forms[i] || !*forms[i])
            continue;
        snprintf(out, size, "%s %s", letter, forms[i]);
        if (ot_text_width(out) <= width)
            return;
    }
    snprintf(out, size, "%s", letter);
}

typedef struct columns {
    int start, end, framework, area, note;
} columns;

static columns layout(const history_view *hv, int width)
{
    columns c = {10, width >= 120 ? 10 : 0, 16, 0, 0};
    int fixed = 1 + c.start + 1 + (c.end ? c.end + 1 : 0) + c.framework + 1;
    int n = hv->n_areas ? hv->n_areas : 1;
    /* the notes first: they say where the framework changed */
    c.area = (width - fixed - hv->note_width - 1) / n - 1;
    /* no wider than the widest grade as printed needs */
    if (c.area > hv->cell_width)
        c.area = hv->cell_width;
    if (c.area < 2)
        c.area = 2;
    c.note = width - fixed - n * (c.area + 1) - 1;
    if (c.note < 0)
        c.note = 0;
    return c;
}

static void draw(ot_view *v, ot_area a)
{
    history_view *hv = v->state;
    int strip_max = 1 + hv->n_areas;
    if (a.height - strip_max - 2 < 5)
        strip_max = a.height - 7;
    int strip = draw_strip(hv, a, strip_max);
    int top = a.top + strip;
    if (strip) {
        /* the selected row in full: dates, findings, what changed */
        if (hv->hist.n) {
            const ot_history_row *r = &hv->hist.rows[hv->list.selected < hv->hist.n ? hv->list.selected : 0];
            ot_buf d = OT_BUF_INIT;
            ot_buf_printf(&d, "%s %s to %s", ot_framework_name(r->framework), r->start_date,
                          r->end_date ? r->end_date : "?");
            ot_buf_printf(&d, "; %d finding%s", r->n_findings, r->n_findings == 1 ? "" : "s");
            const char *note = hv->notes[hv->list.selected < hv->hist.n ? hv->list.selected : 0];
            if (note)
                ot_buf_printf(&d, "; %s", note);
            ot_draw_text(stdscr, top, 1, ot_buf_str(&d), a.width - 2, ot_role_attr(OT_ROLE_DIM));
            ot_buf_free(&d);
        }
        top++;
    }
    hv->table_top = top - a.top;
    columns c = layout(hv, a.width);
    attr_t head = ot_role_attr(OT_ROLE_HEADER);
    int x = 1;
    ot_draw_column(stdscr, top, &x, "Start", c.start, head);
    ot_draw_column(stdscr, top, &x, "End", c.end, head);
    ot_draw_column(stdscr, top, &x, "Framework", c.framework, head);
    for (int k = 0; k < hv->n_areas; k++)
        ot_draw_column(stdscr, top, &x, ot_area_short(hv->areas[k]), c.area, head);
    ot_draw_column(stdscr, top, &x, "Note", c.note, head);
    int rows_h = a.top + a.height - top - 1;
    if (hv->hist.n == 0) {
        ot_draw_text(stdscr, top + 1, 1, "No inspections or visits recorded for this authority.", a.width - 2, A_DIM);
        return;
    }
    for (ot_list_rows it = ot_list_rows_begin(&hv->list, top + 1, rows_h, a.width); ot_list_rows_next(&it);) {
        size_t idx = it.k;
        const ot_history_row *r = &hv->hist.rows[idx];
        bool sel = it.sel;
        bool visit = ot_framework_is_visit(r->framework) || !graded(r);
        attr_t base = sel || !visit ? it.base : ot_role_attr(OT_ROLE_DIM);
        int y = it.y;
        if (ot_find_active(hv->list_find.find) && ot_find_test(hv->list_find.find, hv->search[idx], strlen(hv->search[idx])))
            ot_draw_text(stdscr, y, 0, "▸", 1, ot_role_attr(OT_ROLE_MATCH));
        x = 1;
        ot_draw_column(stdscr, y, &x, r->start_date ? r->start_date : "", c.start, base);
        ot_draw_column(stdscr, y, &x, r->end_date ? r->end_date : "", c.end, base);
        ot_draw_column(stdscr, y, &x, ot_framework_name(r->framework), c.framework, base);
        if (visit && r->n_cells == 0) {
            char what[64];
            snprintf(what, sizeof what, "visit, no grades; %d finding%s", r->n_findings, r->n_findings == 1 ? "" : "s");
            ot_draw_cell(stdscr, y, x, what, hv->n_areas * (c.area + 1), base);
            x += hv->n_areas * (c.area + 1);
        } else {
            for (int k = 0; k < hv->n_areas; k++) {
                const ot_grade_cell *g = cell_for(r, hv->areas[k]);
                char cellbuf[128];
                if (!g)
                    snprintf(cellbuf, sizeof cellbuf, " ");
                else if (!g->grade)
                    snprintf(cellbuf, sizeof cellbuf, "–%s%s", c.area >= 6 ? " " : "",
                             c.area >= 6 && g->grade_label ? g->grade_label : "");
                else if (c.area < 6) /* room for the letter only */
                    snprintf(cellbuf, sizeof cellbuf, "%s", ot_grade_letter(g->grade));
                else
                    grade_cell(g, c.area, cellbuf, sizeof cellbuf);
                attr_t at = g && g->grade ? ot_role_attr(ot_grade_role(g->grade)) | (sel ? A_REVERSE : 0) : base;
                ot_draw_column(stdscr, y, &x, cellbuf, c.area, at);
            }
        }
        if (c.note && hv->notes[idx])
            ot_draw_cell(stdscr, y, x, hv->notes[idx], c.note, sel ? base : ot_role_attr(OT_ROLE_HEADER) & ~(attr_t)A_UNDERLINE);
    }
}

static int row_matches(void *ctx, size_t i)
{
    history_view *hv = ctx;
    return ot_find_test(hv->list_find.find, hv->search[i], strlen(hv->search[i]));
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    (void)a;
    history_view *hv = v->state;
    switch (req) {
    case OT_REQ_OPEN_NEIGHBOURS:
        ot_view_compare_open_neighbours(t, hv->hist.authority_id);
        return OT_RESULT_HANDLED;
    case OT_REQ_OPEN_THEMES:
        ot_view_themes_open(t, hv->hist.authority_id, hv->hist.authority);
        return OT_RESULT_HANDLED;
    default:
        return OT_RESULT_UNHANDLED; /* movement and Enter: the list's (ot_tui_push_list) */
    }
}

/* An inspection or visit opens its report. */
static void open_row(ot_view *v, ot_tui *t, size_t row)
{
    history_view *hv = v->state;
    ot_view_inspection_open(t, hv->hist.rows[row].inspection_id, 0, NULL);
}

/* The table as shown, newest first: every area's grade as printed. */
static long export_csv(ot_view *v, FILE *out, ot_error *err)
{
    history_view *hv = v->state;
    size_t nc = 7 + (size_t)hv->n_areas;
    const char *names[7 + MAX_AREAS];
    const char *values[7 + MAX_AREAS];
    names[0] = "authority";
    names[1] = "start_date";
    names[2] = "end_date";
    names[3] = "published";
    names[4] = "framework";
    for (int k = 0; k < hv->n_areas; k++)
        names[5 + k] = hv->areas[k];
    names[5 + hv->n_areas] = "findings";
    names[6 + hv->n_areas] = "note";
    ot_table_out *w = ot_export_table(out, names, NULL, (int)nc, err);
    if (!w)
        return -1;
    for (size_t i = 0; i < hv->hist.n; i++) {
        const ot_history_row *r = &hv->hist.rows[i];
        char cells[MAX_AREAS][160];
        char findings[16];
        values[0] = hv->hist.authority;
        values[1] = r->start_date;
        values[2] = r->end_date;
        values[3] = r->published;
        values[4] = ot_framework_name(r->framework);
        for (int k = 0; k < hv->n_areas; k++) {
            const ot_grade_cell *g = cell_for(r, hv->areas[k]);
            if (!g) {
                values[5 + k] = NULL;
                continue;
            }
            snprintf(cells[k], sizeof cells[k], "%s", g->grade_label ? g->grade_label
                                                     : g->grade ? ot_grade_word(g->grade) : "not graded");
            values[5 + k] = cells[k];
        }
        snprintf(findings, sizeof findings, "%d", r->n_findings);
        values[5 + hv->n_areas] = findings;
        values[6 + hv->n_areas] = hv->notes ? hv->notes[i] : NULL;
        ot_table_out_row(w, values);
    }
    return ot_export_finish(w, (long)hv->hist.n, err);
}

static void done(ot_view *v)
{
    history_view *hv = v->state;
    for (size_t i = 0; i < hv->hist.n; i++) {
        if (hv->notes)
            free(hv->notes[i]);
        if (hv->search)
            free(hv->search[i]);
    }
    free(hv->notes);
    free(hv->search);
    ot_history_free(&hv->hist);
    ot_list_find_free(&hv->list_find);
    free(hv);
}

static const ot_view_ops history_ops = {
    .id = OT_VIEW_HISTORY,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .open_row = open_row,
    .export_csv = export_csv,
    .done = done,
};

void ot_view_history_open(ot_tui *t, long long authority_id)
{
    history_view *hv = calloc(1, sizeof *hv);
    if (!hv || ot_list_find_init(&hv->list_find, &hv->list, row_matches, hv, "a row", "row") < 0) {
        free(hv);
        ot_tui_message(t, true, "out of memory");
        return;
    }
    ot_error err = OT_ERROR_INIT;
    if (ot_query_history(ot_tui_db(t), authority_id, &hv->hist, &err) < 0) {
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        ot_list_find_free(&hv->list_find);
        free(hv);
        return;
    }
    prepare(hv);
    if (!hv->notes || !hv->search) {
        ot_tui_message(t, true, "out of memory");
        ot_view v = {.ops = &history_ops, .state = hv};
        done(&v);
        return;
    }
    hv->list.n = hv->hist.n;
    ot_tui_push_list(t, &history_ops, hv, &hv->list, &hv->list_find);
}
