/* The terminal interface: the app context, the view stack and the
 * contract every view fills in. */
#ifndef OT_TUI_TUI_H
#define OT_TUI_TUI_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/ratings.h"
#include "ofsted-tui/table_out.h"
#include "request.h"
#include "views.h"

typedef struct ot_tui ot_tui;
typedef struct ot_view ot_view;

/* What handling a request led to; only the main loop acts on it. */
typedef enum ot_result {
    OT_RESULT_UNHANDLED, /* the view does not know the request */
    OT_RESULT_HANDLED,   /* done; redraw */
    OT_RESULT_BACK,      /* pop this view */
    OT_RESULT_QUIT,      /* leave the program */
} ot_result;

/* The steps of find as you type (see ot_view_ops.find). */
typedef enum ot_find_step {
    OT_FIND_START,  /* `/` opened the prompt: remember where the view is */
    OT_FIND_TYPE,   /* the text changed: find it from where START was */
    OT_FIND_ACCEPT, /* Enter: keep the pattern for n and N */
    OT_FIND_CANCEL, /* Esc: go back to where START was, pattern as before */
} ot_find_step;

/* Where a view draws: the rows between the title line and the bottom bar. */
typedef struct ot_area {
    int top, height, width;
} ot_area;

typedef struct ot_view_ops {
    ot_view_id id; /* which view: its key bindings, help and man page entries */
    /* The crumb in the title line ("Authorities", "Stoke-on-Trent"). */
    const char *(*crumb)(ot_view *v);
    /* Where the view is, after its crumb while it is on top (the section
     * of a report); cut short first when the title is too long.  May be
     * NULL. */
    const char *(*crumb_detail)(ot_view *v);
    /* Draw the view in area, from its own state: drawing never acts on the
     * interface. */
    void (*draw)(ot_view *v, ot_area area);
    /* A request from the keyboard.  May be NULL for a view pushed with a
     * list that needs nothing but the list's requests and open_row. */
    ot_result (*request)(ot_view *v, ot_tui *t, ot_request req, ot_area area);
    /* For a view pushed with a list (see ot_tui_push_list): Enter, or a
     * double click, on the list's selected row, when the request hook left
     * OT_REQ_ENTER unhandled.  Never called while the list is empty.  May
     * be NULL. */
    void (*open_row)(ot_view *v, ot_tui *t, size_t row);
    /* A mouse click on row (relative to area.top); double for a double
     * click.  May be NULL: then a view pushed with a list (see
     * ot_tui_push_list) selects the list row clicked, and opens it
     * (OT_REQ_ENTER) on a double click. */
    ot_result (*click)(ot_view *v, ot_tui *t, int row, bool double_click, ot_area area);
    /* Find as you type in the bottom-bar prompt; NULL when the view has
     * none or was pushed with a list find (see ot_view.list_find).  A bad pattern is reported with ot_tui_message(t, true, ...),
     * which shows beside the prompt. */
    ot_result (*find)(ot_view *v, ot_tui *t, ot_find_step step, const char *pattern, size_t len,
                      ot_area area);
    /* The view is on top again after the one above it was closed.  May be
     * NULL. */
    void (*resume)(ot_view *v, ot_tui *t);
    /* Up (dir -1) or Down (+1) in the prompt: the earlier or later entry
     * of the view's history to put in the prompt, or NULL for none.  May be
     * NULL. */
    const char *(*recall)(ot_view *v, int dir);
    /* `e`: write what the view shows as CSV to out, through ot_table_out
     * (ofsted-tui/table_out.h): the columns on screen, values in full.
     * Returns the number of rows written, or -1 with err set.  NULL when
     * the view has no table. */
    long (*export_csv)(ot_view *v, FILE *out, ot_error *err);
    /* The file name the export prompt offers, without ".csv", when it
     * depends on what the view shows ("authorities-region").  May be NULL:
     * then the views table's (ot_view_export_name: "counts", "compare"). */
    const char *(*export_name)(ot_view *v);
    /* Where the view is, drawn at the right of the bottom bar (e.g. the
     * page of the report "p. 7").  May be NULL; NULL or "" shows nothing. */
    const char *(*status)(ot_view *v);
    void (*done)(ot_view *v);
} ot_view_ops;

