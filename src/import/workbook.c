/* Tables of Ofsted's statistics workbook: see workbook.h.
 *
 * Rows are collected first and pushed into the sink only at the end,
 * because the sheets complete each other: Inspections_as_at_31_March gives
 * no inspection type, so its rows find their framework in the in-year and
 * history sheets, which may come later in the file; and the same inspection
 * printed in three sheets must reach the store as one record with one set
 * of values, or every import would look like an update. */
#include "config.h"

#include "ofsted-tui/workbook.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofsted-tui/ods.h"
#include "ofsted-tui/record.h"
#include "ofsted-tui/buf.h"

/* A header must show up within this many rows of the top of a table. */
#define HEADER_SEARCH_ROWS 10

enum field {
    F_LINK,
    F_ONS,
    F_URN,
    F_NAME,
    F_STATUS,
    F_REGION,
    F_START,
    F_END,
    F_PUBLISHED,
    F_TYPE,
    F_THEME,
    F_OVERALL,
    F_LEADERS,
    F_HELP,
    F_IN_CARE,
    F_CARE_LEAVERS,
    F_COUNT
};

#define N_AREAS 5
#define F_FIRST_AREA F_OVERALL

static const char *const area_keys[N_AREAS] = {
    "overall", "leaders", "help_protection", "in_care", "care_leavers",
};

/* Names used in messages, as the 2025 edition prints them. */
static const char *const field_names[F_COUNT] = {
    [F_LINK] = "Web link",
    [F_ONS] = "Local authority area code",
    [F_URN] = "URN",
    [F_NAME] = "Local authority name",
    [F_STATUS] = "Local authority status",
    [F_REGION] = "Ofsted region",
    [F_START] = "Inspection date",
    [F_END] = "Inspection end date",
    [F_PUBLISHED] = "Publication date",
    [F_TYPE] = "Inspection type",
    [F_THEME] = "Visit Theme",
    [F_OVERALL] = "Overall effectiveness",
    [F_LEADERS] = "The impact of leaders on social work practice with children and families",
    [F_HELP] = "The experiences and progress of children who need help and protection",
    [F_IN_CARE] = "The experiences and progress of children in care",
    [F_CARE_LEAVERS] = "The experiences and progress of care leavers",
};

/* Column headings as they appear in editions of the workbook, after
 * normalisation (see norm_key).  Judgement columns are matched by the
 * words that identify them instead, because their long wording drifts. */
static const struct {
    enum field f;
    const char *key;
} header_aliases[] = {
    {F_LINK, "web link"},
    {F_LINK, "link"},
    {F_LINK, "weblink"},
    {F_LINK, "report link"},
    {F_ONS, "local authority area code"},
    {F_ONS, "la area code"},
    {F_ONS, "area code"},
    {F_ONS, "ons code"},
    {F_ONS, "ons area code"},
    {F_ONS, "local authority ons code"},
    {F_URN, "urn"},
    {F_URN, "la urn"},
    {F_URN, "local authority urn"},
    {F_NAME, "local authority name"},
    {F_NAME, "local authority"},
    {F_NAME, "la name"},
    {F_NAME, "la"},
    {F_NAME, "authority"},
    {F_STATUS, "local authority status"},
    {F_STATUS, "la status"},
    {F_STATUS, "status"},
    {F_REGION, "ofsted region"},
    {F_REGION, "region"},
    {F_START, "inspection date"},
    {F_START, "inspection visit date"},
    {F_START, "inspection start date"},
    {F_START, "inspection visit start date"},
    {F_START, "visit date"},
    {F_START, "start date"},
    {F_START, "date of inspection"},
    {F_END, "inspection end date"},
    {F_END, "inspection visit end date"},
    {F_END, "end date"},
    {F_PUBLISHED, "publication date"},
    {F_PUBLISHED, "report publication date"},
    {F_PUBLISHED, "date published"},
    {F_PUBLISHED, "published"},
    {F_TYPE, "inspection type"},
    {F_TYPE, "inspection visit type"},
    {F_TYPE, "type of inspection"},
    {F_TYPE, "visit type"},
    {F_TYPE, "type"},
    {F_THEME, "visit theme"},
    {F_THEME, "theme"},
};

/* The three tables as the 2025 edition prints them, for messages. */
static const struct {
    const char *sheet;
    const char *columns;
} known_tables[] = {
    {"Inspections_as_at_31_March",
     "Web link, Local authority area code, Local authority name, Ofsted region, "
     "Inspection date, Publication date, Overall effectiveness, The impact of leaders on "
     "social work practice with children and families, The experiences and progress of "
     "children who need help and protection, The experiences and progress of children in "
     "care, The experiences and progress of care leavers"},
    {"In-year_inspections",
     "Web link, Local authority area code, Local authority name, Region, Inspection/Visit "
     "date, Publication date, Inspection/Visit type, Overall effectiveness, The impact of "
     "leaders on social work practice with children and families, The experiences and "
     "progress of children who need help and protection, The experiences and progress of "
     "children in care, The experiences and progress of care leavers, Visit Theme"},
    {"ILACS_inspection_history",
     "Web link, Local authority area code, Local authority name, Local authority status, "
     "Ofsted region, Inspection date, Publication date, Inspection type, Overall "
     "effectiveness, The impact of leaders on social work practice with children and "
     "families, The experiences and progress of children who need help and protection, "
     "The experiences and progress of children in care, The experiences and progress of "
     "care leavers"},
};

typedef struct wb_auth {
    char *ons;
    char *name;
    char *key; /* normalised name, to meet the same LA without a code */
    char *region;
    char *status; /* from a status column */
    bool in_latest;
    long urn;
    long web_id; /* from an Ofsted provider link, see record.h */
    char *place;
} wb_auth;

