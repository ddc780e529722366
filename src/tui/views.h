/* Every view of the interface, as data: its id, the name key bindings and
 * `ofsted-tui keys` use, the title help and the man page give its keys,
 * and the name of the file its export offers.  Bindings name views by id,
 * so a misspelt view is a compile error rather than a key that silently
 * does nothing. */
#ifndef OT_TUI_VIEWS_H
#define OT_TUI_VIEWS_H

#include "xlist.h"

/* X(OT_VIEW_IDENT, name, title, export), in the order help and the man
 * page list keys; export is the file name (without ".csv") an export of
 * the view offers, NULL for its name; the expanders are in xlist.h. */
#define OT_VIEWS(X)                                                               \
    X(OT_VIEW_AUTHORITIES, "authorities", "Authorities", NULL)                    \
    X(OT_VIEW_HISTORY, "history", "Authority history", NULL)                      \
    X(OT_VIEW_INSPECTION, "inspection", "Inspection report", "report")            \
    X(OT_VIEW_SEARCH, "search", "Search", NULL)                                   \
    X(OT_VIEW_COMPARE, "compare", "Compare", NULL)                                \
    X(OT_VIEW_MATRIX, "matrix", "Matrix", NULL)                                   \
    X(OT_VIEW_DISTRIBUTION, "distribution", "Counts", "counts")                   \
    X(OT_VIEW_TRANSITIONS, "transitions", "Moves between grades", NULL)           \
    X(OT_VIEW_TRANSITION_LIST, "transition-list", "Authorities that moved", NULL) \
    X(OT_VIEW_THEMES, "themes", "Themes of an authority", NULL)                   \
    X(OT_VIEW_TREND, "trends", "Theme trends", NULL)                              \
    X(OT_VIEW_THEME_HITS, "theme-hits", "Findings of a theme", NULL)              \
    X(OT_VIEW_HELP, "help", "Help", NULL)

typedef enum ot_view_id {
    OT_VIEW_ANY = -1, /* a binding that holds in every view */
    OT_VIEWS(OT_XLIST_IDENT)
    OT_VIEW_COUNT
} ot_view_id;

/* The view's name ("authorities"), "all" for OT_VIEW_ANY. */
const char *ot_view_name(ot_view_id id);

/* The view's title ("Authority history"), "Everywhere" for OT_VIEW_ANY. */
const char *ot_view_title(ot_view_id id);

/* The file name, without ".csv", an export of the view offers when its
 * export_name hook names none ("counts", "history"). */
const char *ot_view_export_name(ot_view_id id);

/* The view with this name, or OT_VIEW_COUNT when there is none ("all"
 * gives OT_VIEW_ANY). */
ot_view_id ot_view_by_name(const char *name);

#endif
