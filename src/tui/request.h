/* What a user can ask of the interface, as data.
 *
 * One list feeds the key map (keymap.c), the help view, `ofsted-tui keys`
 * (which the man page's key table is checked against) and the bottom bar,
 * so they cannot drift apart.  REQ(OT_REQ_NAME, "bottom-bar word", "help
 * text"); the expanders are in xlist.h. */
#ifndef OT_TUI_REQUEST_H
#define OT_TUI_REQUEST_H

#include "xlist.h"

#define OT_REQUESTS(REQ) \
    REQ(OT_REQ_MOVE_UP, "up", "Move up one line") \
    REQ(OT_REQ_MOVE_DOWN, "down", "Move down one line") \
    REQ(OT_REQ_PAGE_UP, "page up", "Move up one page") \
    REQ(OT_REQ_PAGE_DOWN, "page down", "Move down one page") \
    REQ(OT_REQ_FIRST, "first", "Go to the first line") \
    REQ(OT_REQ_LAST, "last", "Go to the last line") \
    REQ(OT_REQ_ENTER, "open", "Open the selected line") \
    REQ(OT_REQ_BACK, "back", "Go back to the previous view; quit from the first") \
    REQ(OT_REQ_QUIT, "quit", "Quit at once") \
    REQ(OT_REQ_HELP, "help", "Show this help") \
    REQ(OT_REQ_REDRAW, "redraw", "Redraw the screen") \
    REQ(OT_REQ_EXPORT, "export", "Export what this view shows to a CSV file (the name is asked)") \
    REQ(OT_REQ_FIND, "find", "Find in this view (regular expression, smart case)") \
    REQ(OT_REQ_FIND_NEXT, "next", "Go to the next match") \
    REQ(OT_REQ_FIND_PREV, "previous", "Go to the previous match") \
    REQ(OT_REQ_SORT_NAME, "by name", "Sort by name") \
    REQ(OT_REQ_SORT_REGION, "by region", "Sort by region") \
    REQ(OT_REQ_SORT_GRADE, "by grade", "Sort by latest overall grade") \
    REQ(OT_REQ_SORT_DATE, "by date", "Sort by date of the latest inspection") \
    REQ(OT_REQ_FILTER_REGION, "region", "Show one region; press again for the next") \
    REQ(OT_REQ_FILTER_CLEAR, "all regions", "Show every region") \
    REQ(OT_REQ_MARK, "mark", "Mark or unmark the authority for comparison") \
    REQ(OT_REQ_OPEN_COMPARE, "compare", "Compare the marked authorities (2 to 8) on one year axis") \
    REQ(OT_REQ_OPEN_NEIGHBOURS, "neighbours", "Compare the authority with its ten statistical neighbours (DfE's)") \
    REQ(OT_REQ_OPEN_MATRIX, "matrix", "Show every authority by year: the grade in force at 31 March") \
    REQ(OT_REQ_OPEN_DISTRIBUTION, "counts", "Show how many authorities held each grade on a date") \
    REQ(OT_REQ_SORT_LATEST, "by latest", "Sort by the grade in force today in the area shown, worst first") \
    REQ(OT_REQ_SORT_INADEQUATE, "by inadequate", "Sort by years spent inadequate") \
    REQ(OT_REQ_NEXT_AREA, "area", "Show the next judgement area") \
    REQ(OT_REQ_TOGGLE_BASIS, "start/published", "Date inspections by publication instead of start, or back") \
    REQ(OT_REQ_TOGGLE_IN_FORCE, "in force", "Switch between grades where inspected and the grade in force each year") \
    REQ(OT_REQ_YEAR_PREV, "earlier", "One year earlier") \
    REQ(OT_REQ_YEAR_NEXT, "later", "One year later") \
    REQ(OT_REQ_MONTH_PREV, "month-", "One month earlier") \
    REQ(OT_REQ_MONTH_NEXT, "month+", "One month later") \
    REQ(OT_REQ_DAY_PREV, "day-", "One day earlier") \
    REQ(OT_REQ_DAY_NEXT, "day+", "One day later") \
    REQ(OT_REQ_NEXT_SECTION, "next section", "Go to the next section of the report") \
    REQ(OT_REQ_PREV_SECTION, "prev section", "Go to the previous section of the report") \
    REQ(OT_REQ_SEARCH, "search", "Search every finding of every report (regular expression, as you type)") \
    REQ(OT_REQ_TOGGLE_ACTIONS, "actions", "Search the improvement actions instead of the findings, and back") \
    REQ(OT_REQ_COUNT_BY, "count by", "Count matches by year, region, authority, framework, section (in turn)") \
    REQ(OT_REQ_OPEN_TRANSITIONS, "moves", "Show how authorities moved between grades from one date to another") \
    REQ(OT_REQ_SINCE_PREV, "since-", "Move the earlier date one year back") \
    REQ(OT_REQ_SINCE_NEXT, "since+", "Move the earlier date one year on") \
    REQ(OT_REQ_MOVE_LEFT, "left", "Move left one column") \
    REQ(OT_REQ_MOVE_RIGHT, "right", "Move right one column") \
    REQ(OT_REQ_OPEN_THEMES, "themes", "Show the themes in the findings: by inspection, or by year for England") \
    REQ(OT_REQ_TOGGLE_THEME_ACTIONS, "actions", "Count the themes in the improvement actions instead of the findings, and back")

typedef enum ot_request {
    OT_REQ_NONE = 0,
    OT_REQUESTS(OT_XLIST_IDENT)
    OT_REQ_COUNT
} ot_request;

/* The help text of a request, or "" for OT_REQ_NONE. */
const char *ot_request_help(ot_request req);

/* The request's short word for the bottom bar ("open", "by grade"). */
const char *ot_request_bar_word(ot_request req);

#endif
