/* Growable strings and error values. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/error.h"

static void buf_grows_past_any_fixed_size(void **state)
{
    (void)state;
    ot_buf b = OT_BUF_INIT;
    assert_string_equal(ot_buf_str(&b), "");
    for (int i = 0; i < 100000; i++)
        assert_int_equal(ot_buf_putc(&b, (char)('a' + i % 26)), 0);
    assert_int_equal(b.len, 100000);
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(b.data[99999], 'a' + 99999 % 26);
    ot_buf_free(&b);
}

static void buf_printf_and_steal(void **state)
{
    (void)state;
    ot_buf b = OT_BUF_INIT;
    ot_buf_puts(&b, "paragraph ");
    ot_buf_printf(&b, "%d of %s", 12, "£2.4 million");
    assert_string_equal(ot_buf_str(&b), "paragraph 12 of £2.4 million");
    ot_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(ot_buf_str(&b), "");
    ot_buf_append(&b, "a\0b", 3);
    assert_int_equal(b.len, 3);
    char *s = ot_buf_steal(&b);
    assert_memory_equal(s, "a\0b", 4);
    assert_null(b.data);
    free(s);
    char *empty = ot_buf_steal(&b);
    assert_string_equal(empty, "");
    free(empty);
}

static void error_set_prefix_clear(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    assert_string_equal(ot_error_msg(&err), "");
    ot_error_set(&err, "line %d: unterminated quote", 7);
    ot_error_prefix(&err, "%s", "sheet.csv");
    assert_string_equal(ot_error_msg(&err), "sheet.csv: line 7: unterminated quote");
    ot_error_set(&err, "replaced");
    assert_string_equal(ot_error_msg(&err), "replaced");
    ot_error_clear(&err);
    assert_null(err.msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_grows_past_any_fixed_size),
        cmocka_unit_test(buf_printf_and_steal),
        cmocka_unit_test(error_set_prefix_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
