/* Recognising and parsing one report from its pdftotext -layout text:
 * kind, authority, dates, lead inspector, judgements, improvement actions
 * and numbered paragraphs.  See doc of the formats in report.h. */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- ownership helpers ------------------------------------------------ */

char *rp_own(ot_report *r, char *s)
{
    if (!s)
        return NULL;
    if (r->n_strs == r->cap_strs) {
        size_t nc = r->cap_strs ? r->cap_strs * 2 : 64;
        char **t = realloc(r->strs, nc * sizeof *t);
        if (!t) {
            free(s);
            return NULL;
        }
        r->strs = t;
        r->cap_strs = nc;
    }
    r->strs[r->n_strs++] = s;
    return s;
}

char *rp_strdup(ot_report *r, const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (!c)
        return NULL;
    memcpy(c, s, len);
    c[len] = '\0';
    return rp_own(r, c);
}

void rp_warn(ot_report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ot_buf_vprintf(&r->warnings, fmt, ap);
    va_end(ap);
    ot_buf_putc(&r->warnings, '\n');
}

#define GROW(arr, n, cap)                                                  \
    do {                                                                   \
        if ((n) == (cap)) {                                                \
            size_t nc_ = (cap) ? (cap) * 2 : 16;                           \
            void *t_ = realloc((arr), nc_ * sizeof *(arr));                \
            if (!t_)                                                       \
                return -1;                                                 \
            (arr) = t_;                                                    \
            (cap) = nc_;                                                   \
        }                                                                  \
    } while (0)

int rp_add_judgement(ot_report *r, rp_insp *in, const char *area, const char *area_label,
                     int grade, const char *grade_label)
{
    GROW(in->judg, in->n_judg, in->cap_judg);
    ot_judgement_rec *j = &in->judg[in->n_judg];
    j->area = area;
    j->area_label = area_label ? rp_strdup(r, area_label, strlen(area_label)) : NULL;
    j->grade = grade;
    j->grade_label = grade_label ? rp_strdup(r, grade_label, strlen(grade_label)) : NULL;
    if ((area_label && !j->area_label) || (grade_label && !j->grade_label))
        return -1;
    /* A later sentence never overrides what the table said. */
    for (size_t k = 0; k < in->n_judg; k++)
        if (strcmp(in->judg[k].area, area) == 0)
            return 0;
    in->n_judg++;
    return 0;
}

int rp_add_action(ot_report *r, rp_insp *in, const char *text)
{
    GROW(in->act, in->n_act, in->cap_act);
    ot_action_rec *a = &in->act[in->n_act];
    a->ordinal = (int)in->n_act + 1;
    a->text = rp_strdup(r, text, strlen(text));
    if (!a->text)
        return -1;
    in->n_act++;
    return 0;
}

int rp_add_finding(ot_report *r, rp_insp *in, const char *section, const char *section_label,
                   int paragraph, int page, const char *text)
{
    GROW(in->find, in->n_find, in->cap_find);
    ot_finding_rec *f = &in->find[in->n_find];
    f->section = section;
    f->section_label = section_label ? rp_strdup(r, section_label, strlen(section_label)) : NULL;
    f->paragraph = paragraph;
    f->page = page;
    f->text = rp_strdup(r, text, strlen(text));
    if (!f->text || (section_label && !f->section_label))
        return -1;
    in->n_find++;
    return 0;
}

/* ---- helpers on the line model ----------------------------------------- */

static bool usable(const rp_line *l)
{
    return !l->blank && !l->furniture && !l->contents;
}

static size_t next_usable(const rp_doc *d, size_t i)
{
    for (i++; i < d->n; i++)
        if (usable(&d->lines[i]))
            return i;
    return d->n;
}

/* First usable line at or after `from`, with indent <= max_indent, on a
 * page <= max_page (0: any), whose normalised text starts with prefix. */
static size_t find_line(const rp_doc *d, size_t from, int max_page, int max_indent,
                        const char *prefix, ot_buf *nb)
{
    for (size_t i = from; i < d->n; i++) {
        const rp_line *l = &d->lines[i];
        if (max_page && l->page > max_page)
            break;
        if (!usable(l) || l->indent > max_indent)
            continue;
        if (rp_starts(rp_norm(nb, l->s, (size_t)l->len), prefix))
            return i;
    }
    return d->n;
}

