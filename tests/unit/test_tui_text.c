/* The terminal interface's text machinery, without a terminal: word wrap
 * by display width, the find prompt's UTF-8 editing, find over rows, and
 * the request list against the key map and help. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/find.h"
#include "tui/keymap.h"
#include "tui/prompt.h"
#include "tui/request.h"
#include "tui/wrap.h"

/* Wrap text to width and join the lines with '|'. */
static char *wrapped(const char *text, int width)
{
    ot_wrap_lines l = OT_WRAP_LINES_INIT;
    long n = ot_wrap(text, strlen(text), width, &l);
    assert_true(n >= 1);
    assert_int_equal((size_t)n, l.len);
    size_t cap = strlen(text) + l.len + 1;
    char *out = calloc(1, cap);
    for (size_t i = 0; i < l.len; i++) {
        if (i)
            strcat(out, "|");
        strncat(out, text + l.v[i].start, l.v[i].end - l.v[i].start);
        /* no line is wider than the width (unless one character is) */
        int w = ot_wrap_width(text + l.v[i].start, l.v[i].end - l.v[i].start);
        assert_true(w <= width || l.v[i].end - l.v[i].start <= 4);
    }
    ot_wrap_lines_free(&l);
    return out;
}

static const struct {
    const char *text;
    int width;
    const char *want;
} wrap_cases[] = {
    /* 1 */ {"", 10, ""},
    /* 2 */ {"short", 10, "short"},
    /* 3 */ {"one two three", 7, "one two|three"},
    /* 4 */ {"one two three", 3, "one|two|thr|ee"},
    /* 5 */ {"exactly ten", 11, "exactly ten"},
    /* 6 */ {"exactly ten", 10, "exactly|ten"},
    /* 7 */ {"  leading   and   trailing  ", 12, "leading|and|trailing"},
    /* 8 */ {"abcdefghij", 4, "abcd|efgh|ij"},
    /* 9: display width, not bytes: Máire is 5 columns in 6 bytes */
    {"Máire Máire", 11, "Máire Máire"},
    /* 10 */ {"Bournemouth, Christchurch & Poole", 20, "Bournemouth,|Christchurch & Poole"},
    /* 11: curly quotes are one column each */
    {"“front door” works", 12, "“front door”|works"},
    /* 12: wide characters take two columns and are never split */
    {"漢字漢字漢字", 5, "漢字|漢字|漢字"},
    /* 13: an escape shows as ^[ (two columns), so it fills the line */
    {"ab\x1b[2J", 4, "ab\x1b|[2J"},
    /* 14: newlines always break */
    {"one\ntwo three", 20, "one|two three"},
    /* 15: a width below one counts as one */
    {"ab", 0, "a|b"},
};

static void wrap_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof wrap_cases / sizeof wrap_cases[0]; i++) {
        char *got = wrapped(wrap_cases[i].text, wrap_cases[i].width);
        if (strcmp(got, wrap_cases[i].want) != 0)
            fail_msg("case %zu: wrap(\"%s\", %d) = \"%s\", want \"%s\"", i + 1, wrap_cases[i].text,
                     wrap_cases[i].width, got, wrap_cases[i].want);
        free(got);
    }
}

static void wrap_widths_match_drawing(void **state)
{
    (void)state;
    int cols, kind;
    assert_int_equal(ot_wrap_char("\x1b", 1, &cols, &kind), 1);
    assert_int_equal(cols, 2);
    assert_int_equal(kind, OT_CHAR_CONTROL);
    assert_int_equal(ot_wrap_char("\xff", 1, &cols, &kind), 1);
    assert_int_equal(cols, 4);
    assert_int_equal(kind, OT_CHAR_INVALID);
    assert_int_equal(ot_wrap_char("\xc2\x9b", 2, &cols, &kind), 2);
    assert_int_equal(cols, 4);
    assert_int_equal(kind, OT_CHAR_C1);
    assert_int_equal(ot_wrap_char("漢", 3, &cols, &kind), 3);
    assert_int_equal(cols, 2);
    assert_int_equal(ot_wrap_width("Máire", strlen("Máire")), 5);
}

/* A long paragraph: every byte lands in exactly one line, in order. */
static void wrap_covers_every_word(void **state)
{
    (void)state;
    char text[4000];
    size_t len = 0;
    for (int i = 0; len + 20 < sizeof text; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "wörd%d ", i);
    ot_wrap_lines l = OT_WRAP_LINES_INIT;
    assert_true(ot_wrap(text, len, 37, &l) > 10);
    size_t at = 0;
    for (size_t i = 0; i < l.len; i++) {
        assert_true(l.v[i].start >= at);
        for (size_t k = at; k < l.v[i].start; k++)
            assert_int_equal(text[k], ' ');
        assert_true(ot_wrap_width(text + l.v[i].start, l.v[i].end - l.v[i].start) <= 37);
        at = l.v[i].end;
    }
    ot_wrap_lines_free(&l);
}

