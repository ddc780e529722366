/* Pattern analysis for the prefilter: the literals every match must
 * contain, and the plan (literal, buffer or paragraph).  See
 * textscan_impl.h. */
#include "config.h"

#include "textscan_impl.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Option letters after "(?" up to ')' or ':'; returns the length of the
 * letters, or 0 when this is not an option setting. */
static size_t option_letters(const char *p, size_t n, size_t i, int *has_i, int *has_x)
{
    size_t j = i;
    while (j < n && (p[j] == '-' || p[j] == '^' ||
                     (p[j] >= 'a' && p[j] <= 'z') || (p[j] >= 'A' && p[j] <= 'Z')))
        j++;
    if (j == i || j >= n || (p[j] != ')' && p[j] != ':'))
        return 0;
    for (size_t k = i; k < j; k++) {
        if (p[k] == 'i')
            *has_i = 1;
        if (p[k] == 'x')
            *has_x = 1;
    }
    return j - i;
}

/* The index of the \E closing the \Q quote whose text starts at p[from],
 * or n when the quote runs to the end of the pattern. */
static size_t quote_end(const char *p, size_t n, size_t from)
{
    for (size_t k = from; k + 1 < n; k++)
        if (p[k] == '\\' && p[k + 1] == 'E')
            return k;
    return n;
}

/* 1 when the pattern's matches could differ between a paragraph alone and
 * the same paragraph inside the buffer, other than by reaching across the
 * separator (which the scan checks): lookaround sees the neighbours,
 * atomic groups and possessive quantifiers can swallow a separator and not
 * give it back, \A \z \Z \G and verbs depend on the subject's extent.
 * Errs on the side of "unsafe": such patterns are still answered exactly,
 * one paragraph at a time. */
int ts_buffer_unsafe(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\\') {
            if (i + 1 >= n)
                return 1;
            char d = p[i + 1];
            if (d == 'A' || d == 'z' || d == 'Z' || d == 'G')
                return 1;
            if (d == 'Q') {
                size_t e = quote_end(p, n, i + 2);
                if (e == n)
                    return 0; /* the rest is literal */
                i = e + 1;
                continue;
            }
            i++;
            continue;
        }
        if (c == '#')
            return 1;
        if (c == '(' && i + 1 < n && p[i + 1] == '*')
            return 1;
        if (c == '(' && i + 1 < n && p[i + 1] == '?') {
            char d = i + 2 < n ? p[i + 2] : '\0';
            char e = i + 3 < n ? p[i + 3] : '\0';
            if (d == '=' || d == '!' || d == '>' || d == '*' || d == 'C')
                return 1;
            if (d == '<' && (e == '=' || e == '!' || e == '*'))
                return 1;
            int has_i = 0, has_x = 0;
            size_t len = option_letters(p, n, i + 2, &has_i, &has_x);
            /* "(?^)" or "(?-m)" turns off the multiline mode that makes
             * ^ and $ match at each paragraph of the buffer. */
            if (has_x || memchr(p + i + 2, '^', len) || memchr(p + i + 2, 'm', len))
                return 1;
        }
        if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < n && p[i + 1] == '+')
            return 1;
    }
    return 0;
}

/* Can byte sequence c (one UTF-8 character) stand in a caseless literal
 * that is searched for with ASCII case folding only?  Not k and s when the
 * text holds the Kelvin sign or long s, which they also match, nor letters
 * outside ASCII; yes to
 * punctuation and symbols that have no case (’ £ – “ ”). */
static int caseless_ok(const unsigned char *c, size_t len, int has_sk)
{
    if (len == 1)
        return !has_sk || (c[0] != 'k' && c[0] != 'K' && c[0] != 's' && c[0] != 'S');
    uint32_t cp;
    if (len == 2)
        cp = ((uint32_t)(c[0] & 0x1F) << 6) | (c[1] & 0x3Fu);
    else if (len == 3)
        cp = ((uint32_t)(c[0] & 0x0F) << 12) | ((uint32_t)(c[1] & 0x3F) << 6) | (c[2] & 0x3Fu);
    else
        return 0;
    return (cp >= 0xA0 && cp <= 0xBF && cp != 0xB5) || (cp >= 0x2000 && cp <= 0x206F) ||
           (cp >= 0x20A0 && cp <= 0x20CF);
}

