/* Plausibility checks of parsed reports (include/ofsted-tui/report_check.h):
 * real reports pass; the same real text damaged the way a corrupted file
 * reads (a sentence where the name was, a grade word garbled, a paragraph
 * number gone wrong) is refused with its page. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/report.h"
#include "ofsted-tui/report_check.h"

static const char stoke[] = "80564_stoke-on-trent/children's services inspection - 15 july 2025.pdf";
static const char norfolk_sif[] = "80418_norfolk/children's services inspection - 20 october 2015.pdf";

static char *report_path(const char *rel)
{
    const char *data = getenv("OT_SHARED_DATA");
    const char *src = getenv("OT_SRCDIR");
    ot_buf b = OT_BUF_INIT;
    if (data && *data)
        ot_buf_puts(&b, data);
    else
        ot_buf_printf(&b, "%s/../shared/data", src && *src ? src : ".");
    ot_buf_printf(&b, "/ofsted/reports/%s", rel);
    return ot_buf_steal(&b);
}

/* The real text of a report, through pdftotext. */
static void real_text(const char *rel, ot_buf *text)
{
    char *path = report_path(rel);
    ot_error err = OT_ERROR_INIT;
    int rc = ot_pdf_text(path, text, &err);
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", path, ot_error_msg(&err));
    assert_int_equal(rc, 0);
    ot_error_clear(&err);
    free(path);
}

/* Replace the first `from` in text by `to`. */
static void replace(ot_buf *text, const char *from, const char *to)
{
    const char *s = ot_buf_str(text);
    const char *at = strstr(s, from);
    assert_non_null(at);
    ot_buf out = OT_BUF_INIT;
    ot_buf_append(&out, s, (size_t)(at - s));
    ot_buf_puts(&out, to);
    ot_buf_puts(&out, at + strlen(from));
    ot_buf_free(text);
    *text = out;
}

/* Parse text and check it: 0 when it passes; else -1 and the message. */
static int parse_and_check(const ot_buf *text, char *msg, size_t msg_len)
{
    ot_error err = OT_ERROR_INIT;
    ot_report *r = ot_report_parse(ot_buf_str(text), text->len, "x.pdf", &err);
    if (!r)
        fprintf(stderr, "parse: %s\n", ot_error_msg(&err));
    assert_non_null(r);
    int rc = ot_report_check(r, ot_buf_str(text), text->len, &err);
    snprintf(msg, msg_len, "%s", rc ? ot_error_msg(&err) : "");
    ot_error_clear(&err);
    ot_report_free(r);
    return rc;
}

static void test_real_reports_pass(void **state)
{
    (void)state;
    const char *files[] = {stoke, norfolk_sif};
    for (size_t i = 0; i < 2; i++) {
        ot_buf text = OT_BUF_INIT;
        real_text(files[i], &text);
        char msg[512];
        int rc = parse_and_check(&text, msg, sizeof msg);
        if (rc)
            fprintf(stderr, "%s: %s\n", files[i], msg);
        assert_int_equal(rc, 0);
        ot_buf_free(&text);
    }
}

static void test_name_is_prose(void **state)
{
    (void)state;
    ot_buf text = OT_BUF_INIT;
    real_text(stoke, &text);
    replace(&text, "Inspection of Stoke-on-Trent local", "Inspection of the council has made some progress local");
    char msg[512];
    int rc = parse_and_check(&text, msg, sizeof msg);
    fprintf(stderr, "message: %s\n", msg);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(msg, "page 1: the authority's name reads \"council has made some progress\""));
    ot_buf_free(&text);
}

/* A grade word damaged in the judgement table: the parser takes the
 * garbled word into the row's label, which is then no label Ofsted
 * prints. */
static void test_grade_word_garbled(void **state)
{
    (void)state;
    ot_buf text = OT_BUF_INIT;
    real_text(stoke, &text);
    /* The care leavers' row: "Requires improvement to be good" damaged. */
    replace(&text, "            Good\n", "            Goodness me\n");
    char msg[512];
    int rc = parse_and_check(&text, msg, sizeof msg);
    fprintf(stderr, "message: %s\n", msg);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(msg, "page 1: judgement label \"The experiences and progress of Goodness me children"));
    ot_buf_free(&text);
}

/* The parser only takes numbers that follow on, so numbering is checked
 * on records: the real Stoke-on-Trent report's, renumbered. */
