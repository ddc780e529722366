/* CSV reader and the CSV route of the workbook import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofsted-tui/csv.h"
#include "ofsted-tui/utf8.h"
#include "ofsted-tui/workbook.h"
#include "wb_sink.h"

/* Read all of data and render its records as "line:f1|f2|...\n". */
static int render(const char *data, size_t len, ot_buf *out, ot_error *err, long *recoded)
{
    ot_csv *c = ot_csv_open_mem(data, len, err);
    if (!c)
        return -1;
    const ot_csv_record *r;
    int rc;
    while ((rc = ot_csv_next(c, &r, err)) == 1) {
        ot_buf_printf(out, "%ld:", r->line);
        for (size_t i = 0; i < r->n_fields; i++)
            ot_buf_printf(out, "%s%s", i ? "|" : "", r->fields[i].text);
        ot_buf_putc(out, '\n');
    }
    if (recoded)
        *recoded = ot_csv_recoded_lines(c);
    ot_csv_free(c);
    return rc;
}

static const struct {
    const char *in;
    const char *out;
} good_cases[] = {
    /* 1 */ {"a,b,c\n", "1:a|b|c\n"},
    /* 2 */ {"a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n"},
    /* 3 */ {"\"x,y\",z\n", "1:x,y|z\n"},
    /* 4 */ {"\"say \"\"hi\"\"\",2\n", "1:say \"hi\"|2\n"},
    /* 5 */ {"\"two\r\nlines\",3\r\nnext,4\r\n", "1:two\nlines|3\n3:next|4\n"},
    /* 6 */ {"\xef\xbb\xbfWeb link,x\n", "1:Web link|x\n"},
    /* 7 */ {"a,,\n", "1:a||\n"},
    /* 8 */ {"last,no newline", "1:last|no newline\n"},
    /* 9 */ {"", ""},
    /* 10 */ {"\n\"\"\n", "1:\n2:\n"},
    /* 11 */ {"it's a \"b\" c,d\n", "1:it's a \"b\" c|d\n"},
    /* 12 */ {"\"a\"\r\n", "1:a\n"},
    /* old Mac line ends, CR alone: */
    /* 13 */ {"a,b\rc,d\r", "1:a|b\n2:c|d\n"},
    /* 14 */ {"\"two\rlines\",3\rnext,4", "1:two\nlines|3\n3:next|4\n"},
};

static void test_csv_good(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good_cases / sizeof good_cases[0]; i++) {
        ot_buf out = OT_BUF_INIT;
        ot_error err = OT_ERROR_INIT;
        int rc = render(good_cases[i].in, strlen(good_cases[i].in), &out, &err, NULL);
        if (rc != 0 || strcmp(ot_buf_str(&out), good_cases[i].out) != 0)
            fail_msg("case %zu: rc %d, err '%s', got '%s'", i + 1, rc, ot_error_msg(&err),
                     ot_buf_str(&out));
        ot_buf_free(&out);
        ot_error_clear(&err);
    }
}

static const struct {
    const char *in;
    size_t len; /* 0: strlen */
    const char *msg;
} bad_cases[] = {
    /* 1 */ {"a,b\nc,\"open\nstill\nopen", 0, "line 2: unterminated quote"},
    /* 2 */ {"a,\"b\"x,c\n", 0, "line 1: 'x' after the closing quote"},
    /* 3 */ {"ok\nnul\0byte\n", 12, "line 2: NUL byte"},
    /* 4 */ {"\xff\xfe" "a\0,\0", 6, "line 1: the file is UTF-16"},
};

static void test_csv_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        ot_buf out = OT_BUF_INIT;
        ot_error err = OT_ERROR_INIT;
        size_t len = bad_cases[i].len ? bad_cases[i].len : strlen(bad_cases[i].in);
        int rc = render(bad_cases[i].in, len, &out, &err, NULL);
        if (rc != -1 || strstr(ot_error_msg(&err), bad_cases[i].msg) != ot_error_msg(&err))
            fail_msg("case %zu: rc %d, err '%s'", i + 1, rc, ot_error_msg(&err));
        ot_buf_free(&out);
        ot_error_clear(&err);
    }
}

typedef struct warn_log {
    ot_buf b;
} warn_log;

static void log_warning(void *ctx, long line, const char *msg)
{
    warn_log *w = ctx;
    ot_buf_printf(&w->b, "%ld: %s\n", line, msg);
}

