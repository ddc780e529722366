/* The first view: every authority with its latest overall grade. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "find.h"
#include "ofsted-tui/query.h"
#include "ofsted-tui/table_out.h"
#include "tui.h"

typedef struct authorities_view {
    ot_authority_rows rows;
    ot_list list;
    ot_authority_sort sort;
    char **regions;   /* for the region filter */
    int region_index; /* -1: all regions */
    long long marked[8]; /* ids marked for comparison, in marking order */
    size_t n_marked;
    char crumb[160];
    ot_list_find list_find; /* `/`, n and N over the names */
    int longest_name;    /* display width, " (former)" included */
    int longest_region;  /* display width */
} authorities_view;

static bool is_marked(const authorities_view *av, long long id)
{
    for (size_t i = 0; i < av->n_marked; i++)
        if (av->marked[i] == id)
            return true;
    return false;
}

/* Space marks or unmarks the selected authority and moves on. */
static void toggle_mark(authorities_view *av, ot_tui *t)
{
    if (!av->list.n)
        return;
    long long id = av->rows.rows[av->list.selected].id;
    size_t max = sizeof av->marked / sizeof av->marked[0];
    if (is_marked(av, id)) {
        size_t j = 0;
        for (size_t i = 0; i < av->n_marked; i++)
            if (av->marked[i] != id)
                av->marked[j++] = av->marked[i];
        av->n_marked = j;
    } else if (av->n_marked == max) {
        ot_tui_message(t, true, "At most %zu authorities can be compared; unmark one first", max);
        return;
    } else {
        av->marked[av->n_marked++] = id;
    }
    if (av->list.selected + 1 < av->list.n)
        av->list.selected++;
}

static const char *current_region(const authorities_view *av)
{
    return av->region_index >= 0 && av->regions ? av->regions[av->region_index] : NULL;
}

static void reload(authorities_view *av, ot_tui *t)
{
    long long keep = av->list.n ? av->rows.rows[av->list.selected].id : 0;
    ot_authority_rows_free(&av->rows);
    ot_error err = OT_ERROR_INIT;
    if (ot_query_authorities(ot_tui_db(t), av->sort, current_region(av), &av->rows, &err) < 0)
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
    ot_error_clear(&err);
    av->list.n = av->rows.n;
    av->list.selected = 0;
    av->longest_name = 0;
    av->longest_region = 0;
    for (size_t i = 0; i < av->rows.n; i++) {
        const ot_authority_row *r = &av->rows.rows[i];
        int w = ot_text_width(r->name) + (r->status && strcmp(r->status, "current") != 0 ? 9 : 0);
        if (w > av->longest_name)
            av->longest_name = w;
        int rw = r->region ? ot_text_width(r->region) : 0;
        if (rw > av->longest_region)
            av->longest_region = rw;
    }
    for (size_t i = 0; i < av->rows.n; i++)
        if (av->rows.rows[i].id == keep)
            av->list.selected = i;
}

/* A new order for the rows in hand, keeping the selection. */
static void resort(authorities_view *av)
{
    long long keep = av->list.n ? av->rows.rows[av->list.selected].id : 0;
    ot_authority_rows_sort(&av->rows, av->sort);
    for (size_t i = 0; i < av->rows.n; i++)
        if (av->rows.rows[i].id == keep)
            av->list.selected = i;
}

static const char *crumb(ot_view *v)
{
    authorities_view *av = v->state;
    const char *region = current_region(av);
    char marks[32] = "";
    if (av->n_marked)
        snprintf(marks, sizeof marks, " (%zu marked)", av->n_marked);
    snprintf(av->crumb, sizeof av->crumb, "Authorities%s%s%s", region ? ": " : "", region ? region : "", marks);
    return av->crumb;
}

static void draw_empty(ot_area a)
{
    static const char *const lines[] = {
        "No authorities in this database yet.",
        "",
        "Import the files Ofsted publishes:",
        "  ofsted-tui import LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        "  ofsted-tui import 'children's services inspection - 09 may 2025.pdf' ...",
        "",
        "Or look around with fictional sample data first:",
        "  ofsted-tui demo --db demo.db && ofsted-tui --db demo.db",
        "",
        "Press q to quit.",
        NULL,
    };
    for (int i = 0; lines[i] && i < a.height; i++)
        ot_draw_text(stdscr, a.top + i, 1, lines[i], a.width - 2, i == 0 ? A_BOLD : A_NORMAL);
}

/* Column widths for the current width.  Every column first gets what its
 * longest value needs; when that does not fit, the grade falls back to
 * its short word, then the region and the name give way in turn (the
 * region down to 12 columns, the name down to 16), then the region and
 * visits columns go; only then is anything cut. */
typedef struct columns {
    int name, region, grade, date, dir, insp, visits;
    bool full_grade; /* "Requires improvement", not "Req. improvement" */
} columns;

