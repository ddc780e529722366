/* Regex search over a buffer of paragraphs: see ofsted-tui/textscan.h. */
#include "config.h"

#include "ofsted-tui/textscan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_X86_SIMD 1
#include <immintrin.h>
#endif

/* Work is handed out and the cancel callback asked every CHUNK bytes. */
#define CHUNK ((size_t)4 << 20)
#define MAX_THREADS 8
#define MAX_LITS 8
#define MAX_LIT_LEN 64
#define NONE SIZE_MAX

struct ot_textscan {
    const char *text;
    size_t len;
    char *owned; /* text when built by ot_textscan_add */
    int borrowed_starts; /* starts belong to the caller */
    size_t owned_cap;
    size_t *starts; /* count + 1 entries; para i is [starts[i], starts[i+1] - 1) */
    size_t count;
    size_t starts_cap;
    /* Set when the text holds U+017F (long s) or U+212A (Kelvin sign),
     * which caseless matching equates with s and k: literals holding s or
     * k are then not searched for with ASCII case folding. */
    int has_sk;
};

/* ------------------------------------------------------------ building */

static int starts_push(ot_textscan *ts, size_t v)
{
    if (ts->count + 2 > ts->starts_cap) {
        size_t cap = ts->starts_cap ? ts->starts_cap * 2 : 1024;
        size_t *s = realloc(ts->starts, cap * sizeof *s);
        if (!s)
            return -1;
        ts->starts = s;
        ts->starts_cap = cap;
    }
    ts->starts[ts->count] = v;
    return 0;
}

/* Check the non-ASCII characters from t[i] on, up to the next ASCII
 * byte.  Returns the index after them, or NONE with *bad = the offset of
 * the first bad sequence. */
static size_t check_non_ascii(const unsigned char *t, size_t len, size_t i, size_t *bad,
                              int *has_sk)
{
    while (i < len && t[i] >= 0x80) {
        unsigned char c = t[i];
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1Fu;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0Fu;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07u;
            min = 0x10000;
        } else {
            *bad = i;
            return NONE;
        }
        if (len - i <= need) {
            *bad = i;
            return NONE;
        }
        for (size_t k = 1; k <= need; k++) {
            if ((t[i + k] & 0xC0u) != 0x80u) {
                *bad = i;
                return NONE;
            }
            cp = (cp << 6) | (t[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *bad = i;
            return NONE;
        }
        if (cp == 0x17F || cp == 0x212A)
            *has_sk = 1;
        i += need + 1;
    }
    return i;
}

/* One part of the text, indexed by one thread. */
struct index_part {
    const unsigned char *t;
    size_t from, to;  /* byte range; `to` is just after a '\n' or the end */
    size_t *starts;   /* line starts found, malloc'd */
    size_t n, cap;
    size_t bad;       /* NONE, or where invalid UTF-8 was found */
    int has_sk;
    int nomem;
};

static int part_push(struct index_part *ip, size_t v)
{
    if (ip->n == ip->cap) {
        size_t cap = ip->cap ? ip->cap * 2 : 4096;
        size_t *s = realloc(ip->starts, cap * sizeof *s);
        if (!s) {
            ip->nomem = 1;
            return -1;
        }
        ip->starts = s;
        ip->cap = cap;
    }
    ip->starts[ip->n++] = v;
    return 0;
}

/* Record the start of the line after each '\n' in mask (bit k: byte
 * base + k), and check the non-ASCII bytes in hmask. */
static int index_block(struct index_part *ip, size_t base, uint64_t nl, uint64_t hi,
                       size_t *checked)
{
    while (nl) {
        if (part_push(ip, base + (size_t)__builtin_ctzll(nl) + 1) < 0)
            return -1;
        nl &= nl - 1;
    }
    while (hi) {
        size_t at = base + (size_t)__builtin_ctzll(hi);
        hi &= hi - 1;
        if (at < *checked)
            continue;
        size_t next = check_non_ascii(ip->t, ip->to, at, &ip->bad, &ip->has_sk);
        if (next == NONE)
            return -1;
        *checked = next;
    }
    return 0;
}

static void index_scalar(struct index_part *ip, size_t i, size_t checked)
{
    for (; i < ip->to; i++) {
        unsigned char c = ip->t[i];
        if (c == '\n') {
            if (part_push(ip, i + 1) < 0)
                return;
        } else if (c >= 0x80 && i >= checked) {
            checked = check_non_ascii(ip->t, ip->to, i, &ip->bad, &ip->has_sk);
            if (checked == NONE)
                return;
        }
    }
}

#ifdef HAVE_X86_SIMD
__attribute__((target("avx2"))) static void index_avx2(struct index_part *ip)
{
    const __m256i nl = _mm256_set1_epi8('\n');
    size_t i = ip->from, checked = 0;
    for (; i + 64 <= ip->to; i += 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(ip->t + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(ip->t + i + 32));
        uint64_t m = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, nl)) |
                     ((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, nl)) << 32);
        uint64_t h = (uint32_t)_mm256_movemask_epi8(a) |
                     ((uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32);
        if ((m | h) && index_block(ip, i, m, h, &checked) < 0)
            return;
    }
    index_scalar(ip, i, checked);
}

static void index_sse2(struct index_part *ip)
{
    const __m128i nl = _mm_set1_epi8('\n');
    size_t i = ip->from, checked = 0;
    for (; i + 16 <= ip->to; i += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(ip->t + i));
        uint64_t m = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, nl));
        uint64_t h = (uint32_t)_mm_movemask_epi8(a);
        if ((m | h) && index_block(ip, i, m, h, &checked) < 0)
            return;
    }
    index_scalar(ip, i, checked);
}
#endif

