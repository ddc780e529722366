/* Improvement actions: "What needs to improve", "Recommendations",
 * "What does the local authority need to improve?" and the 2013 "Areas
 * for improvement". */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- improvement actions --------------------------------------------------------- */

static bool placeholder(const char *text)
{
    ot_buf nb = OT_BUF_INIT;
    const char *n = rp_norm(&nb, text, strlen(text));
    bool p = strstr(n, "no areas for priority") || strstr(n, "not find any areas for priority") ||
             strstr(n, "no priority and immediate action") ||
             strstr(n, "no areas for immediate action");
    ot_buf_free(&nb);
    return p;
}

static const char *const sif_action_ends[] = {
    "the local authority's strengths",
    "the local authority has the following strengths",
    "summary for children",
    "information about this inspection",
    "information about this local authority area",
    "inspection judgements about",
    "the experiences and progress of",
    "progress since the last inspection",
    "the local safeguarding children board",
    "what the inspection judgements mean",
    "inspection findings",
    NULL,
};

/* A list's lines [from, to); from == d->n when the report has none. */
typedef struct list_range {
    size_t from, to;
} list_range;

/* ILACS: after "What needs to improve", up to the first numbered
 * paragraph after it. */
static list_range ilacs_list(const rp_doc *d, const rp_paras *ps, ot_buf *nb)
{
    list_range lr = {d->n, d->n};
    for (size_t i = 0; i < d->n; i++) {
        const rp_line *l = &d->lines[i];
        if (!rp_usable(l) || l->indent > 4)
            continue;
        if (rp_starts(rp_norm(nb, l->s, (size_t)l->len), "what needs to improve")) {
            lr.from = i + 1;
            break;
        }
    }
    if (lr.from == d->n)
        return lr; /* e.g. all outstanding: no such section */
    bool any = false;
    for (size_t k = 0; k < ps->n; k++) {
        if (ps->p[k].number == 0)
            continue;
        if (!any)
            lr.to = ps->p[k].first;
        any = true;
        if (ps->p[k].first > lr.from) {
            lr.to = ps->p[k].first;
            break;
        }
    }
    return lr;
}

/* 2013 looked-after children: "Areas for improvement" up to the first
 * judged section. */
static list_range lac_list(const rp_doc *d, ot_buf *nb)
{
    list_range lr = {d->n, d->n};
    size_t i = rp_find_line(d, 0, 0, 4, "areas for improvement", nb);
    if (i == d->n)
        return lr;
    lr.from = i + 1;
    lr.to = rp_find_line(d, lr.from, 0, 4, "outcomes for looked after", nb);
    return lr;
}

/* SIF: "What does the local authority need to improve?" or
 * "Recommendations" (not on page 1) up to the next of sif_action_ends. */
static list_range sif_list(const rp_doc *d, ot_buf *nb)
{
    list_range lr = {d->n, d->n};
    for (size_t i = 0; i < d->n; i++) {
        const rp_line *l = &d->lines[i];
        if (!rp_usable(l) || l->indent > 4 || l->page < 2)
            continue;
        const char *n = rp_norm(nb, l->s, (size_t)l->len);
        if (rp_starts(n, "what does the local authority need to improve") ||
            rp_starts(n, "what does the lscb need to improve") ||
            strcmp(n, "recommendations") == 0 || strcmp(n, "recommendations:") == 0) {
            lr.from = i + 1;
            break;
        }
    }
    if (lr.from == d->n)
        return lr;
    for (lr.to = lr.from; lr.to < d->n; lr.to++) {
        const rp_line *l = &d->lines[lr.to];
        if (!rp_usable(l) || l->indent > 4)
            continue;
        const char *n = rp_norm(nb, l->s, (size_t)l->len);
        bool end = false;
        for (int k = 0; sif_action_ends[k]; k++)
            end |= rp_starts(n, sif_action_ends[k]);
        if (end)
            break;
    }
    return lr;
}

/* The numbered paragraphs in the range as actions (SIF items share the
 * report's numbering): returns how many paragraphs the range holds,
 * placeholders included, or -1 on no memory. */
static long numbered_items(const rp_paras *ps, list_range lr, ot_report *r, rp_insp *in)
{
    long got = 0;
    for (size_t k = 0; k < ps->n; k++) {
        if (ps->p[k].number == 0 || ps->p[k].first < lr.from || ps->p[k].first >= lr.to)
            continue;
        got++;
        if (!placeholder(ps->p[k].text) && rp_add_action(r, in, ps->p[k].text))
            return -1;
    }
    return got;
}

/* The bullets in the range as actions.  Returns 0 or -1 on no memory. */
static int bullet_items(const rp_doc *d, list_range lr, ot_report *r, rp_insp *in)
{
    rp_items it = {NULL, 0, 0};
    if (rp_collect_bullets(d, lr.from, lr.to, &it) < 0)
        return -1;
    int rc = 0;
    for (size_t k = 0; k < it.n && rc == 0; k++)
        if (!placeholder(it.text[k]))
            rc = rp_add_action(r, in, it.text[k]);
    rp_items_free(&it);
    return rc;
}

int rp_actions(const rp_doc *d, rp_kind kind, const rp_paras *ps, ot_report *r, rp_insp *in,
               ot_buf *nb)
{
    list_range lr = kind == RP_ILACS     ? ilacs_list(d, ps, nb)
                    : kind == RP_LAC2013 ? lac_list(d, nb)
                                         : sif_list(d, nb);
    if (lr.from == d->n)
        return 0;
    if (kind != RP_ILACS && kind != RP_LAC2013) {
        long got = numbered_items(ps, lr, r, in);
        if (got != 0)
            return got < 0 ? -1 : 0;
    }
    return bullet_items(d, lr, r, in);
}
