/* Word wrapping by display width: see wrap.h. */
#include "config.h"

#include "wrap.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/utf8.h"

bool ot_wrap_utf8_locale(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* Stand-ins for the glyphs the views draw and the punctuation reports
 * use; one column each, like the glyphs they replace. */
static const struct {
    const char *utf8, *ascii;
} stand_ins[] = {
    {"·", "."}, {"–", "-"}, {"—", "-"}, {"│", "|"}, {"◆", "*"}, {"◇", "o"}, {"▲", "^"}, {"▼", "v"},
    {"›", ">"}, {"‹", "<"}, {"◀", "<"}, {"▶", ">"}, {"±", "+"}, {"…", "~"}, {"█", "#"}, {"▓", "%"},
    {"▒", "+"}, {"░", ":"}, {"‘", "'"}, {"’", "'"}, {"“", "\""}, {"”", "\""}, {"•", "*"}, {"×", "x"},
    {"é", "e"}, {"è", "e"}, {"ê", "e"}, {"á", "a"}, {"à", "a"}, {"ô", "o"}, {"ö", "o"}, {"ü", "u"},
    {"£", "L"}, {"\xc2\xa0", " "}, {"→", ">"}, {"←", "<"}, {"↑", "^"}, {"↓", "v"}, {"▸", ">"}, {"▾", "v"},
    {"§", "S"}, {"✓", "+"}, {"✗", "x"}, {"■", "#"}, {"□", "o"}, {"●", "*"}, {"○", "o"}, {"¶", "P"},
};

const char *ot_wrap_ascii(const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof stand_ins / sizeof stand_ins[0]; i++)
        if (strlen(stand_ins[i].utf8) == n && memcmp(stand_ins[i].utf8, p, n) == 0)
            return stand_ins[i].ascii;
    return "?";
}

/* The length of the valid UTF-8 sequence at p, or 0. */
static size_t utf8_seq(const char *p, size_t left)
{
    unsigned char c = (unsigned char)*p;
    size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    return n && n <= left && ot_utf8_valid(p, n, NULL) ? n : 0;
}

size_t ot_wrap_char(const char *p, size_t left, int *cols, int *kind)
{
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c < 0x7f) { /* printable ASCII, most of every report */
        *cols = 1;
        *kind = OT_CHAR_PLAIN;
        return 1;
    }
    if (c >= 0x80 && !ot_wrap_utf8_locale()) {
        size_t n = utf8_seq(p, left);
        if (!n) {
            *cols = 4;
            *kind = OT_CHAR_INVALID;
            return 1;
        }
        bool c1 = n == 2 && c == 0xc2 && (unsigned char)p[1] < 0xa0;
        *cols = c1 ? 4 : 1;
        *kind = c1 ? OT_CHAR_C1 : OT_CHAR_ASCII;
        return n;
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
    if (ot_grow((void **)&out->v, &out->cap, out->len, sizeof *out->v) < 0)
        return -1;
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
