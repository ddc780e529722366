/* The terminal interface: the app context, the view stack and the
 * contract every view fills in. */
#ifndef OT_TUI_TUI_H
#define OT_TUI_TUI_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ofsted-tui/db.h"
#include "request.h"

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
    const char *name; /* keymap scope, e.g. "authorities" */
    /* The crumb in the title line ("Authorities", "Stoke-on-Trent"). */
    const char *(*crumb)(ot_view *v);
    /* Where the view is, after its crumb while it is on top (the section
     * of a report); cut short first when the title is too long.  May be
     * NULL. */
    const char *(*crumb_detail)(ot_view *v);
    void (*draw)(ot_view *v, ot_tui *t, ot_area area);
    ot_result (*request)(ot_view *v, ot_tui *t, ot_request req, ot_area area);
    /* A mouse click on row (relative to area.top); double for a double
     * click.  May be NULL. */
    ot_result (*click)(ot_view *v, ot_tui *t, int row, bool double_click, ot_area area);
    /* Find as you type in the bottom-bar prompt; NULL when the view has
     * none.  A bad pattern is reported with ot_tui_message(t, true, ...),
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
    long (*export_csv)(ot_view *v, ot_tui *t, FILE *out, ot_error *err);
    /* The file name the export prompt offers, without ".csv" ("compare").
     * May be NULL (then ops->name). */
    const char *(*export_name)(ot_view *v);
    /* Where the view is, drawn at the right of the bottom bar (e.g. the
     * page of the report "p. 7").  May be NULL; NULL or "" shows nothing. */
    const char *(*status)(ot_view *v);
    /* The requests worth naming in the bottom bar, OT_REQ_NONE-terminated. */
    const ot_request *hints;
    void (*done)(ot_view *v);
} ot_view_ops;

struct ot_view {
    const ot_view_ops *ops;
    void *state;
};

/* The database every view reads. */
ot_db *ot_tui_db(ot_tui *t);

/* The name (ops->name) of the view on top of the stack, or NULL. */
const char *ot_tui_top_view(ot_tui *t);

/* Push a new view on the stack (it is drawn next). */
void ot_tui_push(ot_tui *t, const ot_view_ops *ops, void *state);

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

/* A scrolling list with a selection, shared by list views. */
typedef struct ot_list {
    size_t n, selected, top;
} ot_list;

/* Apply a movement request; returns HANDLED or UNHANDLED. */
ot_result ot_list_request(ot_list *l, ot_request req, int height);

/* Keep the selection visible in height rows. */
void ot_list_scroll_into_view(ot_list *l, int height);

#endif