/* The sample of the text that anchors are picked from: its start, which
 * the scan reads first anyway (a sample spread through the text would
 * fault in pages of a gigabyte's mapping before the first hit). */
#define SAMPLE_BYTES ((size_t)128 << 10)
#define PAIR_SAMPLE_BYTES ((size_t)64 << 10) /* enough to tell "qu" from "q.a" */

/* Frequency of each byte in the sample, to pick rare anchors. */
static void sample_hist(const ot_textscan *ts, double freq[256])
{
    size_t hist[256] = { 0 };
    size_t total = ts->len < SAMPLE_BYTES ? ts->len : SAMPLE_BYTES;
    for (size_t i = 0; i < total; i++)
        hist[(unsigned char)ts->text[i]]++;
    for (int b = 0; b < 256; b++)
        freq[b] = ((double)hist[b] + 0.5) / ((double)total + 1.0);
}

static double byte_freq(const double freq[256], unsigned char b, unsigned char fold)
{
    if (!freq)
        return 1.0 / 256;
    return fold ? freq[b] + freq[b & ~0x20u] : freq[b];
}

/* Pick the two rarest positions of a literal as SIMD anchors and return the
 * estimated frequency of the whole literal (smaller is better). */
static double score_lit(struct lit *l, const double freq[256])
{
    double best1 = 2, best2 = 2, all = 1;
    size_t i1 = 0, i2 = 0;
    for (size_t i = 0; i < l->n; i++) {
        double f = byte_freq(freq, l->b[i], l->fold[i]);
        all *= f;
        if (f < best1) {
            best2 = best1;
            i2 = i1;
            best1 = f;
            i1 = i;
        } else if (f < best2) {
            best2 = f;
            i2 = i;
        }
    }
    if (l->n == 1)
        i2 = i1;
    l->o1 = i1 < i2 ? i1 : i2;
    l->o2 = i1 < i2 ? i2 : i1;
    return all;
}

struct extract {
    const char *p;
    size_t n;
    int caseless;
    int has_sk;
    const double *freq;
    struct lit run;
    struct lit best;
    double best_score;
    int exact; /* this alternative so far is one unbroken literal */
};

static void run_end(struct extract *x)
{
    if (x->run.n > 0) {
        double s = score_lit(&x->run, x->freq);
        if (x->best.n == 0 || s < x->best_score) {
            x->best = x->run;
            x->best_score = s;
        }
    }
    x->run.n = 0;
}

static void run_add(struct extract *x, const unsigned char *c, size_t len)
{
    if (x->caseless && !caseless_ok(c, len, x->has_sk)) {
        x->exact = 0;
        run_end(x);
        return;
    }
    if (x->run.n + len > MAX_LIT_LEN) {
        x->exact = 0;
        run_end(x);
    }
    for (size_t k = 0; k < len; k++) {
        unsigned char b = c[k];
        unsigned char f = 0;
        if (b == '\n')
            x->exact = 0; /* it could be the separator between paragraphs */
        if (x->caseless && ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))) {
            b |= 0x20;
            f = 0x20;
        }
        x->run.b[x->run.n] = b;
        x->run.fold[x->run.n] = f;
        x->run.n++;
    }
}

/* Parse a quantifier at p[i]; returns its length (0 if none) and whether it
 * allows zero repetitions in *optional.  A '{' that is no quantifier is a
 * literal in PCRE2: *bad is set then, since this parser does not go there. */
static size_t quantifier(const char *p, size_t n, size_t i, int *optional, int *bad)
{
    size_t j = i;
    *optional = 0;
    if (i >= n)
        return 0;
    if (p[i] == '?' || p[i] == '*') {
        *optional = 1;
        j++;
    } else if (p[i] == '+') {
        j++;
    } else if (p[i] == '{') {
        size_t k = i + 1;
        unsigned long lo = 0;
        size_t digits = 0;
        while (k < n && p[k] >= '0' && p[k] <= '9') {
            lo = lo * 10 + (unsigned long)(p[k] - '0');
            k++;
            digits++;
        }
        if (digits == 0) {
            *bad = 1;
            return 0;
        }
        if (k < n && p[k] == ',') {
            k++;
            while (k < n && p[k] >= '0' && p[k] <= '9')
                k++;
        }
        if (k >= n || p[k] != '}') {
            *bad = 1;
            return 0;
        }
        *optional = lo == 0;
        j = k + 1;
    } else {
        return 0;
    }
    if (j < n && (p[j] == '?' || p[j] == '+'))
        j++;
    return j - i;
}