static void type(ot_prompt *p, const char *utf8)
{
    wchar_t wc[64];
    size_t n = mbstowcs(wc, utf8, 64);
    assert_true(n != (size_t)-1);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ot_prompt_key(p, (int)wc[i], true), OT_PROMPT_EDITED);
}

static void prompt_edits_characters_not_bytes(void **state)
{
    (void)state;
    ot_prompt p;
    ot_prompt_init(&p, "/");
    type(&p, "Máire");
    assert_string_equal(ot_buf_str(&p.text), "Máire");
    /* back over "ire", delete "á" with Backspace: two bytes go */
    for (int i = 0; i < 3; i++)
        assert_int_equal(ot_prompt_key(&p, KEY_LEFT, false), OT_PROMPT_MOVED);
    assert_int_equal(ot_prompt_key(&p, KEY_BACKSPACE, false), OT_PROMPT_EDITED);
    assert_string_equal(ot_buf_str(&p.text), "Mire");
    type(&p, "ā");
    assert_string_equal(ot_buf_str(&p.text), "Māire");
    assert_int_equal(ot_prompt_key(&p, KEY_DC, false), OT_PROMPT_EDITED);
    assert_string_equal(ot_buf_str(&p.text), "Māre");
    assert_int_equal(ot_prompt_key(&p, KEY_END, false), OT_PROMPT_MOVED);
    type(&p, " “x”");
    assert_string_equal(ot_buf_str(&p.text), "Māre “x”");
    assert_int_equal(ot_prompt_key(&p, 'W' & 0x1f, true), OT_PROMPT_EDITED); /* Ctrl-W */
    assert_string_equal(ot_buf_str(&p.text), "Māre ");
    assert_int_equal(ot_prompt_key(&p, 'A' & 0x1f, true), OT_PROMPT_MOVED);
    assert_int_equal(p.cursor, 0);
    assert_int_equal(ot_prompt_key(&p, KEY_RIGHT, false), OT_PROMPT_MOVED);
    assert_int_equal(ot_prompt_key(&p, KEY_RIGHT, false), OT_PROMPT_MOVED);
    assert_int_equal(p.cursor, 3); /* after "Mā": 1 + 2 bytes */
    assert_int_equal(ot_prompt_key(&p, 'U' & 0x1f, true), OT_PROMPT_EDITED);
    assert_string_equal(ot_buf_str(&p.text), "re ");
    /* control characters never enter the pattern */
    assert_int_equal(ot_prompt_key(&p, 0x1b & 0x1f, true) == OT_PROMPT_EDITED, 0);
    assert_int_equal(ot_prompt_key(&p, 0x0e, true), OT_PROMPT_IGNORED);
    assert_int_equal(ot_prompt_key(&p, '\n', true), OT_PROMPT_ACCEPT);
    assert_int_equal(ot_prompt_key(&p, 27, true), OT_PROMPT_CANCEL);
    ot_prompt_free(&p);
    /* Backspace on an empty line leaves the prompt, as in less and vim */
    ot_prompt_init(&p, "/");
    assert_int_equal(ot_prompt_key(&p, 127, true), OT_PROMPT_CANCEL);
    ot_prompt_free(&p);
}

static const char *const names[] = {"Stoke-on-Trent", "Bournemouth, Christchurch & Poole", "Bristol, City of",
                                    "St Helens", "Bournemouth"};

static int name_matches(void *ctx, size_t i)
{
    return ot_find_test(ctx, names[i], strlen(names[i]));
}

static void find_rows_smart_case_and_wrap(void **state)
{
    (void)state;
    ot_find *f = ot_find_new();
    ot_error err = OT_ERROR_INIT;
    assert_int_equal(ot_find_set(f, "bourne", 6, &err), 0);
    bool wrapped;
    assert_int_equal(ot_find_row(5, 0, 1, true, name_matches, f, &wrapped), 1);
    assert_false(wrapped);
    assert_int_equal(ot_find_row(5, 1, 1, false, name_matches, f, &wrapped), 4);
    assert_int_equal(ot_find_row(5, 4, 1, false, name_matches, f, &wrapped), 1);
    assert_true(wrapped);
    assert_int_equal(ot_find_row(5, 1, -1, false, name_matches, f, &wrapped), 4);
    assert_true(wrapped);
    /* an upper-case letter makes the pattern case-sensitive */
    assert_int_equal(ot_find_set(f, "Bristol|helens", 14, &err), 0);
    assert_int_equal(ot_find_row(5, 0, 1, true, name_matches, f, NULL), 2);
    assert_int_equal(ot_find_row(5, 2, 1, false, name_matches, f, NULL), 2);
    /* spans for highlighting */
    assert_int_equal(ot_find_set(f, "o", 1, &err), 0);
    ot_spans sp = OT_SPANS_INIT;
    assert_int_equal(ot_find_spans(f, names[0], strlen(names[0]), &sp), 2);
    assert_int_equal(sp.v[0].start, 2);
    assert_int_equal(sp.v[1].start, 6);
    ot_spans_free(&sp);
    /* a bad pattern: PCRE2's message with the offset, and no pattern left */
    assert_int_equal(ot_find_set(f, "fo(", 3, &err), -1);
    assert_non_null(strstr(ot_error_msg(&err), "missing closing parenthesis"));
    assert_non_null(strstr(ot_error_msg(&err), "offset 3"));
    assert_false(ot_find_active(f));
    assert_int_equal(ot_find_row(5, 0, 1, true, name_matches, f, NULL), -1);
    ot_error_clear(&err);
    ot_find_free(f);
}

