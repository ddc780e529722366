/* Unit tests of the PCRE2 wrapper: smart case as ripgrep decides it,
 * compile errors with offsets, match limits, spans and UTF-8. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ofsted-tui/regex.h"

static ot_regex *compile(const char *pattern)
{
    ot_error err = OT_ERROR_INIT;
    ot_regex *re = ot_regex_new(pattern, strlen(pattern), OT_REGEX_SMART_CASE, NULL, &err);
    if (!re)
        fail_msg("%s: %s", pattern, ot_error_msg(&err));
    return re;
}

static int matches(const char *pattern, const char *subject)
{
    ot_error err = OT_ERROR_INIT;
    ot_regex *re = compile(pattern);
    ot_span m;
    int rc = ot_regex_search(re, NULL, subject, strlen(subject), 0, &m, &err);
    assert_int_not_equal(rc, OT_REGEX_ERROR);
    ot_regex_free(re);
    return rc == OT_REGEX_MATCH;
}

/* Smart case: ripgrep skips the character after a backslash, so \W and \S
 * do not make a pattern case-sensitive, but the L of \p{Lu} does. */
static const struct {
    const char *pattern;
    int caseless;
} smart_cases[] = {
    { "supervision", 1 },
    { "Supervision", 0 },
    { "a\\Sb", 1 },
    { "a\\Wb", 1 },
    { "\\bthreshold\\B", 1 },
    { "\\p{Lu}", 0 },
    { "[A-Z]", 0 },
    { "(?i)Ofsted", 0 },     /* compiled case-sensitive; (?i) rules inside */
    { "\\x41", 1 },
    { "é", 1 },
    { "École", 0 },
    { "ⅰ", 1 },
    { "Ⅰ", 0 },              /* Roman numeral one: Uppercase, not Lu */
    { "£\\d+", 1 },
    { "children’s", 1 },
    { "\\É", 1 },            /* escaped: skipped, as ripgrep does */
};

static void test_smart_case(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof smart_cases / sizeof *smart_cases; i++) {
        ot_regex *re = compile(smart_cases[i].pattern);
        if (ot_regex_caseless(re) != smart_cases[i].caseless)
            fail_msg("case %zu (%s): caseless %d, want %d", i, smart_cases[i].pattern,
                     ot_regex_caseless(re), smart_cases[i].caseless);
        ot_regex_free(re);
    }
}

static const struct {
    const char *pattern;
    const char *subject;
    int match;
} match_cases[] = {
    { "supervision", "SUPERVISION of staff", 1 },
    { "Supervision", "supervision of staff", 0 },
    { "(?i)Supervision", "supervision", 1 },
    { "(?-i)supervision", "Supervision", 0 },
    { "a(?-i)b", "Ab", 1 },
    { "a(?-i)b", "aB", 0 },
    { "supervision", "ſupervision", 1 },          /* long s folds to s */
    { "kelvin", "\xe2\x84\xaa" "elvin", 1 },     /* Kelvin sign folds to k */
    { "\\w+", "Máire", 1 },
    { "^Máire$", "Máire", 1 },
    { "\\bire\\b", "Máire", 0 },                 /* Unicode word boundary */
    { "children’s", "CHILDREN’S services", 1 },
    { "children's", "children’s", 0 },
    { "£\\d+(,\\d{3})*", "a budget of £2,500,000", 1 },
    { "^the", "The local authority", 1 },
    { "authority$", "The local authority", 1 },
    { "authority$", "authority is", 0 },
    { "é", "É", 1 },
    { "", "", 1 },
};

static void test_match_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof match_cases / sizeof *match_cases; i++)
        if (matches(match_cases[i].pattern, match_cases[i].subject) != match_cases[i].match)
            fail_msg("case %zu: /%s/ on \"%s\" should %smatch", i, match_cases[i].pattern,
                     match_cases[i].subject, match_cases[i].match ? "" : "not ");
}

static const struct {
    const char *pattern;
    const char *message;
    size_t offset;
} bad_patterns[] = {
    { "(ab", "missing closing parenthesis", 3 },
    { "ab)", "unmatched closing parenthesis", 2 },
    { "[z-a]", "range out of order", 3 },
    { "a{2,1}", "numbers out of order", 5 },
    { "*a", "quantifier does not follow a repeatable item", 0 },
    { "a\\", "\\ at end of pattern", 2 },
    { "(?<n>a)(?<n>b)", "two named subpatterns have the same name", 12 },
    { "\\p{Nonsense}", "unknown property", 12 },
    { "a\\C", "\\C", 3 },
};

