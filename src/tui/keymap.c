/* Default key bindings, following less, vim and tig habits. */
#include "config.h"

#include "keymap.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

/* A request on two keys, in one row and in the order help lists them
 * ("Up, k"). */
#define TWO_KEYS(view, req, key1, label1, key2, label2) {view, key1, req, label1}, {view, key2, req, label2}

/* A view's two sideways requests on Left and h, Right and l, as in vim. */
#define SIDEWAYS(view, left, right) \
    TWO_KEYS(view, left, KEY_LEFT, "Left", 'h', "h"), TWO_KEYS(view, right, KEY_RIGHT, "Right", 'l', "l")

/* A view's two pairs of back-and-on steps (dates, months, days) on [ and ],
 * < and >. */
#define STEPS(view, back1, on1, back2, on2) \
    {view, '[', back1, "["}, {view, ']', on1, "]"}, {view, '<', back2, "<"}, {view, '>', on2, ">"}

/* The views of grades over time: a for the next area, p for the dates
 * (start or publication) they go by. */
#define AREA_AND_BASIS(view) {view, 'a', OT_REQ_NEXT_AREA, "a"}, {view, 'p', OT_REQ_TOGGLE_BASIS, "p"}

const ot_binding ot_bindings[] = {
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_MOVE_UP, KEY_UP, "Up", 'k', "k"),
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_MOVE_DOWN, KEY_DOWN, "Down", 'j', "j"),
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_PAGE_UP, KEY_PPAGE, "PgUp", 'b', "b"),
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_PAGE_DOWN, KEY_NPAGE, "PgDn", ' ', "Space"),
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_FIRST, KEY_HOME, "Home", 'g', "g"),
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_LAST, KEY_END, "End", 'G', "G"),
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_ENTER, '\n', "Enter", KEY_ENTER, "Enter"),
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_BACK, 'q', "q", 27, "Esc"),
    {OT_VIEW_ANY, 'Q', OT_REQ_QUIT, "Q"},
    TWO_KEYS(OT_VIEW_ANY, OT_REQ_HELP, '?', "?", KEY_F(1), "F1"),
    {OT_VIEW_ANY, CTRL('l'), OT_REQ_REDRAW, "Ctrl-L"},
    {OT_VIEW_ANY, 'e', OT_REQ_EXPORT, "e"},
    {OT_VIEW_ANY, '/', OT_REQ_FIND, "/"},
    {OT_VIEW_ANY, 'n', OT_REQ_FIND_NEXT, "n"},
    {OT_VIEW_ANY, 'N', OT_REQ_FIND_PREV, "N"},
    {OT_VIEW_ANY, 's', OT_REQ_SEARCH, "s"},
    {OT_VIEW_SEARCH, 'a', OT_REQ_TOGGLE_ACTIONS, "a"},
    {OT_VIEW_SEARCH, 'c', OT_REQ_COUNT_BY, "c"},
    {OT_VIEW_HISTORY, 'c', OT_REQ_OPEN_NEIGHBOURS, "c"},
    {OT_VIEW_AUTHORITIES, '1', OT_REQ_SORT_NAME, "1"},
    {OT_VIEW_AUTHORITIES, '2', OT_REQ_SORT_REGION, "2"},
    {OT_VIEW_AUTHORITIES, '3', OT_REQ_SORT_GRADE, "3"},
    {OT_VIEW_AUTHORITIES, '4', OT_REQ_SORT_DATE, "4"},
    {OT_VIEW_AUTHORITIES, 'r', OT_REQ_FILTER_REGION, "r"},
    {OT_VIEW_AUTHORITIES, 'R', OT_REQ_FILTER_CLEAR, "R"},
    {OT_VIEW_AUTHORITIES, ' ', OT_REQ_MARK, "Space"},
    {OT_VIEW_AUTHORITIES, 'c', OT_REQ_OPEN_COMPARE, "c"},
    {OT_VIEW_AUTHORITIES, 'm', OT_REQ_OPEN_MATRIX, "m"},
    {OT_VIEW_AUTHORITIES, 'd', OT_REQ_OPEN_DISTRIBUTION, "d"},
    {OT_VIEW_MATRIX, '1', OT_REQ_SORT_NAME, "1"},
    {OT_VIEW_MATRIX, '2', OT_REQ_SORT_REGION, "2"},
    {OT_VIEW_MATRIX, '3', OT_REQ_SORT_LATEST, "3"},
    {OT_VIEW_MATRIX, '4', OT_REQ_SORT_INADEQUATE, "4"},
    AREA_AND_BASIS(OT_VIEW_MATRIX),
    SIDEWAYS(OT_VIEW_MATRIX, OT_REQ_YEAR_PREV, OT_REQ_YEAR_NEXT),
    SIDEWAYS(OT_VIEW_DISTRIBUTION, OT_REQ_YEAR_PREV, OT_REQ_YEAR_NEXT),
    STEPS(OT_VIEW_DISTRIBUTION, OT_REQ_MONTH_PREV, OT_REQ_MONTH_NEXT, OT_REQ_DAY_PREV, OT_REQ_DAY_NEXT),
    AREA_AND_BASIS(OT_VIEW_DISTRIBUTION),
    {OT_VIEW_DISTRIBUTION, 't', OT_REQ_OPEN_TRANSITIONS, "t"},
    {OT_VIEW_MATRIX, 't', OT_REQ_OPEN_TRANSITIONS, "t"},
    SIDEWAYS(OT_VIEW_TRANSITIONS, OT_REQ_MOVE_LEFT, OT_REQ_MOVE_RIGHT),
    STEPS(OT_VIEW_TRANSITIONS, OT_REQ_SINCE_PREV, OT_REQ_SINCE_NEXT, OT_REQ_YEAR_PREV, OT_REQ_YEAR_NEXT),
    AREA_AND_BASIS(OT_VIEW_TRANSITIONS),
    {OT_VIEW_TRANSITIONS, 'r', OT_REQ_FILTER_REGION, "r"},
    {OT_VIEW_TRANSITIONS, 'R', OT_REQ_FILTER_CLEAR, "R"},
    {OT_VIEW_AUTHORITIES, 'T', OT_REQ_OPEN_THEMES, "T"},
    {OT_VIEW_HISTORY, 'T', OT_REQ_OPEN_THEMES, "T"},
    {OT_VIEW_THEMES, 'a', OT_REQ_TOGGLE_THEME_ACTIONS, "a"},
    {OT_VIEW_TREND, 'a', OT_REQ_TOGGLE_THEME_ACTIONS, "a"},
    {OT_VIEW_COMPARE, 't', OT_REQ_TOGGLE_IN_FORCE, "t"},
    {OT_VIEW_COMPARE, 'p', OT_REQ_TOGGLE_BASIS, "p"},
    TWO_KEYS(OT_VIEW_INSPECTION, OT_REQ_NEXT_SECTION, ']', "]", '\t', "Tab"),
    TWO_KEYS(OT_VIEW_INSPECTION, OT_REQ_PREV_SECTION, '[', "[", KEY_BTAB, "Shift-Tab"),
};
const int ot_binding_count = (int)(sizeof ot_bindings / sizeof ot_bindings[0]);

