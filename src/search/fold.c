/* Folding quotes and dashes in a search pattern: see ot_search_fold in
 * ofsted-tui/search.h.
 *
 * Reports print ’ and “ ” and – where people type ' and " and -, so a
 * pattern's quote or dash becomes a character class of all its forms.  The
 * rewrite walks the PCRE2 syntax just far enough to leave alone what is not
 * a literal character: escapes, \Q..\E, group names and options, verbs,
 * comments, and class ranges. */
#include "config.h"

#include "ofsted-tui/search.h"

#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"

enum { NONE, QUOTE, DQUOTE, DASH };

#define QUOTES "'\xe2\x80\x98\xe2\x80\x99"
#define DQUOTES "\"\xe2\x80\x9c\xe2\x80\x9d"
/* hyphen-minus, then U+2010 hyphen .. U+2015 horizontal bar */
#define DASHES "\\-\xe2\x80\x90\xe2\x80\x91\xe2\x80\x92\xe2\x80\x93\xe2\x80\x94\xe2\x80\x95"

/* Which family the character at p[i] belongs to; its length in *len. */
static int family(const char *p, size_t n, size_t i, size_t *len)
{
    unsigned char c = (unsigned char)p[i];
    *len = 1;
    if (c == '\'')
        return QUOTE;
    if (c == '"')
        return DQUOTE;
    if (c == '-')
        return DASH;
    if (c == 0xe2 && i + 2 < n && (unsigned char)p[i + 1] == 0x80) {
        unsigned char d = (unsigned char)p[i + 2];
        *len = 3;
        if (d == 0x98 || d == 0x99)
            return QUOTE;
        if (d == 0x9c || d == 0x9d)
            return DQUOTE;
        if (d >= 0x90 && d <= 0x95)
            return DASH;
    }
    *len = 1;
    return NONE;
}

static size_t char_len(const char *p, size_t n, size_t i)
{
    unsigned char c = (unsigned char)p[i];
    size_t l = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return i + l <= n ? l : n - i;
}

/* The index just past the first `close` at or after i (n when none). */
static size_t through(const char *p, size_t n, size_t i, char close)
{
    const char *e = memchr(p + i, close, n - i);
    return e ? (size_t)(e - p) + 1 : n;
}

/* The end of the escape starting at the backslash p[i]. */
static size_t escape_end(const char *p, size_t n, size_t i)
{
    if (i + 1 >= n)
        return n;
    char c = p[i + 1];
    if (c == 'Q') {
        for (size_t j = i + 2; j + 1 < n; j++)
            if (p[j] == '\\' && p[j + 1] == 'E')
                return j + 2;
        return n;
    }
    size_t j = i + 1 + char_len(p, n, i + 1);
    if (c == 'c' && j < n)
        return j + char_len(p, n, j);
    if (j < n && p[j] == '{' && strchr("xopPNgku", c))
        return through(p, n, j, '}');
    if (j < n && (c == 'g' || c == 'k') && (p[j] == '<' || p[j] == '\''))
        return through(p, n, j + 1, p[j] == '<' ? '>' : '\'');
    return j;
}

/* The end of the group opening "(?" or "(*" at p[i] that is syntax, not
 * literal text. */
static size_t group_open_end(const char *p, size_t n, size_t i)
{
    if (i + 1 >= n)
        return i + 1;
    if (p[i + 1] == '*')
        return through(p, n, i + 2, ')');
    if (p[i + 1] != '?')
        return i + 1;
    size_t j = i + 2;
    if (j >= n)
        return j;
    switch (p[j]) {
    case '#':
    case 'C':
        return through(p, n, j, ')');
    case '\'':
        return through(p, n, j + 1, '\'');
    case '<':
        if (j + 1 < n && (p[j + 1] == '=' || p[j + 1] == '!'))
            return j + 2;
        return through(p, n, j + 1, '>');
    case 'P': {
        size_t gt = through(p, n, j, '>'), paren = through(p, n, j, ')');
        return gt < paren ? gt : paren;
    }
    case '=':
    case '!':
    case '>':
    case '|':
    case ':':
    case '(':
        return j + 1;
    default:
        /* options (?i-x) or (?i-x:, recursion (?1) (?-1) (?R) (?&name) */
        while (j < n && p[j] != ')' && p[j] != ':')
            j++;
        return j < n ? j + 1 : n;
    }
}

char *ot_search_fold(const char *p, size_t n, size_t *out_len)
{
    ot_buf b = OT_BUF_INIT;
    bool in_class = false;
    size_t i = 0;
    while (i < n) {
        size_t flen;
        int fam = family(p, n, i, &flen);
        char c = p[i];
        if (c == '\\') {
            size_t e = escape_end(p, n, i);
            ot_buf_append(&b, p + i, e - i);
            i = e;
            continue;
        }
        if (!in_class) {
            if (c == '(') {
                size_t e = group_open_end(p, n, i);
                ot_buf_append(&b, p + i, e - i);
                i = e;
                continue;
            }
            if (c == '[') {
                /* "[", "[^", and a ']' first is a literal */
                size_t e = i + 1;
                if (e < n && p[e] == '^')
                    e++;
                if (e < n && p[e] == ']')
                    e++;
                ot_buf_append(&b, p + i, e - i);
                i = e;
                in_class = true;
                continue;
            }
            if (fam != NONE) {
                ot_buf_printf(&b, "[%s]", fam == QUOTE ? QUOTES : fam == DQUOTE ? DQUOTES : DASHES);
                i += flen;
                continue;
            }
            size_t l = char_len(p, n, i);
            ot_buf_append(&b, p + i, l);
            i += l;
            continue;
        }
        /* In a character class. */
        if (c == ']') {
            ot_buf_putc(&b, ']');
            in_class = false;
            i++;
            continue;
        }
        if (c == '[' && i + 1 < n && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
            /* [:alpha:] */
            const char *e = strstr(p + i + 2, ":]");
            size_t end = e && (size_t)(e - p) < n ? (size_t)(e - p) + 2 : i + 1;
            ot_buf_append(&b, p + i, end - i);
            i = end;
            continue;
        }
        /* A class range's ends and its '-' stay as they are: "[a-z]". */
        bool range_start = i + flen + 1 < n && p[i + flen] == '-' && p[i + flen + 1] != ']';
        bool range_dash = c == '-' && i > 0 && b.len && b.data[b.len - 1] != '[' && b.data[b.len - 1] != '^' &&
                          i + 1 < n && p[i + 1] != ']';
        if (fam != NONE && !range_start && !range_dash) {
            ot_buf_puts(&b, fam == QUOTE ? QUOTES : fam == DQUOTE ? DQUOTES : DASHES);
            i += flen;
            continue;
        }
        if (range_dash) {
            /* copy "-" and the range's end */
            ot_buf_putc(&b, '-');
            i++;
            if (i < n && p[i] == '\\') {
                size_t e = escape_end(p, n, i);
                ot_buf_append(&b, p + i, e - i);
                i = e;
            } else if (i < n) {
                size_t l = char_len(p, n, i);
                ot_buf_append(&b, p + i, l);
                i += l;
            }
            continue;
        }
        size_t l = char_len(p, n, i);
        ot_buf_append(&b, p + i, l);
        i += l;
    }
    if (!b.data)
        ot_buf_puts(&b, "");
    if (out_len)
        *out_len = b.len;
    return ot_buf_steal(&b);
}
