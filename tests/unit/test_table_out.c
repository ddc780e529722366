/* CSV, JSON and text output, and escaping text for a terminal. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/escape.h"
#include "ofsted-tui/table_out.h"

static char *render(ot_format format)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    const char *const cols[] = {"id", "name", "text"};
    const bool numeric[] = {true, false, false};
    ot_table_out *t = ot_table_out_new(out, format, cols, numeric, 3);
    const char *const r1[] = {"1", "Bristol, City of", "She said \"no\"\nthen left"};
    const char *const r2[] = {"2", NULL, "tab\there \x1b[2J £"};
    ot_table_out_row(t, r1);
    ot_table_out_row(t, r2);
    assert_int_equal(ot_table_out_finish(t), 0);
    fclose(out);
    return text;
}

static void csv_quotes_what_needs_it(void **state)
{
    (void)state;
    char *csv = render(OT_FORMAT_CSV);
    assert_string_equal(csv,
                        "id,name,text\n"
                        "1,\"Bristol, City of\",\"She said \"\"no\"\"\nthen left\"\n"
                        "2,,tab\there \x1b[2J £\n");
    free(csv);
}

static void json_escapes_and_types(void **state)
{
    (void)state;
    char *json = render(OT_FORMAT_JSON);
    assert_string_equal(json,
                        "[\n"
                        "{\"id\":1,\"name\":\"Bristol, City of\",\"text\":\"She said \\\"no\\\"\\nthen left\"},\n"
                        "{\"id\":2,\"name\":null,\"text\":\"tab\\there \\u001b[2J £\"}\n"
                        "]\n");
    free(json);
}

static void text_escapes_controls(void **state)
{
    (void)state;
    char *text = render(OT_FORMAT_TEXT);
    assert_string_equal(text,
                        "id\tname\ttext\n"
                        "1\tBristol, City of\tShe said \"no\" then left\n"
                        "2\t\ttab here ^[[2J £\n");
    free(text);
}

/* Numbered cases: what reaches a terminal, as the TUI draws it. */
static void escape_forms(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        /* 1 */ {"plain ASCII", "plain ASCII"},
        /* 2 */ {"M\xC3\xA1ire \xE2\x80\x99", "M\xC3\xA1ire \xE2\x80\x99"},
        /* 3 */ {"\x1b]0;title\x07", "^[]0;title^G"},
        /* 4 */ {"a\x7f" "b", "a^?b"},
        /* 5 */ {"line\nbreak\ttab", "line^Jbreak^Itab"},
        /* 6 */ {"c1 \xC2\x9B" "31m", "c1 \\u9B31m"},
        /* 7 */ {"bad \xFF byte", "bad \\xFF byte"},
        /* 8 */ {"cut \xE2\x80", "cut \\xE2\\x80"},
        /* 9 */ {"", ""},
    };
    ot_buf b = OT_BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = ot_escape_str(&b, cases[i].in);
        if (strcmp(got, cases[i].out) != 0)
            fprintf(stderr, "case %zu: got '%s', expected '%s'\n", i + 1, got, cases[i].out);
        assert_string_equal(got, cases[i].out);
        assert_true(ot_escape_clean(cases[i].in, strlen(cases[i].in), false) ==
                    (strcmp(cases[i].in, cases[i].out) == 0));
    }
    ot_buf_free(&b);
    /* Multi-line text keeps its layout, escapes the rest. */
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    const char in[] = "one\n\ttwo\x1b[0m\r";
    assert_int_equal(ot_escape_write(out, in, sizeof in - 1, true), 0);
    fclose(out);
    assert_string_equal(text, "one\n\ttwo^[[0m^M");
    free(text);
}

/* Where the first character that needs an escape starts, one character
 * at a time: what the fast prefixes must agree with. */
static size_t reference_prefix(const char *s, size_t len)
{
    size_t i = 0;
    char esc[8];
    while (i < len) {
        size_t n = ot_escape_one(s + i, len - i, false, esc);
        if (esc[0])
            break;
        i += n;
    }
    return i;
}

/* The prefixes that skip many bytes at a time agree with one character at
 * a time, for each kind of character at every place in and around a
 * block. */
static void escape_prefix_everywhere(void **state)
{
    (void)state;
    static const struct {
        const char *seq;
        bool valid; /* valid UTF-8: ot_escape_prefix_utf8 may be asked too */
    } seqs[] = {
        {"\x1b", true}, {"\x7f", true}, {"\t", true}, {"\x01", true}, {"\xC2\x9B", true},
        {"\xC2\xA0", true}, {"\xE2\x80\x99", true}, {"\xF0\x9F\x98\x80", true}, {"\xFF", false},
        {"\xC2", false}, {"~", true}, {" ", true},
    };
    char buf[96];
    for (size_t k = 0; k < sizeof seqs / sizeof seqs[0]; k++) {
        size_t n = strlen(seqs[k].seq);
        for (size_t at = 0; at + n <= 70; at++) {
            memset(buf, 'a', sizeof buf);
            memcpy(buf + at, seqs[k].seq, n);
            size_t len = at + n + (at % 23);
            size_t want = reference_prefix(buf, len);
            if (ot_escape_prefix(buf, len, false) != want)
                fail_msg("seq %zu at %zu: %zu, expected %zu", k, at, ot_escape_prefix(buf, len, false), want);
            if (seqs[k].valid && ot_escape_prefix_utf8(buf, len, false) != want)
                fail_msg("utf8 seq %zu at %zu: %zu, expected %zu", k, at, ot_escape_prefix_utf8(buf, len, false),
                         want);
        }
    }
}

static void formats_parse(void **state)
{
    (void)state;
    ot_format f;
    assert_int_equal(ot_format_parse("csv", &f), 0);
    assert_int_equal(f, OT_FORMAT_CSV);
    assert_int_equal(ot_format_parse("json", &f), 0);
    assert_int_equal(ot_format_parse("text", &f), 0);
    assert_int_equal(ot_format_parse("xml", &f), -1);
    assert_int_equal(ot_format_parse("", &f), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_quotes_what_needs_it),
        cmocka_unit_test(json_escapes_and_types),
        cmocka_unit_test(text_escapes_controls),
        cmocka_unit_test(escape_forms),
        cmocka_unit_test(escape_prefix_everywhere),
        cmocka_unit_test(formats_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
