/* The help view: every key of every view, generated from the key map. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keymap.h"
#include "tui.h"

typedef struct help_line {
    char text[256];
    bool heading;
} help_line;

typedef struct help_view {
    help_line *lines;
    ot_list list;
} help_view;


static const char *const notes[] = {
    "",
    "While typing after /: the view moves to the first match as you type.",
    "  Enter keeps the pattern for n and N; Esc or Ctrl-G goes back; Left, Right,",
    "  Home, End, Ctrl-A, Ctrl-E move; Backspace, Delete, Ctrl-W and Ctrl-U delete.",
    "  Patterns are PCRE2 regular expressions; lower case only means any case.",
    "",
    "Mouse: a click selects a line, a double click opens it, the wheel scrolls.",
    "History: capitals in the ratings strip mark a year with an inspection,",
    "  small letters the grade still standing from an earlier one.",
    "Grades: O Outstanding, G Good, R Requires improvement (to be good) / Adequate,",
    "I Inadequate. Older frameworks said Adequate where ILACS says Requires",
    "improvement; the 2026 reform dropped the overall grade. Letters and words",
    "always go with colours, so NO_COLOR and monochrome terminals show every grade.",
    "",
    "Grades across frameworks: every framework is put on one 4-point scale.",
    "  JAR/APA, SLAC (2005-2012): Outstanding, Good, Adequate (shown A, counted",
    "    with R), Inadequate.",
    "  SIF (2013-2018) and ILACS (2018-): Outstanding, Good, Requires improvement",
    "    (to be good), Inadequate. SIF 'children looked after' maps to ILACS",
    "    'children in care'; SIF leadership to ILACS 'impact of leaders'.",
    "  2026 reform: no overall effectiveness grade. From such an inspection on",
    "    no overall grade is in force (shown –), as in Ofsted's statistics.",
    "A bar │ in the compare and matrix views marks the first inspection of a",
    "new framework. The grade in force on a date is the latest inspection's,",
    "dated by its start (p: by publication); visits never change it; a SIF or",
    "ILACS inspection that did not grade an area ends that area's grade.",
    "Matrix and compare cells: · not yet inspected, – not graded, blank: the",
    "authority did not exist then.",
    "Authorities list, Overall: the grade in force. After an inspection that gave",
    "  no overall grade (2026 reform) it shows what that one graded instead,",
    "  e.g. – L:G H:R C:G CL:G (leaders, help and protection, in care, care leavers).",
};

static size_t build(help_line *out)
{
    size_t n = 0;
    /* Global keys first, then each view's own, in the order of OT_VIEWS. */
    for (int s = OT_VIEW_ANY; s < OT_VIEW_COUNT; s++) {
        size_t heading_at = n++;
        for (ot_request r = OT_REQ_NONE + 1; r < OT_REQ_COUNT; r++) {
            char keys[64];
            if (!ot_keymap_keys((ot_view_id)s, r, keys, sizeof keys))
                continue;
            if (out) {
                snprintf(out[n].text, sizeof out[n].text, "  %-16s %s", keys, ot_request_help(r));
                out[n].heading = false;
            }
            n++;
        }
        if (n == heading_at + 1) {
            n--; /* nothing bound only in this view */
            continue;
        }
        if (out) {
            snprintf(out[heading_at].text, sizeof out[heading_at].text, "%s", ot_view_title((ot_view_id)s));
            out[heading_at].heading = true;
        }
    }
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++, n++)
        if (out) {
            snprintf(out[n].text, sizeof out[n].text, "%s", notes[i]);
            out[n].heading = false;
        }
    return n;
}

static const char *crumb(ot_view *v)
{
    (void)v;
    return "Help";
}

static void draw(ot_view *v, ot_area a)
{
    help_view *hv = v->state;
    for (int i = 0; i < a.height && hv->list.top + (size_t)i < hv->list.n; i++) {
        const help_line *l = &hv->lines[hv->list.top + (size_t)i];
        ot_draw_text(stdscr, a.top + i, 1, l->text, a.width - 2, l->heading ? ot_role_attr(OT_ROLE_HEADER) : A_NORMAL);
    }
}

/* Scrolling moves the page, not a selection. */
static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    (void)t;
    help_view *hv = v->state;
    size_t max_top = hv->list.n > (size_t)a.height ? hv->list.n - (size_t)a.height : 0;
    size_t page = a.height > 1 ? (size_t)a.height - 1 : 1;
    switch (req) {
    case OT_REQ_MOVE_UP: hv->list.top = hv->list.top ? hv->list.top - 1 : 0; break;
    case OT_REQ_MOVE_DOWN: hv->list.top++; break;
    case OT_REQ_PAGE_UP: hv->list.top = hv->list.top > page ? hv->list.top - page : 0; break;
    case OT_REQ_PAGE_DOWN: hv->list.top += page; break;
    case OT_REQ_FIRST: hv->list.top = 0; break;
    case OT_REQ_LAST: hv->list.top = max_top; break;
    default: return OT_RESULT_UNHANDLED;
    }
    if (hv->list.top > max_top)
        hv->list.top = max_top;
    return OT_RESULT_HANDLED;
}

static void done(ot_view *v)
{
    help_view *hv = v->state;
    free(hv->lines);
    free(hv);
}

static const ot_view_ops help_ops = {
    .id = OT_VIEW_HELP,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .done = done,
};

void ot_view_help_open(ot_tui *t)
{
    help_view *hv = calloc(1, sizeof *hv);
    if (!hv)
        return;
    size_t n = build(NULL);
    hv->lines = calloc(n, sizeof *hv->lines);
    if (!hv->lines) {
        free(hv);
        return;
    }
    hv->list.n = build(hv->lines);
    ot_tui_push(t, &help_ops, hv);
}
