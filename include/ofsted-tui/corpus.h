/* The search corpus: every finding's text, one paragraph a line, in one
 * contiguous buffer that the regex scan runs over (see textscan.h).
 *
 * Reading a gigabyte of paragraphs out of SQLite for every search would cost
 * more than the search itself, so the corpus is kept in a file beside the
 * database ("DB-search"), mapped into memory, and rebuilt when the database's
 * findings change (the store bumps meta 'findings_generation'), when any
 * other data changes (meta 'data_generation': the order below follows
 * inspection dates) or when it belongs to another database.
 *
 * The paragraphs are kept in the default listing order of search hits:
 * inspections newest first (OT_CORPUS_ORDER_SQL), each one's paragraphs in
 * id order.  So a search listed in that order, unfiltered, scans the file
 * from start to end, and its first hits are at the start of the file.  The file also holds the paragraph index
 * (line starts, and whether the text has characters that caseless s and k
 * match), so a search does no pass over the text before scanning.  Its
 * format is versioned; a file that is stale, of another version, or
 * damaged (short, garbage, an index that does not fit the text) is
 * ignored and rebuilt.  The file is only a cache: deleting it is always
 * safe, and when it cannot be written the corpus lives in memory. */
#ifndef OFSTED_TUI_CORPUS_H
#define OFSTED_TUI_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/textscan.h"

typedef struct ot_corpus ot_corpus;

/* The corpus's order of inspections, as an SQL ORDER BY over inspection i:
 * newest first.  The one definition of search's default listing order. */
#define OT_CORPUS_ORDER_SQL "i.start_date DESC, i.id DESC"

typedef enum ot_corpus_kind {
    OT_CORPUS_FINDINGS, /* finding.text, ids are finding ids (cached in a file) */
    OT_CORPUS_ACTIONS,  /* action.text, ids are action ids (built in memory) */
} ot_corpus_kind;

/* The corpus of db, current as of now.  Returns NULL with err set. */
ot_corpus *ot_corpus_open(ot_db *db, ot_corpus_kind kind, ot_error *err);

/* True when db's findings corpus file is there and its header says it is
 * current: a glance, not a check (ot_corpus_open still checks it), to tell
 * whether opening will first rebuild it, which takes seconds on a large
 * database. */
bool ot_corpus_file_current(ot_db *db);

/* The paragraphs, for ot_textscan_run. */
const ot_textscan *ot_corpus_scan(const ot_corpus *c);

/* The id (finding or action) of paragraph i. */
long long ot_corpus_id(const ot_corpus *c, size_t i);

/* Where the cache file is (NULL for a corpus held in memory). */
const char *ot_corpus_file(const ot_corpus *c);

/* A hash of the cache file's text (0 for a corpus held in memory): files
 * built beside it from its paragraphs carry it, so that they are never
 * believed for another text or another order of the same text. */
uint64_t ot_corpus_fingerprint(const ot_corpus *c);

/* True when opening it had to read every paragraph from the database (the
 * cache file was missing, stale or damaged), false when the file served. */
bool ot_corpus_rebuilt(const ot_corpus *c);

void ot_corpus_free(ot_corpus *c);

/* The hash of n bytes of text that the search file's header carries, so a
 * changed byte that leaves the text valid is still caught.  Exposed for
 * tools that write such files (the fuzz harness). */
uint64_t ot_corpus_text_hash(const char *p, size_t n);

#endif