typedef struct wb_judgement {
    int grade; /* 0: absent */
    char *grade_label;
    char *area_label;
    char *place;
} wb_judgement;

typedef struct wb_insp {
    size_t auth;
    const char *framework; /* static key; NULL while unresolved */
    char start[11];
    char *end;
    char *published;
    char *link;
    wb_judgement j[N_AREAS];
    char *place;
} wb_insp;

typedef struct wb_table {
    char *sheet;
    ot_wb_kind kind;
    bool header_found;
    int rows_seen;
    long header_row;
    long col[F_COUNT]; /* column index, -1 when absent */
    char *label[F_COUNT]; /* heading as printed */
} wb_table;

struct ot_wb {
    ot_sink *sink;
    wb_auth *auths;
    size_t n_auths, cap_auths;
    wb_insp *insps;
    size_t n_insps, cap_insps;
    wb_insp *latest; /* rows of the as-at table, resolved at emit time */
    size_t n_latest, cap_latest;
    wb_table t;
    bool in_table;
    bool resolved;
};

/* --- text helpers -------------------------------------------------------- */

static bool is_space_at(const char *s, size_t *len)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
        *len = 1;
        return true;
    }
    if (c == 0xc2 && (unsigned char)s[1] == 0xa0) { /* no-break space */
        *len = 2;
        return true;
    }
    return false;
}

/* Trimmed copy with runs of white space (line breaks included) made one
 * space.  Returns NULL when out of memory. */
static char *clean_text(const char *s)
{
    ot_buf b = OT_BUF_INIT;
    bool pending_space = false;
    while (*s) {
        size_t n;
        if (is_space_at(s, &n)) {
            pending_space = b.len > 0;
            s += n;
            continue;
        }
        if (pending_space)
            ot_buf_putc(&b, ' ');
        pending_space = false;
        ot_buf_putc(&b, *s++);
    }
    return ot_buf_steal(&b);
}

/* Key for comparing headings and labels: ASCII letters and digits in lower
 * case, "&" as "and", everything else a single space. */
static char *norm_key(const char *s)
{
    ot_buf b = OT_BUF_INIT;
    bool space = false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80 && isalnum(c)) {
            if (space && b.len > 0)
                ot_buf_putc(&b, ' ');
            space = false;
            ot_buf_putc(&b, (char)tolower(c));
        } else if (c == '&') {
            if (b.len > 0)
                ot_buf_putc(&b, ' ');
            ot_buf_puts(&b, "and");
            space = true;
        } else {
            space = true;
        }
    }
    return ot_buf_steal(&b);
}

/* Key for meeting one LA under two spellings within a workbook:
 * "Bristol, City of" / "Bristol", "St. Helens" / "St Helens". */
static char *name_key(const char *name)
{
    char *k = norm_key(name);
    if (!k)
        return NULL;
    static const char *const suffixes[] = {" city of", " county of", " council"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t kl = strlen(k), sl = strlen(suffixes[i]);
        if (kl > sl && strcmp(k + kl - sl, suffixes[i]) == 0)
            k[kl - sl] = '\0';
    }
    if (strncmp(k, "the ", 4) == 0)
        memmove(k, k + 4, strlen(k + 4) + 1);
    return k;
}

static bool contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* --- parsers shared with other importers ------------------------------- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int make_date(int y, int m, int d, char iso[11])
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 100)
        y += 2000;
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return -1;
    int max = mdays[m - 1] + (m == 2 && leap(y));
    if (d > max)
        return -1;
    snprintf(iso, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return 0;
}

/* Read 1..max digits; returns the count read. */
static int digits(const char **p, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n;
}

int ot_wb_parse_date(const char *text, char iso[11])
{
    static const char *const months[12] = {"january", "february", "march",     "april",
                                           "may",     "june",     "july",      "august",
                                           "september", "october", "november", "december"};
    char *t = clean_text(text);
    if (!t)
        return -1;
    const char *p = t;
    int a, b, c, rc = -1;
    int na = digits(&p, 4, &a);
    if (na == 4 && *p == '-') {
        /* 2023-07-10, perhaps with a time after it */
        p++;
        if (digits(&p, 2, &b) > 0 && *p == '-') {
            p++;
            if (digits(&p, 2, &c) > 0 && (*p == '\0' || *p == 'T' || *p == ' '))
                rc = make_date(a, b, c, iso);
        }
    } else if (na >= 1 && na <= 2 && (*p == '/' || *p == '-' || *p == '.')) {
        /* 10/07/2023, 10/7/23, 10-07-2023, 10.07.2023: day first, as
         * Ofsted and UK spreadsheets print them */
        char sep = *p++;
        if (digits(&p, 2, &b) > 0 && *p == sep) {
            p++;
            int nc = digits(&p, 4, &c);
            if ((nc == 2 || nc == 4) && (*p == '\0' || *p == ' '))
                rc = make_date(c, b, a, iso);
        }
    } else if (na >= 1 && na <= 2 && (*p == ' ' || isalpha((unsigned char)*p))) {
        /* 10 July 2023, 10th Jul 2023 */
        static const char *const ordinals[] = {"st", "nd", "rd", "th"};
        for (size_t i = 0; i < 4; i++)
            if (strncasecmp(p, ordinals[i], 2) == 0 && !isalpha((unsigned char)p[2]))
                p += 2;
        while (*p == ' ')
            p++;
        const char *w = p;
        while (isalpha((unsigned char)*p))
            p++;
        size_t wl = (size_t)(p - w);
        int m = 0;
        for (int i = 0; i < 12 && wl >= 3; i++)
            if (strncasecmp(w, months[i], wl) == 0 && wl <= strlen(months[i]))
                m = i + 1;
        while (*p == ' ' || *p == ',')
            p++;
        if (m > 0 && digits(&p, 4, &c) == 4 && *p == '\0')
            rc = make_date(c, m, a, iso);
    }
    free(t);
    return rc;
}

