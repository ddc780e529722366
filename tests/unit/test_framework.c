/* The one table of frameworks and areas agrees with the schema's CHECK and
 * with the SQL list of visits, and its look-ups answer as documented. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/framework.h"
#include "store/migrations.h"

/* The quoted words of the first "framework IN (...)" in sql, joined by
 * commas into out ("jar,apa,..."). */
static void quoted_list(const char *sql, const char *after, char *out, size_t cap)
{
    const char *p = strstr(sql, after);
    assert_non_null(p);
    const char *end = strchr(p, ')');
    assert_non_null(end);
    size_t n = 0;
    out[0] = '\0';
    for (const char *q = strchr(p, '\''); q && q < end; q = strchr(q, '\'')) {
        const char *close = strchr(q + 1, '\'');
        assert_non_null(close);
        size_t len = (size_t)(close - q - 1);
        assert_true(n + len + 2 < cap);
        if (n)
            out[n++] = ',';
        memcpy(out + n, q + 1, len);
        n += len;
        out[n] = '\0';
        q = close + 1;
    }
}

enum which { ALL, VISITS, WHOLE_SERVICE };

static void table_keys(enum which which, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < OT_FW_COUNT; i++) {
        if ((which == VISITS && !ot_frameworks[i].is_visit) ||
            (which == WHOLE_SERVICE && !ot_frameworks[i].grades_every_area))
            continue;
        n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? "," : "", ot_frameworks[i].key);
    }
}

static void test_schema_check_lists_the_table(void **state)
{
    (void)state;
    char schema[512], table[512];
    quoted_list(ot_migrations[0].sql, "framework IN (", schema, sizeof schema);
    table_keys(ALL, table, sizeof table);
    assert_string_equal(schema, table);
}

static void test_visit_sql_lists_the_visits(void **state)
{
    (void)state;
    char sql[256], table[256];
    quoted_list(OT_VISIT_KEYS_SQL, "(", sql, sizeof sql);
    table_keys(VISITS, table, sizeof table);
    assert_string_equal(sql, table);
    quoted_list(OT_WHOLE_SERVICE_KEYS_SQL, "(", sql, sizeof sql);
    table_keys(WHOLE_SERVICE, table, sizeof table);
    assert_string_equal(sql, table);
}

static void test_lookups(void **state)
{
    (void)state;
    assert_string_equal(ot_framework_name("ilacs_short"), "ILACS short");
    assert_string_equal(ot_framework_name("nonsense"), "nonsense");
    assert_string_equal(ot_framework_name(NULL), "?");
    assert_true(ot_framework_is_visit("jtai"));
    assert_false(ot_framework_is_visit("sif"));
    assert_false(ot_framework_is_visit(NULL));
    assert_null(ot_framework_find("ILACS"));
    assert_string_equal(ot_framework_key_list(),
                        "jar, apa, slac, lac2013, sif, sif_reinspection, lscb_review, ilacs_standard, "
                        "ilacs_short, focused_visit, monitoring_visit, jtai, other");
    assert_string_equal(ot_era_name(OT_ERA_REFORM), "2026 reform");
    assert_string_equal(ot_era_name(OT_ERA_NONE), "");
    assert_int_equal(ot_area_rank("overall"), 0);
    assert_true(ot_area_rank("leaders") < ot_area_rank("help_protection"));
    assert_int_equal(ot_area_rank("nonsense"), ot_judgement_area_count);
    assert_string_equal(ot_area_short("help_protection"), "Help & prot.");
    assert_string_equal(ot_area_label("help_protection"), "Help & protection");
    assert_string_equal(ot_area_short("xyz"), "xyz");
    assert_true(ot_section_is_known("summary"));
    assert_true(ot_section_is_known("in_care"));
    assert_false(ot_section_is_known("nonsense"));
    assert_string_equal(ot_grade_word(3), "Requires improvement");
    assert_string_equal(ot_grade_word(0), "");
    assert_string_equal(ot_grade_word_in(3, "slac", NULL), "Adequate");
    assert_string_equal(ot_grade_word_in(3, "sif", NULL), "Requires improvement");
    assert_string_equal(ot_grade_word_in(3, "sif", "Adequate"), "Adequate");
    assert_string_equal(ot_grade_word_in(4, "slac", NULL), "Inadequate");
    assert_string_equal(ot_grade_word_short(3), "Req. improvement");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_check_lists_the_table),
        cmocka_unit_test(test_visit_sql_lists_the_visits),
        cmocka_unit_test(test_lookups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
