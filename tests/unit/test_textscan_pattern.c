/* Unit tests of the scan's pattern analysis (the literals every match
 * must hold) on its own, and differentially: for random patterns from a
 * small grammar, over random paragraphs, a paragraph that plain PCRE2
 * matches always holds one of the literals, and the whole scan finds
 * exactly the paragraphs PCRE2 finds one by one.  Also the folding of
 * quotes and dashes (ot_search_fold) and the search query parser. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/regex.h"
#include "ofsted-tui/search.h"
#include "ofsted-tui/textscan.h"
#include "search/textscan_impl.h"

static ot_regex *compile(const char *pattern, size_t len)
{
    ot_error err = OT_ERROR_INIT;
    ot_regex *re = ot_regex_new(pattern, len, OT_REGEX_SMART_CASE, NULL, &err);
    ot_error_clear(&err);
    return re;
}

/* Literal k of pattern as a string (caseless bytes in lower case). */
static size_t literals(const char *pattern, char out[MAX_LITS][MAX_LIT_LEN + 1], int *exact)
{
    ot_regex *re = compile(pattern, strlen(pattern));
    assert_non_null(re);
    struct lit lit[MAX_LITS];
    size_t n = ts_extract_literals(pattern, strlen(pattern), ot_regex_caseless(re), 0, NULL, lit, exact);
    for (size_t k = 0; k < n; k++) {
        memcpy(out[k], lit[k].b, lit[k].n);
        out[k][lit[k].n] = '\0';
    }
    ot_regex_free(re);
    return n;
}

