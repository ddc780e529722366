/* CSV and JSON writers: see ofsted-tui/table_out.h. */
#include "config.h"

#include "ofsted-tui/table_out.h"

#include "ofsted-tui/escape.h"

#include <stdlib.h>
#include <string.h>

struct ot_table_out {
    FILE *out;
    ot_format format;
    const char *const *columns;
    bool *numeric;
    int n;
    long rows;
};

int ot_format_parse(const char *name, ot_format *out)
{
    if (strcmp(name, "text") == 0)
        *out = OT_FORMAT_TEXT;
    else if (strcmp(name, "csv") == 0)
        *out = OT_FORMAT_CSV;
    else if (strcmp(name, "json") == 0)
        *out = OT_FORMAT_JSON;
    else
        return -1;
    return 0;
}

static void csv_field(FILE *out, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    putc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
}

/* Tab-separated text for a terminal: tabs and line breaks inside values
 * become spaces, other control characters are escaped as the TUI shows
 * them (ESC as ^[), so data never drives the terminal. */
static void text_field(FILE *out, const char *s)
{
    while (s && *s) {
        size_t run = strcspn(s, "\t\n\r");
        ot_escape_write(out, s, run, false);
        s += run;
        if (*s) {
            putc(' ', out);
            s++;
        }
    }
}

void ot_json_string(FILE *out, const char *s)
{
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(out, "\\u%04x", *p);
            else
                putc(*p, out);
        }
    }
    putc('"', out);
}

ot_table_out *ot_table_out_new(FILE *out, ot_format format, const char *const *columns,
                               const bool *numeric, int n_columns)
{
    ot_table_out *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->numeric = calloc((size_t)n_columns, sizeof *t->numeric);
    if (!t->numeric) {
        free(t);
        return NULL;
    }
    if (numeric)
        memcpy(t->numeric, numeric, (size_t)n_columns * sizeof *numeric);
    t->out = out;
    t->format = format;
    t->columns = columns;
    t->n = n_columns;
    if (format == OT_FORMAT_JSON) {
        fputc('[', out);
    } else {
        for (int i = 0; i < n_columns; i++) {
            if (i)
                putc(format == OT_FORMAT_CSV ? ',' : '\t', out);
            fputs(columns[i], out);
        }
        putc('\n', out);
    }
    return t;
}

void ot_table_out_row(ot_table_out *t, const char *const *values)
{
    if (t->format == OT_FORMAT_JSON) {
        fputs(t->rows ? ",\n{" : "\n{", t->out);
        for (int i = 0; i < t->n; i++) {
            if (i)
                putc(',', t->out);
            ot_json_string(t->out, t->columns[i]);
            putc(':', t->out);
            if (!values[i])
                fputs("null", t->out);
            else if (t->numeric[i])
                fputs(values[i], t->out);
            else
                ot_json_string(t->out, values[i]);
        }
        putc('}', t->out);
    } else {
        for (int i = 0; i < t->n; i++) {
            if (i)
                putc(t->format == OT_FORMAT_CSV ? ',' : '\t', t->out);
            if (t->format == OT_FORMAT_CSV)
                csv_field(t->out, values[i]);
            else
                text_field(t->out, values[i]);
        }
        putc('\n', t->out);
    }
    t->rows++;
}

int ot_table_out_finish(ot_table_out *t)
{
    if (t->format == OT_FORMAT_JSON)
        fputs(t->rows ? "\n]\n" : "]\n", t->out);
    int rc = fflush(t->out) == 0 && !ferror(t->out) ? 0 : -1;
    free(t->numeric);
    free(t);
    return rc;
}