/* One list of actions: every request has a key, a help line and a word
 * for the bottom bar; every binding names a real request and a label;
 * every request a bottom bar names has a key in its view. */
static void every_request_has_a_key_and_help(void **state)
{
    (void)state;
    for (int r = OT_REQ_NONE + 1; r < OT_REQ_COUNT; r++) {
        bool bound = false;
        for (int i = 0; i < ot_binding_count; i++)
            bound = bound || ot_bindings[i].req == (ot_request)r;
        if (!bound)
            fail_msg("request %d (%s) has no key", r, ot_request_help((ot_request)r));
        assert_true(strlen(ot_request_help((ot_request)r)) > 5);
        assert_true(strlen(ot_request_bar_word((ot_request)r)) > 1);
    }
    for (int i = 0; i < ot_binding_count; i++) {
        assert_true(ot_bindings[i].req > OT_REQ_NONE && ot_bindings[i].req < OT_REQ_COUNT);
        assert_non_null(ot_bindings[i].label);
        assert_true(ot_bindings[i].view >= OT_VIEW_ANY && ot_bindings[i].view < OT_VIEW_COUNT);
        /* no key means two things in one view */
        for (int k = i + 1; k < ot_binding_count; k++)
            if (ot_bindings[k].key == ot_bindings[i].key) {
                if (ot_bindings[k].view == ot_bindings[i].view)
                    fail_msg("key %s is bound twice", ot_bindings[i].label);
            }
    }
    /* the bottom bar names only what has a key in its view */
    for (int v = 0; v < OT_VIEW_COUNT; v++)
        for (const ot_request *h = ot_keymap_hints((ot_view_id)v); *h != OT_REQ_NONE; h++)
            if (!ot_keymap_label((ot_view_id)v, *h))
                fail_msg("the %s view's bottom bar names %s, which has no key there", ot_view_name((ot_view_id)v),
                         ot_request_bar_word(*h));
    assert_int_equal(ot_keymap_lookup(OT_VIEW_INSPECTION, ']'), OT_REQ_NEXT_SECTION);
    assert_int_equal(ot_keymap_lookup(OT_VIEW_AUTHORITIES, ']'), OT_REQ_NONE);
    assert_int_equal(ot_keymap_lookup(OT_VIEW_HISTORY, 'j'), OT_REQ_MOVE_DOWN);
}

/* Under LANG=C the UTF-8 of the data is still decoded here: each
 * character one column, drawn as an ASCII stand-in, never as "\xE2"
 * escapes (four columns a byte); broken bytes still are escaped. */
static void ascii_stand_ins_outside_utf8(void **state)
{
    (void)state;
    char *saved = strdup(setlocale(LC_ALL, NULL));
    assert_non_null(setlocale(LC_ALL, "C"));
    assert_false(ot_wrap_utf8_locale());
    static const struct {
        const char *utf8, *ascii;
    } cases[] = {
        {"›", ">"}, {"│", "|"}, {"·", "."}, {"◆", "*"}, {"–", "-"}, {"▲", "^"}, {"’", "'"}, {"é", "e"}, {"漢", "?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int cols, kind;
        size_t n = ot_wrap_char(cases[i].utf8, strlen(cases[i].utf8), &cols, &kind);
        assert_int_equal(n, strlen(cases[i].utf8));
        assert_int_equal(kind, OT_CHAR_ASCII);
        assert_int_equal(cols, 1);
        assert_string_equal(ot_wrap_ascii(cases[i].utf8, n), cases[i].ascii);
    }
    int cols, kind;
    assert_int_equal(ot_wrap_char("\xE2\x80", 2, &cols, &kind), 1);
    assert_int_equal(kind, OT_CHAR_INVALID);
    assert_int_equal(ot_wrap_width("a › b", strlen("a › b")), 5);
    setlocale(LC_ALL, saved);
    free(saved);
    assert_true(ot_wrap_utf8_locale());
    assert_int_equal(ot_wrap_char("›", strlen("›"), &cols, &kind), strlen("›"));
    assert_int_equal(kind, OT_CHAR_PLAIN);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrap_table),
        cmocka_unit_test(wrap_widths_match_drawing),
        cmocka_unit_test(wrap_covers_every_word),
        cmocka_unit_test(prompt_edits_characters_not_bytes),
        cmocka_unit_test(find_rows_smart_case_and_wrap),
        cmocka_unit_test(every_request_has_a_key_and_help),
        cmocka_unit_test(ascii_stand_ins_outside_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
