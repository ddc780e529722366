/* Numbered paragraphs ("findings") and the sections they sit in, and
 * bulleted lists. */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    {"information about the inspection", "other", false, NULL},
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
    if (ot_grow((void **)&ps->p, &ps->cap, ps->n, sizeof *ps->p) < 0)
        return -1;
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
        if (i == p->first && p->number > 0) {
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

/* True when the text of line l ends a sentence: . ? ! : ; possibly
 * followed by closing quotes or brackets, or a cross-reference in
 * brackets that ends a recommendation ("(paragraph 53)", "(outcome 2,
 * national framework)", "(Recommendation)"). */
bool rp_ends_sentence(const char *s, size_t len)
{
    while (len && s[len - 1] == ' ')
        len--;
    /* A footnote mark glued after the full stop ("children'.3"). */
    if (len >= 2 && isdigit((unsigned char)s[len - 1]) && !isdigit((unsigned char)s[len - 2]) &&
        !isalnum((unsigned char)s[len - 2]) && s[len - 2] != ' ')
        len--;
    size_t e = len;
    for (;;) {
        if (e && (s[e - 1] == ')' || s[e - 1] == ']' || s[e - 1] == '"' || s[e - 1] == '\''))
            e--;
        else if (e >= 3 && (memcmp(s + e - 3, "\xE2\x80\x99", 3) == 0 ||
                            memcmp(s + e - 3, "\xE2\x80\x9D", 3) == 0))
            e -= 3;
        else
            break;
    }
    if (e && strchr(".?!:;", s[e - 1]))
        return true;
    if (e < len && s[len - 1] == ')') {
        size_t o = len - 1;
        while (o > 0 && s[o] != '(')
            o--;
        static const char *const refs[] = {"(paragraph", "(page", "(outcome", "(recommendation",
                                           NULL};
        for (int k = 0; refs[k]; k++)
            if (strncasecmp(s + o, refs[k], strlen(refs[k])) == 0)
                return true;
    }
    return false;
}

/* The state of the scan over the body: the section we are in, the block
 * being read (a numbered paragraph or unnumbered prose) and the columns
 * of the page's numbered paragraphs. */
typedef struct scan {
    const rp_doc *d;
    rp_kind kind;
    const section_rule *rules;
    rp_paras *out;
    const char *section, *section_label;
    rp_para cur;
    bool open;       /* cur holds a block */
    size_t cur_last; /* its last line so far */
    int num_col, text_col, last, part;
    bool flow; /* the page's columns are unknown (see continues_numbered) */
    ot_buf n1, n2, lab;
} scan;

static const section_rule *heading_rule(scan *sc, size_t i, size_t *end);

/* Where the numbered paragraphs of the page of line i sit: the number
 * and text columns of the first paragraph start (one of the next few
 * numbers) on that page at or after i.  Returns false when the page has
 * none, leaving the columns as they were. */
static bool page_columns(const scan *sc, size_t i, int *num_col, int *text_col)
{
    const rp_doc *d = sc->d;
    int page = d->lines[i].page;
    for (size_t j = i; j < d->n && d->lines[j].page == page; j++) {
        const rp_line *l = &d->lines[j];
        if (!rp_usable(l))
            continue;
        int tc;
        int num = para_number(l, &tc);
        if (num > sc->last && num <= sc->last + 3 && tc >= 0) {
            *num_col = l->indent;
            *text_col = tc;
            return true;
        }
    }
    return false;
}

static bool block_ends_sentence(const scan *sc)
{
    const rp_line *l = &sc->d->lines[sc->cur_last];
    return rp_ends_sentence(l->s, (size_t)l->len);
}

/* A short block ending in '?' or ':' is a heading ("What does the LSCB
 * need to improve?", "Priority and immediate action:"). */
static bool heading_like(const char *text)
{
    size_t n = strlen(text);
    return n && (text[n - 1] == '?' || text[n - 1] == ':');
}

/* Close the open block and keep it when it belongs in the findings.  An
 * unnumbered block is kept only when it reads as text of the report:
 * prose that ends a sentence, or a list item, of a few words at least, and
 * not in the closing blocks (glossary, information about the inspection)
 * nor a bullet of an improvement list (those are actions). */
static int close_block(scan *sc)
{
    if (!sc->open)
        return 0;
    sc->open = false;
    rp_para *p = &sc->cur;
    if (finish_para(sc->d, p, sc->cur_last))
        return -1;
    if (p->number == 0) {
        const rp_line *f = &sc->d->lines[p->first];
        bool bullet = rp_bullet_len(f->s + f->indent) > 0;
        int words = 1;
        for (const char *c = p->text; *c; c++)
            words += *c == ' ';
        bool keep = words >= 4 && strcmp(p->section, "other") != 0 &&
                    (bullet ? strcmp(p->section, "recommendations") != 0
                            : block_ends_sentence(sc) && (words >= 8 || !heading_like(p->text)));
        if (!keep) {
            free(p->text);
            p->text = NULL;
            return 0;
        }
    }
    if (push_para(sc->out, p)) {
        free(p->text);
        p->text = NULL;
        return -1;
    }
    p->text = NULL;
    return 0;
}

/* Does line i start numbered paragraph num (text at column tc)? */
static bool starts_numbered(const scan *sc, const rp_line *l, int num, int tc)
{
    if (num <= 0 || l->page < 2)
        return false; /* page 1 holds the judgement table's "1." rows */
    bool numbered = sc->open && sc->cur.number > 0;
    bool not_cont = !numbered || l->indent < sc->text_col || sc->text_col < 0 ||
                    l->page != sc->d->lines[sc->cur_last].page;
    (void)tc;
    if (num == sc->last + 1 && not_cont)
        return true;
    if (num > sc->last + 1 && num <= sc->last + 3 && not_cont && sc->last > 0 &&
        l->indent <= sc->num_col + 3)
        return true;
    if (num == 1 && sc->last >= 10 && not_cont && sc->kind != RP_ILACS)
        return true;
    return sc->last == 0 && num <= 3 && not_cont;
}

static void open_block(scan *sc, size_t i, int number)
{
    memset(&sc->cur, 0, sizeof sc->cur);
    sc->cur.number = number;
    sc->cur.page = sc->d->lines[i].page;
    sc->cur.first = i;
    sc->cur.section = sc->section;
    sc->cur.section_label = sc->section_label;
    sc->cur.part = sc->part;
    sc->cur_last = i;
    sc->open = true;
}

/* Does line i go on with the open numbered paragraph?  Continuation
 * lines hang at about the text's column; a line further left is a heading
 * or prose.  Across a page break a paragraph that has not ended its
 * sentence goes on whatever the new page's indentation, and one that has
 * goes on only at the text column of the new page. */
static bool continues_numbered(scan *sc, size_t i)
{
    const rp_doc *d = sc->d;
    const rp_line *l = &d->lines[i];
    if (sc->text_col < 0) {
        sc->text_col = l->indent; /* the number stood alone */
        return true;
    }
    bool page_break = l->page != d->lines[sc->cur_last].page;
    if (page_break) {
        int nc = sc->num_col, tc = sc->text_col;
        bool found = page_columns(sc, i, &nc, &tc);
        sc->flow = false;
        size_t end;
        if (!block_ends_sentence(sc) && !heading_rule(sc, i, &end)) {
            /* Without a numbered paragraph to show the new page's
             * columns, the text runs on in its own lines until a blank
             * line. */
            sc->flow = !found;
            sc->num_col = nc;
            sc->text_col = found ? tc : l->indent;
            return true;
        }
        sc->num_col = nc;
        sc->text_col = tc;
    } else if (sc->flow) {
        for (size_t k = sc->cur_last + 1; k < i; k++)
            if (d->lines[k].blank)
                return false;
        return l->indent >= sc->text_col - 1;
    }
    int bl = rp_bullet_len(l->s + l->indent);
    int cont = sc->text_col - 1 > sc->num_col + 2 ? sc->text_col - 1 : sc->num_col + 2;
    return (l->indent >= cont || (bl && l->indent > sc->num_col)) &&
           !(i > 0 && !rp_usable(&d->lines[i - 1]) && l->indent <= 6 &&
             indented_heading(l, &sc->n1));
}

/* Does line i go on with the open unnumbered block?  Lines follow each
 * other without a blank line; a bullet starts a new item; across a page
 * break, text that has not ended its sentence goes on. */
static bool continues_prose(scan *sc, size_t i)
{
    const rp_doc *d = sc->d;
    const rp_line *l = &d->lines[i];
    const rp_line *f = &d->lines[sc->cur.first];
    int bl = rp_bullet_len(l->s + l->indent);
    bool in_bullet = rp_bullet_len(f->s + f->indent) > 0;
    if (bl)
        return false;
    if (in_bullet && l->indent <= f->indent)
        return false;
    size_t end;
    if (l->page != d->lines[sc->cur_last].page)
        return !block_ends_sentence(sc) && !heading_rule(sc, i, &end);
    for (size_t k = sc->cur_last + 1; k < i; k++)
        if (d->lines[k].blank)
            return false;
    return true;
}

/* The section heading at line i, if any: wrapped headings are joined
 * and a judgement box's grade column left out.  Returns its rule (the
 * label as printed in sc->lab, *end the last line it takes) or NULL. */
static const section_rule *heading_rule(scan *sc, size_t i, size_t *end)
{
    const rp_doc *d = sc->d;
    const rp_line *l = &d->lines[i];
    /* Headings are short and at the margin; a full-width line is prose
     * ("Leadership, management and governance are inadequate. Lack of"). */
    if (l->indent > 6)
        return NULL;
    rp_norm(&sc->n1, l->s, (size_t)l->len);
    if (sc->kind != RP_ILACS && line_columns(l) > HEADING_COLUMNS &&
        !rp_starts(ot_buf_str(&sc->n1), "the graded judg"))
        return NULL;
    ot_buf_reset(&sc->lab);
    append_left(&sc->lab, l);
    size_t j = i;
    *end = i;
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
        append_left(&sc->lab, m);
        *end = j;
    }
    rp_norm(&sc->n2, ot_buf_str(&sc->lab), sc->lab.len);
    const section_rule *r = match_rule(sc->rules, ot_buf_str(&sc->n1), ot_buf_str(&sc->n2));
    if (!r)
        return NULL;
    /* Once in the LSCB part, only the closing blocks leave it. */
    if (strcmp(sc->section, "lscb") == 0 && strcmp(r->key, "other") != 0 &&
        strcmp(r->key, "lscb") != 0 && sc->kind != RP_ILACS)
        return NULL;
    /* The glossary's sub-heading "The LSCB" does not reopen the LSCB. */
    if (strcmp(sc->section, "other") == 0 && r->exact && strcmp(r->key, "lscb") == 0)
        return NULL;
    /* Thematic sub-headings of an improvement list ("Leadership,
     * management and governance") are not judgement sections. */
    if (strcmp(sc->section, "recommendations") == 0 && sc->kind != RP_ILACS &&
        sc->kind != RP_LAC2013 && is_area(r->key))
        return NULL;
    return r;
}