/* 1. Table: what literal the analysis proves for a pattern. */
static void test_table(void **state)
{
    (void)state;
    static const struct {
        const char *pattern;
        size_t n;          /* literals expected (0: none provable) */
        const char *first; /* the first literal must contain this (NULL: any) */
        int exact;
    } cases[] = {
        /* 1 */ {"supervision", 1, "supervision", 1},
        /* 2 */ {"unregulated placements?", 1, "placement", 0},
        /* 3 */ {"inadequate|requires improvement", 2, "inadequate", 1},
        /* 4 */ {"(*NO_JIT)supervision", 1, "supervision", 1},
        /* 5 */ {"(*UTF)(*UCP)\\bsupervision", 1, "supervision", 0},
        /* 6 */ {"(*LIMIT_MATCH=1000)management oversight", 1, "oversight", 1},
        /* 7 */ {"(?x)a b c", 0, NULL, 0},
        /* 8 */ {"a(*SKIP)bcd", 0, NULL, 0},
        /* 9 */ {"children['\xe2\x80\x98\xe2\x80\x99]s social care", 1, NULL, 0},
        /* 10 */ {"foo.*barbaz", 1, NULL, 0},
        /* 11 */ {"(abc)?def", 1, "def", 0},
        /* 12 */ {"x*", 0, NULL, 0},
        /* 13 */ {"[ab]+", 0, NULL, 0},
        /* 14 */ {"(?i)THRESHOLD", 1, "threshold", 0},
        /* 15: "[=" with no "=]" before the ']' is a plain '[' (as in
         * PCRE2), so the empty alternative after the class counts */
        /* 15 */ {"abc[[=]|", 0, NULL, 0},
        /* 16 */ {"[[:alpha:]]xyz", 1, "xyz", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char lits[MAX_LITS][MAX_LIT_LEN + 1];
        int exact = -1;
        size_t n = literals(cases[i].pattern, lits, &exact);
        if (n != cases[i].n)
            fail_msg("case %zu %s: %zu literals, expected %zu", i + 1, cases[i].pattern, n, cases[i].n);
        if (cases[i].first && !strstr(lits[0], cases[i].first))
            fail_msg("case %zu %s: literal '%s' lacks '%s'", i + 1, cases[i].pattern, lits[0], cases[i].first);
        if (n && exact != cases[i].exact)
            fail_msg("case %zu %s: exact %d, expected %d", i + 1, cases[i].pattern, exact, cases[i].exact);
    }
}

/* ------------------------------------------------------------ random */

static uint64_t rng = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Characters the text and the patterns are made of: letters in both
 * cases, a space, straight and curly apostrophes, a hyphen and an en
 * dash, and the long s that caseless s matches. */
static const char *const alphabet[] = {"a", "b", "c", "s", "A", "B", "S", " ", "'", "\xe2\x80\x99", "-",
                                       "\xe2\x80\x93", "\xc5\xbf"};
enum { N_ALPHA = sizeof alphabet / sizeof alphabet[0] };

static void gen_atom(ot_buf *b, int depth);

static void gen_seq(ot_buf *b, int depth)
{
    int n = 1 + (int)rnd(4);
    for (int i = 0; i < n; i++)
        gen_atom(b, depth);
}

static void gen_atom(ot_buf *b, int depth)
{
    unsigned r = rnd(depth > 2 ? 10 : 16);
    if (r < 7) {
        /* a run of literal characters */
        int n = 1 + (int)rnd(5);
        for (int i = 0; i < n; i++)
            ot_buf_puts(b, alphabet[rnd(N_ALPHA - 1)]);
    } else if (r == 7) {
        ot_buf_puts(b, rnd(2) ? "[ab]" : "[^c]");
    } else if (r == 8) {
        ot_buf_puts(b, rnd(2) ? "." : "\\b");
    } else if (r == 9) {
        ot_buf_puts(b, rnd(2) ? "\\w" : "\\s");
    } else if (r < 13) {
        ot_buf_puts(b, rnd(4) ? "(" : "(?:");
        gen_seq(b, depth + 1);
        if (rnd(2)) {
            ot_buf_putc(b, '|');
            gen_seq(b, depth + 1);
        }
        ot_buf_putc(b, ')');
    } else if (r == 13) {
        ot_buf_puts(b, "(?i)");
    } else {
        ot_buf_puts(b, alphabet[rnd(N_ALPHA)]);
    }
    static const char *const quant[] = {"?", "*", "+", "{1,2}", "{2}", "??"};
    if (rnd(4) == 0)
        ot_buf_puts(b, quant[rnd(6)]);
}

static void gen_pattern(ot_buf *b)
{
    ot_buf_reset(b);
    static const char *const lead[] = {"", "", "", "(*NO_JIT)", "(*UCP)", "(*UTF)(*LIMIT_MATCH=100000)"};
    ot_buf_puts(b, lead[rnd(6)]);
    gen_seq(b, 0);
    if (rnd(3) == 0) {
        ot_buf_putc(b, '|');
        gen_seq(b, 0);
    }
}

static int lit_in(const struct lit *l, const char *t, size_t len)
{
    for (size_t c = 0; c + l->n <= len; c++) {
        size_t j = 0;
        while (j < l->n && (((unsigned char)t[c + j]) | l->fold[j]) == l->b[j])
            j++;
        if (j == l->n)
            return 1;
    }
    return 0;
}

/* 2. The prefilter's literals never lose a match PCRE2 finds, and the
 * scan (all strategies, both threads) finds exactly PCRE2's paragraphs. */
static void test_differential(void **state)
{
    (void)state;
    enum { N_PARAS = 300, N_PATTERNS = 1500 };
    ot_buf paras[N_PARAS];
    ot_textscan *ts = ot_textscan_new();
    assert_non_null(ts);
    ot_error err = OT_ERROR_INIT;
    for (int i = 0; i < N_PARAS; i++) {
        paras[i] = (ot_buf)OT_BUF_INIT;
        int n = (int)rnd(60);
        for (int k = 0; k < n; k++)
            ot_buf_puts(&paras[i], alphabet[rnd(N_ALPHA)]);
        ot_buf_puts(&paras[i], "");
        assert_int_equal(ot_textscan_add(ts, paras[i].data, paras[i].len, &err), 0);
    }
    ot_buf pat = OT_BUF_INIT;
    int with_literals = 0, compiled = 0;
    for (int t = 0; t < N_PATTERNS; t++) {
        gen_pattern(&pat);
        /* Half the patterns folded, as a search without --exact runs them. */
        char *folded = NULL;
        size_t plen = pat.len;
        const char *p = pat.data;
        if (t % 2) {
            folded = ot_search_fold(pat.data, pat.len, &plen);
            assert_non_null(folded);
            p = folded;
        }
        ot_regex *re = compile(p, plen);
        if (!re) {
            free(folded);
            continue;
        }
        compiled++;
        struct lit lit[MAX_LITS];
        int exact = 0;
        size_t nlit = ts_extract_literals(p, plen, ot_regex_caseless(re), ot_textscan_has_sk(ts), NULL, lit, &exact);
        with_literals += nlit > 0;
        unsigned char expect[N_PARAS];
        int too_complex = 0;
        for (int i = 0; i < N_PARAS && !too_complex; i++) {
            ot_span m;
            int rc = ot_regex_search(re, NULL, paras[i].data, paras[i].len, 0, &m, &err);
            /* A match limit hit ("pattern too complex"): no answer to compare. */
            too_complex = rc == OT_REGEX_ERROR;
            ot_error_clear(&err);
            expect[i] = rc == OT_REGEX_MATCH;
            if (expect[i] && nlit) {
                int found = 0;
                for (size_t k = 0; k < nlit && !found; k++)
                    found = lit_in(&lit[k], paras[i].data, paras[i].len);
                if (!found)
                    fail_msg("pattern '%.*s': paragraph %d '%s' matches but holds none of its %zu literals "
                             "(first '%.*s')",
                             (int)plen, p, i, paras[i].data, nlit, (int)lit[0].n, lit[0].b);
            }
        }
        if (too_complex) {
            ot_regex_free(re);
            free(folded);
            continue;
        }
        ot_textscan_opts opts = {.threads = 1 + (t % 2)};
        ot_textscan_result r = OT_TEXTSCAN_RESULT_INIT;
        int rc = ot_textscan_run(ts, re, &opts, &r, &err);
        assert_int_not_equal(rc, OT_REGEX_ERROR);
        size_t k = 0;
        for (int i = 0; i < N_PARAS; i++) {
            int got = k < r.count && r.para[k] == (size_t)i;
            k += (size_t)got;
            if (got != expect[i])
                fail_msg("pattern '%.*s' (%s): paragraph %d '%s': scan says %d, PCRE2 %d", (int)plen, p,
                         ot_textscan_strategy(ts, re), i, paras[i].data, got, expect[i]);
        }
        ot_textscan_result_free(&r);
        ot_regex_free(re);
        free(folded);
    }
    /* The grammar must exercise the prefilter, not only the fallbacks. */
    assert_true(compiled > N_PATTERNS / 2);
    assert_true(with_literals > compiled / 4);
    ot_buf_free(&pat);
    for (int i = 0; i < N_PARAS; i++)
        ot_buf_free(&paras[i]);
    ot_textscan_free(ts);
}

/* 3. Folding quotes and dashes. */
static void test_fold(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"children's", "children['\xe2\x80\x98\xe2\x80\x99]s"},
        {"children\xe2\x80\x99s", "children['\xe2\x80\x98\xe2\x80\x99]s"},
        {"\"front door\"", "[\"\xe2\x80\x9c\xe2\x80\x9d]front door[\"\xe2\x80\x9c\xe2\x80\x9d]"},
        {"multi-agency", "multi[\\-\xe2\x80\x90\xe2\x80\x91\xe2\x80\x92\xe2\x80\x93\xe2\x80\x94\xe2\x80\x95]agency"},
        {"[a-z]+", "[a-z]+"},                         /* a class range stays */
        {"[-x]", "[\\-\xe2\x80\x90\xe2\x80\x91\xe2\x80\x92\xe2\x80\x93\xe2\x80\x94\xe2\x80\x95x]"},
        {"[x']", "[x'\xe2\x80\x98\xe2\x80\x99]"},
        {"\\'", "\\'"},                               /* escaped: exact */
        {"\\Q'-\\E", "\\Q'-\\E"},
        {"(?-i)a", "(?-i)a"},                         /* options */
        {"(?'name'x)\\k'name'", "(?'name'x)\\k'name'"}, /* group names */
        {"(*LIMIT_MATCH=10)(?<n>a)", "(*LIMIT_MATCH=10)(?<n>a)"},
        {"(?#it's)", "(?#it's)"},
        {"\\x{2019}", "\\x{2019}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *f = ot_search_fold(cases[i].in, strlen(cases[i].in), &len);
        assert_non_null(f);
        if (strcmp(f, cases[i].out) != 0)
            fail_msg("fold %zu '%s': got '%s', expected '%s'", i + 1, cases[i].in, f, cases[i].out);
        assert_int_equal(len, strlen(f));
        /* and it still compiles */
        ot_regex *re = compile(f, len);
        if (!re)
            fail_msg("fold %zu '%s' does not compile", i + 1, f);
        ot_regex_free(re);
        free(f);
    }
}

