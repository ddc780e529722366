/* The prefilter kernels: find where a plan's literals may start, 64 or
 * 16 bytes at a time by two anchor bytes each (AVX2, SSE2), or byte by
 * byte.  See textscan_impl.h. */
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
#endif


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

find_fn ts_pick_find(void)
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