/* Text after the first ':' of line i (or after skip bytes of its
 * normalised form when there is none), trimmed. */
static const char *after_colon(const rp_line *l)
{
    const char *c = strchr(l->s, ':');
    if (!c)
        return NULL;
    c++;
    while (*c == ' ')
        c++;
    return c;
}

/* ---- kinds --------------------------------------------------------------- */

static int classify(const rp_doc *d, const char *text, size_t len, rp_kind *kind,
                    bool *with_lscb, ot_error *err)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    if (len - i >= 5 && (strncasecmp(text + i, "<!doc", 5) == 0 || strncasecmp(text + i, "<html", 5) == 0)) {
        ot_error_set(err, "not an Ofsted local-authority report: an HTML page, not a PDF");
        return -1;
    }
    ot_buf nb = OT_BUF_INIT;
    bool lac = false, reinsp = false, sif = false, lscb = false, ilacs_title = false,
         date = false, any = false;
    for (size_t k = 0; k < d->n && d->lines[k].page <= 1; k++) {
        const rp_line *l = &d->lines[k];
        if (l->blank)
            continue;
        any = true;
        const char *n = rp_norm(&nb, l->s, (size_t)l->len);
        if (strstr(n, "inspection of looked after children") ||
            strstr(n, "inspection of safeguarding and looked after"))
            lac = true;
        if (strstr(n, "re-inspection of services for children"))
            reinsp = true;
        else if (strstr(n, "inspection of services for children in need"))
            sif = true;
        if (strstr(n, "review of the effectiveness of the local safeguarding"))
            lscb = true;
        if (rp_starts(n, "inspection of") &&
            (strstr(n, "children's") || strstr(n, "children and families trust") ||
             strstr(n, "trust") || strstr(n, "children first") || strstr(n, "local")))
            ilacs_title = true;
        if (rp_starts(n, "inspection of") && !strstr(n, "children") && k + 1 < d->n)
            ilacs_title = true; /* wrapped: "Inspection of Cambridgeshire local" */
        if (rp_starts(n, "inspection date"))
            date = true;
    }
    ot_buf_free(&nb);
    *with_lscb = lscb;
    if (!any) {
        ot_error_set(err, "not an Ofsted local-authority report: page 1 has no text");
        return -1;
    }
    if (lac)
        *kind = RP_LAC2013;
    else if (reinsp)
        *kind = RP_SIF_REINSP;
    else if (sif)
        *kind = RP_SIF;
    else if (lscb && date)
        *kind = RP_LSCB;
    else if (ilacs_title && date)
        *kind = RP_ILACS;
    else {
        ot_error_set(err, "not an Ofsted local-authority report: page 1 has no inspection "
                          "title and date");
        return -1;
    }
    return 0;
}

/* ---- authority name -------------------------------------------------------- */

static const char *const name_suffixes[] = {
    " local authority children's services",
    " local authority children's social care services",
    " children's social care services",
    " children's services",
    " children and families trust",
    " safeguarding children board",
    NULL,
};