static void test_bad_patterns(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_patterns / sizeof *bad_patterns; i++) {
        ot_error err = OT_ERROR_INIT;
        size_t off = 999;
        const char *p = bad_patterns[i].pattern;
        ot_regex *re = ot_regex_new(p, strlen(p), OT_REGEX_SMART_CASE, &off, &err);
        assert_null(re);
        if (!strstr(ot_error_msg(&err), bad_patterns[i].message))
            fail_msg("case %zu (%s): message \"%s\"", i, p, ot_error_msg(&err));
        if (off != bad_patterns[i].offset)
            fail_msg("case %zu (%s): offset %zu, want %zu", i, p, off, bad_patterns[i].offset);
        if (!strstr(ot_error_msg(&err), " at offset "))
            fail_msg("case %zu: no offset in \"%s\"", i, ot_error_msg(&err));
        ot_error_clear(&err);
    }
}

static void test_invalid_utf8_pattern(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    size_t off = 999;
    ot_regex *re = ot_regex_new("ab\xff", 3, OT_REGEX_SMART_CASE, &off, &err);
    assert_null(re);
    assert_int_equal(off, 2);
    assert_non_null(strstr(ot_error_msg(&err), "UTF-8"));
    ot_error_clear(&err);
}

/* A paragraph of real-looking words that ends in a full stop: the classic
 * catastrophic pattern backtracks exponentially at every start. */
static char *long_paragraph(size_t words)
{
    static const char *w[] = { "Children", "in", "care", "are", "supported", "well",
                               "by", "social", "workers", "who", "know", "them" };
    size_t cap = words * 12 + 2, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (size_t i = 0; i < words; i++) {
        const char *x = w[i % (sizeof w / sizeof *w)];
        memcpy(s + len, x, strlen(x));
        len += strlen(x);
        s[len++] = ' ';
    }
    s[len - 1] = '.';
    s[len] = '\0';
    return s;
}

static void test_too_complex(void **state)
{
    (void)state;
    char *text = long_paragraph(60);
    ot_error err = OT_ERROR_INIT;
    ot_regex *re = compile("(\\w+\\s?)+$");
    ot_span m;
    int rc = ot_regex_search(re, NULL, text, strlen(text), 0, &m, &err);
    assert_int_equal(rc, OT_REGEX_ERROR);
    assert_string_equal(ot_error_msg(&err), "pattern too complex");
    ot_error_clear(&err);

    ot_spans sp = OT_SPANS_INIT;
    long n = ot_regex_find_all(re, NULL, text, strlen(text), NULL, NULL, &sp, &err);
    assert_int_equal(n, OT_REGEX_ERROR);
    assert_string_equal(ot_error_msg(&err), "pattern too complex");
    ot_spans_free(&sp);
    ot_error_clear(&err);
    ot_regex_free(re);
    free(text);
}

static void test_find_all(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_spans sp = OT_SPANS_INIT;
    const char *text = "Care leavers’ care: care.";
    ot_regex *re = compile("care");
    long n = ot_regex_find_all(re, NULL, text, strlen(text), NULL, NULL, &sp, &err);
    assert_int_equal(n, 3);
    assert_int_equal(sp.v[0].start, 0);
    assert_int_equal(sp.v[0].end, 4);
    assert_int_equal(sp.v[1].start, 16); /* after the 3-byte apostrophe */
    assert_int_equal(sp.v[2].start, 22);
    ot_regex_free(re);

    /* Appends: the list is not emptied first. */
    re = compile("leavers’");
    n = ot_regex_find_all(re, NULL, text, strlen(text), NULL, NULL, &sp, &err);
    assert_int_equal(n, 1);
    assert_int_equal(sp.len, 4);
    assert_int_equal(sp.v[3].start, 5);
    assert_int_equal(sp.v[3].end, 15);
    ot_regex_free(re);
    ot_spans_free(&sp);
}

