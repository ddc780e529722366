/* The paragraph index: building it from lines or paragraphs, with the
 * UTF-8 check.  See ofsted-tui/textscan.h. */
#include "config.h"

#include "textscan_impl.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_X86_SIMD
#include <immintrin.h>
#include "ofsted-tui/buf.h"
#include "ofsted-tui/utf8.h"
#endif

/* ------------------------------------------------------------ building */

static int starts_push(ot_textscan *ts, size_t v)
{
    /* Room for the end sentinel after it too. */
    if (ot_grow((void **)&ts->starts, &ts->starts_cap, ts->count + 1, sizeof *ts->starts) < 0)
        return -1;
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
        uint32_t cp;
        size_t n = ot_utf8_decode((const char *)t + i, len - i, &cp);
        if (ot_utf8_bad((const char *)t + i, n, cp)) {
            *bad = i;
            return NONE;
        }
        if (cp == 0x17F || cp == 0x212A)
            *has_sk = 1;
        i += n;
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
    if (ot_grow((void **)&ip->starts, &ip->cap, ip->n, sizeof *ip->starts) < 0) {
        ip->nomem = 1;
        return -1;
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
    int nparts = ts_auto_threads();
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

