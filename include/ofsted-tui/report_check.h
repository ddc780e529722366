/* Plausibility of a parsed report, before anything of it is stored.
 *
 * A damaged PDF (bytes flipped in transfer) still yields text, and the
 * parser makes what it can of it: an authority named with a sentence of a
 * paragraph, a judgement whose label is prose, paragraphs numbered 1, 2,
 * 907.  The checks here hold a report to what Ofsted prints: judgement
 * areas and labels from the known set, grade words that match grades on
 * the 1-4 scale, paragraph numbers that mostly increase without huge jumps,
 * and an authority name that reads like a name.  Whether the name is a
 * known authority is the store's question, not this one's. */
#ifndef OFSTED_TUI_REPORT_CHECK_H
#define OFSTED_TUI_REPORT_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/error.h"
#include "ofsted-tui/report.h"

/* Check every inspection of r.  text/len is the pdftotext -layout text r
 * was parsed from (may be NULL): it gives the page of a bad label.
 * Returns 0, or -1 with err set to "page N: WHAT" (the caller adds the
 * file name). */
int ot_report_check(const ot_report *r, const char *text, size_t len, ot_error *err);

/* The same checks for one inspection record (as ot_report_inspection
 * gives them). */
int ot_report_check_inspection(const ot_inspection_rec *in, const char *text, size_t len, ot_error *err);

/* True when name reads like a local authority's name ("Stoke-on-Trent",
 * "Council of the Isles of Scilly"), not a sentence, a number or
 * garbage. */
bool ot_report_name_plausible(const char *name);

#endif