/* Index just past a POSIX item ("[:alpha:]", "[.x.]", "[=x=]") opening at
 * p[j] inside a class, or 0 when p[j] is an ordinary '['.  As PCRE2
 * decides: the closing ":]" must come before any other ']' (an escaped one
 * aside), so "[[=]|" is the class "[[=]" and then an empty alternative. */
static size_t posix_item_end(const char *p, size_t n, size_t j)
{
    if (j + 1 >= n || (p[j + 1] != ':' && p[j + 1] != '.' && p[j + 1] != '='))
        return 0;
    char t = p[j + 1];
    for (size_t k = j + 2; k + 2 <= n; k++) {
        if (p[k] == '\\' && (p[k + 1] == ']' || p[k + 1] == '\\'))
            k++;
        else if ((p[k] == '[' && p[k + 1] == t) || p[k] == ']')
            return 0;
        else if (p[k] == t && p[k + 1] == ']')
            return k + 2;
    }
    return 0;
}

/* Index just past the ']' closing the class that opens at p[i]. */
static size_t skip_class(const char *p, size_t n, size_t i)
{
    size_t j = i + 1;
    if (j < n && p[j] == '^')
        j++;
    if (j < n && p[j] == ']')
        j++;
    while (j < n && p[j] != ']') {
        if (p[j] == '\\') {
            if (j + 1 < n && p[j + 1] == 'Q') {
                j = quote_end(p, n, j + 2) + 2;
                continue;
            }
            j += 2;
        } else if (p[j] == '[' && posix_item_end(p, n, j)) {
            j = posix_item_end(p, n, j);
        } else {
            j++;
        }
    }
    return j < n ? j + 1 : n;
}

