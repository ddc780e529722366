/* Private to the report parser (src/report_*.c): the page/line model of
 * pdftotext -layout text and the report being built. */
#ifndef OFSTED_TUI_REPORT_IMPL_H
#define OFSTED_TUI_REPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/date.h"
#include "ofsted-tui/error.h"
#include "ofsted-tui/record.h"
#include "ofsted-tui/report.h"

/* One line of layout text.  s points into the document's own copy and is
 * NUL-terminated, without the form feed or the newline. */
typedef struct rp_line {
    const char *s;
    int len;        /* bytes */
    int indent;     /* leading blanks, in columns */
    int page;       /* 1-based */
    bool blank;
    bool furniture; /* page number, running header or footer, footnote */
    bool contents;  /* on a contents page, after the "Contents" line */
} rp_line;

typedef struct rp_doc {
    char *text; /* owned copy, lines NUL-separated */
    rp_line *lines;
    size_t n;
    int n_pages;
} rp_doc;

/* Split pdftotext -layout text into pages and lines and mark the page
 * furniture.  Returns 0 or -1 (out of memory). */
int rp_doc_init(rp_doc *d, const char *text, size_t len);
void rp_doc_free(rp_doc *d);

/* A line that carries body text: not blank, not page furniture, not on
 * a contents page. */
bool rp_usable(const rp_line *l);

/* Index of the next usable line after i, or d->n. */
size_t rp_next_usable(const rp_doc *d, size_t i);

/* First usable line at or after `from`, with indent <= max_indent, on a
 * page <= max_page (0: any), whose normalised text starts with prefix;
 * d->n when there is none.  nb is scratch space. */
size_t rp_find_line(const rp_doc *d, size_t from, int max_page, int max_indent,
                    const char *prefix, ot_buf *nb);

/* Text after the first ':' of line l, blanks skipped; NULL without one. */
const char *rp_after_colon(const rp_line *l);

/* Normalised form of a line for keyword matching: ASCII lower case,
 * curly quotes as ' and ", dashes as -, blanks collapsed, trimmed.
 * Writes into b (reset first) and returns its string. */
const char *rp_norm(ot_buf *b, const char *s, size_t len);

/* True when the normalised text n starts with prefix p. */
bool rp_starts(const char *n, const char *p);

/* A run of text in a line separated from the next by 2+ blanks. */
typedef struct rp_seg {
    int col;      /* column of its first character */
    int off, len; /* bytes in the line */
} rp_seg;

/* Split a line into segments; returns the count (at most max). */
int rp_segments(const rp_line *l, rp_seg *seg, int max);

/* Bytes of a bullet glyph at s (after the indent), 0 if none. */
int rp_bullet_len(const char *s);

/* Append the trimmed text of s (len bytes) to a paragraph being joined:
 * a space between lines, none after a line-final compound hyphen
 * ("multi-" + "agency"), blank runs collapsed, private-use bullet glyphs
 * written as U+2022.  Returns 0 or -1 (out of memory). */
int rp_join(ot_buf *out, const char *s, size_t len);

/* Collected records while parsing.  Strings are owned by the report's
 * string list. */
typedef struct rp_insp {
    const char *framework;
    char start[11], end[11], published[11];
    const char *lead;
    ot_judgement_rec *judg;
    size_t n_judg, cap_judg;
    ot_action_rec *act;
    size_t n_act, cap_act;
    ot_finding_rec *find;
    size_t n_find, cap_find;
    ot_inspection_rec rec;
} rp_insp;

struct ot_report {
    char **strs;
    size_t n_strs, cap_strs;
    const char *kind;
    const char *la_name;
    long urn;
    int pages;
    rp_insp *insp;
    size_t n_insp;
    ot_buf warnings;
};

/* Copy len bytes of s into a string owned by r; NULL on no memory. */
char *rp_strdup(ot_report *r, const char *s, size_t len);
/* Take ownership of a malloc'd string; returns it, or NULL (and frees it)
 * on no memory. */
