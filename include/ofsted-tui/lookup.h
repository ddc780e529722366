/* The authorities lookup (Provider_data_lookup.csv): one row per local
 * authority with its URN, codes and DfE's ten statistical neighbours. */
#ifndef OFSTED_TUI_LOOKUP_H
#define OFSTED_TUI_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/error.h"
#include "ofsted-tui/sink.h"

/* Whether the first line of a text file (len bytes at head, a byte-order
 * mark allowed) is the lookup's header: it names the columns urn,
 * la_code_new and stat_neighbours_la_code. */
bool ot_lookup_sniff(const char *head, size_t len);

/* Push every authority's statistical neighbours (stat_neighbours_la_code,
 * ONS codes, closest first) into sink's neighbours hook, inside the
 * caller's begin/end_file.  Rows without neighbours (former authorities)
 * are skipped.  Returns 0, or -1 with err set to "line N: WHY". */
int ot_import_lookup(const char *path, ot_sink *sink, ot_error *err);

#endif