/* Switch to the section of heading rule r, labelled as sc->lab.
 * Returns 0 or -1 on no memory. */
static int enter_section(scan *sc, const section_rule *r)
{
    char **t = realloc(sc->out->labels, (sc->out->n_labels + 1) * sizeof *t);
    if (!t)
        return -1;
    sc->out->labels = t;
    char *label = strdup(ot_buf_str(&sc->lab));
    if (!label)
        return -1;
    sc->out->labels[sc->out->n_labels++] = label;
    sc->section = r->key;
    sc->section_label = label;
    return 0;
}

/* A short line without a full stop directly above a longer one is a
 * heading the rules do not know ("Children living in this area"), not
 * the first line of a paragraph: justified text fills its first line. */
static bool unknown_heading(const scan *sc, size_t i)
{
    const rp_doc *d = sc->d;
    const rp_line *l = &d->lines[i];
    if (rp_bullet_len(l->s + l->indent) || rp_ends_sentence(l->s, (size_t)l->len))
        return false;
    size_t j = i + 1;
    if (j >= d->n || !rp_usable(&d->lines[j]) || d->lines[j].page != l->page)
        return false;
    return line_columns(l) * 4 < line_columns(&d->lines[j]) * 3;
}

/* One usable line of the body. */
static int scan_line(scan *sc, size_t i)
{
    const rp_line *l = &sc->d->lines[i];
    int tc;
    int num = para_number(l, &tc);
    if (starts_numbered(sc, l, num, tc)) {
        if (close_block(sc))
            return -1;
        if (num == 1 && sc->last >= 10)
            sc->part++;
        open_block(sc, i, num);
        sc->num_col = l->indent;
        sc->text_col = tc;
        sc->flow = false;
        sc->last = num;
        return 0;
    }
    if (sc->open) {
        bool goes_on = sc->cur.number > 0 ? continues_numbered(sc, i) : continues_prose(sc, i);
        if (goes_on) {
            sc->cur_last = i;
            return 0;
        }
        if (close_block(sc))
            return -1;
    }
    /* On page 1 the judgement table's rows read like the headings of
     * the judgement sections: there, only other headings count. */
    size_t end;
    const section_rule *r = heading_rule(sc, i, &end);
    if (r && l->page == 1 && (is_area(r->key) || strcmp(r->key, "lscb") == 0))
        r = NULL;
    if (r) {
        if (enter_section(sc, r))
            return -1;
        return (int)(end - i); /* the heading's other lines are taken */
    }
    if (unknown_heading(sc, i))
        return 0;
    open_block(sc, i, 0);
    return 0;
}

int rp_find_paragraphs(const rp_doc *d, rp_kind kind, size_t from, rp_paras *out)
{
    scan sc;
    memset(&sc, 0, sizeof sc);
    sc.d = d;
    sc.kind = kind;
    sc.out = out;
    sc.rules = kind == RP_ILACS ? ilacs_rules : kind == RP_LAC2013 ? lac_rules : sif_rules;
    sc.section = kind == RP_LSCB ? "lscb" : kind == RP_LAC2013 ? "other" : "summary";
    int rc = 0;
    for (size_t i = from; i < d->n && rc == 0; i++) {
        if (!rp_usable(&d->lines[i]))
            continue;
        int skip = scan_line(&sc, i);
        if (skip < 0)
            rc = -1;
        else
            i += (size_t)skip;
    }
    if (rc == 0 && close_block(&sc))
        rc = -1;
    if (sc.open)
        free(sc.cur.text);
    ot_buf_free(&sc.n1);
    ot_buf_free(&sc.n2);
    ot_buf_free(&sc.lab);
    return rc;
}

static int push_item(rp_items *it, ot_buf *b)
{
    if (!b->len)
        return 0;
    if (ot_grow((void **)&it->text, &it->cap, it->n, sizeof *it->text) < 0)
        return -1;
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
