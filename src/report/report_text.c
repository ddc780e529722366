/* The page/line model of pdftotext -layout text: pages, lines, page
 * furniture (page numbers, running headers and footers, footnotes),
 * normalisation for matching and joining of wrapped lines. */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "ofsted-tui/utf8.h"

/* Columns of the first len bytes of s: one per UTF-8 character. */
static int columns(const char *s, int len)
{
    int c = 0;
    for (int i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Key of a line for recognising repeated furniture: blanks collapsed and
 * every digit run written as '#', so "Page 3" and "Page 12" agree. */
static void furniture_key(ot_buf *b, const rp_line *l)
{
    ot_buf_reset(b);
    bool sp = false, dig = false;
    for (int i = l->indent; i < l->len; i++) {
        unsigned char c = (unsigned char)l->s[i];
        if (c == ' ') {
            sp = true;
            continue;
        }
        if (sp && b->len)
            ot_buf_putc(b, ' ');
        sp = false;
        if (isdigit(c)) {
            if (!dig)
                ot_buf_putc(b, '#');
            dig = true;
            continue;
        }
        dig = false;
        ot_buf_putc(b, (char)c);
    }
    ot_buf_putc(b, '\0'); /* keeps empty keys distinct from "no data" */
}

static bool all_digits(const rp_line *l)
{
    if (l->blank)
        return false;
    for (int i = l->indent; i < l->len; i++)
        if (!isdigit((unsigned char)l->s[i]) && l->s[i] != ' ')
            return false;
    return true;
}

typedef struct key_count {
    char *key;
    int pages;
    int last_page;
} key_count;

#define TOP_LINES 2
#define BOTTOM_LINES 3
#define FOOTNOTE_WINDOW 16

/* Mark running headers and footers: lines among the first or last few of
 * a page whose key recurs on many pages.  A number alone as the last line
 * is a page number whatever the count. */
static int mark_furniture(rp_doc *d, size_t *page_first)
{
    key_count *kc = NULL;
    size_t nk = 0, capk = 0;
    ot_buf b = OT_BUF_INIT;
    int rc = -1;
    for (int pass = 0; pass < 2; pass++) {
        for (int p = 0; p < d->n_pages; p++) {
            size_t a = page_first[p], z = page_first[p + 1];
            size_t cand[TOP_LINES + BOTTOM_LINES];
            int nc = 0;
            for (size_t i = a; i < z && nc < TOP_LINES; i++)
                if (!d->lines[i].blank)
                    cand[nc++] = i;
            int top = nc;
            for (size_t i = z; i > a && nc < TOP_LINES + BOTTOM_LINES; i--) {
                if (d->lines[i - 1].blank)
                    continue;
                bool dup = false;
                for (int k = 0; k < top; k++)
                    dup |= cand[k] == i - 1;
                if (!dup)
                    cand[nc++] = i - 1;
            }
            for (int k = 0; k < nc; k++) {
                rp_line *l = &d->lines[cand[k]];
                furniture_key(&b, l);
                if (!b.data)
                    goto out;
                size_t j;
                for (j = 0; j < nk; j++)
                    if (strcmp(kc[j].key, b.data) == 0)
                        break;
                if (pass == 0) {
                    if (j == nk) {
                        if (nk == capk) {
                            size_t nc2 = capk ? capk * 2 : 64;
                            key_count *t = realloc(kc, nc2 * sizeof *t);
                            if (!t)
                                goto out;
                            kc = t;
                            capk = nc2;
                        }
                        kc[nk].key = strdup(b.data);
                        if (!kc[nk].key)
                            goto out;
                        kc[nk].pages = 0;
                        kc[nk].last_page = -1;
                        nk++;
                    }
                    if (kc[j].last_page != p) {
                        kc[j].pages++;
                        kc[j].last_page = p;
                    }
                } else {
                    int need = d->n_pages * 2 / 5;
                    if (need < 3)
                        need = 3;
                    if (j < nk && kc[j].pages >= need)
                        l->furniture = true;
                }
            }
        }
    }
    for (int p = 0; p < d->n_pages; p++) {
        for (size_t i = page_first[p + 1]; i > page_first[p]; i--) {
            rp_line *l = &d->lines[i - 1];
            if (l->blank || l->furniture)
                continue;
            if (all_digits(l))
                l->furniture = true;
            break;
        }
    }
    rc = 0;
out:
    for (size_t j = 0; j < nk; j++)
        free(kc[j].key);
    free(kc);
    ot_buf_free(&b);
    return rc;
}

/* Footnotes: a line holding only a small number, after a blank line,
 * followed by the note's text down to the page foot. */
static void mark_footnotes(rp_doc *d, size_t *page_first)
{
    for (int p = 0; p < d->n_pages; p++) {
        size_t a = page_first[p], z = page_first[p + 1];
        size_t end = z;
        while (end > a && (d->lines[end - 1].blank || d->lines[end - 1].furniture))
            end--;
        size_t seen = 0, start = end;
        for (size_t i = end; i > a && seen < FOOTNOTE_WINDOW; i--) {
            rp_line *l = &d->lines[i - 1];
            /* A footnote's number recurs at page feet like a page number
             * and may already be marked; its text is not. */
            if (l->blank || (l->furniture && !all_digits(l)))
                continue;
            seen++;
            if (l->len - l->indent <= 2 && l->indent < 8 && all_digits(l) && i - 1 > a &&
                d->lines[i - 2].blank && i < end && !d->lines[i].blank)
                start = i - 1;
        }
        for (size_t i = start; i < end; i++)
            d->lines[i].furniture = true;
    }
}

/* Ofsted's closing page (who Ofsted are, complaints, licence, address,
 * copyright) is no part of the report: from its first line to the end of
 * its page.  A paragraph that ends on that page must not run on into it. */
static void mark_boilerplate(rp_doc *d, size_t *page_first)
{
    static const char *const starts[] = {
        "the office for standards in education, children's services and skills",
        "any complaints about the inspection or the report",
        NULL,
    };
    ot_buf nb = OT_BUF_INIT;
    for (int p = 0; p < d->n_pages; p++) {
        for (size_t i = page_first[p]; i < page_first[p + 1]; i++) {
            rp_line *l = &d->lines[i];
            if (l->blank || l->indent > 12)
                continue;
            const char *n = rp_norm(&nb, l->s, (size_t)l->len);
            bool hit = false;
            for (int k = 0; starts[k] && !hit; k++)
                hit = rp_starts(n, starts[k]);
            if (!hit)
                continue;
            for (size_t j = i; j < page_first[p + 1]; j++)
                d->lines[j].furniture = true;
            break;
        }
    }
    ot_buf_free(&nb);
}

static void mark_contents(rp_doc *d, size_t *page_first)
{
    for (int p = 0; p < d->n_pages; p++) {
        for (size_t i = page_first[p]; i < page_first[p + 1]; i++) {
            rp_line *l = &d->lines[i];
            if (l->indent <= 4 && l->len - l->indent == 8 && memcmp(l->s + l->indent, "Contents", 8) == 0) {
                for (size_t j = i; j < page_first[p + 1]; j++)
                    d->lines[j].contents = true;
                break;
            }
        }
    }
}

int rp_doc_init(rp_doc *d, const char *text, size_t len)
{
    memset(d, 0, sizeof *d);
    d->text = malloc(len + 1);
    if (!d->text)
        return -1;
    memcpy(d->text, text, len);
    d->text[len] = '\0';
    size_t nl = 2;
    for (size_t i = 0; i < len; i++)
        nl += text[i] == '\n' || text[i] == '\f';
    d->lines = calloc(nl, sizeof *d->lines);
    size_t *page_first = NULL;
    size_t n_ff = 0;
    for (size_t i = 0; i < len; i++)
        n_ff += text[i] == '\f';
    page_first = calloc(n_ff + 2, sizeof *page_first);
    if (!d->lines || !page_first) {
        free(page_first);
        rp_doc_free(d);
        return -1;
    }
    int page = 1;
    size_t i = 0;
    page_first[0] = 0;
    while (i < len) {
        /* A form feed ends a page and is glued to the next page's first
         * line. */
        while (i < len && d->text[i] == '\f') {
            d->text[i] = '\0';
            page_first[page] = d->n;
            page++;
            i++;
        }
        if (i >= len)
            break;
        size_t st = i;
        while (i < len && d->text[i] != '\n' && d->text[i] != '\f')
            i++;
        size_t e = i;
        while (e > st && (d->text[e - 1] == ' ' || d->text[e - 1] == '\r'))
            e--;
        if (i < len && d->text[i] == '\n')
            d->text[i++] = '\0';
        rp_line *l = &d->lines[d->n++];
        l->s = d->text + st;
        l->len = (int)(e - st);
        /* A form feed right after the text must survive for the page
         * loop; such a line is terminated when it has been consumed. */
        if (e < i || (e < len && d->text[e] != '\f'))
            d->text[e] = '\0';
        int ind = 0;
        while (ind < l->len && l->s[ind] == ' ')
            ind++;
        l->indent = ind;
        l->blank = ind == l->len;
        l->page = page;
    }
    /* Text after the last form feed is normally empty: pages = form feeds. */
    d->n_pages = page - 1;
    if (d->n_pages < 1 || (d->n && d->lines[d->n - 1].page > d->n_pages)) {
        d->n_pages = page;
        page_first[page] = d->n;
    }
    for (int p = page; p <= d->n_pages; p++)
        page_first[p] = d->n;
    /* Lines ending in a form feed were not terminated above; terminate
     * them now that scanning is done. */
    for (size_t k = 0; k < d->n; k++)
        ((char *)d->lines[k].s)[d->lines[k].len] = '\0';
    int rc = mark_furniture(d, page_first);
    if (rc == 0) {
        mark_footnotes(d, page_first);
        mark_contents(d, page_first);
        mark_boilerplate(d, page_first);
    }
    free(page_first);
    if (rc)
        rp_doc_free(d);
    return rc;
}

void rp_doc_free(rp_doc *d)
{
    free(d->text);
    free(d->lines);
    memset(d, 0, sizeof *d);
}


const char *rp_norm(ot_buf *b, const char *s, size_t len)
{
    ot_buf_reset(b);
    bool sp = false;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int k = (int)ot_utf8_decode(s + i, len - i, &cp);
        char c = 0;
        if (cp == ' ' || cp == '\t' || cp == 0xA0)
            c = ' ';
        else if (cp < 0x80)
            c = (char)tolower((int)cp);
        else if (cp == 0x2019 || cp == 0x2018)
            c = '\'';
        else if (cp == 0x201C || cp == 0x201D)
            c = '"';
        else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2500 || cp == 0x2011 || cp == 0x2212)
            c = '-';
        if (c == ' ') {
            sp = true;
        } else {
            if (sp && b->len)
                ot_buf_putc(b, ' ');
            sp = false;
            if (c)
                ot_buf_putc(b, c);
            else
                ot_buf_append(b, s + i, (size_t)k);
        }
        i += (size_t)k;
    }
    return ot_buf_str(b);
}

