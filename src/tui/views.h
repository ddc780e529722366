/* Every view of the interface, as data: its id, the name key bindings and
 * `ofsted-tui keys` use, and the title help and the man page give its keys.
 * Bindings name views by id, so a misspelt view is a compile error rather
 * than a key that silently does nothing. */
#ifndef OT_TUI_VIEWS_H
#define OT_TUI_VIEWS_H

/* X(ident, name, title), in the order help and the man page list keys. */
#define OT_VIEWS(X)                                        \
    X(AUTHORITIES, "authorities", "Authorities")           \
    X(HISTORY, "history", "Authority history")             \
    X(INSPECTION, "inspection", "Inspection report")       \
    X(SEARCH, "search", "Search")                          \
    X(COMPARE, "compare", "Compare")                       \
    X(MATRIX, "matrix", "Matrix")                          \
    X(DISTRIBUTION, "distribution", "Counts")              \
    X(TRANSITIONS, "transitions", "Moves between grades")  \
    X(TRANSITION_LIST, "transition-list", "Authorities that moved") \
    X(THEMES, "themes", "Themes of an authority")          \
    X(TREND, "trends", "Theme trends")                     \
    X(THEME_HITS, "theme-hits", "Findings of a theme")     \
    X(HELP, "help", "Help")

typedef enum ot_view_id {
    OT_VIEW_ANY = -1, /* a binding that holds in every view */
#define OT_VIEW_ENUM(ident, name, title) OT_VIEW_##ident,
    OT_VIEWS(OT_VIEW_ENUM)
#undef OT_VIEW_ENUM
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
