/* Grade words and judgement tables. */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *words;
    int grade;
} grade_words[] = {
    {"requires improvement to be good", 3},
    {"require improvement to be good", 3},
    {"requires improvement", 3},
    {"require improvement", 3},
    {"inadequate", 4},
    {"adequate", 3},
    {"outstanding", 1},
    {"good", 2},
    {"not judged", 0},
};

/* Length of the grade phrase at s, matching case-insensitively with blank
 * runs collapsed; 0 if none. */
static size_t match_words(const char *s, const char *w)
{
    size_t i = 0;
    while (*w) {
        if (*w == ' ') {
            if (s[i] != ' ')
                return 0;
            while (s[i] == ' ')
                i++;
            w++;
            continue;
        }
        if (tolower((unsigned char)s[i]) != *w)
            return 0;
        i++;
        w++;
    }
    if (isalnum((unsigned char)s[i]))
        return 0;
    return i;
}

int rp_grade_at(const char *n, size_t *used)
{
    for (size_t k = 0; k < sizeof grade_words / sizeof grade_words[0]; k++) {
        size_t m = match_words(n, grade_words[k].words);
        if (m) {
            *used = m;
            return grade_words[k].grade;
        }
    }
    *used = 0;
    return -1;
}

int rp_gradeseq_parse(const char *raw, rp_gradeseq *out)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(raw);
    size_t i = 0;
    while (i < len && out->n < (int)(sizeof out->grade / sizeof out->grade[0])) {
        if (!isalpha((unsigned char)raw[i]) || (i > 0 && isalnum((unsigned char)raw[i - 1]))) {
            i++;
            continue;
        }
        size_t used;
        int g = rp_grade_at(raw + i, &used);
        if (g < 0) {
            i++;
            continue;
        }
        ot_buf b = OT_BUF_INIT;
        if (rp_join(&b, raw + i, used)) {
            ot_buf_free(&b);
            return -1;
        }
        out->label[out->n] = ot_buf_steal(&b);
        if (!out->label[out->n])
            return -1;
        out->grade[out->n++] = g;
        i += used;
    }
    return 0;
}

void rp_gradeseq_free(rp_gradeseq *g)
{
    for (int i = 0; i < g->n; i++)
        free(g->label[i]);
    g->n = 0;
}

void rp_rows_free(rp_row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        free(rows[i].label);
        free(rows[i].grade_label);
    }
}

/* Drop "1. " / "2.1 " numbering from a printed row label. */
static const char *skip_numbering(const char *s)
{
    const char *p = s;
    while (*p == ' ')
        p++;
    const char *q = p;
    while (isdigit((unsigned char)*q) || *q == '.')
        q++;
    if (q > p && *q == ' ') {
        while (*q == ' ')
            q++;
        return q;
    }
    return p;
}

#define PROSE_COLUMNS 66

/* Whether a segment starts with a word of a (possibly wrapped) grade. */
static bool grade_word(const rp_line *l, const rp_seg *s)
{
    static const char *const words[] = {"requires", "require", "improvement", "to be good", "be good",
                                        "good", "outstanding", "inadequate", "adequate",
                                        "not judged", "judged", "grade", NULL};
    const char *t = l->s + s->off;
    for (int k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if ((size_t)s->len >= n && strncasecmp(t, words[k], n) == 0 &&
            ((size_t)s->len == n || !isalpha((unsigned char)t[n])))
            return true;
    }
    return false;
}

static int seg_columns(const rp_line *l, const rp_seg *s)
{
    int c = 0;
    for (int i = 0; i < s->len; i++)
        if (((unsigned char)l->s[s->off + i] & 0xC0) != 0x80)
            c++;
    return c;
}
#define MAX_SEGS 16

int rp_table(const rp_doc *d, size_t from, const rp_table_spec *spec, rp_row *rows,
             int max, size_t *end, ot_report *r)
{
    ot_buf grades = OT_BUF_INIT, label = OT_BUF_INIT, nb = OT_BUF_INIT;
    int n = 0, row_col = 0;
    int rc = -1;
    size_t i;
    (void)r;
    for (i = from; i < d->n; i++) {
        const rp_line *l = &d->lines[i];
        if (l->blank || l->furniture || l->contents)
            continue;
        rp_seg seg[MAX_SEGS];
        int ns = rp_segments(l, seg, MAX_SEGS);
        /* Justified labels can be spread over wide gaps ("Children looked
         * after  and  achieving"): only grade words make the right-hand
         * column. */
        int first_right = ns;
        for (int k = 0; k < ns; k++)
            if ((seg[k].col >= spec->grade_col || k > 0) && grade_word(l, &seg[k])) {
                first_right = k;
                break;
            }
        if (first_right > 0) {
            /* Left-hand text: a new row, a row's continuation or the end. */
            rp_seg left = seg[0];
            left.len = seg[first_right - 1].off + seg[first_right - 1].len - seg[0].off;
            const rp_seg *s = &left;
            const char *norm = rp_norm(&nb, l->s + s->off, (size_t)s->len);
            if (spec->row_start(norm) && n < max && n < spec->max_rows) {
                if (n > 0) {
                    free(rows[n - 1].label);
                    rows[n - 1].label = ot_buf_steal(&label);
                }
                rows[n].area = NULL;
                rows[n].label = NULL;
                rows[n].grade = -1;
                rows[n].grade_label = NULL;
                n++;
                row_col = s->col;
                ot_buf_reset(&label);
                /* The numbering ("1.") may be the whole segment, and the
                 * spaces skipped after it run into the next one. */
                const char *t = skip_numbering(l->s + s->off), *seg_end = l->s + s->off + s->len;
                rp_join(&label, t, t < seg_end ? (size_t)(seg_end - t) : 0);
            } else if (n == 0) {
                if (!spec->skip_before)
                    break;
                ot_buf_reset(&grades);
                continue;
            } else if (seg_columns(l, &seg[0]) > PROSE_COLUMNS) {
                break;
            } else if (n >= spec->max_rows && s->col <= row_col) {
                break;
            } else {
                rp_join(&label, l->s + s->off, (size_t)s->len);
            }
        }
        for (int k = first_right; k < ns; k++) {
            ot_buf_putc(&grades, ' ');
            ot_buf_append(&grades, l->s + seg[k].off, (size_t)seg[k].len);
        }
    }
    if (n > 0) {
        free(rows[n - 1].label);
        rows[n - 1].label = ot_buf_steal(&label);
    }
    *end = i;
    rp_gradeseq gs;
    if (rp_gradeseq_parse(ot_buf_str(&grades), &gs))
        goto out;
    for (int k = 0; k < n; k++) {
        const char *norm = rp_norm(&nb, rows[k].label ? rows[k].label : "", rows[k].label ? strlen(rows[k].label) : 0);
        rows[k].area = spec->area(norm);
        if (k < gs.n) {
            rows[k].grade = gs.grade[k];
            rows[k].grade_label = gs.label[k];
            gs.label[k] = NULL;
        }
    }
    if (gs.n != n)
        rp_warn(r, "judgement table: %d rows but %d grades", n, gs.n);
    rp_gradeseq_free(&gs);
    rc = n;
out:
    ot_buf_free(&grades);
    ot_buf_free(&label);
    ot_buf_free(&nb);
    return rc;
}