static void *index_run(void *arg)
{
    struct index_part *ip = arg;
#ifdef HAVE_X86_SIMD
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        index_avx2(ip);
    else
        index_sse2(ip);
#else
    index_scalar(ip, ip->from, 0);
#endif
    return NULL;
}

static int auto_threads(void);

ot_textscan *ot_textscan_new(void)
{
    ot_textscan *ts = calloc(1, sizeof *ts);
    if (!ts)
        return NULL;
    ts->starts = malloc(1024 * sizeof *ts->starts);
    if (!ts->starts) {
        free(ts);
        return NULL;
    }
    ts->starts_cap = 1024;
    ts->starts[0] = 0;
    ts->text = "";
    return ts;
}

int ot_textscan_add(ot_textscan *ts, const char *text, size_t len, ot_error *err)
{
    size_t bad;
    if (ts->borrowed_starts || (ts->count > 0 && !ts->owned)) {
        ot_error_set(err, "paragraphs from a borrowed buffer cannot be added to");
        return -1;
    }
    const char *nl = memchr(text, '\n', len);
    if (nl) {
        ot_error_set(err, "paragraph %zu: line break at byte %zu", ts->count,
                     (size_t)(nl - text));
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)text[i] < 0x80)
            continue;
        i = check_non_ascii((const unsigned char *)text, len, i, &bad, &ts->has_sk);
        if (i == NONE) {
            ot_error_set(err, "paragraph %zu: invalid UTF-8 at byte %zu", ts->count, bad);
            return -1;
        }
        i--;
    }
    if (ts->len + len + 1 > ts->owned_cap) {
        size_t cap = ts->owned_cap ? ts->owned_cap : 4096;
        while (cap < ts->len + len + 1)
            cap *= 2;
        char *o = realloc(ts->owned, cap);
        if (!o)
            goto nomem;
        ts->owned = o;
        ts->owned_cap = cap;
        ts->text = o;
    }
    if (starts_push(ts, ts->len) < 0)
        goto nomem;
    memcpy(ts->owned + ts->len, text, len);
    ts->owned[ts->len + len] = '\n';
    ts->len += len + 1;
    ts->count++;
    ts->starts[ts->count] = ts->len;
    return 0;
nomem:
    ot_error_set(err, "out of memory");
    return -1;
}