/* Empty matches step over whole characters, never into one. */
static void test_empty_matches(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_spans sp = OT_SPANS_INIT;
    const char *text = "a£’x";
    ot_regex *re = compile("x*");
    long n = ot_regex_find_all(re, NULL, text, strlen(text), NULL, NULL, &sp, &err);
    /* "" at 0, 1, 3; "x" at 6; "" at 7. */
    static const size_t want[][2] = { { 0, 0 }, { 1, 1 }, { 3, 3 }, { 6, 7 }, { 7, 7 } };
    assert_int_equal(n, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(sp.v[i].start, want[i][0]);
        assert_int_equal(sp.v[i].end, want[i][1]);
    }
    ot_regex_free(re);
    sp.len = 0;

    /* A lazy pattern: the empty match, then the non-empty one at the same
     * place, as Perl and ripgrep find them. */
    re = compile("a??");
    n = ot_regex_find_all(re, NULL, "aa", 2, NULL, NULL, &sp, &err);
    assert_int_equal(n, 5);
    assert_int_equal(sp.v[1].start, 0);
    assert_int_equal(sp.v[1].end, 1);
    ot_regex_free(re);
    ot_spans_free(&sp);
}

static int cancel_after(void *data)
{
    int *calls = data;
    return ++*calls >= 2;
}

static void test_cancel(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_spans sp = OT_SPANS_INIT;
    char *text = long_paragraph(2000);
    int calls = 0;
    ot_regex *re = compile("\\w");
    long n = ot_regex_find_all(re, NULL, text, strlen(text), cancel_after, &calls, &sp, &err);
    assert_int_equal(n, -OT_REGEX_CANCELLED);
    assert_int_equal(calls, 2);
    assert_true(sp.len >= 256 && sp.len < strlen(text));
    ot_regex_free(re);
    ot_spans_free(&sp);
    free(text);
}

static void test_scratch_reuse(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_regex *re = compile("inadequate|requires improvement");
    ot_regex_scratch *s = ot_regex_scratch_new(re);
    assert_non_null(s);
    ot_span m;
    const char *a = "Overall effectiveness: requires improvement to be good";
    assert_int_equal(ot_regex_search(re, s, a, strlen(a), 0, &m, &err), OT_REGEX_MATCH);
    assert_int_equal(m.start, 23);
    assert_int_equal(ot_regex_search(re, s, a, strlen(a), 24, &m, &err), OT_REGEX_NOMATCH);
    assert_int_equal(ot_regex_search(re, s, "Inadequate", 10, 0, &m, &err), OT_REGEX_MATCH);
    ot_regex_scratch_free(s);
    ot_regex_free(re);
}

static void test_case_modes(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_span m;
    ot_regex *re = ot_regex_new("Good", 4, OT_REGEX_IGNORE_CASE, NULL, &err);
    assert_true(ot_regex_caseless(re));
    assert_int_equal(ot_regex_search(re, NULL, "good", 4, 0, &m, &err), OT_REGEX_MATCH);
    ot_regex_free(re);
    re = ot_regex_new("good", 4, OT_REGEX_MATCH_CASE, NULL, &err);
    assert_false(ot_regex_caseless(re));
    assert_int_equal(ot_regex_search(re, NULL, "Good", 4, 0, &m, &err), OT_REGEX_NOMATCH);
    size_t len;
    assert_string_equal(ot_regex_pattern(re, &len), "good");
    assert_int_equal(len, 4);
    ot_regex_free(re);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
        int ok;
        size_t bad;
    } cases[] = {
        { "plain ASCII text that is longer than eight bytes", 47, 1, 0 },
        { "children’s £5 Máire", 22, 1, 0 },
        { "abc\x80", 4, 0, 3 },                  /* stray continuation */
        { "abcdefgh\xc3", 9, 0, 8 },             /* truncated */
        { "\xc0\xaf", 2, 0, 0 },                 /* overlong */
        { "\xed\xa0\x80", 3, 0, 0 },             /* surrogate */
        { "\xf4\x90\x80\x80", 4, 0, 0 },         /* past U+10FFFF */
        { "\xf0\x9f\x98\x80 ok", 7, 1, 0 },      /* U+1F600 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t bad = 999;
        int ok = ot_utf8_valid(cases[i].s, cases[i].len, &bad);
        if (ok != cases[i].ok || (!ok && bad != cases[i].bad))
            fail_msg("case %zu: ok %d bad %zu", i, ok, bad);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smart_case),
        cmocka_unit_test(test_match_table),
        cmocka_unit_test(test_bad_patterns),
        cmocka_unit_test(test_invalid_utf8_pattern),
        cmocka_unit_test(test_too_complex),
        cmocka_unit_test(test_find_all),
        cmocka_unit_test(test_empty_matches),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_scratch_reuse),
        cmocka_unit_test(test_case_modes),
        cmocka_unit_test(test_utf8_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
