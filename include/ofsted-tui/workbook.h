/* The tables of Ofsted's statistics workbook "Local authority inspection
 * outcomes as at 31 March YYYY", whatever file they arrive in.
 *
 * The .ods reader and the CSV reader both hand rows of cells to an ot_wb.
 * It finds each table's header row by its column names (the tables start
 * under a title and a note), maps columns by name rather than position (so
 * older and newer editions with more or fewer columns still read), turns
 * data rows into authorities and inspections, and merges what several
 * sheets say about the same inspection into one record before pushing
 * everything into a sink in a stable order.
 *
 * Typical use, for each table of a file:
 *
 *     ot_wb *wb = ot_wb_new(sink);
 *     ot_wb_table_begin(wb, "In-year_inspections", OT_WB_NONE, ...);
 *     for each row: ot_wb_table_row(wb, number, cells, n, &err);
 *     ot_wb_table_end(wb, &err);
 *     ...
 *     ot_wb_emit(wb, &err);
 *     ot_wb_free(wb); */
#ifndef OFSTED_TUI_WORKBOOK_H
#define OFSTED_TUI_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/error.h"
#include "ofsted-tui/sink.h"

typedef enum ot_wb_kind {
    OT_WB_NONE = 0, /* not known yet: tell from the header */
    OT_WB_LATEST,   /* Inspections_as_at_31_March: latest judgements per LA */
    OT_WB_IN_YEAR,  /* In-year_inspections: inspections and visits of a year */
    OT_WB_HISTORY   /* ILACS_inspection_history: every ILACS inspection */
} ot_wb_kind;

typedef enum ot_wb_role {
    OT_WB_SHEET_SKIP,   /* Cover, Contents, Notes: no table to read */
    OT_WB_SHEET_TABLE,  /* one of the known tables */
    OT_WB_SHEET_UNKNOWN /* a name we do not know: look for a header anyway */
} ot_wb_role;

/* One cell as the readers see it.  text is never NULL ("" when empty);
 * date is "YYYY-MM-DD" when the source typed the cell as a date, else
 * NULL; url is a hyperlink target or NULL. */
typedef struct ot_wb_cell {
    const char *text;
    const char *date;
    const char *url;
} ot_wb_cell;

typedef struct ot_wb ot_wb;

/* What to do with a sheet of this name; *kind is set for known tables. */
ot_wb_role ot_wb_sheet_role(const char *sheet, ot_wb_kind *kind);

/* A new, empty workbook import that will push into sink (borrowed; its
 * warning hook also receives warnings while rows are read).  Returns NULL
 * when out of memory. */
ot_wb *ot_wb_new(ot_sink *sink);

/* Free the import and everything it collected.  NULL is allowed. */
void ot_wb_free(ot_wb *wb);

/* Start a table.  sheet is the sheet's name for messages ("sheet NAME, row
 * N: ..."), or NULL for a CSV file (messages say "line N: ...").  kind is
 * what the sheet's name promises, or OT_WB_NONE to decide from the header.
 * Returns 0, or -1 with err set. */
int ot_wb_table_begin(ot_wb *wb, const char *sheet, ot_wb_kind kind, ot_error *err);

/* Feed the next row of the current table: its number (row or line, for
 * messages) and its cells from column A on.  Rows above the header are
 * skipped while the header is looked for.  Returns 0, or -1 with err set
 * naming the place, e.g. "sheet In-year_inspections, row 14, column H
 * (Overall effectiveness): 'Goood' is not a grade ...". */
int ot_wb_table_row(ot_wb *wb, long number, const ot_wb_cell *cells, size_t n_cells,
                    ot_error *err);

/* Finish the current table.  When no header was found: for a known sheet
 * or a CSV file returns -1 with err set (the message lists the headers
 * that would be accepted); for a sheet of unknown name warns and returns 0.
 * *found (may be NULL) tells whether the table had a header. */
int ot_wb_table_end(ot_wb *wb, bool *found, ot_error *err);

/* Push the authorities, then the inspections, collected from all tables
 * into the sink, each once, in the order first seen.  Returns 0, or -1
 * with err set when the sink refused a record. */
int ot_wb_emit(ot_wb *wb, ot_error *err);

/* Counts of what ot_wb_emit pushed (or would push). */
size_t ot_wb_n_authorities(const ot_wb *wb);
size_t ot_wb_n_inspections(const ot_wb *wb);

/* Append to out a description of the headers the known tables have, one
 * table a line, for messages.  Returns 0, or -1 when out of memory. */
int ot_wb_describe_tables(ot_buf *out);

/* Import a workbook (.ods) or one of its sheets saved as CSV: push its
 * authorities and inspections into the sink.  The caller has already
 * called sink->ops->begin_file and calls end_file (commit or roll back)
 * afterwards.  Warnings (a Windows-1252 line, a value two sheets disagree
 * on) go to sink->ops->warning.  Returns 0, or -1 with err naming the
 * place: "sheet In-year_inspections, row 14: ...", "line 7: unterminated
 * quote". */
int ot_import_ods(const char *path, ot_sink *sink, ot_error *err);
int ot_import_csv(const char *path, ot_sink *sink, ot_error *err);

/* Helpers shared with other importers. */

/* Parse a date as printed in a sheet or CSV: 10/07/2023, 10/7/23,
 * 2023-07-10, 10 July 2023, 10-07-2023.  Writes "YYYY-MM-DD" into iso (at
 * least 11 bytes).  Returns 0, or -1 when the text is not a valid date. */
int ot_wb_parse_date(const char *text, char iso[11]);

/* Map a printed grade to 1..4 ("Outstanding" 1, "Good" 2, "Requires
 * improvement to be good" / "Adequate" 3, "Inadequate" 4).  Returns the
 * grade, 0 when the text means "no judgement" (blank, "Not yet
 * inspected", "N/A"), or -1 when it is no grade we know. */
int ot_wb_parse_grade(const char *text);

/* Map a printed inspection type ("ILACS Short Inspection", "LA Monitoring
 * visit") to its framework key, or NULL when unknown. */
const char *ot_wb_parse_framework(const char *text);

#endif
