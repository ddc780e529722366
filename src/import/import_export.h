/* The importer for ofsted-tui's own CSV exports (internal to the import
 * module). */
#ifndef OT_IMPORT_EXPORT_H
#define OT_IMPORT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/error.h"
#include "ofsted-tui/sink.h"

/* Whether the first lines of a CSV (data[0, len), the head of the file)
 * are the header of an export table (authorities, inspections,
 * judgements, actions, findings), after any '#' comment lines. */
bool ot_import_export_sniff(const char *data, size_t len);

/* Push the export at path into sink: authorities one by one, the other
 * tables one record per inspection.  Returns 0, or -1 with err set to
 * "line N: ..." for a bad header, field or date. */
int ot_import_export(const char *path, ot_sink *sink, ot_error *err);

#endif
