/* Search queries: the filter syntax, shared by the command line's options
 * and the TUI's prompt line.  See ofsted-tui/search.h. */
#include "config.h"

#include "ofsted-tui/search.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofsted-tui/buf.h"

/* Keep s alive as long as q; returns it, or NULL when out of memory. */
static const char *own(ot_search_query *q, const char *s, size_t len)
{
    char **grown = realloc(q->owned, (q->n_owned + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    q->owned = grown;
    char *copy = strndup(s, len);
    if (!copy)
        return NULL;
    q->owned[q->n_owned++] = copy;
    return copy;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int ot_search_query_set(ot_search_query *q, const char *name, const char *value, ot_error *err)
{
    ot_search_filter *f = &q->filter;
    if (strcmp(name, "grade") == 0 || strcmp(name, "overall") == 0) {
        if (parse_int(value, 1, 4, strcmp(name, "grade") == 0 ? &f->grade : &f->overall) < 0) {
            ot_error_set(err, "%s takes 1 (Outstanding) to 4 (Inadequate), not '%s'", name, value);
            return -1;
        }
        return 0;
    }
    if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0) {
        if (parse_int(value, 1900, 2999, strcmp(name, "from") == 0 ? &f->from_year : &f->to_year) < 0) {
            ot_error_set(err, "%s takes a year such as 2019, not '%s'", name, value);
            return -1;
        }
        return 0;
    }
    if (strcmp(name, "sort") == 0) {
        if (strcmp(value, "date") == 0)
            q->sort = OT_SEARCH_SORT_DATE;
        else if (strcmp(value, "authority") == 0)
            q->sort = OT_SEARCH_SORT_AUTHORITY;
        else if (strcmp(value, "grade") == 0)
            q->sort = OT_SEARCH_SORT_GRADE;
        else {
            ot_error_set(err, "sort takes date, authority or grade, not '%s'", value);
            return -1;
        }
        return 0;
    }
    if (strcmp(name, "exact") == 0) {
        if (!*value || strcmp(value, "yes") == 0)
            q->exact = true;
        else if (strcmp(value, "no") == 0)
            q->exact = false;
        else {
            ot_error_set(err, "exact takes yes or no, not '%s'", value);
            return -1;
        }
        return 0;
    }
    bool la = strcmp(name, "la") == 0;
    const char **slot = strcmp(name, "region") == 0 ? &f->region
                        : strcmp(name, "framework") == 0 || strcmp(name, "fw") == 0 ? &f->framework
                        : strcmp(name, "section") == 0 ? &f->section
                        : NULL;
    if (!la && !slot) {
        ot_error_set(err, "no filter called '%s'", name);
        return -1;
    }
    if (!*value) {
        ot_error_set(err, "%s needs a value", name);
        return -1;
    }
    const char *copy = own(q, value, strlen(value));
    if (!copy) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    if (slot) {
        *slot = copy;
        return 0;
    }
    /* The list of authorities is itself owned: a pointer array kept as
     * one more owned block, replaced as it grows. */
    size_t n = f->n_authorities;
    const char **list = malloc((n + 1) * sizeof *list);
    if (!list || !own(q, "", 0)) {
        free(list);
        ot_error_set(err, "out of memory");
        return -1;
    }
    if (n)
        memcpy(list, f->authorities, n * sizeof *list);
    list[n] = copy;
    free(q->owned[q->n_owned - 1]);
    q->owned[q->n_owned - 1] = (char *)list;
    f->authorities = list;
    f->n_authorities = n + 1;
    return 0;
}

void ot_search_query_set_pattern(ot_search_query *q, const char *pattern)
{
    const char *copy = own(q, pattern, strlen(pattern));
    q->pattern = copy ? copy : "";
}

static const char *const filter_names[] = {"la", "region", "framework", "fw", "section", "grade",
                                           "overall", "from", "to", "sort", "exact", NULL};

int ot_search_query_parse(ot_search_query *q, const char *text, size_t *column, ot_error *err)
{
    ot_search_query_free(q);
    const char *p = text;
    for (;;) {
        while (*p == ' ')
            p++;
        const char *colon = p + strcspn(p, ": ");
        if (*colon != ':')
            break;
        size_t name_len = (size_t)(colon - p);
        int which = -1;
        for (int k = 0; filter_names[k]; k++)
            if (strlen(filter_names[k]) == name_len && strncmp(p, filter_names[k], name_len) == 0)
                which = k;
        if (which < 0)
            break;
        const char *start = colon + 1, *end;
        const char *next;
        if (*start == '"') {
            start++;
            end = strchr(start, '"');
            if (!end) {
                ot_error_set(err, "a filter's opening quote is not closed");
                if (column)
                    *column = (size_t)(start - 1 - text);
                return -1;
            }
            next = end + 1;
        } else {
            end = start + strcspn(start, " ");
            next = end;
        }
        char *value = strndup(start, (size_t)(end - start));
        if (!value) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        int rc = ot_search_query_set(q, filter_names[which], value, err);
        free(value);
        if (rc < 0) {
            if (column)
                *column = (size_t)(start - text);
            return -1;
        }
        p = next;
    }
    q->pattern_at = (size_t)(p - text);
    ot_search_query_set_pattern(q, p);
    return 0;
}

static void put_value(ot_buf *b, const char *name, const char *v)
{
    ot_buf_printf(b, strchr(v, ' ') ? "%s:\"%s\" " : "%s:%s ", name, v);
}

char *ot_search_query_filter_text(const ot_search_query *q)
{
    const ot_search_filter *f = &q->filter;
    ot_buf b = OT_BUF_INIT;
    ot_buf_puts(&b, "");
    for (size_t i = 0; i < f->n_authorities; i++)
        put_value(&b, "la", f->authorities[i]);
    if (f->region)
        put_value(&b, "region", f->region);
    if (f->framework)
        put_value(&b, "framework", f->framework);
    if (f->section)
        put_value(&b, "section", f->section);
    if (f->grade)
        ot_buf_printf(&b, "grade:%d ", f->grade);
    if (f->overall)
        ot_buf_printf(&b, "overall:%d ", f->overall);
    if (f->from_year)
        ot_buf_printf(&b, "from:%d ", f->from_year);
    if (f->to_year)
        ot_buf_printf(&b, "to:%d ", f->to_year);
    return ot_buf_steal(&b);
}

void ot_search_query_free(ot_search_query *q)
{
    for (size_t i = 0; i < q->n_owned; i++)
        free(q->owned[i]);
    free(q->owned);
    *q = (ot_search_query)OT_SEARCH_QUERY_INIT;
}
