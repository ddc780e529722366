/* What a user can ask of the interface, as data.
 *
 * One list feeds the key map (keymap.c), the help view, `ofsted-tui keys`
 * (which the man page's key table is checked against) and the bottom bar,
 * so they cannot drift apart.  REQ(NAME, "bottom-bar word", "help text"). */
#ifndef OT_TUI_REQUEST_H
#define OT_TUI_REQUEST_H

#define OT_REQUESTS(REQ) \
    REQ(MOVE_UP, "up", "Move up one line") \
    REQ(MOVE_DOWN, "down", "Move down one line") \
    REQ(PAGE_UP, "page up", "Move up one page") \
    REQ(PAGE_DOWN, "page down", "Move down one page") \
    REQ(FIRST, "first", "Go to the first line") \
    REQ(LAST, "last", "Go to the last line") \
    REQ(ENTER, "open", "Open the selected line") \
    REQ(BACK, "back", "Go back to the previous view; quit from the first") \
    REQ(QUIT, "quit", "Quit at once") \
    REQ(HELP, "help", "Show this help") \
    REQ(REDRAW, "redraw", "Redraw the screen") \
    REQ(EXPORT, "export", "Export what this view shows to a CSV file (the name is asked)") \
    REQ(FIND, "find", "Find in this view (regular expression, smart case)") \
    REQ(FIND_NEXT, "next", "Go to the next match") \
    REQ(FIND_PREV, "previous", "Go to the previous match") \
    REQ(SORT_NAME, "by name", "Sort by name") \
    REQ(SORT_REGION, "by region", "Sort by region") \
    REQ(SORT_GRADE, "by grade", "Sort by latest overall grade") \
    REQ(SORT_DATE, "by date", "Sort by date of the latest inspection") \
    REQ(FILTER_REGION, "region", "Show one region; press again for the next") \
    REQ(FILTER_CLEAR, "all regions", "Show every region") \
    REQ(MARK, "mark", "Mark or unmark the authority for comparison") \
    REQ(OPEN_COMPARE, "compare", "Compare the marked authorities (2 to 8) on one year axis") \
    REQ(OPEN_NEIGHBOURS, "neighbours", "Compare the authority with its ten statistical neighbours (DfE's)") \
    REQ(OPEN_MATRIX, "matrix", "Show every authority by year: the grade in force at 31 March") \
    REQ(OPEN_DISTRIBUTION, "counts", "Show how many authorities held each grade on a date") \
    REQ(SORT_LATEST, "by latest", "Sort by the grade in force today in the area shown, worst first") \
    REQ(SORT_INADEQUATE, "by inadequate", "Sort by years spent inadequate") \
    REQ(NEXT_AREA, "area", "Show the next judgement area") \
    REQ(TOGGLE_BASIS, "start/published", "Date inspections by publication instead of start, or back") \
    REQ(TOGGLE_IN_FORCE, "in force", "Switch between grades where inspected and the grade in force each year") \
    REQ(YEAR_PREV, "earlier", "One year earlier") \
    REQ(YEAR_NEXT, "later", "One year later") \
    REQ(MONTH_PREV, "month-", "One month earlier") \
    REQ(MONTH_NEXT, "month+", "One month later") \
    REQ(DAY_PREV, "day-", "One day earlier") \
    REQ(DAY_NEXT, "day+", "One day later") \
    REQ(NEXT_SECTION, "next section", "Go to the next section of the report") \
    REQ(PREV_SECTION, "prev section", "Go to the previous section of the report") \
    REQ(SEARCH, "search", "Search every finding of every report (regular expression, as you type)") \
    REQ(TOGGLE_ACTIONS, "actions", "Search the improvement actions instead of the findings, and back") \
    REQ(COUNT_BY, "count by", "Count matches by year, region, authority, framework, section (in turn)") \
    REQ(OPEN_TRANSITIONS, "moves", "Show how authorities moved between grades from one date to another") \
    REQ(SINCE_PREV, "since-", "Move the earlier date one year back") \
    REQ(SINCE_NEXT, "since+", "Move the earlier date one year on") \
    REQ(MOVE_LEFT, "left", "Move left one column") \
    REQ(MOVE_RIGHT, "right", "Move right one column") \
    REQ(OPEN_THEMES, "themes", "Show the themes in the findings: by inspection, or by year for England") \
    REQ(TOGGLE_THEME_ACTIONS, "actions", "Count the themes in the improvement actions instead of the findings, and back")

typedef enum ot_request {
    OT_REQ_NONE = 0,
#define OT_REQ_ENUM(name, bar, help) OT_REQ_##name,
    OT_REQUESTS(OT_REQ_ENUM)
#undef OT_REQ_ENUM
    OT_REQ_COUNT
} ot_request;

/* The help text of a request, or "" for OT_REQ_NONE. */
const char *ot_request_help(ot_request req);

/* The request's short word for the bottom bar ("open", "by grade"). */
const char *ot_request_bar_word(ot_request req);

#endif
