/* Judgements: the grade tables of page 1 and the sentences that state
 * a grade (SIF overall judgement, LSCB). */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- judgements --------------------------------------------------------------- */

/* Does n start with one of the NULL-terminated prefixes? */
static bool starts_any(const char *n, const char *const *prefixes)
{
    for (; *prefixes; prefixes++)
        if (rp_starts(n, *prefixes))
            return true;
    return false;
}

static bool ilacs_row_start(const char *n)
{
    static const char *const starts[] = {"the impact of", "impact of", "the experiences", "experiences and",
                                         "overall effectiveness", NULL};
    return starts_any(n, starts);
}

static const char *ilacs_area(const char *n)
{
    if (strstr(n, "impact of leaders"))
        return "leaders";
    if (rp_starts(n, "overall effectiveness"))
        return "overall";
    if (strstr(n, "need help") || strstr(n, "protection"))
        return "help_protection";
    if (strstr(n, "children in care"))
        return "in_care";
    if (strstr(n, "care leavers"))
        return "care_leavers";
    return NULL;
}

static bool sif_row_start(const char *n)
{
    return isdigit((unsigned char)n[0]) && (n[1] == '.' || n[1] == ' ');
}

static const char *sif_area(const char *n)
{
    if (strstr(n, "help and protection") || strstr(n, "need help"))
        return "help_protection";
    if (strstr(n, "adoption"))
        return "adoption";
    if (strstr(n, "care leavers"))
        return "care_leavers";
    if (strstr(n, "looked after"))
        return "in_care";
    if (strstr(n, "leadership"))
        return "leaders";
    return NULL;
}

static bool lac_row_start(const char *n)
{
    static const char *const starts[] = {"overall effectiveness", "capacity to improve", "outcomes for",
                                         "quality of provision", "leadership and management", NULL};
    return starts_any(n, starts);
}

static const char *lac_area(const char *n)
{
    if (rp_starts(n, "overall"))
        return "overall";
    if (rp_starts(n, "capacity"))
        return "capacity";
    if (rp_starts(n, "outcomes"))
        return "outcomes";
    if (rp_starts(n, "quality"))
        return "provision";
    if (rp_starts(n, "leadership"))
        return "leaders";
    return NULL;
}

static int add_rows(ot_report *r, rp_insp *in, rp_row *rows, int n)
{
    for (int k = 0; k < n; k++) {
        if (!rows[k].area || rows[k].grade < 0)
            continue;
        if (rp_add_judgement(r, in, rows[k].area, rows[k].label, rows[k].grade,
                             rows[k].grade_label))
            return -1;
    }
    return 0;
}

/* Grade phrase following `after` in normalised sentence n, as printed
 * in raw: returns grade or -1; label copied into lab. */
static int sentence_grade(const char *raw, const char *after, ot_buf *lab, ot_buf *nb)
{
    const char *n = rp_norm(nb, raw, strlen(raw));
    const char *p = strstr(n, after);
    if (!p)
        return -1;
    p += strlen(after);
    static const char *const fillers[] = {" is that it is", " is that it", " is that children's services are",
                                          " is that children's services", " is that they are", " is", " are",
                                          ":", NULL};
    for (int k = 0; fillers[k]; k++)
        if (rp_starts(p, fillers[k])) {
            p += strlen(fillers[k]);
            break;
        }
    while (*p == ' ')
        p++;
    size_t used;
    int g = rp_grade_at(p, &used);
    if (g < 0)
        return -1;
    /* The normalised text is ASCII where grade words are: copy the printed
     * case by locating the same words case-insensitively in raw. */
    ot_buf_reset(lab);
    const char *q = raw;
    size_t qlen = strlen(raw);
    for (size_t i = 0; i + used <= qlen + 8 && i < qlen; i++) {
        size_t u2;
        if ((i == 0 || !isalnum((unsigned char)q[i - 1])) && rp_grade_at(q + i, &u2) == g) {
            /* Take the last such phrase at or after the verb's position. */
            ot_buf_reset(lab);
            rp_join(lab, q + i, u2);
        }
    }
    if (!lab->len)
        rp_join(lab, p, used);
    return g;
}

/* The grade in a sentence starting at line i: read with the next line
 * joined (grades wrap), then with one more. */
static int grade_sentence_at(const rp_doc *d, size_t i, const char *after, ot_buf *lab,
                             ot_buf *nb)
{
    ot_buf raw = OT_BUF_INIT;
    size_t j = i;
    int g = -1;
    for (int k = 0; k < 3 && j < d->n && g < 0; k++) {
        rp_join(&raw, d->lines[j].s, (size_t)d->lines[j].len);
        j = rp_next_usable(d, j);
        if (k == 0)
            continue;
        g = sentence_grade(ot_buf_str(&raw), after, lab, nb);
    }
    ot_buf_free(&raw);
    return g;
}

