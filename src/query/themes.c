/* A set of themes: the default text, a user's file over it (syntax and
 * rules in ofsted-tui/themes.h). */
#include "config.h"

#include "ofsted-tui/themes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/utf8.h"

typedef struct theme {
    char *name;
    char *pattern;
    char *origin;
    ot_regex *re;
} theme;

struct ot_themes {
    theme *v;
    size_t n, cap;
};

ot_themes *ot_themes_new(void)
{
    return calloc(1, sizeof(ot_themes));
}

static void theme_free(theme *th)
{
    free(th->name);
    free(th->pattern);
    free(th->origin);
    ot_regex_free(th->re);
}

void ot_themes_free(ot_themes *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        theme_free(&t->v[i]);
    free(t->v);
    free(t);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Parse one line (without its end) into th; 0 when it is a theme, 1 when
 * blank or a comment, -1 with err set. */
static int parse_line(const char *s, size_t len, const char *source, size_t line_no, theme *th, ot_error *err)
{
    if (len && s[len - 1] == '\r')
        len--;
    size_t lead = 0;
    while (lead < len && (s[lead] == ' ' || s[lead] == '\t'))
        lead++;
    if (lead == len || s[lead] == '#')
        return 1;
    if (!ot_utf8_valid(s, len, NULL)) {
        ot_error_set(err, "%s:%zu: the line is not valid UTF-8", source, line_no);
        return -1;
    }
    const char *tab = memchr(s, '\t', len);
    if (!tab) {
        ot_error_set(err, "%s:%zu: no tab between the theme's name and its regular expression", source, line_no);
        return -1;
    }
    size_t name_len = (size_t)(tab - s);
    while (name_len && s[name_len - 1] == ' ')
        name_len--;
    const char *pat = tab + 1;
    size_t pat_len = len - (size_t)(pat - s);
    if (lead > 0 || name_len == 0) {
        ot_error_set(err, "%s:%zu: the theme has no name before the tab", source, line_no);
        return -1;
    }
    if (pat_len == 0) {
        ot_error_set(err, "%s:%zu: theme '%.*s' has no regular expression after the tab", source, line_no,
                     (int)name_len, s);
        return -1;
    }
    ot_error re_err = OT_ERROR_INIT;
    ot_regex *re = ot_regex_new(pat, pat_len, OT_REGEX_SMART_CASE, NULL, &re_err);
    if (!re) {
        ot_error_set(err, "%s:%zu: theme '%.*s': bad regular expression: %s", source, line_no, (int)name_len, s,
                     ot_error_msg(&re_err));
        ot_error_clear(&re_err);
        return -1;
    }
    ot_buf origin = OT_BUF_INIT;
    ot_buf_printf(&origin, "%s:%zu", source, line_no);
    th->name = dup_n(s, name_len);
    th->pattern = dup_n(pat, pat_len);
    th->origin = ot_buf_steal(&origin);
    ot_buf_free(&origin);
    th->re = re;
    if (!th->name || !th->pattern || !th->origin) {
        theme_free(th);
        ot_error_set(err, "out of memory");
        return -1;
    }
    return 0;
}

int ot_themes_parse(ot_themes *t, const char *text, size_t len, const char *source, ot_error *err)
{
    /* Parse everything first, so that a bad line leaves t as it was. */
    theme *fresh = NULL;
    size_t n = 0, cap = 0, line_no = 0;
    int status = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        line_no++;
        if (ot_grow((void **)&fresh, &cap, n, sizeof *fresh) < 0) {
            ot_error_set(err, "out of memory");
            status = -1;
            break;
        }
        memset(&fresh[n], 0, sizeof fresh[n]);
        int rc = parse_line(text + at, end - at, source, line_no, &fresh[n], err);
        if (rc < 0) {
            status = -1;
            break;
        }
        if (rc == 0)
            n++;
        at = end + 1;
    }
    if (status == 0 && t->n + n > t->cap) {
        size_t c = t->n + n;
        theme *v = realloc(t->v, c * sizeof *v);
        if (!v) {
            ot_error_set(err, "out of memory");
            status = -1;
        } else {
            t->v = v, t->cap = c;
        }
    }
    if (status < 0) {
        for (size_t i = 0; i < n; i++)
            theme_free(&fresh[i]);
        free(fresh);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        long at = ot_themes_find(t, fresh[i].name);
        if (at >= 0) {
            theme_free(&t->v[at]);
            t->v[at] = fresh[i];
        } else {
            t->v[t->n++] = fresh[i];
        }
    }
    free(fresh);
    return 0;
}

char *ot_themes_user_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    ot_buf b = OT_BUF_INIT;
    if (xdg && *xdg)
        ot_buf_printf(&b, "%s/ofsted-tui/themes", xdg);
    else if (home && *home)
        ot_buf_printf(&b, "%s/.config/ofsted-tui/themes", home);
    else
        return NULL;
    char *s = ot_buf_steal(&b);
    ot_buf_free(&b);
    return s;
}

/* Read the whole file at path into b: 0, 1 when it does not exist, -1
 * with err set. */
static int read_file(const char *path, ot_buf *b, ot_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return 1;
        ot_error_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (ot_buf_append(b, chunk, got) < 0) {
            fclose(f);
            ot_error_set(err, "out of memory");
            return -1;
        }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        ot_error_set(err, "%s: read error", path);
        return -1;
    }
    return 0;
}

ot_themes *ot_themes_load(const char *path, ot_error *err)
{
    ot_themes *t = ot_themes_new();
    if (!t) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    if (ot_themes_parse(t, ot_themes_default_text, strlen(ot_themes_default_text), "default", err) < 0) {
        ot_themes_free(t);
        return NULL;
    }
    char *own = path ? NULL : ot_themes_user_path();
    const char *file = path ? path : own;
    int status = 0;
    if (file) {
        ot_buf b = OT_BUF_INIT;
        int rc = read_file(file, &b, err);
        if (rc < 0 || (rc == 0 && ot_themes_parse(t, b.data ? b.data : "", b.len, file, err) < 0))
            status = -1;
        ot_buf_free(&b);
    }
    free(own);
    if (status < 0) {
        ot_themes_free(t);
        return NULL;
    }
    return t;
}

size_t ot_themes_count(const ot_themes *t)
{
    return t->n;
}

const char *ot_themes_name(const ot_themes *t, size_t i)
{
    return i < t->n ? t->v[i].name : NULL;
}

const char *ot_themes_pattern(const ot_themes *t, size_t i)
{
    return i < t->n ? t->v[i].pattern : NULL;
}

const ot_regex *ot_themes_regex(const ot_themes *t, size_t i)
{
    return i < t->n ? t->v[i].re : NULL;
}

const char *ot_themes_origin(const ot_themes *t, size_t i)
{
    return i < t->n ? t->v[i].origin : NULL;
}

long ot_themes_find(const ot_themes *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0)
            return (long)i;
    return -1;
}
