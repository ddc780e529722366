/* The insides of the paragraph scan (ofsted-tui/textscan.h), shared by its
 * parts: the paragraph index (textscan_index.c), the pattern analysis that
 * finds literals every match must hold (textscan_pattern.c), the prefilter
 * kernels that look for them (textscan_kernels.c) and the worker threads
 * (textscan.c).  Not a public interface: tests include it to check the
 * analysis on its own. */
#ifndef OT_TEXTSCAN_IMPL_H
#define OT_TEXTSCAN_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "ofsted-tui/textscan.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_X86_SIMD 1
#endif

/* Work is handed out, and the cancel callback asked, every CHUNK bytes or
 * CHUNK_PIECES pieces (textscan.c), whichever comes first: a few
 * milliseconds of scanning even for a slow pattern, so that typing stops
 * a search at once, and often enough on small data that progress comes in
 * steps. */
#define CHUNK ((size_t)256 << 10)
#define CHUNK_PIECES 64
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

enum strategy { BY_LITERAL, BY_BUFFER, BY_PARAGRAPH };

/* A literal that a match must contain, with how to look for it. */
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

/* ---- pattern analysis (textscan_pattern.c) */

/* Find, for each top-level alternative of pattern p[0, n), a literal that
 * every match of it must contain, choosing among candidates by the byte
 * frequencies freq (NULL: all alike).  caseless: the pattern matches
 * caselessly; has_sk: the text holds U+017F or U+212A.  Fills out and
 * returns the number of literals, or 0 when some alternative has none that
 * the analysis can prove (then the prefilter must not be used).  *exact is
 * set when every alternative is exactly its literal. */
size_t ts_extract_literals(const char *p, size_t n, int caseless, int has_sk, const double freq[256],
                           struct lit out[MAX_LITS], int *exact);

/* 1 when the pattern's meaning can change on a subject longer than one
 * paragraph (lookaround, atomic groups, \A, verbs...): match paragraph by
 * paragraph. */
int ts_buffer_unsafe(const char *p, size_t n);

/* The plan for searching ts for re. */
void ts_make_plan(const ot_textscan *ts, const ot_regex *re, struct plan *pl);

/* ---- prefilter kernels (textscan_kernels.c) */

/* The first position c in [from, to) where one of the plan's literals
 * starts in t[0, len), or NONE. */
typedef size_t (*find_fn)(const struct plan *, const unsigned char *, size_t, size_t, size_t);

/* The fastest kernel this processor runs. */
find_fn ts_pick_find(void);

/* Every kernel this processor runs, the byte-by-byte one last, into
 * out[0..3) with their names; returns how many.  For tests that hold the
 * vector kernels to the plain one. */
size_t ts_find_kernels(find_fn out[3], const char *names[3]);

/* ---- threads (textscan.c) */

/* How many threads to use when the caller leaves it to us. */
int ts_auto_threads(void);

#endif