static void test_csv_cp1252(void **state)
{
    (void)state;
    /* Line 2 is Windows-1252 (é, curly quotes, œ, euro, undefined 0x81);
     * lines 1 and 3 are UTF-8 and must stay as they are. */
    const char in[] = "caf\xc3\xa9,ok\n"
                      "Caf\xe9,\x93quoted\x94 \x9c \x80 \x81\n"
                      "\xe2\x80\x99tis,fine\n";
    ot_error err = OT_ERROR_INIT;
    ot_csv *c = ot_csv_open_mem(in, sizeof in - 1, &err);
    assert_non_null(c);
    warn_log w = {OT_BUF_INIT};
    ot_csv_set_warning(c, log_warning, &w);
    const ot_csv_record *r;
    assert_int_equal(ot_csv_next(c, &r, &err), 1);
    assert_string_equal(r->fields[0].text, "caf\xc3\xa9");
    assert_int_equal(ot_csv_next(c, &r, &err), 1);
    assert_int_equal(r->line, 2);
    assert_string_equal(r->fields[0].text, "Caf\xc3\xa9");
    assert_string_equal(r->fields[1].text, "\xe2\x80\x9cquoted\xe2\x80\x9d \xc5\x93 \xe2\x82\xac "
                                           "\xef\xbf\xbd");
    assert_int_equal(ot_csv_next(c, &r, &err), 1);
    assert_string_equal(r->fields[0].text, "\xe2\x80\x99tis");
    assert_int_equal(ot_csv_next(c, &r, &err), 0);
    assert_int_equal(ot_csv_recoded_lines(c), 1);
    assert_string_equal(ot_buf_str(&w.b), "2: not valid UTF-8; read as Windows-1252\n");
    ot_buf_free(&w.b);
    ot_csv_free(c);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(ot_utf8_valid("plain", 5, NULL));
    assert_true(ot_utf8_valid("\xc3\xa9\xe2\x80\x99\xf0\x9f\x98\x80", 9, NULL));
    assert_false(ot_utf8_valid("\xe9", 1, NULL));                 /* Latin-1 é */
    assert_false(ot_utf8_valid("\xc0\xaf", 2, NULL));             /* overlong */
    assert_false(ot_utf8_valid("\xed\xa0\x80", 3, NULL));         /* surrogate */
    assert_false(ot_utf8_valid("\xe2\x80", 2, NULL));             /* cut short */
    assert_false(ot_utf8_valid("\xf4\x90\x80\x80", 4, NULL));     /* above U+10FFFF */
}

static void test_parse_helpers(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *iso;
    } dates[] = {
        {"10/07/2023", "2023-07-10"}, {"1/7/23", "2023-07-01"},
        {"2023-07-10", "2023-07-10"}, {"2023-07-10T00:00:00", "2023-07-10"},
        {"10 July 2023", "2023-07-10"}, {"10th Jul 2023", "2023-07-10"},
        {"29/02/2024", "2024-02-29"}, {" 10-07-2023 ", "2023-07-10"},
        {"29/02/2023", NULL}, {"31/04/2024", NULL}, {"07/2023", NULL},
        {"Good", NULL}, {"", NULL}, {"10/07/2023x", NULL},
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char iso[11] = "";
        int rc = ot_wb_parse_date(dates[i].in, iso);
        if (dates[i].iso ? rc != 0 || strcmp(iso, dates[i].iso) != 0 : rc != -1)
            fail_msg("date '%s': rc %d '%s'", dates[i].in, rc, iso);
    }
    assert_int_equal(ot_wb_parse_grade("Outstanding"), 1);
    assert_int_equal(ot_wb_parse_grade("good"), 2);
    assert_int_equal(ot_wb_parse_grade("Requires improvement to be good"), 3);
    assert_int_equal(ot_wb_parse_grade("Requires improvement"), 3);
    assert_int_equal(ot_wb_parse_grade("Adequate"), 3);
    assert_int_equal(ot_wb_parse_grade("Inadequate"), 4);
    assert_int_equal(ot_wb_parse_grade(""), 0);
    assert_int_equal(ot_wb_parse_grade("Not yet inspected"), 0);
    assert_int_equal(ot_wb_parse_grade("Goood"), -1);
    assert_string_equal(ot_wb_parse_framework("ILACS Standard Inspection"), "ilacs_standard");
    assert_string_equal(ot_wb_parse_framework("ILACS Short Inspection"), "ilacs_short");
    assert_string_equal(ot_wb_parse_framework("ILACS Focused Visit"), "focused_visit");
    assert_string_equal(ot_wb_parse_framework("LA Monitoring visit"), "monitoring_visit");
    assert_null(ot_wb_parse_framework("Inspection"));
}

/* --- the workbook mapping through CSV ---------------------------------- */

static const char in_year_header[] =
    "Web link,Local authority area code,Local authority name,Region,Inspection/Visit date,"
    "Publication date,Inspection/Visit type,Overall effectiveness,The impact of leaders on "
    "social work practice with children and families,The experiences and progress of children "
    "who need help and protection,The experiences and progress of children in care,The "
    "experiences and progress of care leavers,Visit Theme\r\n";

