/* Dates as the reports print them (include/ofsted-tui/date.h). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ofsted-tui/date.h"

static const struct {
    const char *text;
    const char *start, *end, *first_end;
} ranges[] = {
    /* 1 */ {"16 September 2014 – 8 October 2014", "2014-09-16", "2014-10-08", "2014-10-08"},
    /* 2 */ {"14 January – 5 February 2014", "2014-01-14", "2014-02-05", "2014-02-05"},
    /* 3 */ {"28 January–5 February 2014", "2014-01-28", "2014-02-05", "2014-02-05"},
    /* 4 */ {"24 April 2017 to 18 May 2017", "2017-04-24", "2017-05-18", "2017-05-18"},
    /* 5 */ {"19 June to 13 July 2017", "2017-06-19", "2017-07-13", "2017-07-13"},
    /* 6 */ {"18 Feb 2014 – 12 March 2014", "2014-02-18", "2014-03-12", "2014-03-12"},
    /* 7 */ {"12/09/2016 to 06/10/2016", "2016-09-12", "2016-10-06", "2016-10-06"},
    /* 8 */ {"1/06/2015 – 25/06/2015", "2015-06-01", "2015-06-25", "2015-06-25"},
    /* 9 */ {"3 March 2015 \xE2\x94\x80 25 March 2015", "2015-03-03", "2015-03-25", "2015-03-25"},
    /* 10 */ {"19 November-11 December 2013 and 28 – 30 January 2014", "2013-11-19", "2014-01-30",
              "2013-12-11"},
    /* 11 */ {"28 July 2016", "2016-07-28", "2016-07-28", "2016-07-28"},
    /* 12 */ {"8 October 2018 to 19 October 2018", "2018-10-08", "2018-10-19", "2018-10-19"},
    /* 13 */ {"11 to 15 September 2023", "2023-09-11", "2023-09-15", "2023-09-15"},
    /* 14 */ {"11 – 22 July 2022", "2022-07-11", "2022-07-22", "2022-07-22"},
    /* 15 */ {"2 to 6 December 2024 and 13 to 16 January 2025", "2024-12-02", "2025-01-16",
              "2024-12-06"},
    /* 16 */ {"15-19 July 2013", "2013-07-15", "2013-07-19", "2013-07-19"},
    /* 17 */ {"29 December – 9 January 2015", "2014-12-29", "2015-01-09", "2015-01-09"},
    /* 18 */ {"8 – 12 July 2013", "2013-07-08", "2013-07-12", "2013-07-12"},
};

static void test_ranges(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        ot_date_range r;
        char a[11], b[11], c[11];
        int rc = ot_date_parse_range(ranges[i].text, strlen(ranges[i].text), &r);
        if (rc != 0)
            fail_msg("case %zu: %s not parsed", i + 1, ranges[i].text);
        ot_date_iso(r.start, a);
        ot_date_iso(r.end, b);
        ot_date_iso(r.first_end, c);
        if (strcmp(a, ranges[i].start) || strcmp(b, ranges[i].end) || strcmp(c, ranges[i].first_end))
            fail_msg("case %zu: %s gave %s %s %s", i + 1, ranges[i].text, a, b, c);
    }
}

static void test_bad_ranges(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "to be confirmed", "28 – 30", "32 January 2014",
                                      "30 February 2015", "5 February 2014 – 1 January 2014"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ot_date_range r;
        if (ot_date_parse_range(bad[i], strlen(bad[i]), &r) == 0)
            fail_msg("bad case %zu (%s) was accepted", i + 1, bad[i]);
    }
}

static void test_single(void **state)
{
    (void)state;
    ot_date d;
    char s[11];
    assert_int_equal(ot_date_parse("  8 August 2014 more", &d), 15);
    ot_date_iso(d, s);
    assert_string_equal(s, "2014-08-08");
    assert_true(ot_date_parse("25/11/2016", &d) > 0);
    ot_date_iso(d, s);
    assert_string_equal(s, "2016-11-25");
    assert_int_equal(ot_date_parse("August 2014", &d), 0);
    assert_int_equal(ot_date_parse("8 Augustus 2014", &d), 0);
    assert_int_equal(ot_date_month("Sept", 4), 9);
    assert_int_equal(ot_date_month("dec", 3), 12);
    assert_int_equal(ot_date_month("ma", 2), 0);
}

static void test_file_name(void **state)
{
    (void)state;
    ot_date d;
    char s[11];
    assert_int_equal(ot_date_from_file_name("x/80564_stoke-on-trent/children's services inspection - 09 may 2025.pdf", &d), 0);
    ot_date_iso(d, s);
    assert_string_equal(s, "2025-05-09");
    assert_int_equal(ot_date_from_file_name("children's services inspection,  pdf - 16 august 2013.pdf", &d), 0);
    ot_date_iso(d, s);
    assert_string_equal(s, "2013-08-16");
    /* A date in a folder name does not count. */
    assert_int_equal(ot_date_from_file_name("1 may 2020/report.pdf", &d), -1);
    assert_int_equal(ot_date_from_file_name("report 31 june 2020.pdf", &d), -1);
}

static void test_diff(void **state)
{
    (void)state;
    ot_date a = {2024, 12, 2}, b = {2025, 1, 16}, c = {2024, 2, 28}, e = {2024, 3, 1};
    assert_int_equal(ot_date_diff(a, b), 45);
    assert_int_equal(ot_date_diff(c, e), 2);
    assert_true(ot_date_valid((ot_date){2024, 2, 29}));
    assert_false(ot_date_valid((ot_date){2023, 2, 29}));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges),   cmocka_unit_test(test_bad_ranges),
        cmocka_unit_test(test_single),   cmocka_unit_test(test_file_name),
        cmocka_unit_test(test_diff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