static int columns_used(const columns *c)
{
    return 1 + c->name + 1 + (c->region ? c->region + 1 : 0) + c->grade + 1 + c->date + 1 + c->dir + 1 + c->insp
           + (c->visits ? 1 + c->visits : 0);
}

static columns layout(int width, int longest_name, int longest_region)
{
    columns c = {longest_name > 9 ? longest_name : 9, longest_region > 6 ? longest_region : 6, 22, 10, 1, 5, 6, true};
    int over = columns_used(&c) - width + 1;
    if (over > 0) {
        c.grade = 18;
        c.full_grade = false;
        over -= 4;
    }
    /* share the cut between region and name, the region first */
    while (over > 0 && (c.region > 12 || c.name > 16)) {
        if (c.region > 12 && (c.region >= c.name / 2 || c.name <= 16))
            c.region--;
        else
            c.name--;
        over--;
    }
    if (over > 0 && c.visits) {
        over -= c.visits + 1;
        c.visits = 0;
    }
    if (over > 0 && c.region) {
        over -= c.region + 1;
        c.region = 0;
    }
    if (over > 0 && c.grade > 11) {
        int give = c.grade - 11 < over ? c.grade - 11 : over;
        c.grade -= give;
        over -= give;
    }
    if (over > 0)
        c.name -= over;
    if (c.name < 8)
        c.name = 8;
    return c;
}

static void draw(ot_view *v, ot_area a)
{
    authorities_view *av = v->state;
    if (av->rows.n == 0 && !current_region(av)) {
        draw_empty(a);
        return;
    }
    columns c = layout(a.width, av->longest_name, av->longest_region);
    int y = a.top;
    attr_t head = ot_role_attr(OT_ROLE_HEADER);
    int x = 1;
    ot_draw_column(stdscr, y, &x, "Authority", c.name, head);
    ot_draw_column(stdscr, y, &x, "Region", c.region, head);
    ot_draw_column(stdscr, y, &x, "Overall", c.grade, head);
    ot_draw_column(stdscr, y, &x, "Latest", c.date, head);
    ot_draw_column(stdscr, y, &x, "±", c.dir, head);
    ot_draw_column(stdscr, y, &x, "Insp", c.insp, head);
    ot_draw_column(stdscr, y, &x, "Visits", c.visits, head);
    for (ot_list_rows it = ot_list_rows_begin(&av->list, a.top + 1, a.height - 1, a.width); ot_list_rows_next(&it);) {
        const ot_authority_row *r = &av->rows.rows[it.k];
        bool sel = it.sel;
        attr_t base = it.base;
        y = it.y;
        if (is_marked(av, r->id))
            ot_draw_text(stdscr, y, 0, "*", 1, base | A_BOLD);
        x = 1;
        char name[256];
        snprintf(name, sizeof name, "%s%s", r->name ? r->name : "?", r->status && strcmp(r->status, "current") != 0 ? " (former)" : "");
        ot_draw_column(stdscr, y, &x, name, c.name, base);
        /* the matches of `/` over the name, the first column */
        if (ot_find_active(av->list_find.find) && r->name) {
            ot_spans spans = OT_SPANS_INIT;
            if (ot_find_spans(av->list_find.find, r->name, strlen(r->name), &spans) > 0)
                ot_draw_highlighted(stdscr, y, 1, r->name, strlen(r->name), c.name, base, spans.v, spans.len, 0,
                                    ot_role_attr(OT_ROLE_MATCH));
            ot_spans_free(&spans);
        }
        ot_draw_column(stdscr, y, &x, r->region ? r->region : "", c.region, base);
        char grade[40];
        if (r->grade)
            snprintf(grade, sizeof grade, "%s %s", ot_grade_letter(r->grade),
                     c.full_grade ? ot_grade_word(r->grade) : ot_grade_word_short(r->grade));
        else if (r->area_grades[0] || r->area_grades[1] || r->area_grades[2] || r->area_grades[3])
            /* No overall grade in force after an inspection that gave
             * none: what it graded, never an older overall grade. */
            snprintf(grade, sizeof grade, "– L:%s H:%s C:%s CL:%s", ot_grade_letter(r->area_grades[0]),
                     ot_grade_letter(r->area_grades[1]), ot_grade_letter(r->area_grades[2]),
                     ot_grade_letter(r->area_grades[3]));
        else
            snprintf(grade, sizeof grade, "· none");
        ot_draw_column(stdscr, y, &x, grade, c.grade,
                       r->grade ? ot_role_attr(ot_grade_role(r->grade)) | (sel ? A_REVERSE : 0) : base);
        ot_draw_column(stdscr, y, &x, r->latest_date ? r->latest_date : "", c.date, base);
        const char *dir = r->direction == 1 ? "▲" : r->direction == -1 ? "▼" : r->direction == 0 ? "=" : " ";
        ot_draw_column(stdscr, y, &x, dir, c.dir, base);
        char num[16];
        snprintf(num, sizeof num, "%4d", r->n_inspections);
        ot_draw_column(stdscr, y, &x, num, c.insp, base);
        snprintf(num, sizeof num, "%5d", r->n_visits);
        ot_draw_column(stdscr, y, &x, num, c.visits, base);
    }
    if (av->rows.n == 0)
        ot_draw_text(stdscr, a.top + 1, 1, "No authorities in this region.", a.width - 2, A_DIM);
}