/* Index just past the ')' closing the group that opens at p[i]. */
static size_t skip_group(const char *p, size_t n, size_t i)
{
    int depth = 0;
    size_t j = i;
    while (j < n) {
        char c = p[j];
        if (c == '\\') {
            if (j + 1 < n && p[j + 1] == 'Q') {
                j = quote_end(p, n, j + 2) + 2;
                continue;
            }
            j += 2;
            continue;
        }
        if (c == '[') {
            j = skip_class(p, n, j);
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return j + 1;
        j++;
    }
    return n;
}

/* Add the character c[0, len) to the run, under the quantifier (if any)
 * at x->p[at]: an optional character ends the run, a repeated one ends it
 * after itself.  Returns the quantifier's length, or NONE when it is one
 * this parser does not follow. */
static size_t add_quantified(struct extract *x, const unsigned char *c, size_t len, size_t at)
{
    int optional, bad = 0;
    size_t q = quantifier(x->p, x->n, at, &optional, &bad);
    if (bad)
        return NONE;
    if (q)
        x->exact = 0;
    if (optional) {
        run_end(x);
    } else {
        run_add(x, c, len);
        if (q)
            run_end(x);
    }
    return q;
}

static size_t utf8_char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Find, for each top-level alternative, a literal that every match of it
 * must contain.  Returns the number of literals, or 0 when some
 * alternative has none that this parser can prove. */
/* The length of the start options that lead pattern p, such as (*UTF),
 * (*UCP), (*NO_JIT) or (*LIMIT_MATCH=1000): they change which engine runs
 * and how far, never which literal a match holds. */
static size_t start_options(const char *p, size_t n)
{
    size_t i = 0;
    while (i + 2 < n && p[i] == '(' && p[i + 1] == '*') {
        size_t j = i + 2;
        while (j < n && ((p[j] >= 'A' && p[j] <= 'Z') || (p[j] >= '0' && p[j] <= '9') || p[j] == '_'))
            j++;
        if (j < n && p[j] == '=') {
            j++;
            while (j < n && p[j] >= '0' && p[j] <= '9')
                j++;
        }
        if (j == i + 2 || j >= n || p[j] != ')')
            break;
        i = j + 1;
    }
    return i;
}

size_t ts_extract_literals(const char *p, size_t n, int caseless, int has_sk, const double freq[256],
                           struct lit out[MAX_LITS], int *exact)
{
    size_t lead = start_options(p, n);
    p += lead;
    n -= lead;
    struct extract x;
    size_t nout = 0;
    int has_i = 0, has_x = 0;

    memset(&x, 0, sizeof x);
    x.p = p;
    x.n = n;
    x.freq = freq;
    x.has_sk = has_sk;
    /* Any (?i) anywhere: search every literal caselessly (a superset). */
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] == '(' && p[i + 1] == '*')
            return 0;
        if (p[i] == '(' && p[i + 1] == '?' && i + 2 < n && p[i + 2] == '#')
            return 0; /* a comment may hold brackets this parser would follow */
        if (p[i] == '(' && p[i + 1] == '?')
            option_letters(p, n, i + 2, &has_i, &has_x);
    }
    if (has_x)
        return 0;
    x.caseless = caseless || has_i;
    /* Inline options may change case within the pattern: never exact. */
    int all_exact = 1;
    for (size_t i = 0; i + 1 < n; i++)
        if (p[i] == '(' && p[i + 1] == '?')
            all_exact = 0;
    x.exact = 1;

    size_t i = 0;
    for (;;) {
        if (i >= n || p[i] == '|') {
            run_end(&x);
            if (x.best.n == 0 || nout == MAX_LITS)
                return 0;
            all_exact = all_exact && x.exact;
            x.exact = 1;
            out[nout++] = x.best;
            x.best.n = 0;
            if (i >= n)
                break;
            i++;
            continue;
        }
        unsigned char c = (unsigned char)p[i];
        const unsigned char *lit = NULL;
        size_t litlen = 0;
        int optional, bad = 0;
        size_t q;

        if (c != '\\')
            x.exact = x.exact && c != '(' && c != '[' && c != '.' && c != '^' && c != '$';
        switch (c) {
        case '(':
            if (i + 1 < n && p[i + 1] == '?') {
                size_t ol = option_letters(p, n, i + 2, &has_i, &has_x);
                if (ol && p[i + 2 + ol] == ')') {
                    run_end(&x);
                    i += 3 + ol;
                    continue;
                }
            }
            run_end(&x);
            i = skip_group(p, n, i);
            i += quantifier(p, n, i, &optional, &bad);
            if (bad)
                return 0;
            continue;
        case '[':
            run_end(&x);
            i = skip_class(p, n, i);
            i += quantifier(p, n, i, &optional, &bad);
            if (bad)
                return 0;
            continue;
        case '.':
        case '^':
        case '$':
            run_end(&x);
            i++;
            i += quantifier(p, n, i, &optional, &bad);
            if (bad)
                return 0;
            continue;
        case ')':
        case '*':
        case '+':
        case '?':
        case '{':
            return 0;
        case '\\':
            if (i + 1 >= n)
                return 0;
            c = (unsigned char)p[i + 1];
            if (c == 'Q') {
                /* \Q..\E: literal characters; a quantifier after \E
                 * applies to the last one. */
                size_t e = quote_end(p, n, i + 2);
                size_t after = e < n ? e + 2 : n;
                for (size_t k = i + 2; k < e;) {
                    size_t cl = utf8_char_len((unsigned char)p[k]);
                    if (k + cl > e)
                        return 0;
                    if (k + cl == e) {
                        q = add_quantified(&x, (const unsigned char *)p + k, cl, after);
                        if (q == NONE)
                            return 0;
                        after += q;
                    } else {
                        run_add(&x, (const unsigned char *)p + k, cl);
                    }
                    k += cl;
                }
                i = after;
                continue;
            }
            if (c == 'E') {
                i += 2;
                continue;
            }
            if (c < 0x80 && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                /* Escapes that are exactly two characters long; others
                 * (\x41, \p{L}, \cA, \1, \t ...) are not worth parsing. */
                if (!strchr("bBwWsSdDhHvVRXKAzZG", c))
                    return 0;
                x.exact = 0;
                run_end(&x);
                i += 2;
                i += quantifier(p, n, i, &optional, &bad);
                if (bad)
                    return 0;
                continue;
            }
            lit = (const unsigned char *)p + i + 1;
            litlen = utf8_char_len(c);
            i += 1;
            break;
        default:
            lit = (const unsigned char *)p + i;
            litlen = utf8_char_len(c);
            break;
        }
        if (i + litlen > n)
            return 0;
        i += litlen;
        q = add_quantified(&x, lit, litlen, i);
        if (q == NONE)
            return 0;
        i += q;
    }
    *exact = all_exact;
    return nout;
}

