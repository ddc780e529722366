/* Importing files: recognising what a file is by its content, and running
 * the right importer on it inside one transaction.
 *
 * Work on one file happens in two steps so that a batch can use every
 * core: ot_import_prepare (reading, hashing, and for reports the slow text
 * extraction) is thread-safe and touches no database; ot_import_commit then
 * pushes the prepared records into the sink, one file at a time. */
#ifndef OFSTED_TUI_IMPORT_H
#define OFSTED_TUI_IMPORT_H

#include "ofsted-tui/error.h"
#include "ofsted-tui/sink.h"

typedef struct ot_import_job ot_import_job;

/* Read and check path, compute its SHA-256 and whatever can be done
 * without the database.  Never returns NULL except when out of memory; a
 * file that cannot be imported gives a job whose commit fails with the
 * reason.  Thread-safe. */
ot_import_job *ot_import_prepare(const char *path);

/* What the file was recognised as ("workbook", "csv", "report"), or NULL
 * when it was refused. */
const char *ot_import_job_kind(const ot_import_job *job);

/* Import the prepared file into sink in one transaction (begin_file ..
 * end_file): all of it, or nothing.  Returns 0, or -1 with err set to a
 * message that names the place in the file (the caller adds the path). */
int ot_import_commit(ot_import_job *job, ot_sink *sink, ot_error *err);

void ot_import_job_free(ot_import_job *job);

/* Recognise a file by its first bytes.  Returns the kind, or NULL with err
 * saying what the file is instead ("an HTML page ...", "empty file"). */
const char *ot_import_sniff(const unsigned char *head, size_t len, ot_error *err);

/* SHA-256 of a file as 64 lower-case hex digits.  Returns 0 or -1. */
int ot_sha256_file(const char *path, char out[65], ot_error *err);

#endif