bool rp_starts(const char *n, const char *p)
{
    return strncmp(n, p, strlen(p)) == 0;
}

int rp_segments(const rp_line *l, rp_seg *seg, int max)
{
    int n = 0, i = 0;
    while (i < l->len && n < max) {
        while (i < l->len && l->s[i] == ' ')
            i++;
        if (i >= l->len)
            break;
        int st = i;
        while (i < l->len && !(l->s[i] == ' ' && (i + 1 >= l->len || l->s[i + 1] == ' ')))
            i++;
        seg[n].col = columns(l->s, st);
        seg[n].off = st;
        seg[n].len = i - st;
        n++;
    }
    return n;
}

static bool is_bullet_cp(unsigned cp)
{
    return (cp >= 0xE000 && cp <= 0xF8FF) || cp == 0x25FC || cp == 0x2022 || cp == 0x2212 ||
           cp == 0x2500 || cp == 0x2015 || cp == 0x0336 || cp == 0x25AA || cp == 0x25CF ||
           cp == 0x25A0 || cp == 0x2023 || cp == 0x25E6;
}

int rp_bullet_len(const char *s)
{
    uint32_t cp;
    int k = *s ? (int)ot_utf8_decode(s, strnlen(s, 4), &cp) : 0;
    if (!k)
        return 0;
    if (!is_bullet_cp(cp))
        return 0;
    if (s[k] != ' ' && s[k] != '\0')
        return 0;
    return k;
}