/* How often bytes i and j of literal l both sit where a match would put
 * them, in the start of the sample. */
static size_t pair_count(const ot_textscan *ts, const struct lit *l, size_t i, size_t j)
{
    const unsigned char *t = (const unsigned char *)ts->text;
    size_t to = ts->len < PAIR_SAMPLE_BYTES ? ts->len : PAIR_SAMPLE_BYTES;
    size_t hits = 0;
    for (size_t x = 0; x + j < to; x++)
        hits += (size_t)(((t[x + i] | l->fold[i]) == l->b[i]) & ((t[x + j] | l->fold[j]) == l->b[j]));
    return hits;
}

/* Choose the literal's two anchor bytes by how often the pair turns up in
 * the text, not by each byte's frequency alone: in "inadequate" q and u are
 * the rarest letters, but "qu" is in every "quality".  The pairs of the
 * four rarest bytes are counted in the sample; the rarest pair wins. */
static void pick_anchors(const ot_textscan *ts, struct lit *l, const double freq[256])
{
    size_t pos[4];
    size_t np = 0;
    if (l->n < 3)
        return;
    for (size_t i = 0; i < l->n; i++) {
        /* Insertion into the four rarest so far. */
        double f = byte_freq(freq, l->b[i], l->fold[i]);
        size_t at = np;
        while (at > 0 && byte_freq(freq, l->b[pos[at - 1]], l->fold[pos[at - 1]]) > f)
            at--;
        if (at >= 4)
            continue;
        size_t last = np < 4 ? np : 3;
        for (size_t k = last; k > at; k--)
            pos[k] = pos[k - 1];
        pos[at] = i;
        if (np < 4)
            np++;
    }
    size_t best = SIZE_MAX;
    for (size_t a = 0; a < np; a++)
        for (size_t b = a + 1; b < np; b++) {
            size_t i = pos[a] < pos[b] ? pos[a] : pos[b];
            size_t j = pos[a] < pos[b] ? pos[b] : pos[a];
            size_t h = pair_count(ts, l, i, j);
            if (h < best) {
                best = h;
                l->o1 = i;
                l->o2 = j;
            }
        }
}

void ts_make_plan(const ot_textscan *ts, const ot_regex *re, struct plan *pl)
{
    size_t n;
    const char *p = ot_regex_pattern(re, &n);
    double freq[256];

    memset(pl, 0, sizeof *pl);
    sample_hist(ts, freq);
    pl->nlit = ts_extract_literals(p, n, ot_regex_caseless(re), ts->has_sk, freq, pl->lit, &pl->exact);
    /* A literal of one or two bytes turns up in most paragraphs: then the
     * prefilter only adds work to the JIT's.  Unless the literals are the
     * whole pattern: then a candidate is a hit, and the JIT is not run. */
    for (size_t k = 0; k < pl->nlit; k++)
        if (pl->lit[k].n < 3 && !pl->exact)
            pl->nlit = 0;
    if (pl->nlit > 0) {
        pl->strategy = BY_LITERAL;
        for (size_t k = 0; k < pl->nlit; k++)
            pick_anchors(ts, &pl->lit[k], freq);
        for (size_t k = 0; k < pl->nlit; k++)
            if (pl->lit[k].o2 > pl->max_o)
                pl->max_o = pl->lit[k].o2;
    } else if (ts_buffer_unsafe(p, n)) {
        pl->strategy = BY_PARAGRAPH;
    } else {
        pl->strategy = BY_BUFFER;
    }
}

const char *ot_textscan_strategy(const ot_textscan *ts, const ot_regex *re)
{
    struct plan pl;
    ts_make_plan(ts, re, &pl);
    switch (pl.strategy) {
    case BY_LITERAL:
        return "literal";
    case BY_BUFFER:
        return "buffer";
    case BY_PARAGRAPH:
    default:
        return "paragraph";
    }
}

