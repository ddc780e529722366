/* Numbered paragraphs ("findings") and the sections they sit in, and
 * bulleted lists. */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct section_rule {
    const char *prefix;
    const char *key;
    bool exact;       /* the whole heading, not a prefix */
    const char *also; /* must also contain this, or NULL */
} section_rule;

static const section_rule sif_rules[] = {
    {"information about this local authority area", "context", false, NULL},
    {"information about this area", "context", false, NULL},
    {"executive summary", "summary", false, NULL},
    {"summary of key findings", "summary", false, NULL},
    {"summary of findings", "summary", false, NULL},
    {"the local authority's strengths", "summary", false, NULL},
    {"the local authority has the following strengths", "summary", false, NULL},
    {"progress since the last inspection", "summary", false, NULL},
    {"summary for children", "summary", false, NULL},
    {"what does the local authority need to improve", "recommendations", false, NULL},
    {"recommendations", "recommendations", true, NULL},
    {"recommendations:", "recommendations", true, NULL},
    {"the experiences and progress of children who need help", "help_protection", false, NULL},
    {"experiences and progress of children who need help", "help_protection", false, NULL},
    {"the experiences and progress of children looked after", "in_care", false, NULL},
    {"experiences and progress of children looked after", "in_care", false, NULL},
    {"the graded judg", "adoption", false, "adoption"},
    {"adoption performance is", "adoption", false, NULL},
    {"the graded judg", "care_leavers", false, "care leavers"},
    {"leadership, management and governance", "leaders", false, NULL},
    {"section 2: the effectiveness of the local safeguarding", "lscb", false, NULL},
    {"the local safeguarding children board", "lscb", false, NULL},
    {"the effectiveness of the local safeguarding children board", "lscb", false, NULL},
    {"the effectiveness of the lscb", "lscb", false, NULL},
    {"the lscb", "lscb", true, NULL},
    {"what the inspection judgements mean", "other", false, NULL},
    {"what the inspection judgments mean", "other", false, NULL},
    {"information about this inspection", "other", false, NULL},
    {"information about this review", "other", false, NULL},
    {"the inspection team", "other", true, NULL},
    {NULL, NULL, false, NULL},
};

static const section_rule ilacs_rules[] = {
    {"the experiences and progress of children who need help", "help_protection", false, NULL},
    {"experiences and progress of children who need help", "help_protection", false, NULL},
    {"the experiences and progress of children in care", "in_care", false, NULL},
    {"experiences and progress of children in care", "in_care", false, NULL},
    {"the experiences and progress of care leavers", "care_leavers", false, NULL},
    {"experiences and progress of care leavers", "care_leavers", false, NULL},
    {"the experiences and progress of children care leavers", "care_leavers", false, NULL},
    {"the impact of leaders", "leaders", false, NULL},
    {"impact of leaders", "leaders", false, NULL},
    {"what needs to improve", "recommendations", false, NULL},
    {NULL, NULL, false, NULL},
};

static const section_rule lac_rules[] = {
    {"about this inspection", "other", false, NULL},
    {"the inspection judgements and what they mean", "other", false, NULL},
    {"service information", "context", false, NULL},
    {"overall effectiveness", "overall", false, NULL},
    {"capacity to improve", "capacity", false, NULL},
    {"areas for improvement", "recommendations", false, NULL},
    {"outcomes for looked after children", "outcomes", false, NULL},
    {"quality of provision", "provision", false, NULL},
    {"leadership and management", "leaders", false, NULL},
    {"record of main findings", "other", false, NULL},
    {NULL, NULL, false, NULL},
};

static bool is_area(const char *key)
{
    static const char *const areas[] = {"help_protection", "in_care", "adoption",
                                        "care_leavers", "leaders", NULL};
    for (int k = 0; areas[k]; k++)
        if (strcmp(key, areas[k]) == 0)
            return true;
    return false;
}

/* Strip a glued footnote digit and trailing punctuation for exact
 * heading matches ("Recommendations1"). */
