/* Row sets for one authority's history and for one inspection report.
 *
 * Like query.h: each function runs its statements, copies what it needs
 * into malloc'd memory and returns it; views never see a statement.  Both
 * read only what one screen needs (one authority's inspections, one
 * report's text), so memory does not grow with the database. */
#ifndef OFSTED_TUI_QUERY_REPORT_H
#define OFSTED_TUI_QUERY_REPORT_H

#include <stddef.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/error.h"

/* One judgement: the normalised area key, the grade 1..4 (0 when the
 * source gives none) and the words as printed. */
typedef struct ot_grade_cell {
    char *area;
    char *area_label;  /* NULL when not printed */
    int grade;
    char *grade_label; /* NULL when not printed */
} ot_grade_cell;

/* One inspection or visit in an authority's history. */
typedef struct ot_history_row {
    long long inspection_id;
    char *framework;  /* key, e.g. "ilacs_standard" */
    char *start_date; /* ISO */
    char *end_date;   /* NULL when unknown */
    char *published;  /* NULL when unknown */
    int n_findings;
    ot_grade_cell *cells;
    size_t n_cells;
} ot_history_row;

typedef struct ot_history {
    long long authority_id;
    char *authority;    /* name */
    char *region;       /* NULL when unknown */
    ot_history_row *rows; /* newest first */
    size_t n;
} ot_history;

/* Every inspection and visit of one authority, newest first (ties: the
 * later-entered first).  Returns 0 or -1 with err set; an unknown id is an
 * error.  Free with ot_history_free. */
int ot_query_history(ot_db *db, long long authority_id, ot_history *out, ot_error *err);
void ot_history_free(ot_history *h);

typedef struct ot_doc_action {
    int ordinal;
    char *text;
} ot_doc_action;

typedef struct ot_doc_finding {
    long long id;
    char *section;       /* key */
    char *section_label; /* as printed, NULL when none */
    int paragraph;       /* 0 when unnumbered */
    int page;            /* 0 when unknown */
    char *text;
} ot_doc_finding;

/* One inspection with everything the report says. */
typedef struct ot_inspection_doc {
    long long inspection_id;
    long long authority_id;
    char *authority;
    char *framework;
    char *start_date, *end_date, *published;
    char *lead_inspector, *web_link, *source; /* NULL when unknown */
    ot_grade_cell *judgements;
    size_t n_judgements;
    ot_doc_action *actions; /* in ordinal order */
    size_t n_actions;
    ot_doc_finding *findings; /* in report order */
    size_t n_findings;
} ot_inspection_doc;

/* Load one inspection.  Returns 0 or -1 with err set (unknown id
 * included).  Free with ot_inspection_doc_free. */
int ot_query_inspection_doc(ot_db *db, long long inspection_id, ot_inspection_doc *out, ot_error *err);
void ot_inspection_doc_free(ot_inspection_doc *r);

#endif
