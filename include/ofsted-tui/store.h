/* The store: the sink that writes imported records into the database.
 *
 * One transaction per file (begin_file .. end_file).  Records merge into
 * what is there: an authority is found through the register (ONS code,
 * URN, name key, web link number; see record.h) and created from its
 * register row the first time a file names it; an
 * inspection by (authority, framework, start date).  Official statistics
 * (workbook, CSV) win over values read from a report; a report fills what
 * they lack, and where the two disagree the store warns and keeps the
 * official value.  A record equal to the stored one writes nothing, so a
 * second import of a file leaves the database byte-for-byte as it was. */
#ifndef OFSTED_TUI_STORE_H
#define OFSTED_TUI_STORE_H

#include <signal.h>
#include <stdbool.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/sink.h"

typedef struct ot_store ot_store;

typedef struct ot_count {
    long added, updated, unchanged;
    long removed; /* held before, gone after (only under ot_store_allow_replace) */
} ot_count;

/* What the last (or current) file did. */
typedef struct ot_import_stats {
    ot_count authorities, inspections, judgements, actions, findings;
    ot_count neighbours; /* neighbour lists, one per authority */
} ot_import_stats;

typedef void (*ot_warning_fn)(void *ctx, const char *file, const char *where, const char *msg);

/* A store writing into db (which it borrows).  Returns NULL with err set. */
ot_store *ot_store_new(ot_db *db, ot_error *err);

/* The store's sink; valid as long as the store. */
ot_sink *ot_store_sink(ot_store *store);

const ot_import_stats *ot_store_stats(const ot_store *store);

/* Where warnings go (the default drops them). */
void ot_store_on_warning(ot_store *store, ot_warning_fn fn, void *ctx);

/* When *flag becomes non-zero, the next sink call fails with "interrupted"
 * and the file is rolled back. */
void ot_store_set_cancel_flag(ot_store *store, const volatile sig_atomic_t *flag);

/* Whether an authority the register does not know may be created (the
 * default is no: such a file fails with "authority 'X' is not in the
 * register").  For `import --new-authority` and the fictional demo data. */
void ot_store_allow_new_authorities(ot_store *store, bool allow);
/* A report re-imported over an inspection already held may not remove
 * findings, actions or judgements, regrade a judgement another report
 * gave, nor move the inspection to an authority it would create: a
 * damaged copy still parses, into a fraction of the report.  Such a file
 * fails with a message saying what it would have removed, and the
 * database is left as it was.  allow = true (`import --replace`) lets it
 * through, and the stats count what went in `removed`.  Off by default. */
void ot_store_allow_replace(ot_store *store, bool allow);

void ot_store_free(ot_store *store);

#endif
