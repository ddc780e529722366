/* What a user can ask of the interface, as data.
 *
 * One list feeds the key map (keymap.c), the help view, `ofsted-tui keys`
 * (which the man page's key table is checked against) and the bottom bar,
 * so they cannot drift apart.  REQ(NAME, "help text"). */
#ifndef OT_TUI_REQUEST_H
#define OT_TUI_REQUEST_H

#define OT_REQUESTS(REQ) \
    REQ(MOVE_UP, "Move up one line") \
    REQ(MOVE_DOWN, "Move down one line") \
    REQ(PAGE_UP, "Move up one page") \
    REQ(PAGE_DOWN, "Move down one page") \
    REQ(FIRST, "Go to the first line") \
    REQ(LAST, "Go to the last line") \
    REQ(ENTER, "Open the selected line") \
    REQ(BACK, "Go back to the previous view; quit from the first") \
    REQ(QUIT, "Quit at once") \
    REQ(HELP, "Show this help") \
    REQ(REDRAW, "Redraw the screen") \
    REQ(FIND, "Find in this view (regular expression, smart case)") \
    REQ(FIND_NEXT, "Go to the next match") \
    REQ(FIND_PREV, "Go to the previous match") \
    REQ(SORT_NAME, "Sort by name") \
    REQ(SORT_REGION, "Sort by region") \
    REQ(SORT_GRADE, "Sort by latest overall grade") \
    REQ(SORT_DATE, "Sort by date of the latest inspection") \
    REQ(FILTER_REGION, "Show one region; press again for the next") \
    REQ(FILTER_CLEAR, "Show every region")

typedef enum ot_request {
    OT_REQ_NONE = 0,
#define OT_REQ_ENUM(name, help) OT_REQ_##name,
    OT_REQUESTS(OT_REQ_ENUM)
#undef OT_REQ_ENUM
    OT_REQ_COUNT
} ot_request;

/* The help text of a request, or "" for OT_REQ_NONE. */
const char *ot_request_help(ot_request req);

/* The request's name in lower case with dashes ("move-up"). */
const char *ot_request_name(ot_request req);

#endif
