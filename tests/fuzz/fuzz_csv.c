/* libFuzzer target: the CSV reader (ofsted-tui/csv.h) over arbitrary bytes
 * in memory.  Besides memory safety it checks what csv.h promises: every
 * field is valid UTF-8 of the stated length, NUL-terminated; record lines
 * only go forward; a failure says which line. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "ofsted-tui/csv.h"
#include "ofsted-tui/utf8.h"

static void warn(void *ctx, long line, const char *msg)
{
    long *warnings = ctx;
    FUZZ_CHECK(line >= 1 && msg && *msg, "warning at line %ld", line);
    (*warnings)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so that a read past the end is caught. */
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    ot_error err = OT_ERROR_INIT;
    ot_csv *csv = ot_csv_open_mem(copy, size, &err);
    if (!csv) {
        ot_error_clear(&err);
        free(copy);
        return 0;
    }
    long warnings = 0;
    ot_csv_set_warning(csv, warn, &warnings);
    const ot_csv_record *rec;
    long last = 0;
    int rc;
    while ((rc = ot_csv_next(csv, &rec, &err)) == 1) {
        FUZZ_CHECK(rec->line > last && rec->last_line >= rec->line,
                   "record lines %ld-%ld after line %ld", rec->line, rec->last_line, last);
        last = rec->last_line;
        FUZZ_CHECK(rec->n_fields >= 1, "record at line %ld has no field", rec->line);
        for (size_t i = 0; i < rec->n_fields; i++) {
            const ot_csv_field *f = &rec->fields[i];
            FUZZ_CHECK(f->text && f->text[f->len] == '\0', "field %zu not terminated", i);
            FUZZ_CHECK(ot_utf8_valid(f->text, f->len, NULL), "line %ld field %zu: bad UTF-8",
                       rec->line, i);
        }
    }
    if (rc < 0)
        FUZZ_CHECK(strncmp(ot_error_msg(&err), "line ", 5) == 0, "error \"%s\" names no line",
                   ot_error_msg(&err));
    FUZZ_CHECK(ot_csv_recoded_lines(csv) == warnings, "%ld recoded lines, %ld warnings",
               ot_csv_recoded_lines(csv), warnings);
    ot_error_clear(&err);
    ot_csv_free(csv);
    free(copy);
    return 0;
}
