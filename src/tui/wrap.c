/* Word wrapping by display width: see wrap.h. */
#include "config.h"

#include "wrap.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t ot_wrap_char(const char *p, size_t left, int *cols, int *kind)
{
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c < 0x7f) { /* printable ASCII, most of every report */
        *cols = 1;
        *kind = OT_CHAR_PLAIN;
        return 1;
    }
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t n = mbrtowc(&wc, p, left, &st);
    if (n == (size_t)-1 || n == (size_t)-2) {
        *cols = 4; /* \xNN */
        *kind = OT_CHAR_INVALID;
        return 1;
    }
    if (n == 0) { /* a NUL byte inside counted text */
        *cols = 2;
        *kind = OT_CHAR_CONTROL;
        return 1;
    }
    if (wc < 0x20 || wc == 0x7f) {
        *cols = 2; /* ^X */
        *kind = OT_CHAR_CONTROL;
    } else if (wc >= 0x80 && wc < 0xa0) {
        *cols = 4; /* \uXX */
        *kind = OT_CHAR_C1;
    } else {
        int w = wcwidth(wc);
        *cols = w < 0 ? 1 : w; /* drawn as U+FFFD */
        *kind = OT_CHAR_PLAIN;
    }
    return n;
}

int ot_wrap_width(const char *text, size_t len)
{
    int total = 0;
    size_t i = 0;
    while (i < len) {
        int cols, kind;
        i += ot_wrap_char(text + i, len - i, &cols, &kind);
        total += cols;
    }
    return total;
}

static int push(ot_wrap_lines *out, size_t start, size_t end)
{
    if (out->len == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 32;
        ot_wrap_line *v = realloc(out->v, cap * sizeof *v);
        if (!v)
            return -1;
        out->v = v;
        out->cap = cap;
    }
    out->v[out->len++] = (ot_wrap_line){start, end};
    return 0;
}

long ot_wrap(const char *text, size_t len, int width, ot_wrap_lines *out)
{
    size_t before = out->len;
    if (width < 1)
        width = 1;
    size_t i = 0;
    for (;;) {
        while (i < len && text[i] == ' ')
            i++;
        size_t start = i, brk_end = 0, brk_next = 0;
        int have_brk = 0, overflow = 0, newline = 0, used = 0;
        while (i < len) {
            if (text[i] == '\n') {
                size_t end = i;
                while (end > start && text[end - 1] == ' ')
                    end--;
                if (push(out, start, end) < 0)
                    goto oom;
                i++;
                newline = 1;
                break;
            }
            if (text[i] == ' ') {
                size_t j = i;
                while (j < len && text[j] == ' ')
                    j++;
                brk_end = i;
                brk_next = j;
                have_brk = 1;
                used += (int)(j - i);
                i = j;
                continue;
            }
            int cols, kind;
            size_t n = ot_wrap_char(text + i, len - i, &cols, &kind);
            if (used + cols > width) {
                if (have_brk) {
                    if (push(out, start, brk_end) < 0)
                        goto oom;
                    i = brk_next;
                } else {
                    if (i == start) /* one character wider than the line */
                        i += n;
                    if (push(out, start, i) < 0)
                        goto oom;
                }
                overflow = 1;
                break;
            }
            used += cols;
            i += n;
        }
        if (i < len)
            continue;
        if (!overflow && !newline) {
            size_t end = len;
            while (end > start && text[end - 1] == ' ')
                end--;
            if ((end > start || out->len == before) && push(out, start, end) < 0)
                goto oom;
        }
        break;
    }
    if (out->len == before && push(out, 0, 0) < 0)
        goto oom;
    return (long)(out->len - before);
oom:
    out->len = before;
    return -1;
}

void ot_wrap_lines_free(ot_wrap_lines *l)
{
    free(l->v);
    l->v = NULL;
    l->len = l->cap = 0;
}