/* The requests each view's bottom bar names after q and ?, in order (a
 * view without a row, help, names none). */
#define HINTS(...) ((const ot_request[]){__VA_ARGS__, OT_REQ_NONE})

static const ot_request *const view_hints[OT_VIEW_COUNT] = {
    [OT_VIEW_AUTHORITIES] = HINTS(OT_REQ_ENTER, OT_REQ_FIND, OT_REQ_FIND_NEXT, OT_REQ_SORT_NAME, OT_REQ_SORT_REGION,
                                  OT_REQ_SORT_GRADE, OT_REQ_SORT_DATE, OT_REQ_FILTER_REGION, OT_REQ_MARK,
                                  OT_REQ_OPEN_COMPARE, OT_REQ_OPEN_MATRIX, OT_REQ_OPEN_DISTRIBUTION,
                                  OT_REQ_OPEN_THEMES, OT_REQ_EXPORT),
    [OT_VIEW_HISTORY] = HINTS(OT_REQ_ENTER, OT_REQ_OPEN_NEIGHBOURS, OT_REQ_FIND, OT_REQ_FIND_NEXT, OT_REQ_OPEN_THEMES),
    [OT_VIEW_INSPECTION] = HINTS(OT_REQ_FIND, OT_REQ_FIND_NEXT, OT_REQ_NEXT_SECTION, OT_REQ_PREV_SECTION,
                                 OT_REQ_PAGE_DOWN),
    [OT_VIEW_SEARCH] = HINTS(OT_REQ_SEARCH, OT_REQ_ENTER, OT_REQ_FIND_NEXT, OT_REQ_TOGGLE_ACTIONS, OT_REQ_COUNT_BY),
    [OT_VIEW_COMPARE] = HINTS(OT_REQ_TOGGLE_IN_FORCE, OT_REQ_TOGGLE_BASIS, OT_REQ_EXPORT),
    [OT_VIEW_MATRIX] = HINTS(OT_REQ_ENTER, OT_REQ_NEXT_AREA, OT_REQ_SORT_NAME, OT_REQ_SORT_REGION, OT_REQ_SORT_LATEST,
                             OT_REQ_SORT_INADEQUATE, OT_REQ_YEAR_PREV, OT_REQ_YEAR_NEXT, OT_REQ_TOGGLE_BASIS,
                             OT_REQ_OPEN_TRANSITIONS, OT_REQ_EXPORT),
    [OT_VIEW_DISTRIBUTION] = HINTS(OT_REQ_YEAR_PREV, OT_REQ_YEAR_NEXT, OT_REQ_MONTH_PREV, OT_REQ_MONTH_NEXT,
                                   OT_REQ_DAY_PREV, OT_REQ_DAY_NEXT, OT_REQ_NEXT_AREA, OT_REQ_TOGGLE_BASIS,
                                   OT_REQ_OPEN_TRANSITIONS),
    [OT_VIEW_TRANSITIONS] = HINTS(OT_REQ_ENTER, OT_REQ_SINCE_PREV, OT_REQ_SINCE_NEXT, OT_REQ_YEAR_PREV,
                                  OT_REQ_YEAR_NEXT, OT_REQ_NEXT_AREA, OT_REQ_FILTER_REGION, OT_REQ_TOGGLE_BASIS),
    [OT_VIEW_TRANSITION_LIST] = HINTS(OT_REQ_ENTER),
    [OT_VIEW_THEMES] = HINTS(OT_REQ_ENTER, OT_REQ_TOGGLE_THEME_ACTIONS),
    [OT_VIEW_TREND] = HINTS(OT_REQ_ENTER, OT_REQ_TOGGLE_THEME_ACTIONS),
    [OT_VIEW_THEME_HITS] = HINTS(OT_REQ_ENTER),
};