int ot_wb_parse_grade(const char *text)
{
    char *k = norm_key(text);
    if (!k)
        return -1;
    static const struct {
        const char *key;
        int grade;
    } grades[] = {
        {"", 0},
        {"not yet inspected", 0},
        {"not inspected", 0},
        {"not applicable", 0},
        {"n a", 0},
        {"na", 0},
        {"outstanding", 1},
        {"good", 2},
        {"requires improvement to be good", 3},
        {"requires improvement", 3},
        {"adequate", 3},
        {"inadequate", 4},
    };
    int g = -1;
    for (size_t i = 0; i < sizeof grades / sizeof grades[0]; i++)
        if (strcmp(k, grades[i].key) == 0)
            g = grades[i].grade;
    free(k);
    return g;
}

const char *ot_wb_parse_framework(const char *text)
{
    char *k = norm_key(text);
    if (!k)
        return NULL;
    const char *f = NULL;
    if (contains(k, "focused visit"))
        f = "focused_visit";
    else if (contains(k, "monitoring visit"))
        f = "monitoring_visit";
    else if (contains(k, "joint targeted") || contains(k, "jtai"))
        f = "jtai";
    else if (contains(k, "short"))
        f = "ilacs_short";
    else if (contains(k, "standard"))
        f = "ilacs_standard";
    else if (contains(k, "single inspection") || strcmp(k, "sif") == 0)
        f = contains(k, "re inspection") || contains(k, "reinspection") ? "sif_reinspection"
                                                                          : "sif";
    free(k);
    return f;
}

/* --- sheets and headers ------------------------------------------------- */

ot_wb_role ot_wb_sheet_role(const char *sheet, ot_wb_kind *kind)
{
    char *k = norm_key(sheet);
    ot_wb_role role = OT_WB_SHEET_UNKNOWN;
    *kind = OT_WB_NONE;
    if (!k)
        return role;
    if (strcmp(k, "cover") == 0 || strcmp(k, "contents") == 0 || strcmp(k, "notes") == 0 ||
        strcmp(k, "cover sheet") == 0 || strcmp(k, "table of contents") == 0) {
        role = OT_WB_SHEET_SKIP;
    } else if (contains(k, "inspection history")) {
        role = OT_WB_SHEET_TABLE;
        *kind = OT_WB_HISTORY;
    } else if (contains(k, "in year")) {
        role = OT_WB_SHEET_TABLE;
        *kind = OT_WB_IN_YEAR;
    } else if (contains(k, "as at")) {
        role = OT_WB_SHEET_TABLE;
        *kind = OT_WB_LATEST;
    }
    free(k);
    return role;
}

static int header_field(const char *heading)
{
    char *k = norm_key(heading);
    int f = -1;
    if (!k)
        return -1;
    for (size_t i = 0; i < sizeof header_aliases / sizeof header_aliases[0]; i++)
        if (strcmp(k, header_aliases[i].key) == 0)
            f = (int)header_aliases[i].f;
    if (f < 0) {
        if (contains(k, "overall effectiveness"))
            f = F_OVERALL;
        else if (contains(k, "impact of leaders") || strncmp(k, "leadership", 10) == 0)
            f = F_LEADERS;
        else if (contains(k, "help and protection"))
            f = F_HELP;
        /* Before 2023 one judgement covered "children in care and care
         * leavers": that is the in_care judgement. */
        else if (contains(k, "children in care") || contains(k, "looked after"))
            f = F_IN_CARE;
        else if (contains(k, "care leavers"))
            f = F_CARE_LEAVERS;
    }
    free(k);
    return f;
}

int ot_wb_describe_tables(ot_buf *out)
{
    int rc = 0;
    for (size_t i = 0; i < sizeof known_tables / sizeof known_tables[0]; i++)
        rc |= ot_buf_printf(out, "\n  %s: %s", known_tables[i].sheet, known_tables[i].columns);
    rc |= ot_buf_puts(out, "\n  (in any order; the care leavers, overall effectiveness, web "
                           "link, area code, region, status, publication date and visit theme "
                           "columns may be left out)");
    return rc;
}

static void place(const wb_table *t, long row, ot_buf *out)
{
    if (t->sheet)
        ot_buf_printf(out, "sheet %s, row %ld", t->sheet, row);
    else
        ot_buf_printf(out, "line %ld", row);
}

