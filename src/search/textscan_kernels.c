/* The prefilter kernels: find where a plan's literals may start, 64 bytes
 * at a time by two anchor bytes each (one body, textscan_kernel.h, built
 * for AVX2 and for SSE2), or byte by byte.  See textscan_impl.h. */
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
/* How far a kernel looks one byte at a time before it sets up its blocks. */
#define HEAD_BYTES 16

/* The mask of block `cur` seen from o bytes further on (o < 64). */
static inline uint64_t shifted(uint64_t cur, uint64_t next, size_t o)
{
    return o ? (cur >> o) | (next << (64 - o)) : cur;
}

/* The first candidate of mask m (bit j: a literal may start at c + j)
 * before `to` where one does start, or NONE. */
__attribute__((always_inline)) static inline size_t first_match(const struct plan *pl, const unsigned char *t,
                                                                size_t len, size_t c, size_t to, uint64_t m)
{
    for (; m; m &= m - 1) {
        size_t cand = c + (size_t)__builtin_ctzll(m);
        if (cand >= to)
            return NONE;
        if (pl->nlit == 1 ? lit_at(&pl->lit[0], t, len, cand) : any_lit_at(pl, t, len, cand))
            return cand;
    }
    return NONE;
}

/* AVX2: a block is two 32-byte vectors. */
typedef struct {
    __m256i lo, hi;
} block_avx2;

__attribute__((target("avx2"))) static inline block_avx2 load_avx2(const unsigned char *p)
{
    return (block_avx2){_mm256_loadu_si256((const __m256i *)p), _mm256_loadu_si256((const __m256i *)(p + 32))};
}

__attribute__((target("avx2"))) static inline uint64_t eq_avx2(block_avx2 blk, __m256i fold, __m256i byte)
{
    return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_or_si256(blk.lo, fold), byte)) |
           ((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_or_si256(blk.hi, fold), byte))
            << 32);
}

#define KERNEL find_avx2
#define KERNEL_TARGET __attribute__((target("avx2")))
#define SPLAT __m256i
#define BLOCK block_avx2
#define SPLAT_OF(b) _mm256_set1_epi8((char)(b))
#define LOAD load_avx2
#define EQ eq_avx2
#include "textscan_kernel.h"

/* SSE2 (every x86-64): a block is four 16-byte vectors. */
typedef struct {
    __m128i v[4];
} block_sse2;

static inline block_sse2 load_sse2(const unsigned char *p)
{
    return (block_sse2){{_mm_loadu_si128((const __m128i *)p), _mm_loadu_si128((const __m128i *)(p + 16)),
                         _mm_loadu_si128((const __m128i *)(p + 32)), _mm_loadu_si128((const __m128i *)(p + 48))}};
}

static inline uint64_t eq_sse2(block_sse2 blk, __m128i fold, __m128i byte)
{
    uint64_t m = 0;
    for (int i = 0; i < 4; i++)
        m |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(blk.v[i], fold), byte)) << (16 * i);
    return m;
}

#define KERNEL find_sse2
#define KERNEL_TARGET
#define SPLAT __m128i
#define BLOCK block_sse2
#define SPLAT_OF(b) _mm_set1_epi8((char)(b))
#define LOAD load_sse2
#define EQ eq_sse2
#include "textscan_kernel.h"
#endif

size_t ts_find_kernels(find_fn out[3], const char *names[3])
{
    size_t n = 0;
#ifdef HAVE_X86_SIMD
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) {
        out[n] = find_avx2;
        names[n++] = "avx2";
    }
    out[n] = find_sse2;
    names[n++] = "sse2";
#endif
    out[n] = find_scalar;
    names[n++] = "scalar";
    return n;
}

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
