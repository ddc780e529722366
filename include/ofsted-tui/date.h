/* Dates as Ofsted prints them.
 *
 * Reports print dates in many hands: "16 September 2014", "18 Feb 2014",
 * "12/09/2016", ranges joined by an en dash, a hyphen, a box-drawing dash
 * or "to", ranges whose first date borrows its month and year from the
 * second ("14 January – 5 February 2014", "11 to 15 September 2023"),
 * split inspections joined by "and", and one date alone.  Everything here
 * produces ISO YYYY-MM-DD. */
#ifndef OFSTED_TUI_DATE_H
#define OFSTED_TUI_DATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ot_date {
    int year, month, day; /* all 0 when absent */
} ot_date;

typedef struct ot_date_range {
    ot_date start;     /* first day */
    ot_date end;       /* last day of the last block */
    ot_date first_end; /* last day of the first block (split inspections) */
    int n_blocks;      /* 1, or 2+ for "A to B and C to D" */
} ot_date_range;

/* Month number 1..12 of an English month name or its three-letter (or
 * "Sept") abbreviation, case-insensitive, len bytes of s; 0 if none. */
int ot_date_month(const char *s, size_t len);

/* True when d is a real calendar date. */
bool ot_date_valid(ot_date d);

/* Write d as "YYYY-MM-DD" into out (at least 11 bytes). */
void ot_date_iso(ot_date d, char out[11]);

/* Days from a to b (b - a); both must be valid. */
long ot_date_diff(ot_date a, ot_date b);

/* Parse one date ("8 August 2014", "8 Aug 2014", "25/11/2016") at the
 * start of s, skipping leading blanks.  Returns the number of bytes used,
 * 0 when s does not start with a complete date. */
size_t ot_date_parse(const char *s, ot_date *out);

/* Parse a date or a range of dates in the first len bytes of s, as printed
 * after "Inspection dates:".  Returns 0 with *out filled, or -1 when no
 * complete date (day, month and year) could be read. */
int ot_date_parse_range(const char *s, size_t len, ot_date_range *out);

/* The publication date in a file name such as "children's services
 * inspection - 09 may 2025.pdf": the last "DD month YYYY" in the base
 * name.  Returns 0 with *out set, -1 when the name holds no such date. */
int ot_date_from_file_name(const char *path, ot_date *out);

#endif
