/* Every view of the interface, as data: its id, the name key bindings and
 * `ofsted-tui keys` use, and the title help and the man page give its keys.
 * Bindings name views by id, so a misspelt view is a compile error rather
 * than a key that silently does nothing. */
#ifndef OT_TUI_VIEWS_H
#define OT_TUI_VIEWS_H

#include "xlist.h"

/* X(OT_VIEW_IDENT, name, title), in the order help and the man page list
 * keys; the expanders are in xlist.h. */
#define OT_VIEWS(X)                                                     \
    X(OT_VIEW_AUTHORITIES, "authorities", "Authorities")                \
    X(OT_VIEW_HISTORY, "history", "Authority history")                  \
    X(OT_VIEW_INSPECTION, "inspection", "Inspection report")            \
    X(OT_VIEW_SEARCH, "search", "Search")                               \
    X(OT_VIEW_COMPARE, "compare", "Compare")                            \
    X(OT_VIEW_MATRIX, "matrix", "Matrix")                               \
    X(OT_VIEW_DISTRIBUTION, "distribution", "Counts")                   \
    X(OT_VIEW_TRANSITIONS, "transitions", "Moves between grades")       \
    X(OT_VIEW_TRANSITION_LIST, "transition-list", "Authorities that moved")\
    X(OT_VIEW_THEMES, "themes", "Themes of an authority")               \
    X(OT_VIEW_TREND, "trends", "Theme trends")                          \
    X(OT_VIEW_THEME_HITS, "theme-hits", "Findings of a theme")          \
    X(OT_VIEW_HELP, "help", "Help")

typedef enum ot_view_id {
    OT_VIEW_ANY = -1, /* a binding that holds in every view */
    OT_VIEWS(OT_XLIST_IDENT)
    OT_VIEW_COUNT
} ot_view_id;

/* The view's name ("authorities"), "all" for OT_VIEW_ANY. */
const char *ot_view_name(ot_view_id id);

/* The view's title ("Authority history"), "Everywhere" for OT_VIEW_ANY. */
const char *ot_view_title(ot_view_id id);

/* The view with this name, or OT_VIEW_COUNT when there is none ("all"
 * gives OT_VIEW_ANY). */
ot_view_id ot_view_by_name(const char *name);

#endif
