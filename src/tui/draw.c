/* Drawing helpers: see draw.h. */
#include "config.h"

#include "draw.h"

#include <stdio.h>
#include "wrap.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static bool colors_on;

/* Foreground colours per role for 256-colour and 8-colour terminals. */
static const struct {
    short fg256, bg256, fg8, bg8;
    attr_t extra;  /* added in colour mode */
    attr_t mono;   /* used alone without colours */
} palette[OT_ROLE_COUNT] = {
    [OT_ROLE_NORMAL] = {-1, -1, -1, -1, A_NORMAL, A_NORMAL},
    [OT_ROLE_TITLE] = {231, 24, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    [OT_ROLE_STATUS] = {231, 238, COLOR_WHITE, COLOR_BLACK, A_NORMAL, A_REVERSE},
    [OT_ROLE_SELECTED] = {16, 153, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    [OT_ROLE_HEADER] = {-1, -1, -1, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE},
    [OT_ROLE_DIM] = {245, -1, COLOR_WHITE, -1, A_NORMAL, A_DIM},
    [OT_ROLE_MATCH] = {16, 220, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_UNDERLINE},
    [OT_ROLE_ERROR] = {231, 124, COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE},
    [OT_ROLE_SAMPLE] = {16, 214, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_REVERSE},
    /* Okabe-Ito: blue, sky blue, orange, vermillion. */
    [OT_ROLE_GRADE_1] = {25, -1, COLOR_BLUE, -1, A_BOLD, A_BOLD},
    [OT_ROLE_GRADE_2] = {74, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [OT_ROLE_GRADE_3] = {214, -1, COLOR_YELLOW, -1, A_NORMAL, A_NORMAL},
    [OT_ROLE_GRADE_4] = {166, -1, COLOR_RED, -1, A_BOLD, A_BOLD},
};

void ot_draw_init_colors(void)
{
    const char *no_color = getenv("NO_COLOR");
    colors_on = !(no_color && *no_color) && has_colors() && start_color() == OK;
    if (!colors_on)
        return;
    use_default_colors();
    bool rich = COLORS >= 256;
    for (int r = 1; r < OT_ROLE_COUNT; r++)
        init_pair((short)r, rich ? palette[r].fg256 : palette[r].fg8, rich ? palette[r].bg256 : palette[r].bg8);
}

bool ot_draw_has_colors(void)
{
    return colors_on;
}

attr_t ot_role_attr(ot_role role)
{
    if (role <= OT_ROLE_NORMAL || role >= OT_ROLE_COUNT)
        return A_NORMAL;
    return colors_on ? (attr_t)COLOR_PAIR(role) | palette[role].extra : palette[role].mono;
}

ot_role ot_grade_role(int grade)
{
    return grade >= 1 && grade <= 4 ? (ot_role)(OT_ROLE_GRADE_1 + grade - 1) : OT_ROLE_NORMAL;
}

const char *ot_glyph_no_data(void)
{
    return "?";
}

const char *ot_grade_letter(int grade)
{
    static const char *const letters[] = {"·", "O", "G", "R", "I"};
    return grade >= 0 && grade <= 4 ? letters[grade] : "·";
}

static void emit(WINDOW *win, const wchar_t *wc, int n, const char *raw, attr_t attr)
{
    if (!win)
        return;
    attr_t saved_attr;
    short saved_pair;
    wattr_get(win, &saved_attr, &saved_pair, NULL);
    wattrset(win, (int)attr);
    if (raw)
        waddstr(win, raw);
    else
        waddnwstr(win, wc, n);
    wattrset(win, (int)saved_attr);
}

/* Draw (or with win NULL only measure) text[0, len) at the cursor in at
 * most max_cols columns.  Widths come from ot_wrap_char, so wrapping and
 * drawing agree.  Returns columns used. */
static int walk(WINDOW *win, const char *text, size_t len, int max_cols, attr_t attr)
{
    int used = 0;
    const char *p = text ? text : "";
    attr_t dim = ot_role_attr(OT_ROLE_DIM);
    size_t i = 0;
    while (i < len) {
        int cols, kind;
        size_t n = ot_wrap_char(p + i, len - i, &cols, &kind);
        if (used + cols > max_cols)
            break;
        char esc[16];
        unsigned char c = (unsigned char)p[i];
        switch (kind) {
        case OT_CHAR_INVALID:
            snprintf(esc, sizeof esc, "\\x%02X", c);
            emit(win, NULL, 0, esc, dim);
            break;
        case OT_CHAR_CONTROL:
            snprintf(esc, sizeof esc, "^%c", c == 0x7f ? '?' : (char)(c + '@'));
            emit(win, NULL, 0, esc, dim);
            break;
        case OT_CHAR_ASCII:
            emit(win, NULL, 0, ot_wrap_ascii(p + i, n), attr);
            break;
        case OT_CHAR_C1:
            /* U+0080..U+009F are two bytes: C2 80..C2 9F */
            snprintf(esc, sizeof esc, "\\u%02X", (unsigned char)p[i + 1]);
            emit(win, NULL, 0, esc, dim);
            break;
        default: {
            wchar_t wc;
            mbstate_t st;
            memset(&st, 0, sizeof st);
            if (mbrtowc(&wc, p + i, n, &st) != n || wcwidth(wc) < 0)
                wc = 0xFFFD; /* unprintable in this locale */
            emit(win, &wc, 1, NULL, attr);
        }
        }
        used += cols;
        i += n;
    }
    return used;
}

int ot_draw_text(WINDOW *win, int y, int x, const char *text, int max_cols, attr_t attr)
{
    if (max_cols <= 0)
        return 0;
    wmove(win, y, x);
    return walk(win, text, text ? strlen(text) : 0, max_cols, attr);
}

int ot_draw_textn(WINDOW *win, int y, int x, const char *text, size_t len, int max_cols, attr_t attr)
{
    if (max_cols <= 0)
        return 0;
    wmove(win, y, x);
    return walk(win, text, len, max_cols, attr);
}

int ot_draw_highlighted(WINDOW *win, int y, int x, const char *text, size_t len, int max_cols,
                        attr_t attr, const ot_span *spans, size_t n_spans, size_t base, attr_t hl)
{
    if (max_cols <= 0)
        return 0;
    wmove(win, y, x);
    int used = 0;
    size_t i = 0, s = 0;
    while (i < len && used < max_cols) {
        while (s < n_spans && spans[s].end <= base + i)
            s++;
        size_t seg_end = len;
        attr_t a = attr;
        if (s < n_spans && spans[s].start <= base + i) {
            a = hl;
            seg_end = spans[s].end - base < len ? spans[s].end - base : len;
        } else if (s < n_spans && spans[s].start - base < len) {
            seg_end = spans[s].start - base;
        }
        if (seg_end <= i) /* an empty match: nothing to draw */
            seg_end = i + 1 <= len ? i + 1 : len;
        int cols = walk(win, text + i, seg_end - i, max_cols - used, a);
        if (cols == 0 && seg_end > i)
            break; /* the next character does not fit */
        used += cols;
        i = seg_end;
    }
    return used;
}

int ot_text_width(const char *text)
{
    return walk(NULL, text, text ? strlen(text) : 0, 1 << 30, A_NORMAL);
}

void ot_draw_cell(WINDOW *win, int y, int x, const char *text, int cols, attr_t attr)
{
    if (cols <= 0)
        return;
    int used = ot_draw_text(win, y, x, text, cols, attr);
    attr_t saved_attr;
    short saved_pair;
    wattr_get(win, &saved_attr, &saved_pair, NULL);
    wattrset(win, (int)attr);
    for (; used < cols; used++)
        waddch(win, ' ');
    wattrset(win, (int)saved_attr);
}

void ot_draw_column(WINDOW *win, int y, int *x, const char *text, int cols, attr_t attr)
{
    if (cols <= 0)
        return;
    ot_draw_cell(win, y, *x, text, cols, attr);
    *x += cols + 1;
}