static int sif_overall(const rp_doc *d, ot_report *r, rp_insp *in, ot_buf *nb)
{
    ot_buf lab = OT_BUF_INIT;
    for (size_t i = 0; i < d->n && d->lines[i].page <= 2; i++) {
        const rp_line *l = &d->lines[i];
        if (!rp_usable(l) || l->indent > 8)
            continue;
        const char *n = rp_norm(nb, l->s, (size_t)l->len);
        const char *after = NULL;
        if (rp_starts(n, "the overall judgement is"))
            after = "the overall judgement";
        else if (rp_starts(n, "children's services in"))
            after = "children's services in";
        if (!after)
            continue;
        int g;
        if (strcmp(after, "children's services in") == 0) {
            /* "Children's services in <LA> are good": grade after " are " /
             * " require" / " requires". */
            ot_buf raw = OT_BUF_INIT;
            size_t j = i;
            g = -1;
            for (int k = 0; k < 3 && j < d->n && g < 0; k++) {
                rp_join(&raw, d->lines[j].s, (size_t)d->lines[j].len);
                const char *nn = rp_norm(nb, raw.data, raw.len);
                const char *p = strstr(nn, " are ");
                const char *q1 = strstr(nn, " require");
                if (q1 && (!p || q1 < p))
                    p = q1;
                else if (p)
                    p += 4;
                if (p) {
                    while (*p == ' ')
                        p++;
                    size_t used;
                    g = rp_grade_at(p, &used);
                    if (g >= 0 && (g != 3 || k == 2 || strstr(p, "improvement"))) {
                        ot_buf_reset(&lab);
                        rp_join(&lab, raw.data + (p - nn), used);
                        /* raw and nn align only when ASCII before p; fall
                         * back to the normalised words otherwise. */
                        ot_buf chk = OT_BUF_INIT;
                        const char *ln = rp_norm(&chk, lab.data, lab.len);
                        size_t u3;
                        if (rp_grade_at(ln, &u3) != g) {
                            ot_buf_reset(&lab);
                            rp_join(&lab, p, used);
                        }
                        ot_buf_free(&chk);
                    } else {
                        g = -1;
                    }
                }
                j = rp_next_usable(d, j);
            }
            ot_buf_free(&raw);
        } else {
            g = grade_sentence_at(d, i, after, &lab, nb);
        }
        if (g >= 0) {
            int rc = rp_add_judgement(r, in, "overall", "Overall effectiveness", g, lab.data);
            ot_buf_free(&lab);
            return rc;
        }
    }
    ot_buf_free(&lab);
    rp_warn(r, "no overall judgement sentence found");
    return 0;
}

/* The LSCB's grade: the first sentence that states it. */
static int lscb_grade(const rp_doc *d, ot_report *r, rp_insp *in, ot_buf *nb)
{
    static const char *const subjects[] = {
        "the effectiveness of the local safeguarding children board (lscb)",
        "the effectiveness of the local safeguarding children board",
        "the judgement for the effectiveness of the local safeguarding children board (lscb)",
        "the judgement for the effectiveness of the local safeguarding children board",
        "the local safeguarding children board (lscb)",
        "the local safeguarding children board",
        "the effectiveness of the lscb",
        "the local safeguarding children", /* Somerset 2015 drops "Board" */
        NULL,
    };
    ot_buf lab = OT_BUF_INIT, raw = OT_BUF_INIT, n2 = OT_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < d->n; i++) {
        const rp_line *l = &d->lines[i];
        if (!rp_usable(l) || l->indent > 8)
            continue;
        const char *n = rp_norm(nb, l->s, (size_t)l->len);
        if (!rp_starts(n, "the effectiveness of the") && !rp_starts(n, "the local safeguarding") &&
            !rp_starts(n, "the judgement for the effectiveness"))
            continue;
        ot_buf_reset(&raw);
        rp_join(&raw, l->s, (size_t)l->len);
        size_t j = rp_next_usable(d, i);
        if (j < d->n)
            rp_join(&raw, d->lines[j].s, (size_t)d->lines[j].len);
        const char *nn = rp_norm(&n2, raw.data, raw.len);
        for (int k = 0; subjects[k]; k++) {
            if (!rp_starts(nn, subjects[k]))
                continue;
            const char *p = nn + strlen(subjects[k]);
            if (rp_starts(p, " is that it is"))
                p += 14;
            else if (rp_starts(p, " is"))
                p += 3;
            while (*p == ' ')
                p++;
            size_t used;
            int g = rp_grade_at(p, &used);
            if (g < 0)
                break;
            ot_buf_reset(&lab);
            rp_join(&lab, p, used);
            /* Printed case: find the same words in raw. */
            for (size_t q = 0; q < raw.len; q++) {
                size_t u2;
                if ((q == 0 || raw.data[q - 1] == ' ') && rp_grade_at(raw.data + q, &u2) == g &&
                    strncasecmp(raw.data + q, p, 4) == 0) {
                    ot_buf_reset(&lab);
                    rp_join(&lab, raw.data + q, u2);
                }
            }
            rc = rp_add_judgement(r, in, "lscb", "Local Safeguarding Children Board", g,
                                  lab.data);
            goto out;
        }
    }
    rp_warn(r, "no LSCB judgement found");
