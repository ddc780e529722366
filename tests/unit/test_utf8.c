/* The one UTF-8 decoder: code points and lengths of valid sequences, and
 * one byte standing for U+FFFD for each kind of invalid one. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ofsted-tui/utf8.h"

static const struct {
    const char *bytes;
    size_t len;  /* bytes readable */
    size_t want; /* length decoded */
    uint32_t cp;
    int bad;
} cases[] = {
    /* 1 */ {"a", 1, 1, 'a', 0},
    /* 2 */ {"\xC3\xA1", 2, 2, 0xE1, 0},               /* á */
    /* 3 */ {"\xE2\x80\x99s", 3, 3, 0x2019, 0},        /* ’ */
    /* 4 */ {"\xEF\x81\xAE", 3, 3, 0xF06E, 0},         /* a private-use bullet */
    /* 5 */ {"\xF0\x9F\x98\x80", 4, 4, 0x1F600, 0},
    /* 6 */ {"\xEF\xBF\xBD", 3, 3, 0xFFFD, 0},         /* U+FFFD itself is valid */
    /* 7 */ {"\xE2\x80", 2, 1, 0xFFFD, 1},             /* truncated */
    /* 8 */ {"\xC0\xAF", 2, 1, 0xFFFD, 1},             /* overlong */
    /* 9 */ {"\xED\xA0\x80", 3, 1, 0xFFFD, 1},         /* surrogate */
    /* 10 */ {"\xF4\x90\x80\x80", 4, 1, 0xFFFD, 1},    /* past U+10FFFF */
    /* 11 */ {"\x80", 1, 1, 0xFFFD, 1},                /* lone continuation */
    /* 12 */ {"\xE2\x41\x42", 3, 1, 0xFFFD, 1},        /* bad continuation */
    /* 13 */ {"\x92", 1, 1, 0xFFFD, 1},                /* Windows-1252 ’ */
};

static void test_decode(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        size_t n = ot_utf8_decode(cases[i].bytes, cases[i].len, &cp);
        if (n != cases[i].want || cp != cases[i].cp || ot_utf8_bad(cases[i].bytes, n, cp) != cases[i].bad)
            fail_msg("case %zu: length %zu cp U+%04X bad %d", i + 1, n, (unsigned)cp,
                     ot_utf8_bad(cases[i].bytes, n, cp));
    }
}

static void test_valid_agrees(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 99;
        int ok = ot_utf8_valid(cases[i].bytes, cases[i].bad ? cases[i].len : cases[i].want, &bad);
        assert_int_equal(ok, !cases[i].bad);
        if (!ok)
            assert_int_equal(bad, 0);
    }
    size_t bad = 0;
    assert_false(ot_utf8_valid("plain ASCII text, then \xC3", 24, &bad));
    assert_int_equal(bad, 23);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_valid_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