static char *la_name(const rp_doc *d, rp_kind kind, ot_report *r)
{
    ot_buf nb = OT_BUF_INIT, raw = OT_BUF_INIT;
    char *res = NULL;
    size_t first = d->n;
    for (size_t i = 0; i < d->n && d->lines[i].page == 1; i++)
        if (!d->lines[i].blank) {
            first = i;
            break;
        }
    if (first == d->n)
        goto out;
    if (kind == RP_LAC2013) {
        /* Title lines, then the name. */
        for (size_t i = first; i < d->n && d->lines[i].page == 1; i++) {
            const rp_line *l = &d->lines[i];
            if (l->blank)
                continue;
            const char *n = rp_norm(&nb, l->s, (size_t)l->len);
            if (rp_starts(n, "inspection of") || strcmp(n, "services") == 0 ||
                rp_starts(n, "services"))
                continue;
            rp_join(&raw, l->s, (size_t)l->len);
            break;
        }
    } else {
        const rp_line *l = &d->lines[first];
        const char *n = rp_norm(&nb, l->s, (size_t)l->len);
        if (kind == RP_ILACS && rp_starts(n, "inspection of")) {
            /* "Inspection of <LA> local" / "authority children's services" */
            for (size_t i = first; i < d->n && i < first + 4; i++) {
                if (d->lines[i].blank)
                    break;
                rp_join(&raw, d->lines[i].s, (size_t)d->lines[i].len);
                n = rp_norm(&nb, raw.data, raw.len);
                if (strstr(n, "services") || strstr(n, "trust") || strstr(n, "children first"))
                    break;
            }
            /* Cut "Inspection of " off the front. */
            const char *s = ot_buf_str(&raw) + strlen("Inspection of ");
            char *tmp = strdup(s);
            if (!tmp)
                goto out;
            ot_buf_reset(&raw);
            ot_buf_puts(&raw, tmp);
            free(tmp);
        } else {
            rp_join(&raw, l->s, (size_t)l->len);
            /* The name may wrap: "Blackburn with Darwen Borough" /
             * "Council", before the title. */
            size_t j = first + 1;
            if (j < d->n && d->lines[j].page == 1 && !d->lines[j].blank) {
                const char *m = rp_norm(&nb, d->lines[j].s, (size_t)d->lines[j].len);
                if (!rp_starts(m, "inspection") && !rp_starts(m, "re-inspection") &&
                    !rp_starts(m, "review") && strlen(m) < 40)
                    rp_join(&raw, d->lines[j].s, (size_t)d->lines[j].len);
            }
        }
    }
    /* Drop a service-name suffix, comparing in normalised form; the
     * normalised and printed strings differ only in apostrophes, so cut
     * by counting words. */
    for (int k = 0; name_suffixes[k]; k++) {
        const char *n = rp_norm(&nb, ot_buf_str(&raw), raw.len);
        size_t nl = strlen(n), sl = strlen(name_suffixes[k]);
        if (nl > sl && strcmp(n + nl - sl, name_suffixes[k]) == 0) {
            int words = 0;
            for (const char *p = name_suffixes[k]; *p; p++)
                words += *p == ' ';
            char *s = raw.data;
            size_t e = raw.len;
            while (words > 0 && e > 0) {
                e--;
                if (s[e] == ' ')
                    words--;
            }
            raw.len = e;
            raw.data[e] = '\0';
            break;
        }
    }
    /* ILACS titles read "Inspection of the Royal Borough of X local
     * authority ...", "... of Leeds City local authority ...": the article
     * and a bare "City" / "Borough" are not part of the authority's name. */
    if (kind == RP_ILACS) {
        static const char *const tails[] = {" City", " Borough", NULL};
        for (int k = 0; tails[k]; k++) {
            size_t tl = strlen(tails[k]);
            if (raw.len > tl && strcmp(raw.data + raw.len - tl, tails[k]) == 0) {
                raw.len -= tl;
                raw.data[raw.len] = '\0';
            }
        }
    }
    {
        const char *s = ot_buf_str(&raw);
        if (kind == RP_ILACS && strncasecmp(s, "the ", 4) == 0)
            s += 4;
        if (*s)
            res = rp_strdup(r, s, strlen(s));
    }
out:
    ot_buf_free(&nb);
    ot_buf_free(&raw);
    return res;
}

/* ---- dates, publication, lead inspector ----------------------------------------- */

static bool starts_date_text(const rp_line *l)
{
    const char *s = l->s + l->indent;
    if (isdigit((unsigned char)*s))
        return true;
    if (strncasecmp(s, "and ", 4) == 0)
        return true;
    size_t w = 0;
    while (isalpha((unsigned char)s[w]))
        w++;
    return ot_date_month(s, w) != 0;
}

