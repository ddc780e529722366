/* Recognising files by content. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ofsted-tui/import.h"

static const struct {
    const char *bytes;
    size_t len;
    const char *kind;   /* NULL: refused */
    const char *reason; /* part of the message when refused */
} cases[] = {
    /* 1 */ {"%PDF-1.7\n%...", 13, "report", NULL},
    /* 2 */ {"", 0, NULL, "empty file"},
    /* 3 */ {"<!DOCTYPE html><html>", 21, NULL, "HTML page"},
    /* 4 */ {"\xEF\xBB\xBF\n  <html lang=en>", 20, NULL, "HTML page"},
    /* 5 */ {"  <HEAD><title>x", 16, NULL, "HTML page"},
    /* 6 */ {"Local authority,Region\nBristol,South West\n", 41, "csv", NULL},
    /* 7 */ {"\xEF\xBB\xBF" "a,b\r\n1,2\r\n", 13, "csv", NULL},
    /* 8 */ {"PK\3\4 not an ods at all .......................................................", 80, NULL, "zip archive"},
    /* 9 */ {"abc\0def", 7, NULL, "binary file"},
    /* 10 */ {"\xEF\xBB\xBFurn,la_code,la_code_new,stat_neighbours,stat_neighbours_la_code\r\n1,2", 71, "lookup", NULL},
    /* 11 */ {"urn,la_code_new,name\nstat_neighbours_la_code,x\n", 47, "csv", NULL},
};

static void sniff_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ot_error err = OT_ERROR_INIT;
        const char *kind = ot_import_sniff((const unsigned char *)cases[i].bytes, cases[i].len, &err);
        if (cases[i].kind) {
            if (!kind || strcmp(kind, cases[i].kind) != 0)
                fail_msg("case %zu: got %s, want %s", i + 1, kind ? kind : "refusal", cases[i].kind);
        } else {
            if (kind)
                fail_msg("case %zu: accepted as %s", i + 1, kind);
            if (!strstr(ot_error_msg(&err), cases[i].reason))
                fail_msg("case %zu: '%s' lacks '%s'", i + 1, ot_error_msg(&err), cases[i].reason);
        }
        ot_error_clear(&err);
    }
}

static void sniff_ods_mimetype(void **state)
{
    (void)state;
    unsigned char head[128] = "PK\3\4";
    memcpy(head + 30, "mimetypeapplication/vnd.oasis.opendocument.spreadsheet", 54);
    ot_error err = OT_ERROR_INIT;
    const char *kind = ot_import_sniff(head, sizeof head, &err);
    assert_non_null(kind);
    assert_string_equal(kind, "workbook");
    memcpy(head + 30, "mimetypeapplication/vnd.oasis.opendocument.text", 47);
    assert_null(ot_import_sniff(head, sizeof head, &err));
    ot_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sniff_table),
        cmocka_unit_test(sniff_ods_mimetype),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