static void set_place_error(ot_error *err, const wb_table *t, long row, long col,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void set_place_error(ot_error *err, const wb_table *t, long row, long col,
                            const char *fmt, ...)
{
    ot_buf b = OT_BUF_INIT;
    va_list ap;
    place(t, row, &b);
    if (col >= 0) {
        char letters[16];
        ot_ods_column_name((size_t)col + 1, letters, sizeof letters);
        ot_buf_printf(&b, ", column %s", letters);
    }
    ot_buf_puts(&b, ": ");
    va_start(ap, fmt);
    ot_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    ot_error_set(err, "%s", ot_buf_str(&b));
    ot_buf_free(&b);
}

/* --- the import object ------------------------------------------------- */

ot_wb *ot_wb_new(ot_sink *sink)
{
    ot_wb *wb = calloc(1, sizeof *wb);
    if (wb)
        wb->sink = sink;
    return wb;
}

static void table_clear(wb_table *t)
{
    free(t->sheet);
    for (int f = 0; f < F_COUNT; f++)
        free(t->label[f]);
    memset(t, 0, sizeof *t);
}

static void insp_free(wb_insp *in)
{
    free(in->end);
    free(in->published);
    free(in->link);
    free(in->place);
    for (int a = 0; a < N_AREAS; a++) {
        free(in->j[a].grade_label);
        free(in->j[a].area_label);
        free(in->j[a].place);
    }
}

void ot_wb_free(ot_wb *wb)
{
    if (!wb)
        return;
    for (size_t i = 0; i < wb->n_auths; i++) {
        wb_auth *a = &wb->auths[i];
        free(a->ons);
        free(a->name);
        free(a->key);
        free(a->region);
        free(a->status);
        free(a->place);
    }
    free(wb->auths);
    for (size_t i = 0; i < wb->n_insps; i++)
        insp_free(&wb->insps[i]);
    free(wb->insps);
    for (size_t i = 0; i < wb->n_latest; i++)
        insp_free(&wb->latest[i]);
    free(wb->latest);
    table_clear(&wb->t);
    free(wb);
}

size_t ot_wb_n_authorities(const ot_wb *wb)
{
    return wb->n_auths;
}

size_t ot_wb_n_inspections(const ot_wb *wb)
{
    return wb->n_insps;
}

int ot_wb_table_begin(ot_wb *wb, const char *sheet, ot_wb_kind kind, ot_error *err)
{
    table_clear(&wb->t);
    wb->t.kind = kind;
    for (int f = 0; f < F_COUNT; f++)
        wb->t.col[f] = -1;
    if (sheet && !(wb->t.sheet = strdup(sheet))) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    wb->in_table = true;
    return 0;
}

/* Columns each kind of table cannot do without.  The overall judgement is
 * optional because the 2025 reform drops it; care leavers because it only
 * exists from 2023. */
static const enum field required_latest[] = {F_NAME, F_START, F_LEADERS, F_HELP, F_IN_CARE};
static const enum field required_inspections[] = {F_NAME, F_START, F_TYPE,
                                                  F_LEADERS, F_HELP, F_IN_CARE};

/* The grade columns a table may lack (overall effectiveness went in the
 * 2025 reform; care leavers came in 2023) are the ones a renamed heading
 * would lose without a word: every judgement of that area in the table.
 * So say so. */
static void warn_optional_grades(ot_wb *wb, long number, const long *col)
{
    static const enum field optional[] = {F_OVERALL, F_CARE_LEAVERS};
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
        if (col[optional[i]] >= 0)
            continue;
        ot_buf where = OT_BUF_INIT;
        place(&wb->t, number, &where);
        ot_sink_warnf(wb->sink, ot_buf_str(&where),
             "no '%s' column found in the header (renamed?): no %s judgements are read from this table",
             field_names[optional[i]], area_keys[optional[i] - F_FIRST_AREA]);
        ot_buf_free(&where);
    }
}

/* Look at a row as a possible header.  Returns 1 when it is one (the
 * table's columns are then set), 0 when not, -1 with err set when it is a
 * header that lacks a column this kind of table needs. */
static int try_header(ot_wb *wb, long number, const ot_wb_cell *cells, size_t n, ot_error *err)
{
    wb_table *t = &wb->t;
    long col[F_COUNT];
    int found = 0;
    for (int f = 0; f < F_COUNT; f++)
        col[f] = -1;
    for (size_t i = 0; i < n; i++) {
        int f = header_field(cells[i].text);
        if (f >= 0 && col[f] < 0) {
            col[f] = (long)i;
            found++;
        }
    }
    /* A title or a note may mention a column's words; a header names the
     * local authority and at least two other known columns. */
    if (col[F_NAME] < 0 || found < 3)
        return 0;
    ot_wb_kind kind = t->kind;
    if (kind == OT_WB_NONE)
        kind = col[F_TYPE] < 0 ? OT_WB_LATEST : col[F_STATUS] >= 0 ? OT_WB_HISTORY : OT_WB_IN_YEAR;
    const enum field *req = kind == OT_WB_LATEST ? required_latest : required_inspections;
    size_t n_req = kind == OT_WB_LATEST ? sizeof required_latest / sizeof required_latest[0]
                                        : sizeof required_inspections / sizeof required_inspections[0];
    ot_buf missing = OT_BUF_INIT;
    int n_missing = 0;
    for (size_t i = 0; i < n_req; i++) {
        if (col[req[i]] >= 0)
            continue;
        /* Name the column as this kind of table prints it. */
        const char *name = field_names[req[i]];
        if (kind == OT_WB_IN_YEAR && req[i] == F_START)
            name = "Inspection/Visit date";
        else if (kind == OT_WB_IN_YEAR && req[i] == F_TYPE)
            name = "Inspection/Visit type";
        ot_buf_printf(&missing, "%s'%s'", n_missing ? ", " : "", name);
        n_missing++;
    }
    if (n_missing > 0) {
        ot_buf acc = OT_BUF_INIT;
        ot_wb_describe_tables(&acc);
        set_place_error(err, t, number, -1,
                        "the table's header lacks the column%s %s; accepted headers:%s",
                        n_missing > 1 ? "s" : "", ot_buf_str(&missing), ot_buf_str(&acc));
        ot_buf_free(&acc);
        ot_buf_free(&missing);
        return -1;
    }
    ot_buf_free(&missing);
    t->kind = kind;
    t->header_found = true;
    t->header_row = number;
    warn_optional_grades(wb, number, col);
    for (int f = 0; f < F_COUNT; f++) {
        t->col[f] = col[f];
        if (col[f] >= 0 && !(t->label[f] = clean_text(cells[col[f]].text))) {
            ot_error_set(err, "out of memory");
            return -1;
        }
    }
    return 1;
}

