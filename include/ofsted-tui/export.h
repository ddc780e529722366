/* Exports: the tables users' scripts depend on (columns fixed in DESIGN.md). */
#ifndef OFSTED_TUI_EXPORT_H
#define OFSTED_TUI_EXPORT_H

#include <stdio.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/table_out.h"

/* The names export accepts, NULL-terminated, for usage messages. */
extern const char *const ot_export_tables[];

/* Write table `what` (authorities, inspections, judgements, actions,
 * findings) to out.  Returns 0; -1 with err set for an unknown table, a
 * database error or a failed write. */
int ot_export(ot_db *db, const char *what, ot_format format, FILE *out, ot_error *err);

#endif