static bool exact_match(const char *norm, const char *p)
{
    size_t pl = strlen(p);
    if (strncmp(norm, p, pl) != 0)
        return false;
    const char *rest = norm + pl;
    while (*rest && (isdigit((unsigned char)*rest) || *rest == '?' || *rest == ' '))
        rest++;
    return *rest == '\0';
}

static const section_rule *match_rule(const section_rule *rules, const char *norm1,
                                      const char *norm2)
{
    for (const section_rule *r = rules; r->prefix; r++) {
        if (r->exact) {
            if (exact_match(norm1, r->prefix))
                return r;
            continue;
        }
        if (!rp_starts(norm2, r->prefix))
            continue;
        if (r->also && !strstr(norm2, r->also))
            continue;
        return r;
    }
    return NULL;
}

/* Paragraph number at the start of line l: returns the number, or -1.
 * *text_col gets the column where the text starts (-1 when the number is
 * alone on its line). */
static int para_number(const rp_line *l, int *text_col)
{
    const char *s = l->s + l->indent;
    int i = 0, v = 0;
    if (l->indent > 10)
        return -1;
    while (isdigit((unsigned char)s[i]) && i < 3)
        v = v * 10 + (s[i++] - '0');
    if (i == 0 || isdigit((unsigned char)s[i]))
        return -1;
    if (s[i] == '.') {
        i++;
        if (s[i] == '\0') {
            *text_col = -1;
            return v;
        }
        if (s[i] != ' ')
            return -1;
    } else {
        /* Nottingham 2022 drops the dot: "34     Most children ...". */
        if (strncmp(s + i, "   ", 3) != 0)
            return -1;
    }
    int j = i;
    while (s[j] == ' ')
        j++;
    if (s[j] == '\0')
        return -1;
    if (s[i - 1] != '.' && !isupper((unsigned char)s[j]))
        return -1;
    *text_col = l->indent + j; /* ASCII up to here */
    return v;
}

#define RIGHT_COLUMN 30
#define HEADING_COLUMNS 72

/* Width of a line's text up to its end or a gap before a right-hand
 * column (a judgement box's grade). */