static int import_text(const char *text, size_t len, wb_sink *w, ot_error *err)
{
    char *path = wb_temp_file(text, len);
    assert_non_null(path);
    int rc = ot_import_csv(path, &w->base, err);
    unlink(path);
    free(path);
    return rc;
}

static void test_import_in_year(void **state)
{
    (void)state;
    ot_buf in = OT_BUF_INIT;
    ot_buf_puts(&in, "Local authority in-year inspection activity 2024-25\r\n"
                     "\"A note, with a comma\r\nand a line break\"\r\n");
    ot_buf_puts(&in, in_year_header);
    ot_buf_puts(&in, "Ofsted Local Authority Webpage,E09000003,Barnet,London,10/06/2024,"
                     "23/07/2024,ILACS Short Inspection,Good,Good,Good,Outstanding,Good\r\n"
                     "Ofsted Local Authority Webpage,E08000032,Bradford,\"North East, Yorkshire "
                     "and the Humber\",11/02/2025,13/03/2025,LA Monitoring visit,,,,,,Children "
                     "in care\r\n"
                     "https://example.org/la,,\"Bristol, City of\",South West,16/01/2023,,"
                     "ILACS Standard Inspection,Requires improvement to be good,Requires "
                     "improvement to be good,Not yet inspected,Good,\r\n");
    wb_sink w;
    wb_sink_init(&w);
    ot_error err = OT_ERROR_INIT;
    int rc = import_text(in.data, in.len, &w, &err);
    if (rc != 0)
        fail_msg("%s", ot_error_msg(&err));
    assert_string_equal(
        ot_buf_str(&w.out),
        "A|E09000003|Barnet|London|\n"
        "A|E08000032|Bradford|North East, Yorkshire and the Humber|\n"
        "A||Bristol, City of|South West|\n"
        "I|E09000003|ilacs_short|2024-06-10|2024-07-23||overall=2:Good|leaders=2:Good|"
        "help_protection=2:Good|in_care=1:Outstanding|care_leavers=2:Good\n"
        "I|E08000032|monitoring_visit|2025-02-11|2025-03-13|\n"
        "I|Bristol, City of|ilacs_standard|2023-01-16||https://example.org/la|"
        "overall=3:Requires improvement to be good|leaders=3:Requires improvement to be good|"
        "in_care=2:Good\n");
    assert_int_equal(w.n_warn, 0);
    wb_sink_fini(&w);
    ot_buf_free(&in);
}

/* An older edition: columns in another order, no care leavers column, no
 * area code, the pre-2023 wording of the children in care judgement. */
static void test_import_old_edition(void **state)
{
    (void)state;
    const char in[] =
        "ILACS inspection history\n"
        "Local authority,Inspection type,Inspection date,Region,Overall effectiveness,"
        "Impact of leaders on social work practice with children and families,"
        "The experiences and progress of children who need help and protection,"
        "The experiences and progress of children in care and care leavers\n"
        "St. Helens,ILACS Standard Inspection,11 March 2019,North West,Good,Good,"
        "Requires improvement to be good,Inadequate\n";
    wb_sink w;
    wb_sink_init(&w);
    ot_error err = OT_ERROR_INIT;
    if (import_text(in, sizeof in - 1, &w, &err) != 0)
        fail_msg("%s", ot_error_msg(&err));
    assert_string_equal(ot_buf_str(&w.out),
                        "A||St. Helens|North West|\n"
                        "I|St. Helens|ilacs_standard|2019-03-11|||overall=2:Good|"
                        "leaders=2:Good|help_protection=3:Requires improvement to be good|"
                        "in_care=4:Inadequate\n");
    wb_sink_fini(&w);
}

static void expect_error(const char *in, size_t len, const char *msg)
{
    wb_sink w;
    wb_sink_init(&w);
    ot_error err = OT_ERROR_INIT;
    int rc = import_text(in, len, &w, &err);
    if (rc != -1 || !strstr(ot_error_msg(&err), msg))
        fail_msg("expected '%s', got rc %d '%s'", msg, rc, ot_error_msg(&err));
    /* Nothing may reach the sink before the file proved readable. */
    assert_int_equal(w.n_auth + w.n_insp, 0);
    ot_error_clear(&err);
    wb_sink_fini(&w);
}

