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

int rp_actions(const rp_doc *d, rp_kind kind, const rp_paras *ps, ot_report *r, rp_insp *in,
                   ot_buf *nb)
{
    size_t from = d->n, to = d->n;
    if (kind == RP_ILACS) {
        for (size_t i = 0; i < d->n; i++) {
            const rp_line *l = &d->lines[i];
            if (!rp_usable(l) || l->indent > 4)
                continue;
            if (rp_starts(rp_norm(nb, l->s, (size_t)l->len), "what needs to improve")) {
                from = i + 1;
                break;
            }
        }
        if (from == d->n)
            return 0; /* e.g. all outstanding: no such section */
        /* The list ends at the first numbered paragraph after it. */
        to = d->n;
        bool any = false;
        for (size_t k = 0; k < ps->n; k++) {
            if (ps->p[k].number == 0)
                continue;
            if (!any)
                to = ps->p[k].first;
            any = true;
            if (ps->p[k].first > from) {
                to = ps->p[k].first;
                break;
            }
        }
    } else if (kind == RP_LAC2013) {
        from = rp_find_line(d, 0, 0, 4, "areas for improvement", nb);
        if (from == d->n)
            return 0;
        from++;
        to = rp_find_line(d, from, 0, 4, "outcomes for looked after", nb);
    } else {
        for (size_t i = 0; i < d->n; i++) {
            const rp_line *l = &d->lines[i];
            if (!rp_usable(l) || l->indent > 4 || l->page < 2)
                continue;
            const char *n = rp_norm(nb, l->s, (size_t)l->len);
            if (rp_starts(n, "what does the local authority need to improve") ||
                rp_starts(n, "what does the lscb need to improve") ||
                strcmp(n, "recommendations") == 0 || strcmp(n, "recommendations:") == 0) {
                from = i + 1;
                break;
            }
        }
        if (from == d->n)
            return 0;
        for (to = from; to < d->n; to++) {
            const rp_line *l = &d->lines[to];
            if (!rp_usable(l) || l->indent > 4)
                continue;
            const char *n = rp_norm(nb, l->s, (size_t)l->len);
            bool end = false;
            for (int k = 0; sif_action_ends[k]; k++)
                end |= rp_starts(n, sif_action_ends[k]);
            if (end)
                break;
        }
        size_t got = 0;
        for (size_t k = 0; k < ps->n; k++) {
            if (ps->p[k].number == 0 || ps->p[k].first < from || ps->p[k].first >= to)
                continue;
            got++;
            if (placeholder(ps->p[k].text))
                continue;
            if (rp_add_action(r, in, ps->p[k].text))
                return -1;
        }
        if (got)
            return 0;
    }
    rp_items it = {NULL, 0, 0};
    int n = rp_collect_bullets(d, from, to, &it);
    if (n < 0)
        return -1;
    int rc = 0;
    for (size_t k = 0; k < it.n && rc == 0; k++)
        if (!placeholder(it.text[k]))
            rc = rp_add_action(r, in, it.text[k]);
    rp_items_free(&it);
    return rc;
}