ot_textscan *ot_textscan_from_lines(const char *text, size_t len, ot_error *err)
{
    struct index_part part[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = { 0 };
    int nparts = auto_threads();
    ot_textscan *ts = NULL;

    /* Finding the line starts and checking the UTF-8 is one pass over the
     * text: split it between threads at line ends. */
    if ((size_t)nparts > len / CHUNK + 1)
        nparts = (int)(len / CHUNK + 1);
    memset(part, 0, sizeof part);
    size_t prev = 0;
    for (int k = 0; k < nparts; k++) {
        part[k].t = (const unsigned char *)text;
        part[k].bad = NONE;
        part[k].from = prev;
        if (k == nparts - 1) {
            part[k].to = len;
        } else {
            size_t target = len / (size_t)nparts * (size_t)(k + 1);
            if (target < prev)
                target = prev;
            const char *nl = memchr(text + target, '\n', len - target);
            part[k].to = nl ? (size_t)(nl - text) + 1 : len;
        }
        prev = part[k].to;
    }
    for (int k = 1; k < nparts; k++)
        started[k] = pthread_create(&tid[k], NULL, index_run, &part[k]) == 0;
    index_run(&part[0]);
    for (int k = 1; k < nparts; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else
            index_run(&part[k]);
    }

    for (int k = 0; k < nparts; k++) {
        if (part[k].nomem)
            goto nomem;
        if (part[k].bad != NONE) {
            /* Report the line: count the line starts before the bad byte. */
            size_t line = 1, col_from = 0;
            for (int j = 0; j <= k; j++)
                for (size_t q = 0; q < part[j].n && part[j].starts[q] <= part[k].bad; q++) {
                    line++;
                    col_from = part[j].starts[q];
                }
            ot_error_set(err, "line %zu: invalid UTF-8 at byte %zu", line,
                         part[k].bad - col_from + 1);
            goto fail;
        }
    }

    ts = calloc(1, sizeof *ts);
    if (!ts)
        goto nomem;
    size_t total = 1;
    for (int k = 0; k < nparts; k++)
        total += part[k].n;
    ts->starts_cap = total + 2;
    ts->starts = malloc(ts->starts_cap * sizeof *ts->starts);
    if (!ts->starts)
        goto nomem;
    ts->text = text;
    ts->len = len;
    ts->starts[0] = 0;
    size_t n = 1;
    for (int k = 0; k < nparts; k++) {
        if (part[k].has_sk)
            ts->has_sk = 1;
        if (part[k].n)
            memcpy(ts->starts + n, part[k].starts, part[k].n * sizeof *ts->starts);
        n += part[k].n;
        free(part[k].starts);
        part[k].starts = NULL;
    }
    /* starts[] now holds 0 and each position after a '\n'.  A final line
     * without '\n' ends at len, as if one followed. */
    if (len == 0) {
        ts->count = 0;
    } else if (ts->starts[n - 1] == len) {
        ts->count = n - 1;
    } else {
        ts->count = n;
        ts->starts[n] = len + 1;
    }
    return ts;

nomem:
    ot_error_set(err, "out of memory");
fail:
    for (int k = 0; k < nparts; k++)
        free(part[k].starts);
    if (ts) {
        free(ts->starts);
        free(ts);
    }
    return NULL;
}

ot_textscan *ot_textscan_from_index(const char *text, size_t len, const size_t *starts,
                                    size_t count, int has_sk, ot_error *err)
{
    ot_textscan *ts = calloc(1, sizeof *ts);
    if (!ts) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    ts->text = text;
    ts->len = len;
    /* Never written through: ot_textscan_add refuses borrowed indexes. */
    ts->starts = (size_t *)(uintptr_t)starts;
    ts->borrowed_starts = 1;
    ts->count = count;
    ts->has_sk = has_sk;
    return ts;
}

const size_t *ot_textscan_starts(const ot_textscan *ts)
{
    return ts->starts;
}

int ot_textscan_has_sk(const ot_textscan *ts)
{
    return ts->has_sk;
}

void ot_textscan_free(ot_textscan *ts)
{
    if (!ts)
        return;
    free(ts->owned);
    if (!ts->borrowed_starts)
        free(ts->starts);
    free(ts);
}

size_t ot_textscan_count(const ot_textscan *ts)
{
    return ts->count;
}

const char *ot_textscan_para(const ot_textscan *ts, size_t i, size_t *len)
{
    *len = ts->starts[i + 1] - 1 - ts->starts[i];
    return ts->text + ts->starts[i];
}

void ot_textscan_result_free(ot_textscan_result *r)
{
    free(r->para);
    free(r->span_first);
    ot_spans_free(&r->spans);
    r->para = NULL;
    r->span_first = NULL;
    r->count = 0;
}

/* ------------------------------------------------------------ analysis */

enum strategy { BY_LITERAL, BY_BUFFER, BY_PARAGRAPH };

struct lit {
    unsigned char b[MAX_LIT_LEN];
    unsigned char fold[MAX_LIT_LEN]; /* 0x20 where a caseless ASCII letter */
    size_t n;
    size_t o1, o2; /* offsets of the two rarest bytes */
};

struct plan {
    enum strategy strategy;
    size_t nlit;
    struct lit lit[MAX_LITS];
    size_t max_o; /* largest anchor offset */
    /* Every alternative is exactly its literal (plain characters, nothing
     * else): a verified candidate is then a match and needs no JIT. */
    int exact;
};

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

/* 1 when the pattern's matches could differ between a paragraph alone and
 * the same paragraph inside the buffer, other than by reaching across the
 * separator (which the scan checks): lookaround sees the neighbours,
 * atomic groups and possessive quantifiers can swallow a separator and not
 * give it back, \A \z \Z \G and verbs depend on the subject's extent.
 * Errs on the side of "unsafe": such patterns are still answered exactly,
 * one paragraph at a time. */
static int buffer_unsafe(const char *p, size_t n)
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
                const char *e = NULL;
                for (size_t k = i + 2; k + 1 < n; k++)
                    if (p[k] == '\\' && p[k + 1] == 'E') {
                        e = p + k;
                        break;
                    }
                if (!e)
                    return 0; /* the rest is literal */
                i = (size_t)(e - p) + 1;
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
            option_letters(p, n, i + 2, &has_i, &has_x);
            if (has_x)
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

/* Frequency of each byte in a sample of the text, to pick rare anchors. */
static void sample_hist(const ot_textscan *ts, double freq[256])
{
    size_t hist[256] = { 0 };
    size_t total = 0;
    const size_t slice = 64 * 1024;
    for (int k = 0; k < 4; k++) {
        size_t from = ts->len > slice ? (ts->len - slice) / 4 * (size_t)k : 0;
        size_t to = from + slice < ts->len ? from + slice : ts->len;
        for (size_t i = from; i < to; i++)
            hist[(unsigned char)ts->text[i]]++;
        total += to - from;
        if (ts->len <= slice)
            break;
    }
    for (int b = 0; b < 256; b++)
        freq[b] = ((double)hist[b] + 0.5) / ((double)total + 1.0);
}

static double byte_freq(const double freq[256], unsigned char b, unsigned char fold)
{
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
                j += 2;
                while (j + 1 < n && !(p[j] == '\\' && p[j + 1] == 'E'))
                    j++;
                j += 2;
                continue;
            }
            j += 2;
        } else if (p[j] == '[' && j + 1 < n && (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
            char t = p[j + 1];
            j += 2;
            while (j + 1 < n && !(p[j] == t && p[j + 1] == ']'))
                j++;
            j += 2;
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
                j += 2;
                while (j + 1 < n && !(p[j] == '\\' && p[j + 1] == 'E'))
                    j++;
                j += 2;
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

static size_t utf8_char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Find, for each top-level alternative, a literal that every match of it
 * must contain.  Returns the number of literals, or 0 when some
 * alternative has none that this parser can prove. */
static size_t extract_literals(const char *p, size_t n, int caseless, int has_sk,
                               const double freq[256], struct lit out[MAX_LITS], int *exact)
{
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
                size_t e = i + 2;
                while (e < n && !(p[e] == '\\' && e + 1 < n && p[e + 1] == 'E'))
                    e++;
                size_t after = e < n ? e + 2 : n;
                for (size_t k = i + 2; k < e;) {
                    size_t cl = utf8_char_len((unsigned char)p[k]);
                    if (k + cl > e)
                        return 0;
                    if (k + cl == e) {
                        q = quantifier(p, n, after, &optional, &bad);
                        if (bad)
                            return 0;
                        if (q)
                            x.exact = 0;
                        if (optional) {
                            run_end(&x);
                        } else {
                            run_add(&x, (const unsigned char *)p + k, cl);
                            if (q)
                                run_end(&x);
                        }
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
        q = quantifier(p, n, i, &optional, &bad);
        if (bad)
            return 0;
        if (q)
            x.exact = 0;
        if (optional) {
            run_end(&x);
        } else {
            run_add(&x, lit, litlen);
            if (q)
                run_end(&x);
        }
        i += q;
    }
    *exact = all_exact;
    return nout;
}

/* How often bytes i and j of literal l both sit where a match would put
 * them, in a sample of the text (parts of sample_hist's slices). */
static size_t pair_count(const ot_textscan *ts, const struct lit *l, size_t i, size_t j)
{
    const unsigned char *t = (const unsigned char *)ts->text;
    const size_t slice = 16 * 1024; /* enough to tell "qu" from "q.a" */
    size_t hits = 0;
    for (int k = 0; k < 4; k++) {
        size_t from = ts->len > slice ? (ts->len - slice) / 4 * (size_t)k : 0;
        size_t to = from + slice < ts->len ? from + slice : ts->len;
        for (size_t x = from; x + j < to; x++)
            hits += (size_t)(((t[x + i] | l->fold[i]) == l->b[i]) & ((t[x + j] | l->fold[j]) == l->b[j]));
        if (ts->len <= slice)
            break;
    }
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

static void make_plan(const ot_textscan *ts, const ot_regex *re, struct plan *pl)
{
    size_t n;
    const char *p = ot_regex_pattern(re, &n);
    double freq[256];

    memset(pl, 0, sizeof *pl);
    sample_hist(ts, freq);
    pl->nlit = extract_literals(p, n, ot_regex_caseless(re), ts->has_sk, freq, pl->lit, &pl->exact);
    /* A literal of one or two bytes turns up in most paragraphs: then the
     * prefilter only adds work to the JIT's. */
    for (size_t k = 0; k < pl->nlit; k++)
        if (pl->lit[k].n < 3)
            pl->nlit = 0;
    if (pl->nlit > 0) {
        pl->strategy = BY_LITERAL;
        for (size_t k = 0; k < pl->nlit; k++)
            pick_anchors(ts, &pl->lit[k], freq);
        for (size_t k = 0; k < pl->nlit; k++)
            if (pl->lit[k].o2 > pl->max_o)
                pl->max_o = pl->lit[k].o2;
    } else if (buffer_unsafe(p, n)) {
        pl->strategy = BY_PARAGRAPH;
    } else {
        pl->strategy = BY_BUFFER;
    }
}

const char *ot_textscan_strategy(const ot_textscan *ts, const ot_regex *re)
{
    struct plan pl;
    make_plan(ts, re, &pl);
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

/* ------------------------------------------------------------ prefilter */

static int lit_at(const struct lit *l, const unsigned char *t, size_t len, size_t c)
{
    if (c + l->n > len)
        return 0;
    for (size_t j = 0; j < l->n; j++)
        if ((t[c + j] | l->fold[j]) != l->b[j])
            return 0;
    return 1;
}

static int any_lit_at(const struct plan *pl, const unsigned char *t, size_t len, size_t c)
{
    for (size_t k = 0; k < pl->nlit; k++)
        if (lit_at(&pl->lit[k], t, len, c))
            return 1;
    return 0;
}

static size_t find_scalar(const struct plan *pl, const unsigned char *t, size_t len,
                          size_t from, size_t to)
{
    for (size_t c = from; c < to; c++)
        for (size_t k = 0; k < pl->nlit; k++) {
            const struct lit *l = &pl->lit[k];
            if (c + l->n <= len && (t[c + l->o1] | l->fold[l->o1]) == l->b[l->o1] &&
                lit_at(l, t, len, c))
                return c;
        }
    return NONE;
}

#ifdef HAVE_X86_SIMD
/* Bit j set when block[j] | fold == byte, for 64 bytes in two halves. */
__attribute__((target("avx2"))) static inline uint64_t eq64(__m256i lo, __m256i hi, __m256i fold,
                                                            __m256i byte)
{
    return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_or_si256(lo, fold), byte)) |
           ((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_or_si256(hi, fold), byte))
            << 32);
}

/* The mask of block `cur` seen from o bytes further on (o < 64). */
static inline uint64_t shifted(uint64_t cur, uint64_t next, size_t o)
{
    return o ? (cur >> o) | (next << (64 - o)) : cur;
}

/* Each 64-byte block is loaded once (aligned streams, two loads) and
 * compared with every anchor byte; the masks are then shifted by each
 * anchor's offset, so that bit j of a literal's mask says whether both its
 * anchors sit where a match starting at byte j would have them. */
__attribute__((target("avx2"))) static size_t find_avx2(const struct plan *pl,
                                                        const unsigned char *t, size_t len,
                                                        size_t from, size_t to)
{
    __m256i f1[MAX_LITS], f2[MAX_LITS], b1[MAX_LITS], b2[MAX_LITS];
    uint64_t e1[MAX_LITS], e2[MAX_LITS];
    size_t o1[MAX_LITS], o2[MAX_LITS];
    size_t nl = pl->nlit;
    size_t c = from;

    if (c >= to || c + 128 > len)
        return c < to ? find_scalar(pl, t, len, c, to) : NONE;
    __m256i lo = _mm256_loadu_si256((const __m256i *)(t + c));
    __m256i hi = _mm256_loadu_si256((const __m256i *)(t + c + 32));
    for (size_t k = 0; k < nl; k++) {
        const struct lit *l = &pl->lit[k];
        f1[k] = _mm256_set1_epi8((char)l->fold[l->o1]);
        f2[k] = _mm256_set1_epi8((char)l->fold[l->o2]);
        b1[k] = _mm256_set1_epi8((char)l->b[l->o1]);
        b2[k] = _mm256_set1_epi8((char)l->b[l->o2]);
        o1[k] = l->o1;
        o2[k] = l->o2;
        e1[k] = eq64(lo, hi, f1[k], b1[k]);
        e2[k] = eq64(lo, hi, f2[k], b2[k]);
    }
    if (nl == 1) {
        /* The common case, kept in registers. */
        uint64_t c1 = e1[0], c2 = e2[0];
        size_t d1 = o1[0], d2 = o2[0];
        while (c < to && c + 128 <= len) {
            lo = _mm256_loadu_si256((const __m256i *)(t + c + 64));
            hi = _mm256_loadu_si256((const __m256i *)(t + c + 96));
            uint64_t n1 = eq64(lo, hi, f1[0], b1[0]);
            uint64_t n2 = eq64(lo, hi, f2[0], b2[0]);
            uint64_t m = shifted(c1, n1, d1) & shifted(c2, n2, d2);
            while (m) {
                size_t cand = c + (size_t)__builtin_ctzll(m);
                if (cand >= to)
                    return NONE;
                if (lit_at(&pl->lit[0], t, len, cand))
                    return cand;
                m &= m - 1;
            }
            c1 = n1;
            c2 = n2;
            c += 64;
        }
    } else if (nl == 2) {
        /* Two literals (an alternation), also kept in registers. */
        uint64_t c1 = e1[0], c2 = e2[0], c3 = e1[1], c4 = e2[1];
        size_t d1 = o1[0], d2 = o2[0], d3 = o1[1], d4 = o2[1];
        while (c < to && c + 128 <= len) {
            lo = _mm256_loadu_si256((const __m256i *)(t + c + 64));
            hi = _mm256_loadu_si256((const __m256i *)(t + c + 96));
            uint64_t n1 = eq64(lo, hi, f1[0], b1[0]);
            uint64_t n2 = eq64(lo, hi, f2[0], b2[0]);
            uint64_t n3 = eq64(lo, hi, f1[1], b1[1]);
            uint64_t n4 = eq64(lo, hi, f2[1], b2[1]);
            uint64_t m = (shifted(c1, n1, d1) & shifted(c2, n2, d2)) |
                         (shifted(c3, n3, d3) & shifted(c4, n4, d4));
            while (m) {
                size_t cand = c + (size_t)__builtin_ctzll(m);
                if (cand >= to)
                    return NONE;
                if (any_lit_at(pl, t, len, cand))
                    return cand;
                m &= m - 1;
            }
            c1 = n1;
            c2 = n2;
            c3 = n3;
            c4 = n4;
            c += 64;
        }
    } else {
        while (c < to && c + 128 <= len) {
            lo = _mm256_loadu_si256((const __m256i *)(t + c + 64));
            hi = _mm256_loadu_si256((const __m256i *)(t + c + 96));
            uint64_t m = 0;
            for (size_t k = 0; k < nl; k++) {
                uint64_t n1 = eq64(lo, hi, f1[k], b1[k]);
                uint64_t n2 = eq64(lo, hi, f2[k], b2[k]);
                m |= shifted(e1[k], n1, o1[k]) & shifted(e2[k], n2, o2[k]);
                e1[k] = n1;
                e2[k] = n2;
            }
            while (m) {
                size_t cand = c + (size_t)__builtin_ctzll(m);
                if (cand >= to)
                    return NONE;
                if (any_lit_at(pl, t, len, cand))
                    return cand;
                m &= m - 1;
            }
            c += 64;
        }
    }
    return c < to ? find_scalar(pl, t, len, c, to) : NONE;
}

static size_t find_sse2(const struct plan *pl, const unsigned char *t, size_t len,
                        size_t from, size_t to)
{
    size_t c = from;
    while (c < to && c + pl->max_o + 16 <= len) {
        uint32_t m = 0;
        for (size_t k = 0; k < pl->nlit; k++) {
            const struct lit *l = &pl->lit[k];
            __m128i x = _mm_loadu_si128((const __m128i *)(t + c + l->o1));
            __m128i y = _mm_loadu_si128((const __m128i *)(t + c + l->o2));
            __m128i e = _mm_and_si128(
                _mm_cmpeq_epi8(_mm_or_si128(x, _mm_set1_epi8((char)l->fold[l->o1])),
                               _mm_set1_epi8((char)l->b[l->o1])),
                _mm_cmpeq_epi8(_mm_or_si128(y, _mm_set1_epi8((char)l->fold[l->o2])),
                               _mm_set1_epi8((char)l->b[l->o2])));
            m |= (uint32_t)_mm_movemask_epi8(e);
        }
        while (m) {
            size_t cand = c + (size_t)__builtin_ctz(m);
            if (cand >= to)
                return NONE;
            if (any_lit_at(pl, t, len, cand))
                return cand;
            m &= m - 1;
        }
        c += 16;
    }
    return c < to ? find_scalar(pl, t, len, c, to) : NONE;
}
#endif

typedef size_t (*find_fn)(const struct plan *, const unsigned char *, size_t, size_t, size_t);

static find_fn pick_find(void)
{
#ifdef HAVE_X86_SIMD
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        return find_avx2;
    return find_sse2;
#else
    return find_scalar;
#endif
}

/* ------------------------------------------------------------ workers */

struct shared {
    const ot_textscan *ts;
    const ot_regex *re;
    const ot_textscan_opts *opts;
    const struct plan *plan;
    find_fn find;
    atomic_int stop;     /* set on error or cancel: everybody stops */
    atomic_int finished; /* helper threads done */
};

struct worker {
    struct shared *sh;
    size_t p0, p1; /* paragraphs [p0, p1) */
    int is_caller;
    ot_regex_scratch *scratch;
    /* results */
    size_t *para;
    size_t count, cap;
    size_t *span_first; /* index into spans for each para */
    ot_spans spans;
    int rc; /* OT_REGEX_NOMATCH (done), ERROR or CANCELLED */
    ot_error err;
};

static size_t para_of(const ot_textscan *ts, size_t pos, size_t lo, size_t hi)
{
    /* The last i in [lo, hi) with starts[i] <= pos. */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ts->starts[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* para_of for a position at or after paragraph hint's start, which is
 * usually close by: gallop forward from hint, then bisect. */
static size_t para_near(const ot_textscan *ts, size_t pos, size_t hint, size_t hi)
{
    size_t lo = hint, step = 1;
    while (lo + step < hi && ts->starts[lo + step] <= pos) {
        lo += step;
        step *= 2;
    }
    return para_of(ts, pos, lo, lo + step < hi ? lo + step : hi);
}

static int worker_push(struct worker *w, size_t i, const ot_spans *sp)
{
    if (w->count == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        size_t *p = realloc(w->para, cap * sizeof *p);
        if (!p)
            return -1;
        w->para = p;
        if (w->sh->opts->want_spans) {
            /* One more than cap: span_first[count] always ends the last. */
            size_t *f = realloc(w->span_first, (cap + 1) * sizeof *f);
            if (!f)
                return -1;
            w->span_first = f;
        }
        w->cap = cap;
    }
    if (w->sh->opts->want_spans) {
        w->span_first[w->count] = w->spans.len;
        for (size_t k = 0; k < sp->len; k++) {
            if (w->spans.len == w->spans.cap) {
                size_t cap = w->spans.cap ? w->spans.cap * 2 : 256;
                ot_span *v = realloc(w->spans.v, cap * sizeof *v);
                if (!v)
                    return -1;
                w->spans.v = v;
                w->spans.cap = cap;
            }
            w->spans.v[w->spans.len++] = sp->v[k];
        }
    }
    w->para[w->count++] = i;
    if (w->sh->opts->want_spans)
        w->span_first[w->count] = w->spans.len;
    return 0;
}

/* Tell the caller what the first worker has found so far: every match in
 * paragraphs [0, upto), final, since workers split the paragraphs in
 * order and the first starts at 0. */
static void report_progress(const struct worker *w, size_t upto)
{
    const ot_textscan_opts *o = w->sh->opts;
    ot_textscan_result so_far = OT_TEXTSCAN_RESULT_INIT;
    so_far.para = w->para;
    so_far.count = w->count;
    so_far.span_first = w->count ? w->span_first : NULL;
    so_far.spans = w->spans;
    o->progress(o->progress_data, &so_far, upto);
}

/* Match paragraph i alone, as ripgrep matches one line; record it when it
 * matches.  Returns OT_REGEX_MATCH / NOMATCH / ERROR. */
static int check_para(struct worker *w, size_t i, ot_spans *tmp)
{
    const ot_textscan *ts = w->sh->ts;
    size_t len;
    const char *text = ot_textscan_para(ts, i, &len);
    int rc;

    if (w->sh->opts->want_spans) {
        tmp->len = 0;
        long n = ot_regex_find_all(w->sh->re, w->scratch, text, len, NULL, NULL, tmp, &w->err);
        if (n < 0)
            return OT_REGEX_ERROR;
        rc = n > 0 ? OT_REGEX_MATCH : OT_REGEX_NOMATCH;
    } else {
        ot_span m;
        rc = ot_regex_search(w->sh->re, w->scratch, text, len, 0, &m, &w->err);
    }
    if (rc == OT_REGEX_MATCH && worker_push(w, i, tmp) < 0) {
        ot_error_set(&w->err, "out of memory");
        return OT_REGEX_ERROR;
    }
    return rc;
}

static int selected(const struct worker *w, size_t i)
{
    return !w->sh->opts->select || w->sh->opts->select[i];
}

/* Paragraphs [a, b): the prefilter finds candidates, the JIT confirms. */
static int chunk_literal(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    const ot_textscan *ts = w->sh->ts;
    const unsigned char *t = (const unsigned char *)ts->text;
    size_t to = ts->starts[b];
    size_t pos = ts->starts[a];
    size_t hint = a;
    int exact = w->sh->plan->exact && !w->sh->opts->want_spans;

    if (to > ts->len)
        to = ts->len;
    while (pos < to) {
        size_t c = w->sh->find(w->sh->plan, t, ts->len, pos, to);
        if (c == NONE)
            break;
        size_t i = para_near(ts, c, hint, b);
        hint = i;
        if (selected(w, i)) {
            if (exact) {
                /* The candidate is the literal, which is the whole pattern. */
                if (worker_push(w, i, tmp) < 0) {
                    ot_error_set(&w->err, "out of memory");
                    return OT_REGEX_ERROR;
                }
            } else if (check_para(w, i, tmp) == OT_REGEX_ERROR) {
                return OT_REGEX_ERROR;
            }
        }
        pos = ts->starts[i + 1];
    }
    return OT_REGEX_NOMATCH;
}

/* Paragraphs [a, b): one JIT pass over the whole stretch of buffer. */
static int chunk_buffer(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    const ot_textscan *ts = w->sh->ts;
    size_t to = ts->starts[b];
    size_t pos = ts->starts[a];
    size_t hint = a;

    if (to > ts->len)
        to = ts->len;
    while (pos < to) {
        ot_span m;
        int rc = ot_regex_search(w->sh->re, w->scratch, ts->text, to, pos, &m, &w->err);
        if (rc == OT_REGEX_ERROR)
            return rc;
        if (rc == OT_REGEX_NOMATCH)
            break;
        size_t i = para_near(ts, m.start, hint, b);
        hint = i;
        if (i >= b)
            break;
        if (selected(w, i)) {
            size_t end = ts->starts[i + 1] - 1;
            if (m.end <= end && !w->sh->opts->want_spans) {
                if (worker_push(w, i, tmp) < 0) {
                    ot_error_set(&w->err, "out of memory");
                    return OT_REGEX_ERROR;
                }
            } else if (check_para(w, i, tmp) == OT_REGEX_ERROR) {
                /* A hit reaching over the separator may not be one in the
                 * paragraph alone; spans always come from it alone. */
                return OT_REGEX_ERROR;
            }
        }
        pos = ts->starts[i + 1];
    }
    return OT_REGEX_NOMATCH;
}

static int chunk_paragraph(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    for (size_t i = a; i < b; i++)
        if (selected(w, i) && check_para(w, i, tmp) == OT_REGEX_ERROR)
            return OT_REGEX_ERROR;
    return OT_REGEX_NOMATCH;
}

static int scan_range(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    switch (w->sh->plan->strategy) {
    case BY_LITERAL:
        return chunk_literal(w, a, b, tmp);
    case BY_BUFFER:
        return chunk_buffer(w, a, b, tmp);
    case BY_PARAGRAPH:
    default:
        return chunk_paragraph(w, a, b, tmp);
    }
}

/* Paragraphs [a, b), only the runs of selected ones: a filter that keeps
 * a few authorities' findings does not read the rest of the text. */
static int scan_selected(struct worker *w, size_t a, size_t b, ot_spans *tmp)
{
    const unsigned char *sel = w->sh->opts->select;
    if (!sel)
        return scan_range(w, a, b, tmp);
    while (a < b) {
        while (a < b && !sel[a])
            a++;
        size_t end = a;
        while (end < b && sel[end])
            end++;
        if (end > a && scan_range(w, a, end, tmp) == OT_REGEX_ERROR)
            return OT_REGEX_ERROR;
        a = end;
    }
    return OT_REGEX_NOMATCH;
}

/* Paragraphs [a, b) of the worker's share, in chunks, asking the
 * callbacks between them.  Returns 0 to go on, -1 when stopped. */
static int worker_segment(struct worker *w, size_t a, size_t b, int last, ot_spans *tmp)
{
    struct shared *sh = w->sh;
    const ot_textscan *ts = sh->ts;
    while (a < b) {
        if (atomic_load(&sh->stop))
            return -1;
        if (w->is_caller && sh->opts->cancel && sh->opts->cancel(sh->opts->cancel_data)) {
            w->rc = OT_REGEX_CANCELLED;
            atomic_store(&sh->stop, 1);
            return -1;
        }
        /* A chunk of about CHUNK bytes, at least one paragraph. */
        size_t e = para_of(ts, ts->starts[a] + CHUNK, a, b) + 1;
        if (e > b)
            e = b;
        int rc = scan_selected(w, a, e, tmp);
        if (rc == OT_REGEX_ERROR) {
            w->rc = rc;
            atomic_store(&sh->stop, 1);
            return -1;
        }
        a = e;
        if (w->is_caller && sh->opts->progress && (a < b || !last))
            report_progress(w, a);
    }
    return 0;
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    ot_spans tmp = OT_SPANS_INIT;

    w->rc = OT_REGEX_NOMATCH;
    if (sh->opts->ranges) {
        for (size_t r = w->p0; r < w->p1; r++)
            if (worker_segment(w, sh->opts->ranges[2 * r], sh->opts->ranges[2 * r + 1], r + 1 == w->p1, &tmp) < 0)
                break;
    } else {
        worker_segment(w, w->p0, w->p1, 1, &tmp);
    }
    ot_spans_free(&tmp);
    if (!w->is_caller)
        atomic_fetch_add(&sh->finished, 1);
    return NULL;
}

static int auto_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > MAX_THREADS ? MAX_THREADS : (int)n;
}

int ot_textscan_run(const ot_textscan *ts, const ot_regex *re,
                    const ot_textscan_opts *opts, ot_textscan_result *out,
                    ot_error *err)
{
    static const ot_textscan_opts defaults = { 0 };
    struct plan plan;
    struct shared sh;
    struct worker w[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = { 0 };
    int nthreads;
    int rc = OT_REGEX_NOMATCH;

    memset(out, 0, sizeof *out);
    if (!opts)
        opts = &defaults;
    make_plan(ts, re, &plan);

    memset(&sh, 0, sizeof sh);
    sh.ts = ts;
    sh.re = re;
    sh.opts = opts;
    sh.plan = &plan;
    sh.find = pick_find();
    atomic_init(&sh.stop, 0);
    atomic_init(&sh.finished, 0);

    /* A thread only pays off for a few megabytes of text. */
    nthreads = opts->threads > 0 ? opts->threads : auto_threads();
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    if ((size_t)nthreads > ts->len / CHUNK + 1)
        nthreads = (int)(ts->len / CHUNK + 1);
    if ((size_t)nthreads > ts->count)
        nthreads = ts->count ? (int)ts->count : 1;

    memset(w, 0, sizeof w);
    /* With ranges, each worker takes a run of whole ranges of about the
     * same number of bytes; without, a run of paragraphs. */
    size_t n_units = opts->ranges ? opts->n_ranges : ts->count;
    size_t total = 0, *cum = NULL;
    if (opts->ranges) {
        cum = malloc((n_units + 1) * sizeof *cum);
        if (!cum) {
            ot_error_set(err, "out of memory");
            return OT_REGEX_ERROR;
        }
        cum[0] = 0;
        for (size_t r = 0; r < n_units; r++) {
            size_t a = opts->ranges[2 * r], b = opts->ranges[2 * r + 1];
            cum[r + 1] = cum[r] + (b > a && b <= ts->count ? ts->starts[b] - ts->starts[a] : 0);
        }
        total = cum[n_units];
        if ((size_t)nthreads > total / CHUNK + 1)
            nthreads = (int)(total / CHUNK + 1);
    }
    size_t prev = 0;
    for (int k = 0; k < nthreads; k++) {
        w[k].sh = &sh;
        w[k].is_caller = k == 0;
        w[k].p0 = prev;
        if (k == nthreads - 1) {
            w[k].p1 = n_units;
        } else if (cum) {
            size_t target = total / (size_t)nthreads * (size_t)(k + 1), p = prev;
            while (p < n_units && cum[p] < target)
                p++;
            w[k].p1 = p;
        } else {
            size_t target = ts->len / (size_t)nthreads * (size_t)(k + 1);
            size_t p = para_of(ts, target, prev, ts->count);
            w[k].p1 = p > prev ? p : prev;
        }
        prev = w[k].p1;
        w[k].scratch = ot_regex_scratch_new(re);
        if (!w[k].scratch) {
            ot_error_set(err, "out of memory");
            rc = OT_REGEX_ERROR;
            goto cleanup;
        }
    }
    int helpers = 0;
    for (int k = 1; k < nthreads; k++) {
        if (pthread_create(&tid[k], NULL, worker_run, &w[k]) != 0) {
            /* No thread: do its share here instead. */
            worker_run(&w[k]);
            atomic_fetch_sub(&sh.finished, 1);
            continue;
        }
        started[k] = 1;
        helpers++;
    }
    worker_run(&w[0]);
    /* Keep answering the callbacks while the helpers finish; without
     * them, just wait. */
    while ((opts->cancel || opts->progress) && atomic_load(&sh.finished) < helpers) {
        if (opts->cancel && !atomic_load(&sh.stop) && opts->cancel(opts->cancel_data)) {
            w[0].rc = OT_REGEX_CANCELLED;
            atomic_store(&sh.stop, 1);
        }
        if (opts->progress && !atomic_load(&sh.stop) && w[0].rc == OT_REGEX_NOMATCH)
            report_progress(&w[0], opts->ranges ? (w[0].p1 ? opts->ranges[2 * w[0].p1 - 1] : 0) : w[0].p1);
        struct timespec pause = { 0, 250000 };
        nanosleep(&pause, NULL);
    }
    for (int k = 1; k < nthreads; k++)
        if (started[k])
            pthread_join(tid[k], NULL);

    for (int k = 0; k < nthreads; k++) {
        if (w[k].rc == OT_REGEX_ERROR) {
            ot_error_set(err, "%s", ot_error_msg(&w[k].err));
            rc = OT_REGEX_ERROR;
            goto cleanup;
        }
    }
    for (int k = 0; k < nthreads; k++)
        if (w[k].rc == OT_REGEX_CANCELLED) {
            rc = OT_REGEX_CANCELLED;
            goto cleanup;
        }

    /* Join the workers' results, which are in paragraph order. */
    size_t total_spans = 0;
    total = 0;
    for (int k = 0; k < nthreads; k++) {
        total += w[k].count;
        total_spans += w[k].spans.len;
    }
    out->para = malloc((total ? total : 1) * sizeof *out->para);
    if (opts->want_spans) {
        out->span_first = malloc((total + 1) * sizeof *out->span_first);
        out->spans.v = malloc((total_spans ? total_spans : 1) * sizeof *out->spans.v);
        out->spans.cap = total_spans;
    }
    if (!out->para || (opts->want_spans && (!out->span_first || !out->spans.v))) {
        ot_textscan_result_free(out);
        ot_error_set(err, "out of memory");
        rc = OT_REGEX_ERROR;
        goto cleanup;
    }
    for (int k = 0; k < nthreads; k++) {
        for (size_t j = 0; j < w[k].count; j++) {
            if (opts->want_spans)
                out->span_first[out->count] = w[k].span_first[j] + out->spans.len;
            out->para[out->count++] = w[k].para[j];
        }
        if (opts->want_spans && w[k].spans.len) {
            memcpy(out->spans.v + out->spans.len, w[k].spans.v,
                   w[k].spans.len * sizeof *out->spans.v);
            out->spans.len += w[k].spans.len;
        }
    }
    if (opts->want_spans)
        out->span_first[out->count] = out->spans.len;
    rc = out->count ? OT_REGEX_MATCH : OT_REGEX_NOMATCH;

cleanup:
    free(cum);
    for (int k = 0; k < nthreads; k++) {
        ot_regex_scratch_free(w[k].scratch);
        free(w[k].para);
        free(w[k].span_first);
        ot_spans_free(&w[k].spans);
        ot_error_clear(&w[k].err);
    }
    return rc;
}