static int inspection_dates(const rp_doc *d, ot_date_range *dr, ot_buf *nb)
{
    size_t i = find_line(d, 0, 2, 8, "inspection date", nb);
    if (i == d->n)
        return -1;
    const rp_line *l = &d->lines[i];
    const char *s = after_colon(l);
    if (!s) {
        s = l->s + l->indent + strlen("Inspection date");
        if (*s == 's')
            s++;
    }
    ot_buf t = OT_BUF_INIT;
    ot_buf_puts(&t, s);
    size_t j = next_usable(d, i);
    int rc = ot_date_parse_range(t.data, t.len, dr);
    if (j < d->n && d->lines[j].page == l->page && starts_date_text(&d->lines[j]) &&
        j - i <= 2) {
        ot_date_range dr2;
        ot_buf_putc(&t, ' ');
        ot_buf_puts(&t, d->lines[j].s);
        if (ot_date_parse_range(t.data, t.len, &dr2) == 0) {
            *dr = dr2;
            rc = 0;
        }
    }
    ot_buf_free(&t);
    return rc;
}

static int published_date(const rp_doc *d, ot_date *out, ot_buf *nb)
{
    for (size_t i = 0; i < d->n && d->lines[i].page <= 2; i++) {
        const rp_line *l = &d->lines[i];
        if (!usable(l) || l->indent > 8)
            continue;
        const char *n = rp_norm(nb, l->s, (size_t)l->len);
        if (!rp_starts(n, "report published") && !rp_starts(n, "published"))
            continue;
        const char *s = after_colon(l);
        if (!s)
            s = l->s + l->indent + (rp_starts(n, "report") ? 16 : 9);
        if (ot_date_parse(s, out))
            return 0;
    }
    return -1;
}

static const char *const inspector_tails[] = {
    ", her majesty's inspector", ", his majesty's inspector", " her majesty's inspector",
    " his majesty's inspector", ", senior hmi", " senior hmi", ", hmi", " hmi", NULL,
};

/* Remove each tail (normalised comparison; printed apostrophes may be
 * curly, so cut by the normalised length mapped back character-wise). */
static void strip_tails(ot_buf *raw, ot_buf *nb)
{
    bool again = true;
    while (again) {
        again = false;
        while (raw->len && (raw->data[raw->len - 1] == ',' || raw->data[raw->len - 1] == ' ' ||
                            raw->data[raw->len - 1] == '.')) {
            raw->data[--raw->len] = '\0';
        }
        const char *n = rp_norm(nb, ot_buf_str(raw), raw->len);
        size_t nl = strlen(n);
        for (int k = 0; inspector_tails[k]; k++) {
            size_t tl = strlen(inspector_tails[k]);
            if (nl >= tl && strcmp(n + nl - tl, inspector_tails[k]) == 0) {
                /* Count characters to drop from the printed text. */
                size_t chars = tl, e = raw->len;
                while (chars > 0 && e > 0) {
                    e--;
                    if (((unsigned char)raw->data[e] & 0xC0) != 0x80)
                        chars--;
                }
                raw->len = e;
                raw->data[e] = '\0';
                again = true;
                break;
            }
        }
    }
}

static char *lead_inspector(const rp_doc *d, rp_kind kind, ot_report *r, ot_buf *nb)
{
    ot_buf raw = OT_BUF_INIT;
    char *res = NULL;
    size_t i;
    if (kind == RP_LAC2013) {
        i = find_line(d, 0, 2, 8, "reporting inspector", nb);
        if (i < d->n) {
            const char *s = d->lines[i].s + d->lines[i].indent + strlen("Reporting inspector");
            while (*s == ' ' || *s == ':')
                s++;
            rp_join(&raw, s, strlen(s));
        }
    } else {
        int max_page = kind == RP_ILACS ? 2 : 0;
        i = find_line(d, 0, max_page, 4, "lead inspector", nb);
        if (i < d->n) {
            const char *s = after_colon(&d->lines[i]);
            if (s) {
                rp_join(&raw, s, strlen(s));
                /* "Lead inspectors: A, His Majesty's Inspector, and B," */
                size_t j = next_usable(d, i);
                if (raw.len && raw.data[raw.len - 1] == ',' && j < d->n)
                    rp_join(&raw, d->lines[j].s, (size_t)d->lines[j].len);
            }
        }
    }
    if (!raw.len)
        goto out;
    /* Tidy "A, His Majesty's Inspector, and B, His Majesty's Inspector". */
    {
        ot_buf out = OT_BUF_INIT;
        const char *s = raw.data;
        const char *and_ = strstr(s, ", and ");
        if (and_) {
            ot_buf a = OT_BUF_INIT;
            ot_buf_append(&a, s, (size_t)(and_ - s));
            strip_tails(&a, nb);
            ot_buf_puts(&out, ot_buf_str(&a));
            ot_buf_puts(&out, " and ");
            ot_buf_reset(&a);
            ot_buf_puts(&a, and_ + 6);
            strip_tails(&a, nb);
            ot_buf_puts(&out, ot_buf_str(&a));
            ot_buf_free(&a);
        } else {
            strip_tails(&raw, nb);
            ot_buf_puts(&out, ot_buf_str(&raw));
        }
        if (out.len)
            res = rp_strdup(r, out.data, out.len);
        ot_buf_free(&out);
    }
out:
    ot_buf_free(&raw);
    return res;
}

