/* Writing rows as CSV or JSON, for exports and command-line results.
 *
 * Column names are fixed when the writer is made; each row gives one value
 * per column (NULL for absent).  CSV follows RFC 4180 (quoted when needed,
 * CRLF-free: lines end in "\n"); JSON is one array of objects, the column
 * names as keys, numbers unquoted where the column is numeric. */
#ifndef OFSTED_TUI_TABLE_OUT_H
#define OFSTED_TUI_TABLE_OUT_H

#include <stdbool.h>
#include <stdio.h>

typedef enum { OT_FORMAT_TEXT, OT_FORMAT_CSV, OT_FORMAT_JSON } ot_format;

typedef struct ot_table_out ot_table_out;

/* Parse "text", "csv" or "json"; returns -1 for anything else. */
int ot_format_parse(const char *name, ot_format *out);

/* A writer on out.  numeric[i] marks columns whose values are written as
 * JSON numbers (NULL: all strings).  Text format writes tab-separated
 * values with a header line, for a terminal: control characters in values
 * are escaped (see escape.h); CSV and JSON keep the data exact.  Returns
 * NULL when out of memory. */
ot_table_out *ot_table_out_new(FILE *out, ot_format format, const char *const *columns,
                               const bool *numeric, int n_columns);

/* One row of n_columns values. */
void ot_table_out_row(ot_table_out *t, const char *const *values);

/* Finish (closing the JSON array) and free.  Returns 0, or -1 when writing
 * failed (e.g. a closed pipe or a full disk). */
int ot_table_out_finish(ot_table_out *t);

/* Write s as a JSON string literal (with quotes). */
void ot_json_string(FILE *out, const char *s);

#endif
