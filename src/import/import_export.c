/* Import the CSV that `ofsted-tui export` writes, so an export restores
 * into another database (and history that no Ofsted file holds, typed in
 * the same columns, can be entered).
 *
 * A file is one of the five tables, known by its header: the fixed first
 * columns of that table (src/query/export.c), in order.  Lines whose first
 * field starts with '#' are comments (for citing sources).  Rows are
 * grouped into one record per inspection; the inspection_id column only
 * groups and orders them (inspections are pushed in its order, so a
 * restored database numbers them as the exported one did): the identity
 * stays (authority, framework, start_date). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_export.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/csv.h"
#include "ofsted-tui/date.h"

typedef enum { T_AUTHORITIES, T_INSPECTIONS, T_JUDGEMENTS, T_ACTIONS, T_FINDINGS, T_COUNT } table;

/* The fixed first columns of each export table, then its later ones. */
static const char *const headers[T_COUNT][13] = {
    [T_AUTHORITIES] = {"ons_code", "urn", "name", "region", "status"},
    [T_INSPECTIONS] = {"inspection_id", "authority", "ons_code", "framework", "start_date", "end_date", "published",
                       "lead_inspector", "source", "web_link", "source_sha256"},
    [T_JUDGEMENTS] = {"inspection_id", "authority", "framework", "start_date", "area", "grade", "grade_label",
                      "area_label"},
    [T_ACTIONS] = {"inspection_id", "authority", "start_date", "ordinal", "text"},
    [T_FINDINGS] = {"inspection_id", "authority", "start_date", "section", "paragraph", "page", "text",
                    "section_label"},
};
/* Columns added after the fixed ones, read when present. */
static const char *const optional[T_COUNT][3] = {
    [T_INSPECTIONS] = {"source_kind"},
    [T_ACTIONS] = {"framework"},
    [T_FINDINGS] = {"framework"},
};

static size_t n_fixed(table t)
{
    size_t n = 0;
    while (n < 13 && headers[t][n])
        n++;
    return n;
}

static bool is_comment(const ot_csv_record *rec)
{
    return rec->n_fields > 0 && rec->fields[0].text[0] == '#';
}

static bool is_blank(const ot_csv_record *rec)
{
    return rec->n_fields == 0 || (rec->n_fields == 1 && rec->fields[0].len == 0);
}

/* The table a header line names, or -1. */
static int table_of(const ot_csv_record *rec)
{
    for (int t = 0; t < T_COUNT; t++) {
        size_t n = n_fixed((table)t);
        if (rec->n_fields < n)
            continue;
        bool same = true;
        for (size_t i = 0; i < n && same; i++)
            same = strcmp(rec->fields[i].text, headers[t][i]) == 0;
        if (same)
            return t;
    }
    return -1;
}

bool ot_import_export_sniff(const char *data, size_t len)
{
    ot_error err = OT_ERROR_INIT;
    ot_csv *csv = ot_csv_open_mem(data, len, &err);
    ot_error_clear(&err);
    if (!csv)
        return false;
    const ot_csv_record *rec;
    bool found = false;
    /* Only whole lines: the head may end mid-record. */
    while (ot_csv_next(csv, &rec, &err) == 1) {
        if (is_comment(rec) || is_blank(rec))
            continue;
        found = table_of(rec) >= 0;
        break;
    }
    ot_error_clear(&err);
    ot_csv_free(csv);
    return found;
}

/* One data row, its fields copied (the reader reuses its buffers). */
typedef struct row {
    long line;
    char **f; /* n_fields of the table's columns; NULL for absent */
} row;

typedef struct rows {
    row *v;
    size_t n, cap;
    size_t width;
} rows;

static void rows_free(rows *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        for (size_t k = 0; k < rs->width; k++)
            free(rs->v[i].f[k]);
        free(rs->v[i].f);
    }
    free(rs->v);
}

/* NULL for an empty field: absent, as the export wrote it. */
static const char *val(const row *r, size_t k)
{
    return r->f[k] && *r->f[k] ? r->f[k] : NULL;
}