static const char *const request_help[] = {
    "",
    OT_REQUESTS(OT_XLIST_THIRD)
};

static const char *const request_bar_words[] = {
    "",
    OT_REQUESTS(OT_XLIST_SECOND)
};

const char *ot_request_help(ot_request req)
{
    return req > OT_REQ_NONE && req < OT_REQ_COUNT ? request_help[req] : "";
}

const char *ot_request_bar_word(ot_request req)
{
    return req > OT_REQ_NONE && req < OT_REQ_COUNT ? request_bar_words[req] : "";
}

const ot_request *ot_keymap_hints(ot_view_id view)
{
    static const ot_request none[] = {OT_REQ_NONE};
    return view >= 0 && view < OT_VIEW_COUNT && view_hints[view] ? view_hints[view] : none;
}

ot_request ot_keymap_lookup(ot_view_id view, int key)
{
    ot_request global = OT_REQ_NONE;
    for (int i = 0; i < ot_binding_count; i++) {
        const ot_binding *b = &ot_bindings[i];
        if (b->key != key)
            continue;
        if (b->view != OT_VIEW_ANY && b->view == view)
            return b->req;
        if (b->view == OT_VIEW_ANY && global == OT_REQ_NONE)
            global = b->req;
    }
    return global;
}

const char *ot_keymap_label(ot_view_id view, ot_request req)
{
    for (int i = 0; i < ot_binding_count; i++) {
        const ot_binding *b = &ot_bindings[i];
        if (b->req == req && (b->view == OT_VIEW_ANY || b->view == view))
            return b->label;
    }
    return NULL;
}

size_t ot_keymap_keys(ot_view_id view, ot_request req, char *out, size_t cap)
{
    size_t len = 0;
    if (cap)
        out[0] = '\0';
    for (int i = 0; i < ot_binding_count && cap; i++) {
        const ot_binding *b = &ot_bindings[i];
        if (b->req != req || b->view != view)
            continue;
        /* Enter is bound twice (newline and the keypad's key): list it once. */
        bool listed = false;
        for (int k = 0; k < i; k++)
            listed = listed || (ot_bindings[k].req == req && ot_bindings[k].view == view &&
                                strcmp(ot_bindings[k].label, b->label) == 0);
        if (listed)
            continue;
        int n = snprintf(out + len, cap - len, "%s%s", len ? ", " : "", b->label);
        if (n < 0 || (size_t)n >= cap - len)
            break;
        len += (size_t)n;
    }
    return len;
}