out:
    ot_buf_free(&lab);
    ot_buf_free(&raw);
    ot_buf_free(&n2);
    return rc;
}

/* Read the table starting at line `from` with spec and add its rows.
 * Returns 0 or -1 on no memory. */
static int table_rows(const rp_doc *d, size_t from, const rp_table_spec *spec, ot_report *r,
                      rp_insp *in)
{
    rp_row rows[8];
    size_t end;
    int n = rp_table(d, from, spec, rows, 8, &end, r);
    if (n < 0)
        return -1;
    int rc = add_rows(r, in, rows, n);
    rp_rows_free(rows, n);
    return rc;
}

/* The first usable line of pages 1 and 2 whose normalised text matches;
 * the index where the search stopped (a later page's line, or d->n) when
 * none does. */
static size_t early_line(const rp_doc *d, bool (*match)(const char *n), ot_buf *nb)
{
    size_t i;
    for (i = 0; i < d->n && d->lines[i].page <= 2; i++) {
        const rp_line *l = &d->lines[i];
        if (rp_usable(l) && match(rp_norm(nb, l->s, (size_t)l->len)))
            break;
    }
    return i;
}

static bool ilacs_table_head(const char *n)
{
    return rp_starts(n, "judgement") && strstr(n, "grade");
}

static bool sif_first_row(const char *n)
{
    return sif_row_start(n) && strstr(n, "children");
}

/* ILACS: the "Judgement  Grade" table of page 1 (or 2). */
static int ilacs_judgements(const rp_doc *d, ot_report *r, rp_insp *in, ot_buf *nb)
{
    size_t i = early_line(d, ilacs_table_head, nb);
    if (i >= d->n || d->lines[i].page > 2) {
        rp_warn(r, "no judgement table found");
        return 0;
    }
    rp_table_spec spec = {ilacs_row_start, ilacs_area, 5, 30, false};
    return table_rows(d, i + 1, &spec, r, in);
}

/* SIF: the overall judgement sentence, the numbered table, and the LSCB
 * sentence when the report reviews the LSCB. */
static int sif_judgements(const rp_doc *d, rp_kind kind, bool with_lscb, ot_report *r, rp_insp *in,
                          ot_buf *nb)
{
    if (sif_overall(d, r, in, nb))
        return -1;
    size_t i = early_line(d, sif_first_row, nb);
    /* Start a few lines up: a wrapped grade may sit above row 1. */
    size_t from = i;
    for (int k = 0; k < 3 && from > 0; k++)
        from--;
    rp_table_spec spec = {sif_row_start, sif_area, 5, 40, true};
    if (table_rows(d, from, &spec, r, in))
        return -1;
    if (with_lscb && kind == RP_SIF)
        return lscb_grade(d, r, in, nb);
    return 0;
}

/* 2013 looked-after children: the "Record of main findings" table. */
static int lac_judgements(const rp_doc *d, ot_report *r, rp_insp *in, ot_buf *nb)
{
    size_t i = rp_find_line(d, 0, 0, 4, "record of main findings", nb);
    if (i == d->n) {
        rp_warn(r, "no record of main findings");
        return 0;
    }
    rp_table_spec spec = {lac_row_start, lac_area, 5, 40, true};
    return table_rows(d, i + 1, &spec, r, in);
}

int rp_judgements(const rp_doc *d, rp_kind kind, bool with_lscb, ot_report *r, rp_insp *in,
                  ot_buf *nb)
{
    switch (kind) {
    case RP_ILACS:
        return ilacs_judgements(d, r, in, nb);
    case RP_SIF:
    case RP_SIF_REINSP:
        return sif_judgements(d, kind, with_lscb, r, in, nb);
    case RP_LSCB:
        return lscb_grade(d, r, in, nb);
    case RP_LAC2013:
        break;
    }
    return lac_judgements(d, r, in, nb);
}