static int check_numbers(const int *numbers, size_t n, char *msg, size_t msg_len)
{
    ot_buf text = OT_BUF_INIT;
    real_text(stoke, &text);
    ot_error err = OT_ERROR_INIT;
    ot_report *r = ot_report_parse(ot_buf_str(&text), text.len, "x.pdf", &err);
    assert_non_null(r);
    ot_inspection_rec in = *ot_report_inspection(r, 0);
    assert_true(in.n_findings >= n);
    ot_finding_rec *f = malloc(n * sizeof *f);
    for (size_t i = 0; i < n; i++) {
        f[i] = in.findings[i];
        f[i].paragraph = numbers[i];
    }
    in.findings = f;
    in.n_findings = n;
    int rc = ot_report_check_inspection(&in, ot_buf_str(&text), text.len, &err);
    snprintf(msg, msg_len, "%s", rc ? ot_error_msg(&err) : "");
    ot_error_clear(&err);
    free(f);
    ot_report_free(r);
    ot_buf_free(&text);
    return rc;
}

static void test_paragraph_numbering(void **state)
{
    (void)state;
    int numbers[40];
    char msg[512];
    for (int i = 0; i < 40; i++)
        numbers[i] = i + 1;
    assert_int_equal(check_numbers(numbers, 40, msg, sizeof msg), 0);
    /* A few out of order (a number misread): still plausible. */
    numbers[10] = 9;
    numbers[20] = 4;
    assert_int_equal(check_numbers(numbers, 40, msg, sizeof msg), 0);
    /* A huge jump. */
    numbers[3] = 907;
    assert_int_equal(check_numbers(numbers, 40, msg, sizeof msg), -1);
    fprintf(stderr, "message: %s\n", msg);
    assert_non_null(strstr(msg, "paragraph 907 follows paragraph 3: numbering jumps by 904"));
    assert_true(strncmp(msg, "page ", 5) == 0);
    /* Mostly going backwards. */
    for (int i = 0; i < 40; i++)
        numbers[i] = i % 2 ? 5 : 6;
    assert_int_equal(check_numbers(numbers, 40, msg, sizeof msg), -1);
    fprintf(stderr, "message: %s\n", msg);
    assert_non_null(strstr(msg, "numbering goes back"));
}

/* Numbered cases: what reads as an authority's name. */
static void test_name_plausible(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool ok;
    } cases[] = {
        {"Stoke-on-Trent", true},
        {"Council of the Isles of Scilly", true},
        {"Blackburn with Darwen Borough Council", true},
        {"Kingston upon Thames", true},
        {"St. Helens", true},
        {"Bristol, City of", true},
        {"Brighton & Hove", true},
        {"Bournemouth, Christchurch and Poole", true},
        {"Máire Council", true},
        {"Wakefield local authority FKLOGUHQ", false},
        {"The council has made progress in most areas", false},
        {"Children in care are seen regularly", false},
        {"Page 12", false},
        {"x", false},
        {"", false},
        {NULL, false},
        {"Leeds:", false},
        {"Leeds\x1b[2J", false},
        {"Leeds \"City\"", false},
        {"Leeds,", false},
        {"One Two Three Four Five Six Seven Eight Nine Ten Eleven", false},
        {"Bad \xC3\x28 UTF-8", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = ot_report_name_plausible(cases[i].name);
        if (got != cases[i].ok)
            fprintf(stderr, "case %zu: \"%s\": %d\n", i + 1, cases[i].name ? cases[i].name : "(null)", got);
        assert_int_equal(got, cases[i].ok);
    }
}

int main(void)
{
    const struct CMUnitTest units[] = {
        cmocka_unit_test(test_name_plausible),
    };
    const struct CMUnitTest real[] = {
        cmocka_unit_test(test_real_reports_pass),
        cmocka_unit_test(test_name_is_prose),
        cmocka_unit_test(test_grade_word_garbled),
        cmocka_unit_test(test_paragraph_numbering),
    };
    int failed = cmocka_run_group_tests_name("report checks", units, NULL, NULL);
    char *path = report_path(stoke);
    bool present = access(path, R_OK) == 0;
    free(path);
    if (!present) {
        const char *ci = getenv("CI");
        fprintf(stderr, "real reports not found (set OT_SHARED_DATA)\n");
        if (ci && strcmp(ci, "true") == 0)
            return 1;
        return failed ? 1 : 77;
    }
    failed += cmocka_run_group_tests_name("real reports", real, NULL, NULL);
    return failed ? 1 : 0;
}
