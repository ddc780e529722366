/* What a search hit shows besides its text, for every paragraph of a
 * corpus: its inspection (authority, dates, framework, region, overall
 * grade, links), its section, paragraph number and page; and the order of
 * the inspections for each way hits are sorted.
 *
 * Printing a million hits cannot ask SQLite for each one's row, and a
 * sorted search cannot ask it for each inspection's paragraphs, so all of
 * that is read once into compact tables -- kept, for findings, in a file
 * beside the database ("DB-search-rows") and mapped, like the corpus text
 * (corpus.h).  The file is rebuilt when the database's data change (the
 * store bumps meta 'data_generation' at every import that changed
 * something, and 'findings_generation' when text changed), when the schema
 * version changes, or when it is damaged; it is checked whole before it is
 * believed, once (see file_check.h).  For actions the tables live in
 * memory.  Strings returned are borrowed from the tables and live as long
 * as they do. */
#ifndef OFSTED_TUI_HIT_ROWS_H
#define OFSTED_TUI_HIT_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofsted-tui/corpus.h"
#include "ofsted-tui/db.h"

typedef struct ot_hit_rows ot_hit_rows;

/* The orders inspections can be listed in (the values of ot_search_sort). */
typedef enum ot_hit_order {
    OT_HIT_ORDER_DATE = 0,  /* newest inspection first */
    OT_HIT_ORDER_AUTHORITY, /* authority name A to Z, then newest first */
    OT_HIT_ORDER_GRADE,     /* overall grade 1 to 4, ungraded last, then newest first */
    OT_HIT_N_ORDERS
} ot_hit_order;

/* One inspection as a hit line shows it; absent values are NULL (and
 * overall 0). */
typedef struct ot_hit_inspection {
    long long id;
    const char *authority;
    const char *start_date;
    const char *framework;
    const char *region;
    const char *published;
    const char *web_link;
    int overall; /* 1..4, 0 when not graded */
} ot_hit_inspection;

/* The tables for corpus c (borrowed; built from db in the same snapshot),
 * its kind as given to ot_corpus_open.  Returns NULL with err set. */
ot_hit_rows *ot_hit_rows_open(ot_db *db, const ot_corpus *c, ot_corpus_kind kind, ot_error *err);

void ot_hit_rows_free(ot_hit_rows *r);

/* True when opening had to read the database (no sound, current file). */
bool ot_hit_rows_rebuilt(const ot_hit_rows *r);

/* The number of inspections (every one in the database, with paragraphs
 * or not) and of distinct section names. */
size_t ot_hit_rows_inspections(const ot_hit_rows *r);
size_t ot_hit_rows_sections(const ot_hit_rows *r);

/* Inspection j (< ot_hit_rows_inspections) into *out. */
void ot_hit_rows_inspection(const ot_hit_rows *r, size_t j, ot_hit_inspection *out);

/* The index of the inspection with database id, or (size_t)-1. */
size_t ot_hit_rows_find_inspection(const ot_hit_rows *r, long long id);

/* Paragraph i's inspection index, section index, paragraph number (0 when
 * unnumbered; an action's ordinal) and page (0 when none). */
size_t ot_hit_rows_inspection_of(const ot_hit_rows *r, size_t i);
size_t ot_hit_rows_section_of(const ot_hit_rows *r, size_t i);
int ot_hit_rows_paragraph(const ot_hit_rows *r, size_t i);
int ot_hit_rows_page(const ot_hit_rows *r, size_t i);

/* True when paragraph i's text holds nothing that ot_escape_write would
 * change, so it can be printed as it is. */
bool ot_hit_rows_plain(const ot_hit_rows *r, size_t i);

/* Section s's key ("in_care"; "action" for actions), or -1 / NULL. */
const char *ot_hit_rows_section_name(const ot_hit_rows *r, size_t s);
size_t ot_hit_rows_find_section(const ot_hit_rows *r, const char *key);

/* Every inspection index once, in order o. */
const uint32_t *ot_hit_rows_order(const ot_hit_rows *r, ot_hit_order o);

/* Inspection j's paragraphs: *n pairs [a, b) of paragraph indices,
 * ascending, not touching. */
const uint32_t *ot_hit_rows_runs(const ot_hit_rows *r, size_t j, size_t *n);

#endif
