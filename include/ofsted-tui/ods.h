/* Streaming reader for OpenDocument spreadsheets (.ods).
 *
 * An .ods file is a zip archive whose content.xml holds every sheet.  The
 * reader opens the archive with minizip (zlib's zip reader), checks that
 * its mimetype entry says application/vnd.oasis.opendocument.spreadsheet,
 * and streams content.xml through expat a block at a time straight out of
 * the archive, so memory stays bounded by one row however large the sheets
 * are.
 *
 * It yields sheets, then the rows of each sheet, then the cells of a row:
 *
 *     ot_ods *ods = ot_ods_open(path, &err);
 *     const char *sheet;
 *     while ((rc = ot_ods_next_sheet(ods, &sheet, &err)) == 1) {
 *         const ot_ods_row *row;
 *         while ((rc = ot_ods_next_row(ods, &row, &err)) == 1)
 *             ... row->cells[0 .. row->n_cells-1] ...
 *         if (rc < 0) break;
 *     }
 *     ot_ods_free(ods);
 *
 * Repeated rows and columns (table:number-rows-repeated,
 * table:number-columns-repeated) are honoured: row and column numbers count
 * them.  Runs of empty cells at the end of a row and runs of empty rows are
 * never materialised (spreadsheet programs pad every sheet to 16384 columns
 * and a million rows this way); empty rows are not yielded at all. */
#ifndef OFSTED_TUI_ODS_H
#define OFSTED_TUI_ODS_H

#include <stddef.h>

#include "ofsted-tui/error.h"

typedef struct ot_ods ot_ods;

typedef struct ot_ods_cell {
    /* The cell's text as displayed: its text:p paragraphs joined with
     * '\n', text:s spaces and text:tab expanded, comments left out.  Never
     * NULL; "" for an empty cell. */
    const char *text;
    size_t text_len;
    /* office:value-type ("string", "float", "date", ...) or NULL. */
    const char *type;
    /* For a date cell, office:date-value cut to "YYYY-MM-DD"; else NULL. */
    const char *date;
    /* office:value of a number, percentage or currency cell; else NULL. */
    const char *value;
    /* Target of the cell's first text:a hyperlink, or the URL of a
     * =HYPERLINK("url"; ...) formula; NULL when the cell links nowhere. */
    const char *url;
} ot_ods_cell;

typedef struct ot_ods_row {
    long number;           /* 1-based row number in the sheet */
    size_t n_cells;        /* trailing empty cells are not counted */
    const ot_ods_cell *cells;
} ot_ods_row;

/* Open an .ods file.  Returns a reader the caller frees with ot_ods_free,
 * or NULL with err set: the message says whether the file could not be
 * read, is not a zip archive (or is truncated), or is a zip archive that is
 * not an OpenDocument spreadsheet. */
ot_ods *ot_ods_open(const char *path, ot_error *err);

/* Advance to the next sheet, skipping whatever rows of the current one were
 * not read.  Returns 1 and sets *name (owned by the reader, valid until the
 * next call of ot_ods_next_sheet) to the sheet's name; 0 after the last
 * sheet; -1 with err set when the XML is damaged (the message names the
 * sheet and the line of content.xml). */
int ot_ods_next_sheet(ot_ods *ods, const char **name, ot_error *err);

/* The next non-empty row of the current sheet.  Returns 1 and sets *row
 * (owned by the reader, valid until the next call on it); 0 at the end of
 * the sheet; -1 with err set ("sheet NAME, row N: ...") on damaged XML or
 * an absurd size. */
int ot_ods_next_row(ot_ods *ods, const ot_ods_row **row, ot_error *err);

/* Close the archive and free the reader.  NULL is allowed. */
void ot_ods_free(ot_ods *ods);

/* Spreadsheet-style name of a 1-based column number ("A", "Z", "AA") into
 * buf (at least 8 bytes).  Returns buf. */
char *ot_ods_column_name(size_t column, char *buf, size_t size);

#endif
