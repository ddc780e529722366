/* Default key bindings, following less, vim and tig habits. */
#include "config.h"

#include "keymap.h"

#include <curses.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

const ot_binding ot_bindings[] = {
    {NULL, KEY_UP, OT_REQ_MOVE_UP, "Up"},
    {NULL, 'k', OT_REQ_MOVE_UP, "k"},
    {NULL, KEY_DOWN, OT_REQ_MOVE_DOWN, "Down"},
    {NULL, 'j', OT_REQ_MOVE_DOWN, "j"},
    {NULL, KEY_PPAGE, OT_REQ_PAGE_UP, "PgUp"},
    {NULL, 'b', OT_REQ_PAGE_UP, "b"},
    {NULL, KEY_NPAGE, OT_REQ_PAGE_DOWN, "PgDn"},
    {NULL, ' ', OT_REQ_PAGE_DOWN, "Space"},
    {NULL, KEY_HOME, OT_REQ_FIRST, "Home"},
    {NULL, 'g', OT_REQ_FIRST, "g"},
    {NULL, KEY_END, OT_REQ_LAST, "End"},
    {NULL, 'G', OT_REQ_LAST, "G"},
    {NULL, '\n', OT_REQ_ENTER, "Enter"},
    {NULL, KEY_ENTER, OT_REQ_ENTER, "Enter"},
    {NULL, 'q', OT_REQ_BACK, "q"},
    {NULL, 27, OT_REQ_BACK, "Esc"},
    {NULL, 'Q', OT_REQ_QUIT, "Q"},
    {NULL, '?', OT_REQ_HELP, "?"},
    {NULL, KEY_F(1), OT_REQ_HELP, "F1"},
    {NULL, CTRL('l'), OT_REQ_REDRAW, "Ctrl-L"},
    {NULL, '/', OT_REQ_FIND, "/"},
    {NULL, 'n', OT_REQ_FIND_NEXT, "n"},
    {NULL, 'N', OT_REQ_FIND_PREV, "N"},
    {NULL, 's', OT_REQ_SEARCH, "s"},
    {NULL, 'e', OT_REQ_EXPORT, "e"},
    {"search", 'a', OT_REQ_TOGGLE_ACTIONS, "a"},
    {"authorities", '1', OT_REQ_SORT_NAME, "1"},
    {"authorities", '2', OT_REQ_SORT_REGION, "2"},
    {"authorities", '3', OT_REQ_SORT_GRADE, "3"},
    {"authorities", '4', OT_REQ_SORT_DATE, "4"},
    {"authorities", 'r', OT_REQ_FILTER_REGION, "r"},
    {"authorities", 'R', OT_REQ_FILTER_CLEAR, "R"},
    {"authorities", ' ', OT_REQ_MARK, "Space"},
    {"authorities", 'c', OT_REQ_OPEN_COMPARE, "c"},
    {"authorities", 'm', OT_REQ_OPEN_MATRIX, "m"},
    {"authorities", 'd', OT_REQ_OPEN_DISTRIBUTION, "d"},
    {"matrix", '1', OT_REQ_SORT_NAME, "1"},
    {"matrix", '2', OT_REQ_SORT_REGION, "2"},
    {"matrix", '3', OT_REQ_SORT_LATEST, "3"},
    {"matrix", '4', OT_REQ_SORT_INADEQUATE, "4"},
    {"matrix", 'a', OT_REQ_NEXT_AREA, "a"},
    {"matrix", 'p', OT_REQ_TOGGLE_BASIS, "p"},
    {"matrix", KEY_LEFT, OT_REQ_YEAR_PREV, "Left"},
    {"matrix", 'h', OT_REQ_YEAR_PREV, "h"},
    {"matrix", KEY_RIGHT, OT_REQ_YEAR_NEXT, "Right"},
    {"matrix", 'l', OT_REQ_YEAR_NEXT, "l"},
    {"distribution", KEY_LEFT, OT_REQ_YEAR_PREV, "Left"},
    {"distribution", 'h', OT_REQ_YEAR_PREV, "h"},
    {"distribution", KEY_RIGHT, OT_REQ_YEAR_NEXT, "Right"},
    {"distribution", 'l', OT_REQ_YEAR_NEXT, "l"},
    {"distribution", '[', OT_REQ_MONTH_PREV, "["},
    {"distribution", ']', OT_REQ_MONTH_NEXT, "]"},
    {"distribution", '<', OT_REQ_DAY_PREV, "<"},
    {"distribution", '>', OT_REQ_DAY_NEXT, ">"},
    {"distribution", 'a', OT_REQ_NEXT_AREA, "a"},
    {"distribution", 'p', OT_REQ_TOGGLE_BASIS, "p"},
    {"compare", 't', OT_REQ_TOGGLE_IN_FORCE, "t"},
    {"compare", 'p', OT_REQ_TOGGLE_BASIS, "p"},
    {"inspection", ']', OT_REQ_NEXT_SECTION, "]"},
    {"inspection", '\t', OT_REQ_NEXT_SECTION, "Tab"},
    {"inspection", '[', OT_REQ_PREV_SECTION, "["},
    {"inspection", KEY_BTAB, OT_REQ_PREV_SECTION, "Shift-Tab"},
};
const int ot_binding_count = (int)(sizeof ot_bindings / sizeof ot_bindings[0]);

static const char *const request_help[] = {
    "",
#define OT_REQ_HELP_TEXT(name, bar, help) help,
    OT_REQUESTS(OT_REQ_HELP_TEXT)
#undef OT_REQ_HELP_TEXT
};

static const char *const request_bar_words[] = {
    "",
#define OT_REQ_BAR_WORD(name, bar, help) bar,
    OT_REQUESTS(OT_REQ_BAR_WORD)
#undef OT_REQ_BAR_WORD
};

const char *ot_request_help(ot_request req)
{
    return req > OT_REQ_NONE && req < OT_REQ_COUNT ? request_help[req] : "";
}

const char *ot_request_bar_word(ot_request req)
{
    return req > OT_REQ_NONE && req < OT_REQ_COUNT ? request_bar_words[req] : "";
}

ot_request ot_keymap_lookup(const char *view, int key)
{
    ot_request global = OT_REQ_NONE;
    for (int i = 0; i < ot_binding_count; i++) {
        const ot_binding *b = &ot_bindings[i];
        if (b->key != key)
            continue;
        if (b->view && view && strcmp(b->view, view) == 0)
            return b->req;
        if (!b->view && global == OT_REQ_NONE)
            global = b->req;
    }
    return global;
}

const char *ot_keymap_label(const char *view, ot_request req)
{
    for (int i = 0; i < ot_binding_count; i++) {
        const ot_binding *b = &ot_bindings[i];
        if (b->req == req && (!b->view || (view && strcmp(b->view, view) == 0)))
            return b->label;
    }
    return NULL;
}
