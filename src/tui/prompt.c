/* A one-line text input: see prompt.h. */
#include "config.h"

#include "prompt.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "wrap.h"

#define CTRL(c) ((c) & 0x1f)

void ot_prompt_init(ot_prompt *p, const char *lead)
{
    memset(p, 0, sizeof *p);
    p->lead = lead;
}

void ot_prompt_free(ot_prompt *p)
{
    ot_buf_free(&p->text);
    p->cursor = 0;
}

static size_t prev_char(const ot_prompt *p, size_t at)
{
    const char *s = p->text.data;
    if (at == 0)
        return 0;
    at--;
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
        at--;
    return at;
}

static size_t next_char(const ot_prompt *p, size_t at)
{
    const char *s = p->text.data;
    if (at >= p->text.len)
        return p->text.len;
    at++;
    while (at < p->text.len && ((unsigned char)s[at] & 0xC0) == 0x80)
        at++;
    return at;
}

/* Remove bytes [from, to) and leave the cursor at from. */
static void cut(ot_prompt *p, size_t from, size_t to)
{
    if (to <= from)
        return;
    memmove(p->text.data + from, p->text.data + to, p->text.len - to + 1);
    p->text.len -= to - from;
    p->cursor = from;
}

static ot_prompt_result insert(ot_prompt *p, wchar_t wc)
{
    char mb[MB_LEN_MAX];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t n = wcrtomb(mb, wc, &st);
    if (n == (size_t)-1 || n == 0)
        return OT_PROMPT_IGNORED;
    /* append, then rotate the new bytes into place */
    size_t old = p->text.len;
    if (ot_buf_append(&p->text, mb, n) < 0)
        return OT_PROMPT_IGNORED;
    memmove(p->text.data + p->cursor + n, p->text.data + p->cursor, old - p->cursor);
    memcpy(p->text.data + p->cursor, mb, n);
    p->cursor += n;
    return OT_PROMPT_EDITED;
}

ot_prompt_result ot_prompt_key(ot_prompt *p, int key, bool is_char)
{
    if (is_char) {
        switch (key) {
        case '\n':
        case '\r':
            return OT_PROMPT_ACCEPT;
        case 27:
        case CTRL('g'):
            return OT_PROMPT_CANCEL;
        case 127:
        case CTRL('h'):
            goto backspace;
        case CTRL('d'):
            goto delete;
        case CTRL('a'):
            goto home;
        case CTRL('e'):
            goto end;
        case CTRL('b'):
            goto left;
        case CTRL('f'):
            goto right;
        case CTRL('u'):
            cut(p, 0, p->cursor);
            return OT_PROMPT_EDITED;
        case CTRL('w'): {
            size_t at = p->cursor;
            while (at > 0 && p->text.data[at - 1] == ' ')
                at--;
            while (at > 0 && p->text.data[at - 1] != ' ')
                at--;
            if (at == p->cursor)
                return OT_PROMPT_IGNORED;
            cut(p, at, p->cursor);
            return OT_PROMPT_EDITED;
        }
        default:
            if (key < 0x20 || key == 0x7f || (key >= 0x80 && key < 0xa0))
                return OT_PROMPT_IGNORED; /* other control characters */
            return insert(p, (wchar_t)key);
        }
    }
    switch (key) {
    case KEY_ENTER:
        return OT_PROMPT_ACCEPT;
    case KEY_BACKSPACE:
    backspace:
        if (p->text.len == 0)
            return OT_PROMPT_CANCEL;
        if (p->cursor == 0)
            return OT_PROMPT_IGNORED;
        cut(p, prev_char(p, p->cursor), p->cursor);
        return OT_PROMPT_EDITED;
    case KEY_DC:
    delete:
        if (p->cursor >= p->text.len)
            return OT_PROMPT_IGNORED;
        {
            size_t at = p->cursor;
            cut(p, at, next_char(p, at));
        }
        return OT_PROMPT_EDITED;
    case KEY_LEFT:
    left:
        p->cursor = prev_char(p, p->cursor);
        return OT_PROMPT_MOVED;
    case KEY_RIGHT:
    right:
        p->cursor = next_char(p, p->cursor);
        return OT_PROMPT_MOVED;
    case KEY_HOME:
    home:
        p->cursor = 0;
        return OT_PROMPT_MOVED;
    case KEY_END:
    end:
        p->cursor = p->text.len;
        return OT_PROMPT_MOVED;
    default:
        return OT_PROMPT_IGNORED;
    }
}

int ot_prompt_draw(const ot_prompt *p, WINDOW *win, int y, int x, int width, attr_t attr)
{
    const char *lead = p->lead ? p->lead : "";
    int lead_w = ot_text_width(lead);
    ot_draw_cell(win, y, x, lead, width, attr);
    int room = width - lead_w - 1; /* one column for the cursor at the end */
    if (room < 1)
        return x + width - 1;
    const char *s = ot_buf_str(&p->text);
    /* scroll: drop characters from the left until the cursor fits */
    size_t from = 0;
    while (from < p->cursor && ot_wrap_width(s + from, p->cursor - from) > room)
        from = next_char(p, from);
    int cursor_col = ot_wrap_width(s + from, p->cursor - from);
    ot_draw_textn(win, y, x + lead_w, s + from, p->text.len - from, room, attr);
    return x + lead_w + cursor_col;
}
