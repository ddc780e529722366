/* Read-only questions the views ask, answered as plain row sets.
 *
 * Views never see a statement: each function runs its query, copies what
 * it needs into malloc'd rows, and returns them.  The caller frees the set
 * with the matching _free function. */
#ifndef OFSTED_TUI_QUERY_H
#define OFSTED_TUI_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/db.h"

typedef enum {
    OT_SORT_NAME,
    OT_SORT_REGION,
    OT_SORT_GRADE,
    OT_SORT_DATE,
} ot_authority_sort;

typedef struct ot_authority_row {
    long long id;
    char *name;
    char *region;       /* NULL when unknown */
    char *status;
    int grade;          /* overall grade in force 1..4, 0 when none */
    char *grade_label;  /* as printed, NULL when none */
    /* When the latest inspection of the whole service gave no overall grade
     * (the 2026 reform), what it graded instead: leaders, help and
     * protection, in care, care leavers (0 where not graded); else all 0. */
    int area_grades[4];
    char *latest_date;  /* start of the latest inspection or visit, or NULL */
    int direction;      /* vs the previous overall grade: +1 better, -1 worse, 0 same, 2 none */
    int n_inspections;  /* graded inspections */
    int n_visits;       /* focused and monitoring visits */
} ot_authority_row;

typedef struct ot_authority_rows {
    ot_authority_row *rows;
    size_t n;
} ot_authority_rows;

/* All authorities, in the given order, optionally only those of region
 * (NULL: all).  Returns 0 or -1 with err set. */
int ot_query_authorities(ot_db *db, ot_authority_sort sort, const char *region,
                         ot_authority_rows *out, ot_error *err);
void ot_authority_rows_free(ot_authority_rows *rows);

/* Put rows in the order ot_query_authorities gives for sort, in memory
 * (no query: changing the sort of a long list stays instant). */
void ot_authority_rows_sort(ot_authority_rows *rows, ot_authority_sort sort);

/* The distinct regions, sorted; a NULL-terminated malloc'd array of
 * malloc'd strings (free with ot_strv_free). */
char **ot_query_regions(ot_db *db, ot_error *err);
void ot_strv_free(char **v);

/* The sample-data label when the database holds demo data, else NULL
 * (malloc'd). */
char *ot_query_sample_label(ot_db *db);

#endif