static int name_matches(void *ctx, size_t i)
{
    authorities_view *av = ctx;
    const char *name = av->rows.rows[i].name;
    return name && ot_find_test(av->list_find.find, name, strlen(name));
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    (void)a;
    authorities_view *av = v->state;
    switch (req) {
    case OT_REQ_SORT_NAME:
    case OT_REQ_SORT_REGION:
    case OT_REQ_SORT_GRADE:
    case OT_REQ_SORT_DATE:
        av->sort = req == OT_REQ_SORT_NAME ? OT_SORT_NAME : req == OT_REQ_SORT_REGION ? OT_SORT_REGION
                   : req == OT_REQ_SORT_GRADE ? OT_SORT_GRADE : OT_SORT_DATE;
        resort(av);
        ot_tui_message(t, false, "%s", ot_request_help(req));
        return OT_RESULT_HANDLED;
    case OT_REQ_FILTER_REGION:
        if (!av->regions || !av->regions[0])
            return OT_RESULT_HANDLED;
        av->region_index++;
        if (!av->regions[av->region_index])
            av->region_index = -1;
        reload(av, t);
        return OT_RESULT_HANDLED;
    case OT_REQ_FILTER_CLEAR:
        av->region_index = -1;
        reload(av, t);
        return OT_RESULT_HANDLED;
    case OT_REQ_MARK:
        toggle_mark(av, t);
        return OT_RESULT_HANDLED;
    case OT_REQ_OPEN_COMPARE:
        ot_view_compare_open(t, av->marked, av->n_marked);
        return OT_RESULT_HANDLED;
    case OT_REQ_OPEN_MATRIX:
        ot_view_matrix_open(t);
        return OT_RESULT_HANDLED;
    case OT_REQ_OPEN_DISTRIBUTION:
        ot_view_distribution_open(t);
        return OT_RESULT_HANDLED;
    case OT_REQ_OPEN_THEMES:
        ot_view_theme_trends_open(t);
        return OT_RESULT_HANDLED;
    default:
        return OT_RESULT_UNHANDLED; /* movement and Enter: the list's (ot_tui_push_list) */
    }
}

/* An authority opens its history. */
static void open_row(ot_view *v, ot_tui *t, size_t row)
{
    authorities_view *av = v->state;
    ot_view_history_open(t, av->rows.rows[row].id);
}

/* The rows shown (this region, this order), every column in full. */
static long export_csv(ot_view *v, FILE *out, ot_error *err)
{
    authorities_view *av = v->state;
    static const char *const cols[] = {"authority", "region", "status", "overall", "overall_label",
                                          "latest", "direction", "inspections", "visits"};
    ot_table_out *w = ot_export_table(out, cols, NULL, 9, err);
    if (!w)
        return -1;
    for (size_t i = 0; i < av->rows.n; i++) {
        const ot_authority_row *r = &av->rows.rows[i];
        char insp[16], visits[16];
        snprintf(insp, sizeof insp, "%d", r->n_inspections);
        snprintf(visits, sizeof visits, "%d", r->n_visits);
        const char *dir = r->direction == 1 ? "better" : r->direction == -1 ? "worse" : r->direction == 0 ? "same" : NULL;
        const char *values[] = {r->name, r->region, r->status, r->grade ? ot_grade_word(r->grade) : NULL,
                                r->grade_label, r->latest_date, dir, insp, visits};
        ot_table_out_row(w, values);
    }
    return ot_export_finish(w, (long)av->rows.n, err);
}

static const char *export_name(ot_view *v)
{
    authorities_view *av = v->state;
    return current_region(av) ? "authorities-region" : "authorities";
}

static void done(ot_view *v)
{
    authorities_view *av = v->state;
    ot_authority_rows_free(&av->rows);
    ot_strv_free(av->regions);
    ot_list_find_free(&av->list_find);
    free(av);
}

static const ot_view_ops authorities_ops = {
    .id = OT_VIEW_AUTHORITIES,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .open_row = open_row,
    .export_csv = export_csv,
    .export_name = export_name,
    .done = done,
};

void ot_view_authorities_open(ot_tui *t)
{
    authorities_view *av = calloc(1, sizeof *av);
    if (!av)
        return;
    av->region_index = -1;
    if (ot_list_find_init(&av->list_find, &av->list, name_matches, av, "an authority by name", "authority") < 0) {
        free(av);
        return;
    }
    ot_error err = OT_ERROR_INIT;
    av->regions = ot_query_regions(ot_tui_db(t), &err);
    ot_error_clear(&err);
    reload(av, t);
    ot_tui_push_list(t, &authorities_ops, av, &av->list, &av->list_find);
}