/* ---- judgements --------------------------------------------------------------- */

static bool ilacs_row_start(const char *n)
{
    return rp_starts(n, "the impact of") || rp_starts(n, "impact of") ||
           rp_starts(n, "the experiences") || rp_starts(n, "experiences and") ||
           rp_starts(n, "overall effectiveness");
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
    return rp_starts(n, "overall effectiveness") || rp_starts(n, "capacity to improve") ||
           rp_starts(n, "outcomes for") || rp_starts(n, "quality of provision") ||
           rp_starts(n, "leadership and management");
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
        j = next_usable(d, j);
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
        if (!usable(l) || l->indent > 8)
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
                j = next_usable(d, j);
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
        if (!usable(l) || l->indent > 8)
            continue;
        const char *n = rp_norm(nb, l->s, (size_t)l->len);
        if (!rp_starts(n, "the effectiveness of the") && !rp_starts(n, "the local safeguarding") &&
            !rp_starts(n, "the judgement for the effectiveness"))
            continue;
        ot_buf_reset(&raw);
        rp_join(&raw, l->s, (size_t)l->len);
        size_t j = next_usable(d, i);
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

static int judgements(const rp_doc *d, rp_kind kind, bool with_lscb, ot_report *r, rp_insp *in,
                      ot_buf *nb)
{
    rp_row rows[8];
    size_t end;
    int n;
    if (kind == RP_ILACS) {
        size_t i;
        for (i = 0; i < d->n && d->lines[i].page <= 2; i++) {
            const rp_line *l = &d->lines[i];
            if (!usable(l))
                continue;
            const char *t = rp_norm(nb, l->s, (size_t)l->len);
            if (rp_starts(t, "judgement") && strstr(t, "grade"))
                break;
        }
        if (i >= d->n || d->lines[i].page > 2) {
            rp_warn(r, "no judgement table found");
            return 0;
        }
        rp_table_spec spec = {ilacs_row_start, ilacs_area, 5, 30, false};
        n = rp_table(d, i + 1, &spec, rows, 8, &end, r);
        if (n < 0)
            return -1;
        int rc = add_rows(r, in, rows, n);
        rp_rows_free(rows, n);
        return rc;
    }
    if (kind == RP_SIF || kind == RP_SIF_REINSP) {
        if (sif_overall(d, r, in, nb))
            return -1;
        size_t i;
        for (i = 0; i < d->n && d->lines[i].page <= 2; i++) {
            const rp_line *l = &d->lines[i];
            if (!usable(l))
                continue;
            const char *t = rp_norm(nb, l->s, (size_t)l->len);
            if (sif_row_start(t) && strstr(t, "children"))
                break;
        }
        /* Start a few lines up: a wrapped grade may sit above row 1. */
        size_t from = i;
        for (int k = 0; k < 3 && from > 0; k++)
            from--;
        rp_table_spec spec = {sif_row_start, sif_area, 5, 40, true};
        n = rp_table(d, from, &spec, rows, 8, &end, r);
        if (n < 0)
            return -1;
        int rc = add_rows(r, in, rows, n);
        rp_rows_free(rows, n);
        if (rc)
            return -1;
        if (with_lscb && kind == RP_SIF)
            return lscb_grade(d, r, in, nb);
        return 0;
    }
    if (kind == RP_LSCB)
        return lscb_grade(d, r, in, nb);
    /* 2013 looked-after children: the "Record of main findings" table. */
    size_t i = find_line(d, 0, 0, 4, "record of main findings", nb);
    if (i == d->n) {
        rp_warn(r, "no record of main findings");
        return 0;
    }
    rp_table_spec spec = {lac_row_start, lac_area, 5, 40, true};
    n = rp_table(d, i + 1, &spec, rows, 8, &end, r);
    if (n < 0)
        return -1;
    int rc = add_rows(r, in, rows, n);
    rp_rows_free(rows, n);
    return rc;
}

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

static int actions(const rp_doc *d, rp_kind kind, const rp_paras *ps, ot_report *r, rp_insp *in,
                   ot_buf *nb)
{
    size_t from = d->n, to = d->n;
    if (kind == RP_ILACS) {
        for (size_t i = 0; i < d->n; i++) {
            const rp_line *l = &d->lines[i];
            if (!usable(l) || l->indent > 4)
                continue;
            if (rp_starts(rp_norm(nb, l->s, (size_t)l->len), "what needs to improve")) {
                from = i + 1;
                break;
            }
        }
        if (from == d->n)
            return 0; /* e.g. all outstanding: no such section */
        to = ps->n ? ps->p[0].first : d->n;
        for (size_t k = 0; k < ps->n; k++)
            if (ps->p[k].first > from) {
                to = ps->p[k].first;
                break;
            }
    } else if (kind == RP_LAC2013) {
        from = find_line(d, 0, 0, 4, "areas for improvement", nb);
        if (from == d->n)
            return 0;
        from++;
        to = find_line(d, from, 0, 4, "outcomes for looked after", nb);
    } else {
        for (size_t i = 0; i < d->n; i++) {
            const rp_line *l = &d->lines[i];
            if (!usable(l) || l->indent > 4 || l->page < 2)
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
            if (!usable(l) || l->indent > 4)
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
            if (ps->p[k].first < from || ps->p[k].first >= to)
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

/* ---- the whole report --------------------------------------------------------------- */

static long urn_hint(const char *file_name)
{
    if (!file_name)
        return 0;
    const char *slash = strrchr(file_name, '/');
    if (!slash)
        return 0;
    const char *p = slash;
    while (p > file_name && p[-1] != '/')
        p--;
    long v = 0;
    const char *q = p;
    while (q < slash && isdigit((unsigned char)*q) && v < 100000000)
        v = v * 10 + (*q++ - '0');
    if (q == p || q - p < 4 || (q < slash && *q != '_' && *q != ' ' && *q != '-'))
        return 0;
    return v;
}

static const char *kind_name(rp_kind k, bool with_lscb)
{
    switch (k) {
    case RP_LAC2013:
        return "lac2013";
    case RP_SIF:
        return with_lscb ? "sif_lscb" : "sif";
    case RP_SIF_REINSP:
        return "sif_reinspection";
    case RP_LSCB:
        return "lscb_review";
    case RP_ILACS:
        return "ilacs";
    }
    return "other";
}

static void fill_rec(ot_report *r, rp_insp *in)
{
    ot_inspection_rec *rec = &in->rec;
    memset(rec, 0, sizeof *rec);
    rec->authority.name = r->la_name;
    rec->authority.urn = r->urn;
    rec->framework = in->framework;
    rec->start_date = in->start[0] ? in->start : NULL;
    rec->end_date = in->end[0] ? in->end : NULL;
    rec->published = in->published[0] ? in->published : NULL;
    rec->lead_inspector = in->lead;
    rec->judgements = in->judg;
    rec->n_judgements = in->n_judg;
    rec->has_report = true;
    rec->actions = in->act;
    rec->n_actions = in->n_act;
    rec->findings = in->find;
    rec->n_findings = in->n_find;
    rec->where = "page 1";
}

ot_report *ot_report_parse(const char *text, size_t len, const char *file_name, ot_error *err)
{
    rp_doc d;
    ot_buf nb = OT_BUF_INIT;
    rp_paras ps;
    memset(&ps, 0, sizeof ps);
    ot_report *r = calloc(1, sizeof *r);
    if (!r || rp_doc_init(&d, text, len)) {
        free(r);
        ot_error_set(err, "out of memory");
        return NULL;
    }
    r->pages = d.n_pages;
    rp_kind kind;
    bool with_lscb;
    if (classify(&d, text, len, &kind, &with_lscb, err))
        goto fail;
    r->kind = kind_name(kind, with_lscb);
    r->urn = urn_hint(file_name);
    r->la_name = la_name(&d, kind, r);
    if (!r->la_name) {
        ot_error_set(err, "not an Ofsted local-authority report: no authority name on page 1");
        goto fail;
    }
    r->insp = calloc(2, sizeof *r->insp);
    if (!r->insp)
        goto oom;
    r->n_insp = 1;
    rp_insp *in = &r->insp[0];
    ot_date_range dr;
    if (inspection_dates(&d, &dr, &nb)) {
        ot_error_set(err, "page 1: no readable \"Inspection date\" line");
        goto fail;
    }
    ot_date_iso(dr.start, in->start);
    ot_date_iso(dr.end, in->end);
    ot_date pub;
    if (published_date(&d, &pub, &nb) == 0 ||
        (file_name && ot_date_from_file_name(file_name, &pub) == 0))
        ot_date_iso(pub, in->published);
    switch (kind) {
    case RP_LAC2013:
        in->framework = "lac2013";
        break;
    case RP_SIF:
        in->framework = "sif";
        break;
    case RP_SIF_REINSP:
        in->framework = "sif_reinspection";
        break;
    case RP_LSCB:
        in->framework = "lscb_review";
        break;
    case RP_ILACS:
        /* Not printed: Ofsted's short inspections last one week (Mon-Fri),
         * standard ones two; a split inspection is judged by its first
         * block. */
        in->framework = ot_date_diff(dr.start, dr.first_end) <= 7 ? "ilacs_short" : "ilacs_standard";
        break;
    }
    in->lead = lead_inspector(&d, kind, r, &nb);
    if (judgements(&d, kind, with_lscb, r, in, &nb))
        goto oom;
    if (rp_find_paragraphs(&d, kind, 0, &ps))
        goto oom;
    if (actions(&d, kind, &ps, r, in, &nb))
        goto oom;
    for (size_t k = 0; k < ps.n; k++) {
        const rp_para *p = &ps.p[k];
        if (rp_add_finding(r, in, p->section, p->section_label, p->number, p->page, p->text))
            goto oom;
    }
    fill_rec(r, in);
    rp_paras_free(&ps);
    rp_doc_free(&d);
    ot_buf_free(&nb);
    return r;
oom:
    ot_error_set(err, "out of memory");
fail:
    rp_paras_free(&ps);
    rp_doc_free(&d);
    ot_buf_free(&nb);
    ot_report_free(r);
    return NULL;
}

int ot_report_emit(const ot_report *r, ot_sink *sink, ot_error *err)
{
    for (size_t i = 0; i < r->n_insp; i++) {
        const ot_inspection_rec *rec = &r->insp[i].rec;
        if (sink->ops->authority(sink, &rec->authority, err)) {
            ot_error_prefix(err, "%s", rec->where); /* the name is read from page 1 */
            return -1;
        }
        if (sink->ops->inspection(sink, rec, err))
            return -1;
    }
    return 0;
}

size_t ot_report_count(const ot_report *r)
{
    return r->n_insp;
}

const ot_inspection_rec *ot_report_inspection(const ot_report *r, size_t i)
{
    return i < r->n_insp ? &r->insp[i].rec : NULL;
}

const char *ot_report_kind(const ot_report *r)
{
    return r->kind;
}

int ot_report_pages(const ot_report *r)
{
    return r->pages;
}

const char *ot_report_warnings(const ot_report *r)
{
    return ot_buf_str(&r->warnings);
}

void ot_report_free(ot_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_strs; i++)
        free(r->strs[i]);
    free(r->strs);
    for (size_t i = 0; i < r->n_insp; i++) {
        free(r->insp[i].judg);
        free(r->insp[i].act);
        free(r->insp[i].find);
    }
    free(r->insp);
    ot_buf_free(&r->warnings);
    free(r);
}
