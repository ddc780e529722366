/* Page-1 metadata: authority name, inspection dates, publication date,
 * lead inspector, and the URN hint of the file name. */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The 2013 title lines come first, then the name. */
static void lac_title_name(const rp_doc *d, size_t first, ot_buf *raw, ot_buf *nb)
{
    for (size_t i = first; i < d->n && d->lines[i].page == 1; i++) {
        const rp_line *l = &d->lines[i];
        if (l->blank)
            continue;
        const char *n = rp_norm(nb, l->s, (size_t)l->len);
        if (rp_starts(n, "inspection of") || strcmp(n, "services") == 0 || rp_starts(n, "services"))
            continue;
        rp_join(raw, l->s, (size_t)l->len);
        break;
    }
}

/* ILACS from late 2021: "Inspection of <LA> local" / "authority
 * children's services", with "Inspection of " cut off.  Returns 0 or -1
 * on no memory. */
static int ilacs_title_name(const rp_doc *d, size_t first, ot_buf *raw, ot_buf *nb)
{
    for (size_t i = first; i < d->n && i < first + 4; i++) {
        if (d->lines[i].blank)
            break;
        rp_join(raw, d->lines[i].s, (size_t)d->lines[i].len);
        const char *n = rp_norm(nb, raw->data, raw->len);
        if (strstr(n, "services") || strstr(n, "trust") || strstr(n, "children first"))
            break;
    }
    char *tmp = strdup(ot_buf_str(raw) + strlen("Inspection of "));
    if (!tmp)
        return -1;
    ot_buf_reset(raw);
    ot_buf_puts(raw, tmp);
    free(tmp);
    return 0;
}

/* The name on the first line, which may wrap ("Blackburn with Darwen
 * Borough" / "Council") before the title. */
static void first_line_name(const rp_doc *d, size_t first, ot_buf *raw, ot_buf *nb)
{
    rp_join(raw, d->lines[first].s, (size_t)d->lines[first].len);
    size_t j = first + 1;
    if (j < d->n && d->lines[j].page == 1 && !d->lines[j].blank) {
        const char *m = rp_norm(nb, d->lines[j].s, (size_t)d->lines[j].len);
        if (!rp_starts(m, "inspection") && !rp_starts(m, "re-inspection") && !rp_starts(m, "review") &&
            strlen(m) < 40)
            rp_join(raw, d->lines[j].s, (size_t)d->lines[j].len);
    }
}

/* Drop a service-name suffix, comparing in normalised form; the
 * normalised and printed strings differ only in apostrophes, so cut by
 * counting words. */
static void strip_service_suffix(ot_buf *raw, ot_buf *nb)
{
    for (int k = 0; name_suffixes[k]; k++) {
        const char *n = rp_norm(nb, ot_buf_str(raw), raw->len);
        size_t nl = strlen(n), sl = strlen(name_suffixes[k]);
        if (nl <= sl || strcmp(n + nl - sl, name_suffixes[k]) != 0)
            continue;
        int words = 0;
        for (const char *p = name_suffixes[k]; *p; p++)
            words += *p == ' ';
        size_t e = raw->len;
        while (words > 0 && e > 0) {
            e--;
            if (raw->data[e] == ' ')
                words--;
        }
        raw->len = e;
        raw->data[e] = '\0';
        return;
    }
}

/* ILACS titles read "Inspection of the Royal Borough of X local authority
 * ...", "... of Leeds City local authority ...": the article and a bare
 * "City" / "Borough" are not part of the authority's name. */
static const char *strip_ilacs_words(ot_buf *raw)
{
    static const char *const tails[] = {" City", " Borough", NULL};
    for (int k = 0; tails[k]; k++) {
        size_t tl = strlen(tails[k]);
        if (raw->len > tl && strcmp(raw->data + raw->len - tl, tails[k]) == 0) {
            raw->len -= tl;
            raw->data[raw->len] = '\0';
        }
    }
    const char *s = ot_buf_str(raw);
    return strncasecmp(s, "the ", 4) == 0 ? s + 4 : s;
}

char *rp_la_name(const rp_doc *d, rp_kind kind, ot_report *r)
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
        lac_title_name(d, first, &raw, &nb);
    } else if (kind == RP_ILACS &&
               rp_starts(rp_norm(&nb, d->lines[first].s, (size_t)d->lines[first].len), "inspection of")) {
        if (ilacs_title_name(d, first, &raw, &nb))
            goto out;
    } else {
        first_line_name(d, first, &raw, &nb);
    }
    strip_service_suffix(&raw, &nb);
    const char *s = kind == RP_ILACS ? strip_ilacs_words(&raw) : ot_buf_str(&raw);
    if (*s)
        res = rp_strdup(r, s, strlen(s));
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

int rp_inspection_dates(const rp_doc *d, ot_date_range *dr, ot_buf *nb)
{
    size_t i = rp_find_line(d, 0, 2, 8, "inspection date", nb);
    if (i == d->n)
        return -1;
    const rp_line *l = &d->lines[i];
    const char *s = rp_after_colon(l);
    if (!s) {
        s = l->s + l->indent + strlen("Inspection date");
        if (*s == 's')
            s++;
    }
    ot_buf t = OT_BUF_INIT;
    ot_buf_puts(&t, s);
    size_t j = rp_next_usable(d, i);
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

int rp_published_date(const rp_doc *d, ot_date *out, ot_buf *nb)
{
    for (size_t i = 0; i < d->n && d->lines[i].page <= 2; i++) {
        const rp_line *l = &d->lines[i];
        if (!rp_usable(l) || l->indent > 8)
            continue;
        const char *n = rp_norm(nb, l->s, (size_t)l->len);
        if (!rp_starts(n, "report published") && !rp_starts(n, "published"))
            continue;
        const char *s = rp_after_colon(l);
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

char *rp_lead_inspector(const rp_doc *d, rp_kind kind, ot_report *r, ot_buf *nb)
{
    ot_buf raw = OT_BUF_INIT;
    char *res = NULL;
    size_t i;
    if (kind == RP_LAC2013) {
        i = rp_find_line(d, 0, 2, 8, "reporting inspector", nb);
        if (i < d->n) {
            const char *s = d->lines[i].s + d->lines[i].indent + strlen("Reporting inspector");
            while (*s == ' ' || *s == ':')
                s++;
            rp_join(&raw, s, strlen(s));
        }
    } else {
        int max_page = kind == RP_ILACS ? 2 : 0;
        i = rp_find_line(d, 0, max_page, 4, "lead inspector", nb);
        if (i < d->n) {
            const char *s = rp_after_colon(&d->lines[i]);
            if (s) {
                rp_join(&raw, s, strlen(s));
                /* "Lead inspectors: A, His Majesty's Inspector, and B," */
                size_t j = rp_next_usable(d, i);
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

long rp_urn_hint(const char *file_name)
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