int rp_join(ot_buf *out, const char *s, size_t len)
{
    while (len && *s == ' ') {
        s++;
        len--;
    }
    while (len && s[len - 1] == ' ')
        len--;
    if (!len)
        return 0;
    if (out->len) {
        char last = out->data[out->len - 1];
        char prev = out->len > 1 ? out->data[out->len - 2] : ' ';
        bool hyphen = last == '-' && isalpha((unsigned char)prev) && isalnum((unsigned char)s[0]);
        if (!hyphen && ot_buf_putc(out, ' '))
            return -1;
    }
    bool sp = false;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int k = (int)ot_utf8_decode(s + i, len - i, &cp);
        if (cp == ' ') {
            sp = true;
            i++;
            continue;
        }
        if (sp && ot_buf_putc(out, ' '))
            return -1;
        sp = false;
        int rc;
        if ((cp >= 0xE000 && cp <= 0xF8FF) || cp == 0x0336)
            rc = ot_buf_puts(out, "\xE2\x80\xA2"); /* U+2022 bullet */
        else
            rc = ot_buf_append(out, s + i, (size_t)k);
        if (rc)
            return -1;
        i += (size_t)k;
    }
    return 0;
}

bool rp_usable(const rp_line *l)
{
    return !l->blank && !l->furniture && !l->contents;
}

size_t rp_next_usable(const rp_doc *d, size_t i)
{
    for (i++; i < d->n; i++)
        if (rp_usable(&d->lines[i]))
            return i;
    return d->n;
}

size_t rp_find_line(const rp_doc *d, size_t from, int max_page, int max_indent,
                    const char *prefix, ot_buf *nb)
{
    for (size_t i = from; i < d->n; i++) {
        const rp_line *l = &d->lines[i];
        if (max_page && l->page > max_page)
            break;
        if (!rp_usable(l) || l->indent > max_indent)
            continue;
        if (rp_starts(rp_norm(nb, l->s, (size_t)l->len), prefix))
            return i;
    }
    return d->n;
}

const char *rp_after_colon(const rp_line *l)
{
    const char *c = strchr(l->s, ':');
    if (!c)
        return NULL;
    c++;
    while (*c == ' ')
        c++;
    return c;
}
