/* Streaming CSV reader: see csv.h.
 *
 * The file is read a physical line at a time so that each line's encoding
 * can be judged on its own (a spreadsheet saved in Windows-1252 may have
 * only a few lines with bytes above 127) and so that messages can name the
 * line; a small state machine then splits the lines into fields. */
#include "config.h"

#include "ofsted-tui/csv.h"
#include "ofsted-tui/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

enum csv_state {
    ST_FIELD_START, /* at the start of a field */
    ST_UNQUOTED,    /* inside a field without quotes */
    ST_QUOTED,      /* inside a quoted field */
    ST_QUOTE_SEEN   /* a quote inside a quoted field: closing or doubled */
};

struct ot_csv {
    FILE *f;
    char *line; /* the raw line from getline */
    size_t line_cap;
    ot_buf conv;      /* the line as UTF-8 when it needed converting */
    const char *text; /* the line being split (raw or converted) */
    size_t text_len;
    size_t pos;
    long line_no;
    bool eof;
    int delim; /* '\n', or '\r' for a file with old Mac line ends */

    ot_buf *fields; /* field texts of the current record */
    size_t n_fields, cap_fields;
    ot_csv_field *view;
    size_t cap_view;
    ot_csv_record rec;

    ot_csv_warn_fn warn;
    void *warn_ctx;
    long recoded;
};


/* Windows-1252 0x80..0x9f; 0 marks the five bytes it leaves undefined. */
static const unsigned short cp1252_high[32] = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017d, 0,
    0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

int ot_cp1252_to_utf8(const char *str, size_t len, ot_buf *out)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < len; i++) {
        unsigned cp = s[i];
        if (cp >= 0x80 && cp < 0xa0)
            cp = cp1252_high[cp - 0x80] ? cp1252_high[cp - 0x80] : 0xfffd;
        char u[3];
        int rc;
        if (cp < 0x80) {
            rc = ot_buf_putc(out, (char)cp);
        } else if (cp < 0x800) {
            u[0] = (char)(0xc0 | (cp >> 6));
            u[1] = (char)(0x80 | (cp & 0x3f));
            rc = ot_buf_append(out, u, 2);
        } else {
            u[0] = (char)(0xe0 | (cp >> 12));
            u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
            u[2] = (char)(0x80 | (cp & 0x3f));
            rc = ot_buf_append(out, u, 3);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The line end of f: '\r' when its first 64 KiB hold a CR that is not
 * part of a CRLF and no LF at all (old Mac Excel saves "CSV (Macintosh)"
 * so; read line by line at LF it would be one record with the whole file
 * in it), else '\n'.  f is put back where it was. */
static int line_end_of(FILE *f)
{
    char head[65536];
    long at = ftell(f);
    if (at < 0) {
        clearerr(f);
        return '\n'; /* cannot look twice: read as usual */
    }
    size_t n = fread(head, 1, sizeof head, f);
    if (fseek(f, at, SEEK_SET) != 0) {
        clearerr(f);
        return '\n'; /* cannot look twice: read as usual */
    }
    clearerr(f);
    return memchr(head, '\r', n) && !memchr(head, '\n', n) ? '\r' : '\n';
}

static ot_csv *csv_new(FILE *f, ot_error *err)
{
    ot_csv *c = calloc(1, sizeof *c);
    if (!c) {
        fclose(f);
        ot_error_set(err, "out of memory");
        return NULL;
    }
    c->f = f;
    c->delim = line_end_of(f);
    return c;
}

ot_csv *ot_csv_open(const char *path, ot_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ot_error_set(err, "cannot open: %s", strerror(errno));
        return NULL;
    }
    return csv_new(f, err);
}

ot_csv *ot_csv_open_mem(const char *data, size_t len, ot_error *err)
{
    /* fmemopen refuses a zero-length buffer on some C libraries. */
    static char empty[1];
    FILE *f = len ? fmemopen((void *)data, len, "rb") : fmemopen(empty, 1, "r");
    if (!f) {
        ot_error_set(err, "cannot read CSV from memory: %s", strerror(errno));
        return NULL;
    }
    if (!len)
        fgetc(f); /* reach the end of the one-byte stand-in */
    return csv_new(f, err);
}

void ot_csv_set_warning(ot_csv *c, ot_csv_warn_fn fn, void *ctx)
{
    c->warn = fn;
    c->warn_ctx = ctx;
}

long ot_csv_recoded_lines(const ot_csv *c)
{
    return c->recoded;
}

void ot_csv_free(ot_csv *c)
{
    if (!c)
        return;
    if (c->f)
        fclose(c->f);
    free(c->line);
    ot_buf_free(&c->conv);
    for (size_t i = 0; i < c->cap_fields; i++)
        ot_buf_free(&c->fields[i]);
    free(c->fields);
    free(c->view);
    free(c);
}

/* Read the next physical line into c->text.  Returns 1, 0 at the end, -1
 * with err set. */
static int read_line(ot_csv *c, ot_error *err)
{
    if (c->eof)
        return 0;
    errno = 0;
    ssize_t n = getdelim(&c->line, &c->line_cap, c->delim, c->f);
    if (n < 0) {
        if (ferror(c->f)) {
            ot_error_set(err, "line %ld: read error: %s", c->line_no + 1, strerror(errno));
            return -1;
        }
        c->eof = true;
        return 0;
    }
    c->line_no++;
    if (c->delim == '\r' && c->line[n - 1] == '\r')
        c->line[n - 1] = '\n'; /* the splitter below knows one line end */
    const char *s = c->line;
    size_t len = (size_t)n;
    if (c->line_no == 1) {
        const unsigned char *u = (const unsigned char *)s;
        if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
            ot_error_set(err, "line 1: the file is UTF-16 text; save the CSV as UTF-8");
            return -1;
        }
        if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
            s += 3;
            len -= 3;
        }
    }
    if (memchr(s, '\0', len)) {
        ot_error_set(err, "line %ld: NUL byte: this is not a text CSV file", c->line_no);
        return -1;
    }
    if (ot_utf8_valid(s, len, NULL)) {
        c->text = s;
        c->text_len = len;
    } else {
        ot_buf_reset(&c->conv);
        if (ot_cp1252_to_utf8(s, len, &c->conv) < 0) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        c->text = ot_buf_str(&c->conv);
        c->text_len = c->conv.len;
        c->recoded++;
        if (c->warn)
            c->warn(c->warn_ctx, c->line_no, "not valid UTF-8; read as Windows-1252");
    }
    c->pos = 0;
    return 1;
}