/* 4. The query parser: the prompt's filters, errors with a column. */
static void test_query(void **state)
{
    (void)state;
    ot_search_query q = OT_SEARCH_QUERY_INIT;
    ot_error err = OT_ERROR_INIT;
    size_t col = 99;
    assert_int_equal(ot_search_query_parse(&q, "la:Kent la:\"West Sussex\" grade:4 overall:2 sort:authority "
                                               "from:2019 to:2024 exact: it's (a|b)",
                                           &col, &err),
                     0);
    assert_int_equal(q.filter.n_authorities, 2);
    assert_string_equal(q.filter.authorities[0], "Kent");
    assert_string_equal(q.filter.authorities[1], "West Sussex");
    assert_int_equal(q.filter.grade, 4);
    assert_int_equal(q.filter.overall, 2);
    assert_int_equal(q.filter.from_year, 2019);
    assert_int_equal(q.filter.to_year, 2024);
    assert_int_equal(q.sort, OT_SEARCH_SORT_AUTHORITY);
    assert_true(q.exact);
    assert_string_equal(q.pattern, "it's (a|b)");
    char *text = ot_search_query_filter_text(&q);
    assert_string_equal(text, "la:Kent la:\"West Sussex\" grade:4 overall:2 from:2019 to:2024 ");
    free(text);

    /* A word that is no filter starts the pattern. */
    assert_int_equal(ot_search_query_parse(&q, "key:word grade", &col, &err), 0);
    assert_string_equal(q.pattern, "key:word grade");
    assert_int_equal(q.filter.grade, 0);

    static const struct {
        const char *text;
        size_t column;
        const char *msg;
    } bad[] = {
        {"grade:7 x", 6, "grade takes 1 (Outstanding) to 4 (Inadequate), not '7'"},
        {"la:Kent overall:x y", 16, "overall takes 1"},
        {"from:20x9 x", 5, "from takes a year"},
        {"sort:size x", 5, "sort takes date, authority or grade"},
        {"region:\"South West x", 7, "quote is not closed"},
        {"exact:maybe x", 6, "exact takes yes or no"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        col = 99;
        assert_int_equal(ot_search_query_parse(&q, bad[i].text, &col, &err), -1);
        if (col != bad[i].column || !strstr(ot_error_msg(&err), bad[i].msg))
            fail_msg("'%s': column %zu '%s', expected %zu '%s'", bad[i].text, col, ot_error_msg(&err), bad[i].column,
                     bad[i].msg);
        ot_error_clear(&err);
    }
    ot_search_query_free(&q);
}

/* Every prefilter kernel finds what the byte-by-byte one finds: random
 * literals (some cut from the text, some not in it, some caseless; one to
 * four at a time, anchored anywhere) over random text, from and to
 * anywhere, the text's end sometimes just past `to`. */
static void test_kernels(void **state)
{
    (void)state;
    find_fn fn[3];
    const char *name[3];
    size_t nk = ts_find_kernels(fn, name);
    assert_true(nk >= 1 && fn[nk - 1] != NULL);
    enum { LEN = 1 << 16 };
    static unsigned char text[LEN];
    for (size_t i = 0; i < LEN; i++)
        text[i] = (unsigned char)"abcsABCS -'\n"[rnd(12)];
    size_t found = 0;
    for (int round = 0; round < 20000; round++) {
        struct plan pl;
        memset(&pl, 0, sizeof pl);
        pl.nlit = 1 + rnd(4);
        for (size_t k = 0; k < pl.nlit; k++) {
            struct lit *l = &pl.lit[k];
            size_t at = rnd(LEN - MAX_LIT_LEN);
            bool caseless = rnd(2);
            l->n = 1 + rnd(11); /* one byte: an exact literal such as "e" */
            for (size_t j = 0; j < l->n; j++) {
                unsigned char c = text[at + j];
                l->fold[j] = caseless && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? 0x20 : 0;
                l->b[j] = c | l->fold[j];
            }
            if (rnd(3) == 0)
                l->b[rnd((unsigned)l->n)] ^= 0x40; /* likely nowhere */
            l->o1 = rnd((unsigned)l->n);
            l->o2 = rnd((unsigned)l->n);
            pl.max_o = l->o1 > pl.max_o ? l->o1 : pl.max_o;
            pl.max_o = l->o2 > pl.max_o ? l->o2 : pl.max_o;
        }
        size_t from = rnd(LEN), to = from + rnd(rnd(2) ? 300 : LEN);
        to = to > LEN ? LEN : to;
        size_t past = rnd(200); /* the buffer may go on after the range */
        size_t len = rnd(2) || to + past > LEN ? LEN : to + past;
        size_t want = fn[nk - 1](&pl, text, len, from, to);
        found += want != NONE;
        for (size_t k = 0; k + 1 < nk; k++) {
            size_t got = fn[k](&pl, text, len, from, to);
            if (got != want)
                fail_msg("round %d: %s kernel gives %zu, the scalar one %zu", round, name[k], got, want);
        }
    }
    assert_true(found > 1000); /* the literals were found often enough to test */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_differential),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_kernels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
