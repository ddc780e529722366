/* CSV and JSON output. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        cmocka_unit_test(formats_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