static int new_field(ot_csv *c, ot_error *err)
{
    if (c->n_fields == c->cap_fields) {
        size_t cap = c->cap_fields ? c->cap_fields * 2 : 16;
        ot_buf *nf = realloc(c->fields, cap * sizeof *nf);
        if (!nf) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        for (size_t i = c->cap_fields; i < cap; i++)
            nf[i] = (ot_buf)OT_BUF_INIT;
        c->fields = nf;
        c->cap_fields = cap;
    }
    ot_buf_reset(&c->fields[c->n_fields++]);
    return 0;
}

static int finish_record(ot_csv *c, long first, ot_error *err)
{
    if (c->n_fields > c->cap_view) {
        ot_csv_field *v = realloc(c->view, c->n_fields * sizeof *v);
        if (!v) {
            ot_error_set(err, "out of memory");
            return -1;
        }
        c->view = v;
        c->cap_view = c->n_fields;
    }
    for (size_t i = 0; i < c->n_fields; i++) {
        c->view[i].text = ot_buf_str(&c->fields[i]);
        c->view[i].len = c->fields[i].len;
    }
    c->rec.line = first;
    c->rec.last_line = c->line_no;
    c->rec.n_fields = c->n_fields;
    c->rec.fields = c->view;
    return 1;
}

int ot_csv_next(ot_csv *c, const ot_csv_record **rec, ot_error *err)
{
    enum csv_state st = ST_FIELD_START;
    long first = 0, quote_line = 0;
    c->n_fields = 0;
    for (;;) {
        if (c->pos >= c->text_len || !c->text) {
            int rc = read_line(c, err);
            if (rc < 0)
                return -1;
            if (rc == 0) {
                if (st == ST_QUOTED) {
                    ot_error_set(err, "line %ld: unterminated quote: the quoted field that "
                                      "starts here runs to the end of the file", quote_line);
                    return -1;
                }
                if (first == 0)
                    return 0;
                /* A last record without a line break. */
                *rec = &c->rec;
                return finish_record(c, first, err);
            }
            if (first == 0) {
                first = c->line_no;
                if (new_field(c, err) < 0)
                    return -1;
            }
        }
        ot_buf *fb = &c->fields[c->n_fields - 1];
        const char *s = c->text;
        size_t len = c->text_len;
        while (c->pos < len) {
            char ch = s[c->pos++];
            bool crlf = ch == '\r' && c->pos < len && s[c->pos] == '\n';
            /* Outside quotes a comma ends the field, a line the record. */
            if (st != ST_QUOTED && ch == ',') {
                if (new_field(c, err) < 0)
                    return -1;
                fb = &c->fields[c->n_fields - 1];
                st = ST_FIELD_START;
                continue;
            }
            if (st != ST_QUOTED && ch == '\n') {
                *rec = &c->rec;
                return finish_record(c, first, err);
            }
            switch (st) {
            case ST_FIELD_START:
            case ST_UNQUOTED:
                if (ch == '"' && st == ST_FIELD_START) {
                    st = ST_QUOTED;
                    quote_line = c->line_no;
                } else if (!crlf) {
                    /* A quote inside an unquoted field is kept as it is. */
                    if (ot_buf_putc(fb, ch) < 0)
                        goto oom;
                    st = ST_UNQUOTED;
                }
                break;
            case ST_QUOTED:
                if (ch == '"')
                    st = ST_QUOTE_SEEN;
                else if (!crlf && ot_buf_putc(fb, ch) < 0)
                    goto oom;
                break;
            case ST_QUOTE_SEEN:
                if (ch == '"') {
                    if (ot_buf_putc(fb, '"') < 0)
                        goto oom;
                    st = ST_QUOTED;
                } else if (!crlf) {
                    unsigned char u = (unsigned char)ch;
                    if (u >= 0x20 && u < 0x7f)
                        ot_error_set(err, "line %ld: '%c' after the closing quote of a field "
                                          "(a quote inside a quoted field must be doubled)",
                                     c->line_no, ch);
                    else
                        ot_error_set(err, "line %ld: byte 0x%02x after the closing quote of a "
                                          "field (a quote inside a quoted field must be "
                                          "doubled)", c->line_no, u);
                    return -1;
                }
                break;
            }
        }
    }
oom:
    ot_error_set(err, "out of memory");
    return -1;
}
