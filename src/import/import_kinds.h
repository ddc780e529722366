/* The importers this build knows, by kind name (internal to import.c and
 * import_kinds.c). */
#ifndef OT_IMPORT_KINDS_H
#define OT_IMPORT_KINDS_H

#include "ofsted-tui/error.h"
#include "ofsted-tui/sink.h"

typedef struct ot_import_kind {
    const char *name;
    /* Optional slow, thread-safe first step without the database; returns
     * the kind's state, or NULL with err set when the file is refused. */
    void *(*prepare)(const char *path, ot_error *err);
    void (*release)(void *prepared);
    /* Push the file's records into sink (inside begin/end_file). */
    int (*import)(const char *path, void *prepared, ot_sink *sink, ot_error *err);
} ot_import_kind;

/* The importer for kind, or NULL when this build has none. */
const ot_import_kind *ot_import_kind_find(const char *kind);

#endif