static int parse_int(const row *r, size_t k, const char *what, long lo, long hi, long *out, ot_error *err)
{
    const char *s = val(r, k);
    if (!s) {
        *out = 0;
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        ot_error_set(err, "line %ld: %s '%s' is not a number from %ld to %ld", r->line, what, s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

static int check_date(const row *r, size_t k, const char *what, bool required, ot_error *err)
{
    const char *s = val(r, k);
    if (!s) {
        if (required) {
            ot_error_set(err, "line %ld: no %s", r->line, what);
            return -1;
        }
        return 0;
    }
    ot_date d = {0, 0, 0};
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &d.year, &d.month, &d.day) != 3 || s[4] != '-' || s[7] != '-' ||
        !ot_date_valid(d)) {
        ot_error_set(err, "line %ld: %s '%s' is not a date (YYYY-MM-DD)", r->line, what, s);
        return -1;
    }
    return 0;
}

/* Column indices in the file for the table's columns (fixed, then
 * optional); -1 when absent. */
typedef struct colmap {
    int at[16];
    size_t n;
} colmap;

static void map_columns(table t, const ot_csv_record *hdr, colmap *m)
{
    m->n = 0;
    size_t nf = n_fixed(t);
    for (size_t i = 0; i < nf; i++)
        m->at[m->n++] = (int)i;
    for (size_t o = 0; o < 3 && optional[t][o]; o++) {
        int found = -1;
        for (size_t i = nf; i < hdr->n_fields; i++)
            if (strcmp(hdr->fields[i].text, optional[t][o]) == 0)
                found = (int)i;
        m->at[m->n++] = found;
    }
}

static int read_rows(ot_csv *csv, table t, const colmap *m, size_t header_fields, rows *rs, ot_error *err)
{
    const ot_csv_record *rec;
    int rc;
    rs->width = m->n;
    while ((rc = ot_csv_next(csv, &rec, err)) == 1) {
        if (is_comment(rec) || is_blank(rec))
            continue;
        if (rec->n_fields != header_fields) {
            ot_error_set(err, "line %ld: %zu fields, the header has %zu", rec->line, rec->n_fields, header_fields);
            return -1;
        }
        if (ot_grow((void **)&rs->v, &rs->cap, rs->n, sizeof *rs->v) < 0)
            goto oom;
        row *r = &rs->v[rs->n];
        r->line = rec->line;
        r->f = calloc(m->n, sizeof *r->f);
        if (!r->f)
            goto oom;
        rs->n++;
        for (size_t k = 0; k < m->n; k++)
            if (m->at[k] >= 0 && !(r->f[k] = strdup(rec->fields[m->at[k]].text)))
                goto oom;
    }
    (void)t;
    return rc;
oom:
    ot_error_set(err, "out of memory");
    return -1;
}

/* ------------------------------------------------------------ tables */

static int push_authorities(const rows *rs, ot_sink *sink, ot_error *err)
{
    for (size_t i = 0; i < rs->n; i++) {
        const row *r = &rs->v[i];
        long urn;
        if (parse_int(r, 1, "urn", 1, 99999999, &urn, err) < 0)
            return -1;
        if (!val(r, 2)) {
            ot_error_set(err, "line %ld: an authority without a name", r->line);
            return -1;
        }
        const char *status = val(r, 4);
        if (status && strcmp(status, "current") != 0 && strcmp(status, "no longer exists") != 0) {
            ot_error_set(err, "line %ld: status '%s' is neither 'current' nor 'no longer exists'", r->line, status);
            return -1;
        }
        ot_authority_rec a = {.ons_code = val(r, 0), .urn = urn, .name = val(r, 2), .region = val(r, 3), .status = status};
        if (sink->ops->authority(sink, &a, err) < 0) {
            ot_error_prefix(err, "line %ld: ", r->line);
            return -1;
        }
    }
    return 0;
}

static int by_inspection_id(const void *a, const void *b)
{
    const row *x = a, *y = b;
    long long ix = val(x, 0) ? strtoll(val(x, 0), NULL, 10) : 0, iy = val(y, 0) ? strtoll(val(y, 0), NULL, 10) : 0;
    /* rows without an id after those with one, in file order */
    if ((ix == 0) != (iy == 0))
        return ix == 0 ? 1 : -1;
    if (ix != iy)
        return ix < iy ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int push_inspections(rows *rs, ot_sink *sink, ot_error *err)
{
    qsort(rs->v, rs->n, sizeof *rs->v, by_inspection_id);
    for (size_t i = 0; i < rs->n; i++) {
        const row *r = &rs->v[i];
        long id;
        if (parse_int(r, 0, "inspection_id", 1, 999999999, &id, err) < 0 ||
            check_date(r, 4, "start_date", true, err) < 0 || check_date(r, 5, "end_date", false, err) < 0 ||
            check_date(r, 6, "published", false, err) < 0)
            return -1;
        if (!val(r, 1) || !val(r, 3)) {
            ot_error_set(err, "line %ld: no %s", r->line, val(r, 1) ? "framework" : "authority");
            return -1;
        }
        char where[32];
        snprintf(where, sizeof where, "line %ld", r->line);
        ot_inspection_rec rec = {
            .authority = {val(r, 2), 0, val(r, 1), NULL, NULL},
            .framework = val(r, 3),
            .start_date = val(r, 4),
            .end_date = val(r, 5),
            .published = val(r, 6),
            .lead_inspector = val(r, 7),
            .web_link = val(r, 9),
            .where = where,
            .source_name = val(r, 8),
            .source_sha256 = val(r, 10),
            .source_kind = val(r, 11),
        };
        if (sink->ops->inspection(sink, &rec, err) < 0) {
            ot_error_prefix(err, "%s: ", where);
            return -1;
        }
    }
    return 0;
}

/* The key that groups a table's rows into inspections: the id when given,
 * else authority, framework and start date. */
static void group_key(table t, const row *r, ot_buf *out)
{
    ot_buf_reset(out);
    if (val(r, 0)) {
        ot_buf_printf(out, "#%s", val(r, 0));
        return;
    }
    const char *framework = t == T_JUDGEMENTS ? val(r, 2) : val(r, t == T_ACTIONS ? 5 : 8);
    const char *start = t == T_JUDGEMENTS ? val(r, 3) : val(r, 2);
    ot_buf_printf(out, "%s\x1f%s\x1f%s", val(r, 1) ? val(r, 1) : "", framework ? framework : "", start ? start : "");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Judgements, actions or findings: one record per run of rows of one
 * inspection.  The rows of an inspection must be together (as exported),
 * else a second run would replace the first one's text. */
static int push_grouped(table t, const rows *rs, ot_sink *sink, ot_error *err)
{
    ot_buf key = OT_BUF_INIT, next = OT_BUF_INIT;
    char **seen = calloc(rs->n ? rs->n : 1, sizeof *seen);
    long *seen_line = calloc(rs->n ? rs->n : 1, sizeof *seen_line);
    ot_judgement_rec *js = calloc(rs->n ? rs->n : 1, sizeof *js);
    ot_action_rec *as = calloc(rs->n ? rs->n : 1, sizeof *as);
    ot_finding_rec *fs = calloc(rs->n ? rs->n : 1, sizeof *fs);
    size_t n_seen = 0;
    int rc = -1;
    if (!seen || !seen_line || !js || !as || !fs) {
        ot_error_set(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < rs->n;) {
        const row *first = &rs->v[i];
        group_key(t, first, &key);
        size_t j = i;
        size_t n = 0;
        for (; j < rs->n; j++) {
            const row *r = &rs->v[j];
            group_key(t, r, &next);
            if (strcmp(ot_buf_str(&key), ot_buf_str(&next)) != 0)
                break;
            long a, b;
            switch (t) {
            case T_JUDGEMENTS:
                if (parse_int(r, 5, "grade", 1, 4, &a, err) < 0)
                    goto out;
                if (!val(r, 4)) {
                    ot_error_set(err, "line %ld: a judgement without an area", r->line);
                    goto out;
                }
                js[n++] = (ot_judgement_rec){val(r, 4), val(r, 7), (int)a, val(r, 6)};
                break;
            case T_ACTIONS:
                if (parse_int(r, 3, "ordinal", 1, 100000, &a, err) < 0)
                    goto out;
                as[n++] = (ot_action_rec){(int)a, r->f[4] ? r->f[4] : ""};
                break;
            default:
                if (parse_int(r, 4, "paragraph", 0, 1000000, &a, err) < 0 ||
                    parse_int(r, 5, "page", 0, 100000, &b, err) < 0)
                    goto out;
                if (!val(r, 3)) {
                    ot_error_set(err, "line %ld: a finding without a section", r->line);
                    goto out;
                }
                fs[n++] = (ot_finding_rec){val(r, 3), val(r, 7), (int)a, (int)b, r->f[6] ? r->f[6] : ""};
                break;
            }
        }
        seen_line[n_seen] = first->line;
        if (!(seen[n_seen++] = strdup(ot_buf_str(&key)))) {
            ot_error_set(err, "out of memory");
            goto out;
        }
        const char *framework = t == T_JUDGEMENTS ? val(first, 2) : val(first, t == T_ACTIONS ? 5 : 8);
        const char *start = t == T_JUDGEMENTS ? val(first, 3) : val(first, 2);
        if (check_date(first, t == T_JUDGEMENTS ? 3 : 2, "start_date", true, err) < 0)
            goto out;
        if (!val(first, 1) || !framework) {
            ot_error_set(err, "line %ld: no %s", first->line, val(first, 1) ? "framework" : "authority");
            goto out;
        }
        char where[32];
        snprintf(where, sizeof where, "line %ld", first->line);
        ot_inspection_rec rec = {
            .authority = {NULL, 0, val(first, 1), NULL, NULL},
            .framework = framework,
            .start_date = start,
            .where = where,
        };
        if (t == T_JUDGEMENTS) {
            rec.judgements = js;
            rec.n_judgements = n;
        } else {
            rec.has_report = true;
            rec.text_parts = t == T_ACTIONS ? OT_TEXT_ACTIONS : OT_TEXT_FINDINGS;
            rec.actions = as;
            rec.n_actions = t == T_ACTIONS ? n : 0;
            rec.findings = fs;
            rec.n_findings = t == T_FINDINGS ? n : 0;
        }
        if (sink->ops->inspection(sink, &rec, err) < 0) {
            ot_error_prefix(err, "%s: ", where);
            goto out;
        }
        i = j;
    }
    /* Each inspection's rows in one run. */
    qsort(seen, n_seen, sizeof *seen, cmp_str);
    for (size_t k = 1; k < n_seen; k++)
        if (strcmp(seen[k - 1], seen[k]) == 0) {
            ot_error_set(err, "the rows of one inspection (%s) are not all together; keep them in one run",
                         seen[k][0] == '#' ? seen[k] + 1 : "the same authority, framework and start date");
            goto out;
        }
    rc = 0;
out:
    for (size_t k = 0; k < n_seen; k++)
        free(seen[k]);
    free(seen);
    free(seen_line);
    free(js);
    free(as);
    free(fs);
    ot_buf_free(&key);
    ot_buf_free(&next);
    return rc;
}

int ot_import_export(const char *path, ot_sink *sink, ot_error *err)
{
    ot_csv *csv = ot_csv_open(path, err);
    if (!csv)
        return -1;
    rows rs = {0};
    int rc = -1;
    const ot_csv_record *rec;
    int r;
    int t = -1;
    size_t header_fields = 0;
    colmap m;
    while ((r = ot_csv_next(csv, &rec, err)) == 1) {
        if (is_comment(rec) || is_blank(rec))
            continue;
        t = table_of(rec);
        if (t < 0) {
            ot_error_set(err, "line %ld: not the header of an ofsted-tui export", rec->line);
            goto out;
        }
        header_fields = rec->n_fields;
        map_columns((table)t, rec, &m);
        break;
    }
    if (r < 0)
        goto out;
    if (t < 0) {
        ot_error_set(err, "no header line");
        goto out;
    }
    if (read_rows(csv, (table)t, &m, header_fields, &rs, err) < 0)
        goto out;
    switch ((table)t) {
    case T_AUTHORITIES: rc = push_authorities(&rs, sink, err); break;
    case T_INSPECTIONS: rc = push_inspections(&rs, sink, err); break;
    default: rc = push_grouped((table)t, &rs, sink, err); break;
    }
out:
    rows_free(&rs);
    ot_csv_free(csv);
    return rc;
}