static void test_import_errors(void **state)
{
    (void)state;
    /* The header lacks the visit date column. */
    const char missing[] =
        "Web link,Local authority area code,Local authority name,Region,Publication date,"
        "Inspection/Visit type,Overall effectiveness,The impact of leaders on social work "
        "practice with children and families,The experiences and progress of children who need "
        "help and protection,The experiences and progress of children in care\n"
        "x,E09000003,Barnet,London,23/07/2024,ILACS Short Inspection,Good,Good,Good,Good\n";
    expect_error(missing, sizeof missing - 1,
                 "line 1: the table's header lacks the column 'Inspection/Visit date'");
    const char unknown[] = "Name,Score\nBarnet,3\n";
    expect_error(unknown, sizeof unknown - 1,
                 "no header row of a known table in the first 10 lines; accepted headers:\n"
                 "  Inspections_as_at_31_March: Web link,");
    ot_buf in = OT_BUF_INIT;
    ot_buf_puts(&in, in_year_header);
    ot_buf_puts(&in, "x,E09000003,Barnet,London,10/06/2024,23/07/2024,ILACS Short "
                     "Inspection,Goood,Good,Good,Good,Good\r\n");
    expect_error(in.data, in.len,
                 "line 2, column H: 'Goood' is not a grade (expected Outstanding");
    ot_buf_reset(&in);
    ot_buf_puts(&in, in_year_header);
    ot_buf_puts(&in, "x,E09000003,Barnet,London,31/06/2024,23/07/2024,ILACS Short "
                     "Inspection,Good,Good,Good,Good,Good\r\n");
    expect_error(in.data, in.len,
                 "line 2, column E: Inspection/Visit date '31/06/2024' is not a date");
    ot_buf_reset(&in);
    ot_buf_puts(&in, in_year_header);
    ot_buf_puts(&in, "x,E09000003,Barnet,London,30/06/2024,23/07/2024,Annual review,,,,,,\r\n");
    expect_error(in.data, in.len, "line 2, column G: inspection type 'Annual review' not known");
    ot_buf_reset(&in);
    ot_buf_puts(&in, in_year_header);
    ot_buf_puts(&in, "x,E09000003,Barnet,London,30/06/2024,\"23/07/2024,ILACS\r\n");
    expect_error(in.data, in.len, "line 2: unterminated quote");
    ot_buf_free(&in);
}

/* A Windows-1252 file imports with a warning naming the line and UTF-8
 * text in the records. */
static void test_import_cp1252(void **state)
{
    (void)state;
    ot_buf in = OT_BUF_INIT;
    ot_buf_puts(&in, "\x93In-year\x94 inspections\r\n");
    ot_buf_puts(&in, in_year_header);
    ot_buf_puts(&in, "x,E06999901,C\x9curville & St Th\xe9r\xe8se\x92s,South West,01/04/2024,"
                     "02/05/2024,ILACS Standard Inspection,Good,Good,Good,Good,Good\r\n");
    wb_sink w;
    wb_sink_init(&w);
    ot_error err = OT_ERROR_INIT;
    if (import_text(in.data, in.len, &w, &err) != 0)
        fail_msg("%s", ot_error_msg(&err));
    assert_non_null(strstr(ot_buf_str(&w.out),
                           "A|E06999901|C\xc5\x93urville & St Th\xc3\xa9r\xc3\xa8se\xe2\x80\x99s|"
                           "South West|\n"));
    assert_string_equal(ot_buf_str(&w.warnings),
                        "line 1: not valid UTF-8; read as Windows-1252\n"
                        "line 3: not valid UTF-8; read as Windows-1252\n");
    wb_sink_fini(&w);
    ot_buf_free(&in);
}

static void test_import_sink_failure(void **state)
{
    (void)state;
    ot_buf in = OT_BUF_INIT;
    ot_buf_puts(&in, in_year_header);
    ot_buf_puts(&in, "x,E09000003,Barnet,London,10/06/2024,23/07/2024,ILACS Short "
                     "Inspection,Good,Good,Good,Good,Good\r\n");
    wb_sink w;
    wb_sink_init(&w);
    w.fail_at = 2; /* the inspection */
    ot_error err = OT_ERROR_INIT;
    char *path = wb_temp_file(in.data, in.len);
    assert_int_equal(ot_import_csv(path, &w.base, &err), -1);
    assert_string_equal(ot_error_msg(&err), "line 2: injected failure");
    unlink(path);
    free(path);
    ot_error_clear(&err);
    wb_sink_fini(&w);
    ot_buf_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_good),
        cmocka_unit_test(test_csv_bad),
        cmocka_unit_test(test_csv_cp1252),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_parse_helpers),
        cmocka_unit_test(test_import_in_year),
        cmocka_unit_test(test_import_old_edition),
        cmocka_unit_test(test_import_errors),
        cmocka_unit_test(test_import_cp1252),
        cmocka_unit_test(test_import_sink_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
