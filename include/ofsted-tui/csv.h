/* Streaming CSV reader (RFC 4180).
 *
 * Fields are separated by commas; a field in double quotes may hold commas,
 * line breaks and doubled quotes ("" for one "); records end with LF or
 * CRLF (a CRLF inside a quoted field is read as LF), or with CR alone in a
 * file that has no LF (old Mac line ends; read as LF); a UTF-8 byte order
 * mark at the start is dropped.
 *
 * Text comes out as UTF-8.  Spreadsheets on Windows still save CSV in
 * Windows-1252, so a line that is not valid UTF-8 is read as Windows-1252
 * and converted, and the warning hook is told the line number: the caller
 * can say so, and mojibake never reaches the database. */
#ifndef OFSTED_TUI_CSV_H
#define OFSTED_TUI_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/error.h"

typedef struct ot_csv ot_csv;

typedef struct ot_csv_field {
    const char *text; /* NUL-terminated UTF-8 */
    size_t len;
} ot_csv_field;

typedef struct ot_csv_record {
    long line;      /* 1-based line where the record starts */
    long last_line; /* line where it ends (quoted line breaks span lines) */
    size_t n_fields;
    const ot_csv_field *fields;
} ot_csv_record;

/* Called once for every line read as Windows-1252. */
typedef void (*ot_csv_warn_fn)(void *ctx, long line, const char *msg);

/* Open a CSV file for reading.  Returns a reader the caller frees with
 * ot_csv_free, or NULL with err set. */
ot_csv *ot_csv_open(const char *path, ot_error *err);

/* Read CSV held in memory (len bytes at data, which the caller keeps alive
 * until ot_csv_free).  Returns NULL with err set on failure. */
ot_csv *ot_csv_open_mem(const char *data, size_t len, ot_error *err);

/* Route encoding warnings to fn(ctx, line, msg).  Without a hook they are
 * only counted. */
void ot_csv_set_warning(ot_csv *csv, ot_csv_warn_fn fn, void *ctx);

/* The next record.  Returns 1 and sets *rec (owned by the reader, valid
 * until the next call); 0 at the end of the file; -1 with err set to
 * "line N: ..." (an unterminated quote, a stray character after a closing
 * quote, a NUL byte, UTF-16 text, a read error). */
int ot_csv_next(ot_csv *csv, const ot_csv_record **rec, ot_error *err);

/* How many lines were read as Windows-1252 so far. */
long ot_csv_recoded_lines(const ot_csv *csv);

/* Close and free.  NULL is allowed. */
void ot_csv_free(ot_csv *csv);

/* Append the Windows-1252 bytes s[0..len) to out as UTF-8 (bytes 1252
 * leaves undefined become U+FFFD).  Returns 0, or -1 when out of memory. */
int ot_cp1252_to_utf8(const char *s, size_t len, ot_buf *out);

#endif