static const ot_wb_cell *cell_of(const wb_table *t, enum field f, const ot_wb_cell *cells,
                                 size_t n)
{
    long c = t->col[f];
    if (c < 0 || (size_t)c >= n)
        return NULL;
    return &cells[c];
}

/* The cell's text, cleaned; "" when the column is absent.  NULL only when
 * out of memory. */
static char *field_text(const wb_table *t, enum field f, const ot_wb_cell *cells, size_t n)
{
    const ot_wb_cell *c = cell_of(t, f, cells, n);
    return clean_text(c ? c->text : "");
}

static bool looks_like_ons(const char *s)
{
    if (strlen(s) != 9 || !isupper((unsigned char)s[0]))
        return false;
    for (int i = 1; i < 9; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* The number N of an Ofsted provider page link ".../provider/44/N"; 0 when
 * the link is of another form. */
static long link_number(const char *link)
{
    const char *p = strstr(link, "/provider/");
    if (!p)
        return 0;
    p = strchr(p + strlen("/provider/"), '/');
    if (!p)
        return 0;
    char *end;
    long v = strtol(p + 1, &end, 10);
    return end > p + 1 && (*end == '\0' || *end == '/' || *end == '?' || *end == '#') && v > 0 ? v : 0;
}

static int find_auth(ot_wb *wb, const char *ons, const char *key)
{
    if (ons && *ons) {
        for (size_t i = 0; i < wb->n_auths; i++)
            if (wb->auths[i].ons && strcmp(wb->auths[i].ons, ons) == 0)
                return (int)i;
        /* The same LA met earlier without a code takes this one. */
        for (size_t i = 0; i < wb->n_auths; i++)
            if (!wb->auths[i].ons && strcmp(wb->auths[i].key, key) == 0)
                return (int)i;
        return -1;
    }
    for (size_t i = 0; i < wb->n_auths; i++)
        if (strcmp(wb->auths[i].key, key) == 0)
            return (int)i;
    return -1;
}

/* Date from a cell: the typed date of an .ods cell, else its text.
 * Returns 1 with iso set, 0 for an empty cell, -1 for a non-date. */
static int cell_date(const ot_wb_cell *c, char iso[11])
{
    if (!c)
        return 0;
    if (c->date && ot_wb_parse_date(c->date, iso) == 0)
        return 1;
    const char *s = c->text;
    while (*s == ' ')
        s++;
    if (!*s)
        return 0;
    return ot_wb_parse_date(s, iso) == 0 ? 1 : -1;
}

/* Keep the first value seen, warn when a later sheet says otherwise. */
static int merge_str(ot_wb *wb, char **dst, const char *val, const char *what,
                     const char *old_place, const char *new_place)
{
    if (!val || !*val)
        return 0;
    if (!*dst) {
        *dst = strdup(val);
        return *dst ? 0 : -1;
    }
    if (strcmp(*dst, val) != 0)
        ot_sink_warnf(wb->sink, new_place, "%s '%s' differs from '%s' given at %s; keeping '%s'", what, val,
             *dst, old_place ? old_place : "an earlier row", *dst);
    return 0;
}

static int merge_judgements(ot_wb *wb, wb_insp *dst, wb_insp *src)
{
    for (int a = 0; a < N_AREAS; a++) {
        wb_judgement *s = &src->j[a], *d = &dst->j[a];
        if (s->grade == 0)
            continue;
        if (d->grade == 0) {
            *d = *s;
            memset(s, 0, sizeof *s);
            continue;
        }
        if (d->grade != s->grade || strcmp(d->grade_label, s->grade_label) != 0)
            ot_sink_warnf(wb->sink, s->place, "%s '%s' differs from '%s' given at %s; keeping '%s'",
                 s->area_label ? s->area_label : area_keys[a], s->grade_label, d->grade_label,
                 d->place, d->grade_label);
    }
    return 0;
}

/* Fold a parsed row into an inspection record (src is emptied). */
static int merge_insp(ot_wb *wb, wb_insp *dst, wb_insp *src)
{
    if (merge_str(wb, &dst->published, src->published, "publication date", dst->place,
                  src->place) < 0 ||
        merge_str(wb, &dst->end, src->end, "end date", dst->place, src->place) < 0 ||
        merge_str(wb, &dst->link, src->link, "web link", dst->place, src->place) < 0)
        return -1;
    return merge_judgements(wb, dst, src);
}

static int add_insp(ot_wb *wb, wb_insp *row, ot_error *err)
{
    for (size_t i = 0; i < wb->n_insps; i++) {
        wb_insp *in = &wb->insps[i];
        if (in->auth == row->auth && strcmp(in->framework, row->framework) == 0 &&
            strcmp(in->start, row->start) == 0) {
            int rc = merge_insp(wb, in, row);
            insp_free(row);
            if (rc < 0)
                ot_error_set(err, "out of memory");
            return rc;
        }
    }
    if (ot_grow((void **)&wb->insps, &wb->cap_insps, wb->n_insps, sizeof *wb->insps) < 0) {
        insp_free(row);
        ot_error_set(err, "out of memory");
        return -1;
    }
    wb->insps[wb->n_insps++] = *row;
    return 0;
}

/* A data row being mapped: the table, the row's cells and their cleaned
 * texts, its place for messages, and the record it becomes.  The steps
 * below each take one part of it; each returns 0 to go on, 1 when the row
 * holds nothing to import (skipped without a word), -1 with err set. */
typedef struct wb_row {
    ot_wb *wb;
    const wb_table *t;
    long number;
    const ot_wb_cell *cells;
    size_t n;
    char *txt[F_COUNT];
    ot_buf where;
    bool has_grade;
    int auth;              /* index into wb->auths */
    const char *framework; /* NULL for the as-at table */
    wb_insp rec;
} wb_row;

enum { ROW_GO_ON = 0, ROW_SKIP = 1 };

#define ROW_OOM(err) (ot_error_set((err), "out of memory"), -1)

/* Every column's cleaned text; skip a blank row, one with only a link,
 * or a footnote under the table. */
static int row_read(wb_row *r, ot_error *err)
{
    bool any = false;
    for (int f = 0; f < F_COUNT; f++) {
        if (!(r->txt[f] = field_text(r->t, (enum field)f, r->cells, r->n)))
            return ROW_OOM(err);
        if (*r->txt[f] && f != F_LINK)
            any = true;
    }
    if (!any)
        return ROW_SKIP;
    place(r->t, r->number, &r->where);
    for (int a = 0; a < N_AREAS; a++)
        if (*r->txt[F_FIRST_AREA + a])
            r->has_grade = true;
    if (!*r->txt[F_NAME]) {
        if (!*r->txt[F_START] && !*r->txt[F_TYPE] && !r->has_grade)
            return ROW_SKIP; /* a footnote under the table */
        set_place_error(err, r->t, r->number, r->t->col[F_NAME], "no local authority name");
        return -1;
    }
    return ROW_GO_ON;
}

/* The row's authority status, understood, merged into a. */
static int row_status(wb_row *r, wb_auth *a)
{
    if (!*r->txt[F_STATUS])
        return 0;
    char *k = norm_key(r->txt[F_STATUS]);
    if (!k)
        return -1;
    const char *st = strcmp(k, "current") == 0            ? "current"
                     : strcmp(k, "no longer exists") == 0 ? "no longer exists"
                                                          : NULL;
    free(k);
    if (!st) {
        ot_sink_warnf(r->wb->sink, ot_buf_str(&r->where), "local authority status '%s' not understood; ignored",
             r->txt[F_STATUS]);
        return 0;
    }
    return merge_str(r->wb, &a->status, st, "local authority status", a->place, ot_buf_str(&r->where));
}

/* Find or add the row's authority and fold in what the row says of it. */
static int row_authority(wb_row *r, ot_error *err)
{
    ot_wb *wb = r->wb;
    const char *ons = r->txt[F_ONS];
    if (*ons && !looks_like_ons(ons)) {
        set_place_error(err, r->t, r->number, r->t->col[F_ONS], "'%s' is not an ONS area code (like E06000021)",
                        ons);
        return -1;
    }
    long urn = 0;
    if (*r->txt[F_URN]) {
        char *end;
        urn = strtol(r->txt[F_URN], &end, 10);
        if (*end || urn <= 0) {
            set_place_error(err, r->t, r->number, r->t->col[F_URN], "'%s' is not a URN", r->txt[F_URN]);
            return -1;
        }
    }
    char *key = name_key(r->txt[F_NAME]);
    if (!key)
        return ROW_OOM(err);
    int ai = find_auth(wb, ons, key);
    if (ai < 0) {
        if (ot_grow((void **)&wb->auths, &wb->cap_auths, wb->n_auths, sizeof *wb->auths) < 0) {
            free(key);
            return ROW_OOM(err);
        }
        wb_auth *a = &wb->auths[wb->n_auths];
        memset(a, 0, sizeof *a);
        a->key = key;
        a->name = strdup(r->txt[F_NAME]);
        a->place = strdup(ot_buf_str(&r->where));
        if (!a->name || !a->place) {
            free(a->name);
            free(a->place);
            free(key);
            return ROW_OOM(err);
        }
        ai = (int)wb->n_auths++;
    } else {
        free(key);
    }
    wb_auth *a = &wb->auths[ai];
    if (*ons && !a->ons && !(a->ons = strdup(ons)))
        return ROW_OOM(err);
    if (urn && !a->urn)
        a->urn = urn;
    if (merge_str(wb, &a->region, r->txt[F_REGION], "region", a->place, ot_buf_str(&r->where)) < 0 ||
        row_status(r, a) < 0)
        return ROW_OOM(err);
    if (r->t->kind == OT_WB_LATEST)
        a->in_latest = true;
    r->auth = ai;
    return ROW_GO_ON;
}

/* The framework from the type column (tables without one leave it NULL);
 * skip an authority listed without inspections. */
static int row_framework(wb_row *r, ot_error *err)
{
    const wb_table *t = r->t;
    if (t->col[F_TYPE] < 0)
        return ROW_GO_ON;
    if (!*r->txt[F_TYPE]) {
        if (!*r->txt[F_START] && !r->has_grade)
            return ROW_SKIP; /* an LA listed without inspections */
        set_place_error(err, t, r->number, t->col[F_TYPE], "no inspection type");
        return -1;
    }
    r->framework = ot_wb_parse_framework(r->txt[F_TYPE]);
    if (!r->framework) {
        set_place_error(err, t, r->number, t->col[F_TYPE],
                        "inspection type '%s' not known (expected ILACS Standard "
                        "Inspection, ILACS Short Inspection, ILACS Focused Visit or LA "
                        "Monitoring visit)",
                        r->txt[F_TYPE]);
        return -1;
    }
    return ROW_GO_ON;
}

/* Start, publication and end dates; skip an authority not yet inspected. */
static int row_dates(wb_row *r, ot_error *err)
{
    const wb_table *t = r->t;
    int dr = cell_date(cell_of(t, F_START, r->cells, r->n), r->rec.start);
    if (dr < 0) {
        set_place_error(err, t, r->number, t->col[F_START], "%s '%s' is not a date", t->label[F_START],
                        r->txt[F_START]);
        return -1;
    }
    if (dr == 0) {
        if (r->has_grade || r->framework) {
            set_place_error(err, t, r->number, t->col[F_START], "no %s",
                            t->label[F_START] ? t->label[F_START] : "inspection date");
            return -1;
        }
        return ROW_SKIP; /* an LA not yet inspected */
    }
    static const enum field date_fields[] = {F_PUBLISHED, F_END};
    for (size_t i = 0; i < 2; i++) {
        enum field f = date_fields[i];
        char iso[11];
        int got = cell_date(cell_of(t, f, r->cells, r->n), iso);
        if (got < 0) {
            set_place_error(err, t, r->number, t->col[f], "%s '%s' is not a date", t->label[f], r->txt[f]);
            return -1;
        }
        char **dst = f == F_PUBLISHED ? &r->rec.published : &r->rec.end;
        if (got > 0 && !(*dst = strdup(iso)))
            return ROW_OOM(err);
    }
    return ROW_GO_ON;
}

/* The web link: the cell's hyperlink, else its text when that is a URL. */
static void row_link(wb_row *r)
{
    const ot_wb_cell *lc = cell_of(r->t, F_LINK, r->cells, r->n);
    if (lc && lc->url && *lc->url)
        r->rec.link = strdup(lc->url);
    else if (lc && (strncmp(r->txt[F_LINK], "http://", 7) == 0 || strncmp(r->txt[F_LINK], "https://", 8) == 0))
        r->rec.link = strdup(r->txt[F_LINK]);
    wb_auth *a = &r->wb->auths[r->auth];
    if (r->rec.link && !a->web_id)
        a->web_id = link_number(r->rec.link);
}

/* The judgements; visits have none, so grades printed for one are ignored
 * with a warning. */
static int row_grades(wb_row *r, ot_error *err)
{
    const wb_table *t = r->t;
    bool visit = r->framework && (strcmp(r->framework, "focused_visit") == 0 ||
                                  strcmp(r->framework, "monitoring_visit") == 0);
    for (int a = 0; a < N_AREAS; a++) {
        enum field f = (enum field)(F_FIRST_AREA + a);
        if (!*r->txt[f])
            continue;
        int g = ot_wb_parse_grade(r->txt[f]);
        if (g < 0) {
            set_place_error(err, t, r->number, t->col[f],
                            "'%s' is not a grade (expected Outstanding, Good, Requires "
                            "improvement to be good, Inadequate, Not yet inspected or blank)",
                            r->txt[f]);
            return -1;
        }
        if (g == 0)
            continue;
        if (visit) {
            ot_sink_warnf(r->wb->sink, ot_buf_str(&r->where), "a %s has no judgements; '%s' under '%s' ignored", r->framework,
                 r->txt[f], t->label[f]);
            continue;
        }
        wb_judgement *j = &r->rec.j[a];
        j->grade = g;
        if (!(j->grade_label = strdup(r->txt[f])) || !(j->area_label = strdup(t->label[f])) ||
            !(j->place = strdup(ot_buf_str(&r->where))))
            return ROW_OOM(err);
    }
    return ROW_GO_ON;
}

/* Hand the record over: to the inspections, or to the as-at rows that
 * find their framework at emit time.  r->rec is emptied. */
static int row_keep(wb_row *r, ot_error *err)
{
    ot_wb *wb = r->wb;
    r->rec.auth = (size_t)r->auth;
    r->rec.framework = r->framework;
    if (!(r->rec.place = strdup(ot_buf_str(&r->where))))
        return ROW_OOM(err);
    int rc = 0;
    if (r->framework) {
        rc = add_insp(wb, &r->rec, err);
    } else {
        if (ot_grow((void **)&wb->latest, &wb->cap_latest, wb->n_latest, sizeof *wb->latest) < 0)
            return ROW_OOM(err);
        wb->latest[wb->n_latest++] = r->rec;
    }
    memset(&r->rec, 0, sizeof r->rec);
    return rc;
}

/* Map one data row of the current table: read it, then its authority,
 * framework, dates, link and grades, and keep the record. */
static int map_row(ot_wb *wb, long number, const ot_wb_cell *cells, size_t n, ot_error *err)
{
    wb_row r;
    memset(&r, 0, sizeof r);
    r.wb = wb;
    r.t = &wb->t;
    r.number = number;
    r.cells = cells;
    r.n = n;
    r.where = (ot_buf)OT_BUF_INIT;
    int rc = row_read(&r, err);
    if (rc == ROW_GO_ON)
        rc = row_authority(&r, err);
    if (rc == ROW_GO_ON)
        rc = row_framework(&r, err);
    if (rc == ROW_GO_ON)
        rc = row_dates(&r, err);
    if (rc == ROW_GO_ON) {
        row_link(&r);
        rc = row_grades(&r, err);
    }
    if (rc == ROW_GO_ON)
        rc = row_keep(&r, err);
    insp_free(&r.rec);
    for (int f = 0; f < F_COUNT; f++)
        free(r.txt[f]);
    ot_buf_free(&r.where);
    return rc < 0 ? -1 : 0;
}

static int header_missing(ot_wb *wb, ot_error *err)
{
    wb_table *t = &wb->t;
    ot_buf acc = OT_BUF_INIT;
    ot_wb_describe_tables(&acc);
    if (t->sheet)
        ot_error_set(err, "sheet %s: no header row in its first %d rows; accepted headers:%s",
                     t->sheet, HEADER_SEARCH_ROWS, ot_buf_str(&acc));
    else
        ot_error_set(err, "no header row of a known table in the first %d lines; accepted "
                          "headers:%s", HEADER_SEARCH_ROWS, ot_buf_str(&acc));
    ot_buf_free(&acc);
    return -1;
}

/* A sheet with a name we do not know may hold no table at all. */
static bool header_optional(const wb_table *t)
{
    return t->sheet && t->kind == OT_WB_NONE;
}

int ot_wb_table_row(ot_wb *wb, long number, const ot_wb_cell *cells, size_t n_cells,
                    ot_error *err)
{
    wb_table *t = &wb->t;
    if (!wb->in_table) {
        ot_error_set(err, "row outside a table");
        return -1;
    }
    if (t->header_found)
        return map_row(wb, number, cells, n_cells, err);
    if (t->rows_seen >= HEADER_SEARCH_ROWS)
        return header_optional(t) ? 0 : header_missing(wb, err);
    bool blank = true;
    for (size_t i = 0; i < n_cells && blank; i++)
        if (cells[i].text[0])
            blank = false;
    if (blank)
        return 0;
    t->rows_seen++;
    int rc = try_header(wb, number, cells, n_cells, err);
    if (rc < 0)
        return -1;
    if (rc == 0 && t->rows_seen >= HEADER_SEARCH_ROWS && !header_optional(t))
        return header_missing(wb, err);
    return 0;
}

int ot_wb_table_end(ot_wb *wb, bool *found, ot_error *err)
{
    wb_table *t = &wb->t;
    wb->in_table = false;
    if (found)
        *found = t->header_found;
    if (t->header_found)
        return 0;
    if (header_optional(t)) {
        ot_buf w = OT_BUF_INIT;
        ot_buf_printf(&w, "sheet %s", t->sheet);
        ot_sink_warnf(wb->sink, ot_buf_str(&w), "no table we know; sheet skipped");
        ot_buf_free(&w);
        return 0;
    }
    return header_missing(wb, err);
}

/* --- emitting ------------------------------------------------------------ */

/* Give each as-at row the framework the other sheets record for the same
 * LA and date, and merge it into that inspection. */
static int resolve_latest(ot_wb *wb, ot_error *err)
{
    size_t unresolved = 0;
    const wb_insp *first = NULL, *last = NULL;
    for (size_t i = 0; i < wb->n_latest; i++) {
        wb_insp *row = &wb->latest[i];
        wb_insp *match = NULL;
        for (size_t k = 0; k < wb->n_insps; k++) {
            wb_insp *in = &wb->insps[k];
            if (in->auth != row->auth || strcmp(in->start, row->start) != 0)
                continue;
            /* Latest judgements are those of a standard or short
             * inspection; prefer one over a visit on the same day. */
            if (!match || strncmp(in->framework, "ilacs_", 6) == 0)
                match = in;
        }
        if (!match) {
            if (!first)
                first = row;
            last = row;
            unresolved++;
            continue;
        }
        if (merge_insp(wb, match, row) < 0) {
            ot_error_set(err, "out of memory");
            return -1;
        }
    }
    /* One warning for the lot: a CSV of the as-at sheet alone has no
     * inspection types at all. */
    if (unresolved == 1)
        ot_sink_warnf(wb->sink, first->place,
             "the table gives no inspection type and no other table of this file has %s's "
             "inspection of %s, so its judgements are not imported (import the "
             "ILACS_inspection_history sheet for them)",
             wb->auths[first->auth].name, first->start);
    else if (unresolved > 1)
        ot_sink_warnf(wb->sink, first->place,
             "the table gives no inspection type and no other table of this file has the "
             "inspections of %zu rows (up to %s), so their judgements are not imported, only "
             "the authorities (import the ILACS_inspection_history sheet for them)",
             unresolved, last->place);
    return 0;
}

static void auth_rec(const wb_auth *a, ot_authority_rec *rec)
{
    rec->ons_code = a->ons;
    rec->urn = a->urn;
    rec->web_id = a->web_id;
    rec->name = a->name;
    rec->region = a->region;
    /* Every LA of the as-at table exists today; the history table says so
     * for its own LAs. */
    rec->status = a->status ? a->status : a->in_latest ? "current" : NULL;
}

int ot_wb_emit(ot_wb *wb, ot_error *err)
{
    if (!wb->resolved) {
        if (resolve_latest(wb, err) < 0)
            return -1;
        wb->resolved = true;
    }
    ot_sink *s = wb->sink;
    for (size_t i = 0; i < wb->n_auths; i++) {
        ot_authority_rec rec;
        auth_rec(&wb->auths[i], &rec);
        if (s->ops->authority(s, &rec, err) < 0) {
            ot_error_prefix(err, "%s", wb->auths[i].place);
            return -1;
        }
    }
    for (size_t i = 0; i < wb->n_insps; i++) {
        wb_insp *in = &wb->insps[i];
        ot_judgement_rec js[N_AREAS];
        size_t nj = 0;
        for (int a = 0; a < N_AREAS; a++) {
            if (in->j[a].grade == 0)
                continue;
            js[nj].area = area_keys[a];
            js[nj].area_label = in->j[a].area_label;
            js[nj].grade = in->j[a].grade;
            js[nj].grade_label = in->j[a].grade_label;
            nj++;
        }
        ot_inspection_rec rec;
        memset(&rec, 0, sizeof rec);
        auth_rec(&wb->auths[in->auth], &rec.authority);
        rec.framework = in->framework;
        rec.start_date = in->start;
        rec.end_date = in->end;
        rec.published = in->published;
        rec.web_link = in->link;
        rec.judgements = nj ? js : NULL;
        rec.n_judgements = nj;
        rec.has_report = false;
        rec.where = in->place;
        if (s->ops->inspection(s, &rec, err) < 0) {
            ot_error_prefix(err, "%s", in->place);
            return -1;
        }
    }
    return 0;
}