char *rp_own(ot_report *r, char *s);
void rp_warn(ot_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int rp_add_judgement(ot_report *r, rp_insp *in, const char *area, const char *area_label,
                     int grade, const char *grade_label);
int rp_add_action(ot_report *r, rp_insp *in, const char *text);
int rp_add_finding(ot_report *r, rp_insp *in, const char *section, const char *section_label,
                   int paragraph, int page, const char *text);

/* Grade words.  Parse the grade phrase at the start of normalised text n:
 * returns 1..4, 0 for "not judged", -1 for none; *used gets its length in
 * bytes. */
int rp_grade_at(const char *n, size_t *used);

/* The grade words of a layout table's right-hand column, in order. */
typedef struct rp_gradeseq {
    int grade[16];
    char *label[16]; /* malloc'd, as printed */
    int n;
} rp_gradeseq;
int rp_gradeseq_parse(const char *raw_text, rp_gradeseq *out);
void rp_gradeseq_free(rp_gradeseq *g);

/* Section keys of paragraphs (report_paras.c). */
typedef enum rp_kind {
    RP_LAC2013,
    RP_SIF,        /* with or without the LSCB review */
    RP_SIF_REINSP,
    RP_LSCB,
    RP_ILACS,
} rp_kind;

/* ---- the steps of ot_report_parse, one file each ---- */

/* report_kind.c: the kind of report from page 1.  Returns 0, or -1 with
 * err set ("not an Ofsted local-authority report: ..."). */
int rp_classify(const rp_doc *d, const char *text, size_t len, rp_kind *kind, bool *with_lscb,
                ot_error *err);
/* Short name of a kind for messages and tests ("sif_lscb", "ilacs"). */
const char *rp_kind_name(rp_kind k, bool with_lscb);

/* report_meta.c: page-1 metadata.  rp_la_name returns the authority's
 * name owned by r, or NULL when page 1 names none (or no memory). */
char *rp_la_name(const rp_doc *d, rp_kind kind, ot_report *r);
/* The "Inspection date(s):" range; 0, or -1 when there is none readable. */
int rp_inspection_dates(const rp_doc *d, ot_date_range *dr, ot_buf *nb);
/* The "Report published:" date; 0, or -1 when not printed. */
int rp_published_date(const rp_doc *d, ot_date *out, ot_buf *nb);
/* The lead inspector's name without "HMI" tails, owned by r, or NULL. */
char *rp_lead_inspector(const rp_doc *d, rp_kind kind, ot_report *r, ot_buf *nb);
/* The Ofsted URN in the leading digits of the file's parent folder, or 0. */
long rp_urn_hint(const char *file_name);

/* report_judgements.c: every judgement of the report into in.  Returns 0
 * (oddities become warnings) or -1 on no memory. */
int rp_judgements(const rp_doc *d, rp_kind kind, bool with_lscb, ot_report *r, rp_insp *in,
                  ot_buf *nb);

/* True when the text s (len bytes) ends a sentence: . ? ! : ; maybe
 * followed by closing quotes or brackets, or a bracketed cross-reference
 * that ends a recommendation ("(paragraph 53)"). */
bool rp_ends_sentence(const char *s, size_t len);

/* One block of body text: a numbered paragraph, or (number 0) prose
 * that carries no number, such as a summary. */
typedef struct rp_para {
    int number;
    int page;
    size_t first, last; /* line indices */
    const char *section;
    const char *section_label;
    char *text;         /* malloc'd */
    int part;           /* 0, or 1 for the LSCB report glued after a SIF one */
} rp_para;

typedef struct rp_paras {
    rp_para *p;
    size_t n, cap;
    char **labels; /* section labels, owned here */
    size_t n_labels;
} rp_paras;

/* Find every paragraph from line `from` on, with its section: the
 * numbered ones and the unnumbered prose kept as findings (number 0).
 * Returns 0 or -1 (out of memory). */
int rp_find_paragraphs(const rp_doc *d, rp_kind kind, size_t from, rp_paras *out);
void rp_paras_free(rp_paras *ps);

/* Collect the bullets (text of each, glyph removed) in lines [from, to);
 * a line without a glyph continues the previous bullet unless it is at the
 * left margin of the region's prose.  Returns the count or -1. */
typedef struct rp_items {
    char **text;
    size_t n, cap;
} rp_items;
int rp_collect_bullets(const rp_doc *d, size_t from, size_t to, rp_items *out);
void rp_items_free(rp_items *it);

/* report_actions.c: the authority's improvement actions into in, read
 * from the list's numbered paragraphs ps or its bullets.  Returns 0 or -1
 * on no memory. */
int rp_actions(const rp_doc *d, rp_kind kind, const rp_paras *ps, ot_report *r, rp_insp *in,
               ot_buf *nb);

/* report_record.c: point in->rec at what was collected. */
void rp_fill_rec(ot_report *r, rp_insp *in);

#endif

/* Judgement tables (report_grades.c).  Rows are recognised by classify(),
 * which returns 1 when the normalised left-column text starts a row;
 * key() names the area of a complete normalised row label (NULL: skip the
 * row).  Grades are read from the right-hand column in order and zipped
 * with the rows. */
typedef struct rp_row {
    const char *area;
    char *label; /* malloc'd, as printed (numbering removed) */
    int grade;
    char *grade_label; /* malloc'd */
} rp_row;

typedef struct rp_table_spec {
    bool (*row_start)(const char *norm);
    const char *(*area)(const char *norm_label);
    int max_rows;
    int grade_col;    /* right-hand segments start at or after this column */
    bool skip_before; /* ignore left text before the first row */
} rp_table_spec;

/* Read a table from line `from`.  Returns the number of rows (grades
 * zipped in; a row without a grade gets -1), or -1 on no memory.  *end
 * gets the first line after the table. */
int rp_table(const rp_doc *d, size_t from, const rp_table_spec *spec, rp_row *rows,
             int max, size_t *end, ot_report *r);
void rp_rows_free(rp_row *rows, int n);