struct ot_view {
    const ot_view_ops *ops;
    void *state;
    /* The view's list, in state, when it has one: the movement requests
     * its request hook leaves unhandled move the selection, and clicks
     * select (see ot_view_ops.click).  NULL for none. */
    struct ot_list *list;
    /* The view's `/`, n and N over that list (find.h), in state, when it
     * has them: the find hook and the requests n and N are then tui.c's.
     * NULL for none. */
    struct ot_list_find *list_find;
};

/* The database every view reads. */
ot_db *ot_tui_db(ot_tui *t);

/* The ratings on basis by, loaded on first use and kept until the
 * interface ends (borrowed: do not free).  NULL when they cannot be
 * loaded, after saying why in the message line. */
const ot_ratings *ot_tui_ratings(ot_tui *t, ot_ratings_basis by);

/* The first year of the matrix of every authority by year. */
#define OT_TUI_MATRIX_FIRST_YEAR 2005

/* The matrix of r (ratings from ot_tui_ratings) for area, at 31 March of
 * first_year to last_year, until `until` (see ot_ratings_matrix_build):
 * built on first use, or in the background at start-up for the one the
 * matrix view opens with (overall, by start, OT_TUI_MATRIX_FIRST_YEAR to
 * the latest 31 March, until today), and kept until the interface ends
 * (borrowed: do not free).  NULL when it cannot be built, after saying why
 * in the message line. */
const ot_ratings_matrix *ot_tui_ratings_matrix(ot_tui *t, const ot_ratings *r, int area, int first_year,
                                               int last_year, const char *until);

/* Wait until the count of England's theme trends that starts with the
 * interface has written them down (see ot_themes_trends_kept), so that a
 * view asking for them reads them instead of counting them again. */
void ot_tui_wait_theme_trends(ot_tui *t);

/* The id of the view on top of the stack, or OT_VIEW_ANY when none is. */
ot_view_id ot_tui_top_view(ot_tui *t);

/* Push a new view on the stack (it is drawn next). */
void ot_tui_push(ot_tui *t, const ot_view_ops *ops, void *state);

/* ot_tui_push for a view whose rows are list (which lives in state and is
 * drawn with ot_list_rows_begin), found in with list_find (in state too;
 * NULL for none): see ot_view.list and ot_view.list_find. */
void ot_tui_push_list(ot_tui *t, const ot_view_ops *ops, void *state, struct ot_list *list,
                      struct ot_list_find *list_find);

/* Draw the whole screen now, for a view that shows work in progress
 * (the loop draws after each key anyway). */
void ot_tui_draw_now(ot_tui *t);

/* Open the bottom-bar prompt for the top view with lead (a static string)
 * and initial text; the view's find hook then gets every edit. */
void ot_tui_prompt_open(ot_tui *t, const char *lead, const char *initial);