static int line_columns(const rp_line *l)
{
    rp_seg seg[2];
    if (rp_segments(l, seg, 2) < 1)
        return 0;
    int c = seg[0].col;
    for (int i = 0; i < seg[0].len; i++)
        if (((unsigned char)l->s[seg[0].off + i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Append the left-hand part of a line (segments before column 30). */
static void append_left(ot_buf *b, const rp_line *l)
{
    rp_seg seg[8];
    int ns = rp_segments(l, seg, 8);
    for (int k = 0; k < ns; k++) {
        if (seg[k].col >= RIGHT_COLUMN && k > 0)
            break;
        if (seg[k].col >= RIGHT_COLUMN)
            break;
        rp_join(b, l->s + seg[k].off, (size_t)seg[k].len);
    }
}

/* Some reports indent a section heading like paragraph text ("    The
 * experiences and progress of children in care: good"); after a blank
 * line such a heading ends the paragraph. */
static bool indented_heading(const rp_line *l, ot_buf *nb)
{
    const char *n = rp_norm(nb, l->s, (size_t)l->len);
    return rp_starts(n, "the experiences and progress of") ||
           rp_starts(n, "experiences and progress of") || rp_starts(n, "the impact of leaders") ||
           rp_starts(n, "adoption performance is") || rp_starts(n, "the graded judg");
}

static int push_para(rp_paras *ps, const rp_para *p)
{
    if (ps->n == ps->cap) {
        size_t nc = ps->cap ? ps->cap * 2 : 64;
        rp_para *t = realloc(ps->p, nc * sizeof *t);
        if (!t)
            return -1;
        ps->p = t;
        ps->cap = nc;
    }
    ps->p[ps->n++] = *p;
    return 0;
}

void rp_paras_free(rp_paras *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        free(ps->p[i].text);
    free(ps->p);
    for (size_t i = 0; i < ps->n_labels; i++)
        free(ps->labels[i]);
    free(ps->labels);
    memset(ps, 0, sizeof *ps);
}

/* Close paragraph p: join its lines into text. */
static int finish_para(const rp_doc *d, rp_para *p, size_t last)
{
    ot_buf b = OT_BUF_INIT;
    p->last = last;
    for (size_t i = p->first; i <= last; i++) {
        const rp_line *l = &d->lines[i];
        if (!rp_usable(l))
            continue;
        const char *s = l->s;
        size_t len = (size_t)l->len;
        if (i == p->first) {
            /* Drop the number: digits, optional dot, blanks. */
            size_t k = (size_t)l->indent;
            while (k < len && isdigit((unsigned char)s[k]))
                k++;
            if (k < len && s[k] == '.')
                k++;
            s += k;
            len -= k;
        }
        if (rp_join(&b, s, len)) {
            ot_buf_free(&b);
            return -1;
        }
    }
    p->text = ot_buf_steal(&b);
    return p->text ? 0 : -1;
}

int rp_find_paragraphs(const rp_doc *d, rp_kind kind, size_t from, rp_paras *out)
{
    const section_rule *rules = kind == RP_ILACS ? ilacs_rules
                                : kind == RP_LAC2013 ? lac_rules
                                                     : sif_rules;
    const char *section = kind == RP_LSCB ? "lscb" : kind == RP_LAC2013 ? "other" : "summary";
    const char *section_label = NULL;
    char *label_store = NULL;
    ot_buf n1 = OT_BUF_INIT, n2 = OT_BUF_INIT, lab = OT_BUF_INIT;
    rp_para cur;
    bool open = false;
    int num_col = 0, text_col = 0, last = 0, part = 0;
    int rc = -1;
    memset(&cur, 0, sizeof cur);

    for (size_t i = from; i < d->n; i++) {
        const rp_line *l = &d->lines[i];
        if (!rp_usable(l) || l->page < 2)
            continue;
        int tc;
        int num = para_number(l, &tc);
        bool starts = false;
        if (num > 0) {
            bool not_cont = !open || l->indent < text_col || text_col < 0;
            if (num == last + 1 && not_cont)
                starts = true;
            else if (num > last + 1 && num <= last + 3 && not_cont && last > 0 &&
                     l->indent <= num_col + 3)
                starts = true;
            else if (num == 1 && last >= 10 && not_cont && kind != RP_ILACS)
                starts = true;
            else if (last == 0 && num <= 3 && not_cont)
                starts = true;
        }
        if (starts) {
            if (open && finish_para(d, &cur, i - 1))
                goto out;
            if (open && push_para(out, &cur))
                goto out;
            if (num == 1 && last >= 10)
                part++;
            memset(&cur, 0, sizeof cur);
            cur.number = num;
            cur.page = l->page;
            cur.first = i;
            cur.section = section;
            cur.section_label = section_label;
            cur.part = part;
            open = true;
            num_col = l->indent;
            text_col = tc;
            last = num;
            continue;
        }
        if (open) {
            if (text_col < 0) {
                text_col = l->indent; /* the number stood alone */
                continue;
            }
            int bl = rp_bullet_len(l->s + l->indent);
            /* Continuation lines hang at about the text's column; a line
             * further left is a heading or prose ("  The experiences and
             * progress of" under "60. Text"). */
            int cont = text_col - 1 > num_col + 2 ? text_col - 1 : num_col + 2;
            if ((l->indent >= cont || (bl && l->indent > num_col)) &&
                !(i > 0 && !rp_usable(&d->lines[i - 1]) && l->indent <= 6 &&
                  indented_heading(l, &n1)))
                continue;
            /* Back at the margin: the paragraph has ended. */
            if (finish_para(d, &cur, i - 1) || push_para(out, &cur))
                goto out;
            memset(&cur, 0, sizeof cur);
            open = false;
        }
        /* Headings are short; a full-width line is prose ("Leadership,
         * management and governance are inadequate. Lack of ..."). */
        if (l->indent > 6)
            continue;
        rp_norm(&n1, l->s, (size_t)l->len);
        if (kind != RP_ILACS && line_columns(l) > HEADING_COLUMNS &&
            !rp_starts(ot_buf_str(&n1), "the graded judg"))
            continue;
        /* A heading may wrap, and a judgement box puts its grade between
         * the halves of its label: match on this line joined with the next
         * two, leaving out right-hand grade columns. */
        rp_norm(&n1, l->s, (size_t)l->len);
        ot_buf_reset(&lab);
        append_left(&lab, l);
        size_t j = i;
        for (int k = 0; k < 3; k++) {
            j = rp_next_usable(d, j);
            if (j >= d->n || d->lines[j].page != l->page)
                break;
            int dummy;
            const rp_line *m = &d->lines[j];
            if (m->indent >= RIGHT_COLUMN)
                continue; /* a grade alone between the label's lines */
            /* A wrapped heading goes on in lower case ("protection:
             * requires improvement", "leavers: good"); a capital starts
             * something else ("Summary"). */
            if (m->indent > 6 || para_number(m, &dummy) >= 0 ||
                !islower((unsigned char)m->s[m->indent]))
                break;
            append_left(&lab, m);
        }
        rp_norm(&n2, ot_buf_str(&lab), lab.len);
        const section_rule *r = match_rule(rules, ot_buf_str(&n1), ot_buf_str(&n2));
        if (!r)
            continue;
        /* Once in the LSCB part, only the closing blocks leave it. */
        if (strcmp(section, "lscb") == 0 && strcmp(r->key, "other") != 0 &&
            strcmp(r->key, "lscb") != 0 && kind != RP_ILACS)
            continue;
        /* Thematic sub-headings of an improvement list ("Leadership,
         * management and governance") are not judgement sections. */
        if (strcmp(section, "recommendations") == 0 && kind != RP_ILACS &&
            kind != RP_LAC2013 && is_area(r->key))
            continue;
        section = r->key;
        char **t = realloc(out->labels, (out->n_labels + 1) * sizeof *t);
        if (!t)
            goto out;
        out->labels = t;
        label_store = strdup(ot_buf_str(&lab));
        if (!label_store)
            goto out;
        out->labels[out->n_labels++] = label_store;
        section_label = label_store;
    }
    if (open) {
        size_t lastl = d->n ? d->n - 1 : 0;
        if (finish_para(d, &cur, lastl) || push_para(out, &cur))
            goto out;
        open = false;
    }
    rc = 0;
out:
    if (open)
        free(cur.text);
    ot_buf_free(&n1);
    ot_buf_free(&n2);
    ot_buf_free(&lab);
    return rc;
}

static int push_item(rp_items *it, ot_buf *b)
{
    if (!b->len)
        return 0;
    if (it->n == it->cap) {
        size_t nc = it->cap ? it->cap * 2 : 16;
        char **t = realloc(it->text, nc * sizeof *t);
        if (!t)
            return -1;
        it->text = t;
        it->cap = nc;
    }
    it->text[it->n] = ot_buf_steal(b);
    if (!it->text[it->n])
        return -1;
    it->n++;
    return 0;
}

int rp_collect_bullets(const rp_doc *d, size_t from, size_t to, rp_items *out)
{
    ot_buf b = OT_BUF_INIT;
    int bullet_col = -1;
    bool open = false;
    for (size_t i = from; i < to && i < d->n; i++) {
        const rp_line *l = &d->lines[i];
        if (!rp_usable(l))
            continue;
        int bl = rp_bullet_len(l->s + l->indent);
        if (bl && (bullet_col < 0 || l->indent <= bullet_col + 1)) {
            if (push_item(out, &b))
                goto fail;
            bullet_col = l->indent;
            open = true;
            const char *s = l->s + l->indent + bl;
            if (rp_join(&b, s, strlen(s)))
                goto fail;
            continue;
        }
        if (open && l->indent > bullet_col) {
            if (rp_join(&b, l->s, (size_t)l->len))
                goto fail;
            continue;
        }
        /* Prose or a sub-heading at the margin ends the item. */
        if (push_item(out, &b))
            goto fail;
        open = false;
    }
    if (push_item(out, &b))
        goto fail;
    ot_buf_free(&b);
    return (int)out->n;
fail:
    ot_buf_free(&b);
    return -1;
}

void rp_items_free(rp_items *it)
{
    for (size_t i = 0; i < it->n; i++)
        free(it->text[i]);
    free(it->text);
    memset(it, 0, sizeof *it);
}
