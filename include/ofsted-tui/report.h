/* Ofsted inspection reports (PDF): extraction and parsing.
 *
 * A report is read with poppler's pdftotext -layout, recognised from its
 * content (SIF with or without the LSCB review, SIF re-inspection,
 * stand-alone LSCB review, 2013 looked-after-children inspection, ILACS
 * standard / short, reformed ILACS) and turned into inspection records:
 * judgements, improvement actions, every numbered paragraph and the text
 * printed without a number (summaries: finding paragraph 0).  One file
 * may hold more than one inspection (a SIF report with an LSCB review
 * glued after it). */
#ifndef OFSTED_TUI_REPORT_H
#define OFSTED_TUI_REPORT_H

#include <stddef.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/error.h"
#include "ofsted-tui/record.h"
#include "ofsted-tui/sink.h"

typedef struct ot_report ot_report; /* opaque, owns all its strings */

/* Extract the text of the PDF at path with `pdftotext -layout` (run
 * without a shell) into out, one form feed per page.  Refuses, with a
 * message naming the file, what is not a readable PDF: a missing or
 * empty file, HTML or other non-PDF bytes, a truncated or encrypted PDF.
 * Returns 0, or -1 with err set (out then holds nothing useful). */
int ot_pdf_text(const char *path, ot_buf *out, ot_error *err);

/* Extract and parse one file.  Thread-safe (no shared state).  Returns a
 * report the caller frees with ot_report_free, or NULL with err set
 * ("FILE: not an Ofsted local-authority report: ...", "FILE: truncated
 * PDF ..."). */
ot_report *ot_report_load(const char *path, ot_error *err);

/* Parse already-extracted pdftotext -layout text.  file_name (a path or
 * base name, may be NULL) gives the publication date when the report
 * prints none, and its parent folder's leading digits are taken as a hint
 * of the authority's Ofsted URN ("80564_stoke-on-trent/x.pdf").  Returns a
 * report or NULL with err set. */
ot_report *ot_report_parse(const char *text, size_t len, const char *file_name,
                           ot_error *err);

/* Push the report into a sink: for each inspection, sink->ops->authority
 * then sink->ops->inspection with has_report = true.  The caller calls
 * begin_file / end_file.  Returns 0, or -1 with err set by the sink. */
int ot_report_emit(const ot_report *r, ot_sink *sink, ot_error *err);

/* Number of inspections in the report (1, or 2 for a glued file). */
size_t ot_report_count(const ot_report *r);

/* Inspection i (0-based, < ot_report_count) as a record whose strings
 * live as long as r.  NULL when i is out of range. */
const ot_inspection_rec *ot_report_inspection(const ot_report *r, size_t i);

/* Short word for the layout recognised ("sif_lscb", "ilacs", "lac2013"...),
 * for messages and tests; owned by r. */
const char *ot_report_kind(const ot_report *r);

/* Number of pages (form feeds) in the parsed text. */
int ot_report_pages(const ot_report *r);

/* Non-fatal oddities met while parsing (e.g. a table whose grade count
 * differs from its rows), one per line; "" when none.  Owned by r. */
const char *ot_report_warnings(const ot_report *r);

void ot_report_free(ot_report *r);

/* Hooks for the import dispatcher ("report" kind): prepare is
 * ot_report_load (thread-safe, no database), release frees what it
 * returned, import emits it into the sink. */
void *ot_report_prepare(const char *path, ot_error *err);
void ot_report_release(void *prepared);
int ot_report_import(const char *path, void *prepared, ot_sink *sink, ot_error *err);

/* Load many files using n_threads workers (extraction runs in parallel)
 * and hand each result to done() in the order of paths, from the calling
 * thread, so a single writer can store them.  done receives the report
 * (or NULL and the error) and takes ownership of the report.  Returns 0,
 * or -1 when threads could not be started (err set); per-file failures go
 * to done only.  A done() returning non-zero stops the batch (files not
 * yet handed over are dropped) and the function returns that value. */
typedef int (*ot_report_done_fn)(void *ctx, size_t index, const char *path, ot_report *r,
                                 const ot_error *file_err);
int ot_report_load_many(const char *const *paths, size_t n, int n_threads,
                        ot_report_done_fn done, void *ctx, ot_error *err);

#endif