/* Show a one-line message in the bottom bar until the next key. */
void ot_tui_message(ot_tui *t, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Run the interface on db until the user quits.  Returns the exit status. */
int ot_tui_run(ot_db *db);

/* ot_tui_run, with open(t, data) called once the authorities list is up,
 * to push further views (e.g. an inspection at a search hit). */
int ot_tui_run_with(ot_db *db, void (*open)(ot_tui *t, void *data), void *data);

/* Views. */
void ot_view_authorities_open(ot_tui *t);
void ot_view_help_open(ot_tui *t);
void ot_view_matrix_open(ot_tui *t);
void ot_view_distribution_open(ot_tui *t);
/* Compare authorities (database ids) side by side; n from 2 to 8. */
void ot_view_compare_open(ot_tui *t, const long long *ids, size_t n);
/* Compare an authority (database id) with its statistical neighbours, as
 * imported from the authorities lookup; says so when there are none. */
void ot_view_compare_open_neighbours(ot_tui *t, long long authority_id);

/* How authorities moved between the grades in force on since and on
 * as_at (YYYY-MM-DD) for area (a key; NULL: overall), inspections dated
 * by publication when by_published. */
void ot_view_transitions_open(ot_tui *t, const char *area, bool by_published, const char *since, const char *as_at);

/* The authorities of region (NULL: all) whose class (ot_rating_class) in
 * area was from_class on since and to_class on as_at.  r is borrowed: the
 * view that opens this one owns it and stays below it on the stack. */
void ot_view_transition_list_open(ot_tui *t, const ot_ratings *r, int area, const char *since, const char *as_at,
                                  const char *region, int from_class, int to_class);

/* The themes of one authority's findings, by inspection, recurring
 * themes first; authority is its name, for the crumb (copied; NULL: "?"). */
void ot_view_themes_open(ot_tui *t, long long authority_id, const char *authority);

/* The themes of every authority's findings by year, per 100 inspections. */
void ot_view_theme_trends_open(ot_tui *t);

/* The texts of one authority (0: all) that match theme (an index into the
 * set, which is borrowed from the opening view and outlives this one), in
 * date order; Enter opens the report at the text. */
struct ot_themes;
struct ot_theme_filter;
void ot_view_theme_hits_open(ot_tui *t, const struct ot_themes *themes, size_t theme,
                             const struct ot_theme_filter *filter);

/* One authority's inspections and visits, newest first. */
void ot_view_history_open(ot_tui *t, long long authority_id);

/* One inspection report, scrolled to finding_id (0: the top) with every
 * match of highlight_pattern (NULL: none) highlighted; n and N then move
 * between the matches.  A pattern that does not compile is reported in the
 * bottom bar and the report opens without highlights. */
void ot_view_inspection_open(ot_tui *t, long long inspection_id, long long finding_id,
                             const char *highlight_pattern);

/* Called by the inspection view when n or N would run past its last (or
 * before its first) match: dir is +1 or -1.  Returns true when the opener
 * takes over (the inspection view then closes, and the opener's resume
 * hook runs), false to wrap round as usual. */
typedef bool (*ot_beyond_fn)(void *ctx, int dir);

/* ot_view_inspection_open, with beyond called at the ends of the matches. */
void ot_view_inspection_open_hit(ot_tui *t, long long inspection_id, long long finding_id,
                                 const char *highlight_pattern, ot_beyond_fn beyond, void *ctx);

/* Search every finding (or action) as you type; Enter opens a hit. */
void ot_view_search_open(ot_tui *t);

/* For export_csv hooks: a CSV writer on out with n columns, or NULL with
 * err set when out of memory.  Finish it with ot_export_finish. */
ot_table_out *ot_export_table(FILE *out, const char *const *columns, const bool *numeric, int n, ot_error *err);

/* For export_csv hooks: finish and free w; returns rows, or -1 with err
 * set when writing failed.  A negative rows (err already set) stays. */
long ot_export_finish(ot_table_out *w, long rows, ot_error *err);

/* A scrolling list with a selection, shared by list views. */
typedef struct ot_list {
    size_t n, selected, top;
    /* Where ot_list_rows_begin last drew it: the screen row of its first
     * row and the rows it had, for clicks and paging. */
    int drawn_top, drawn_rows;
} ot_list;

/* Apply a movement request; returns HANDLED or UNHANDLED. */
ot_result ot_list_request(ot_list *l, ot_request req, int height);

/* Keep the selection visible in height rows. */
void ot_list_scroll_into_view(ot_list *l, int height);

/* A mouse click on screen row `row` of a list drawn below header_rows
 * rows of headings: selects the list row there.  Returns true when the
 * click fell on a list row (and selected it), false on a heading or
 * below the last row (selection unchanged). */
bool ot_list_click(ot_list *l, int row, int header_rows);

/* The visible rows of a list as they are drawn, one at a time:
 *
 *     for (ot_list_rows it = ot_list_rows_begin(&l, top, rows, width); ot_list_rows_next(&it);)
 *         draw list row it.k on screen row it.y in it.base ...
 *
 * begin scrolls the selection into view in rows screen rows from top and
 * records them in the list (drawn_top, drawn_rows); next moves to the following row and paints the selected one's whole
 * width (0 to width) in the selection colour first. */
typedef struct ot_list_rows {
    ot_list *list;
    int top, rows, width, i; /* i: the rows handed out so far */
    size_t k;                /* the list row to draw */
    int y;                   /* its screen row */
    bool sel;                /* it is the selected row */
    attr_t base;             /* OT_ROLE_SELECTED when selected, else A_NORMAL */
} ot_list_rows;

ot_list_rows ot_list_rows_begin(ot_list *l, int top, int rows, int width);

/* Returns false once every visible row was handed out. */
bool ot_list_rows_next(ot_list_rows *it);

#endif
