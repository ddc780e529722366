/* Find inside a view: see find.h. */
#include "config.h"

#include "find.h"

#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/utf8.h"

struct ot_find {
    ot_regex *re;
    ot_regex_scratch *scratch;
    ot_buf pattern;
};

ot_find *ot_find_new(void)
{
    return calloc(1, sizeof(ot_find));
}

static void find_clear(ot_find *f)
{
    ot_regex_scratch_free(f->scratch);
    ot_regex_free(f->re);
    f->scratch = NULL;
    f->re = NULL;
    ot_buf_reset(&f->pattern);
}

void ot_find_free(ot_find *f)
{
    if (!f)
        return;
    find_clear(f);
    ot_buf_free(&f->pattern);
    free(f);
}

int ot_find_set(ot_find *f, const char *pattern, size_t len, ot_error *err)
{
    find_clear(f);
    if (len == 0)
        return 0;
    size_t at = 0;
    if (!ot_utf8_valid(pattern, len, &at)) {
        ot_error_set(err, "the pattern is not valid UTF-8 at offset %zu", at);
        return -1;
    }
    f->re = ot_regex_new(pattern, len, OT_REGEX_SMART_CASE, NULL, err);
    if (!f->re)
        return -1;
    f->scratch = ot_regex_scratch_new(f->re);
    if (!f->scratch || ot_buf_append(&f->pattern, pattern, len) < 0) {
        find_clear(f);
        ot_error_set(err, "out of memory");
        return -1;
    }
    return 0;
}

bool ot_find_active(const ot_find *f)
{
    return f && f->re;
}

const char *ot_find_pattern(const ot_find *f)
{
    return f ? ot_buf_str(&f->pattern) : "";
}

int ot_find_test(ot_find *f, const char *text, size_t len)
{
    if (!ot_find_active(f) || !text || !ot_utf8_valid(text, len, NULL))
        return 0;
    ot_span span;
    ot_error err = OT_ERROR_INIT;
    int rc = ot_regex_search(f->re, f->scratch, text, len, 0, &span, &err);
    ot_error_clear(&err);
    return rc == OT_REGEX_MATCH;
}

long ot_find_spans(ot_find *f, const char *text, size_t len, ot_spans *out)
{
    if (!ot_find_active(f) || !text || !ot_utf8_valid(text, len, NULL))
        return 0;
    ot_error err = OT_ERROR_INIT;
    long n = ot_regex_find_all(f->re, f->scratch, text, len, NULL, NULL, out, &err);
    ot_error_clear(&err);
    return n < 0 ? -1 : n;
}

long ot_find_row(size_t n, size_t from, int dir, bool include_from,
                 int (*matches)(void *ctx, size_t i), void *ctx, bool *wrapped)
{
    if (wrapped)
        *wrapped = false;
    if (n == 0)
        return -1;
    if (from >= n)
        from = n - 1;
    for (size_t k = 0; k < n; k++) {
        size_t step = include_from ? k : k + 1; /* 0 < step <= n */
        size_t i;
        bool wrap;
        if (dir > 0) {
            wrap = from + step >= n;
            i = (from + step) % n;
        } else {
            wrap = step > from;
            i = (from + n - step % n) % n;
        }
        if (matches(ctx, i)) {
            if (wrapped)
                *wrapped = wrap;
            return (long)i;
        }
    }
    return -1;
}

int ot_list_find_init(ot_list_find *lf, ot_list *l, int (*matches)(void *ctx, size_t i), void *ctx,
                      const char *looking_for, const char *noun)
{
    *lf = (ot_list_find){.find = ot_find_new(), .list = l, .matches = matches, .ctx = ctx,
                         .looking_for = looking_for, .noun = noun};
    return lf->find ? 0 : -1;
}

void ot_list_find_free(ot_list_find *lf)
{
    ot_find_free(lf->find);
    lf->find = NULL;
    free(lf->before);
    lf->before = NULL;
}

/* Select the first matching row from `from` in direction dir. */
static void list_find_move(ot_tui *t, ot_list_find *lf, size_t from, int dir, bool include_from)
{
    if (!ot_find_active(lf->find)) {
        ot_tui_message(t, false, "No pattern yet: press / to find %s", lf->looking_for);
        return;
    }
    bool wrapped;
    long i = ot_find_row(lf->list->n, from, dir, include_from, lf->matches, lf->ctx, &wrapped);
    if (i < 0) {
        ot_tui_message(t, true, "No %s matches /%s", lf->noun, ot_find_pattern(lf->find));
        return;
    }
    lf->list->selected = (size_t)i;
    if (wrapped)
        ot_tui_message(t, false, "Search wrapped round");
}

void ot_list_find_step(ot_tui *t, ot_list_find *lf, ot_find_step step, const char *pattern, size_t len)
{
    ot_list *l = lf->list;
    ot_error err = OT_ERROR_INIT;
    switch (step) {
    case OT_FIND_START:
        lf->origin = l->selected;
        free(lf->before);
        lf->before = strdup(ot_find_pattern(lf->find));
        break;
    case OT_FIND_TYPE:
    case OT_FIND_ACCEPT:
        l->selected = lf->origin;
        if (ot_find_set(lf->find, pattern, len, &err) < 0)
            ot_tui_message(t, true, "%s", ot_error_msg(&err));
        else if (len)
            list_find_move(t, lf, lf->origin, 1, true);
        break;
    case OT_FIND_CANCEL:
        l->selected = lf->origin;
        if (lf->before)
            ot_find_set(lf->find, lf->before, strlen(lf->before), &err);
        break;
    }
    ot_error_clear(&err);
    ot_list_scroll_into_view(l, l->drawn_rows);
}

void ot_list_find_next(ot_tui *t, ot_list_find *lf, int dir)
{
    list_find_move(t, lf, lf->list->selected, dir, false);
    ot_list_scroll_into_view(lf->list, lf->list->drawn_rows);
}
