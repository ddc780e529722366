/* Test driver: load report PDFs (or, with --text, already extracted
 * pdftotext -layout files) and print what was parsed, one JSON object
 * per line, or an error line "FILE: error: WHY".  Exit 0 when every file
 * loaded, 1 otherwise.  The data tests use it to check the importer
 * against the real reports independently of the database. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/report.h"

static void json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void dump(FILE *f, const char *path, const ot_report *r)
{
    for (size_t k = 0; k < ot_report_count(r); k++) {
        const ot_inspection_rec *in = ot_report_inspection(r, k);
        fputs("{\"file\":", f);
        json_str(f, path);
        fprintf(f, ",\"part\":%zu,\"kind\":", k);
        json_str(f, ot_report_kind(r));
        fprintf(f, ",\"pages\":%d,\"la\":", ot_report_pages(r));
        json_str(f, in->authority.name);
        fprintf(f, ",\"urn\":%ld,\"framework\":", in->authority.urn);
        json_str(f, in->framework);
        fputs(",\"start\":", f);
        json_str(f, in->start_date);
        fputs(",\"end\":", f);
        json_str(f, in->end_date);
        fputs(",\"published\":", f);
        json_str(f, in->published);
        fputs(",\"lead\":", f);
        json_str(f, in->lead_inspector);
        fputs(",\"judgements\":[", f);
        for (size_t i = 0; i < in->n_judgements; i++) {
            const ot_judgement_rec *j = &in->judgements[i];
            fprintf(f, "%s{\"area\":", i ? "," : "");
            json_str(f, j->area);
            fprintf(f, ",\"grade\":%d,\"grade_label\":", j->grade);
            json_str(f, j->grade_label);
            fputs(",\"area_label\":", f);
            json_str(f, j->area_label);
            fputc('}', f);
        }
        fputs("],\"actions\":[", f);
        for (size_t i = 0; i < in->n_actions; i++) {
            fputs(i ? "," : "", f);
            json_str(f, in->actions[i].text);
        }
        fputs("],\"findings\":[", f);
        for (size_t i = 0; i < in->n_findings; i++) {
            const ot_finding_rec *x = &in->findings[i];
            fprintf(f, "%s{\"n\":%d,\"page\":%d,\"section\":", i ? "," : "", x->paragraph,
                    x->page);
            json_str(f, x->section);
            fputs(",\"label\":", f);
            json_str(f, x->section_label);
            fputs(",\"text\":", f);
            json_str(f, x->text);
            fputc('}', f);
        }
        fputs("],\"warnings\":", f);
        json_str(f, ot_report_warnings(r));
        fputs("}\n", f);
    }
}

typedef struct ctx {
    int failed;
} ctx;

static int done(void *vc, size_t index, const char *path, ot_report *r, const ot_error *err)
{
    ctx *c = vc;
    (void)index;
    if (!r) {
        fprintf(stdout, "%s: error: %s\n", path, ot_error_msg(err));
        c->failed = 1;
        return 0;
    }
    dump(stdout, path, r);
    ot_report_free(r);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    ot_buf b = OT_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ot_buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return ot_buf_steal(&b);
}

int main(int argc, char **argv)
{
    int threads = 2;
    bool text = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--text") == 0)
            text = true;
        else if (strncmp(argv[i], "--threads=", 10) == 0)
            threads = atoi(argv[i] + 10);
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "usage: report_dump [--text] [--threads=N] FILE...\n");
            return 2;
        }
    }
    ctx c = {0};
    if (text) {
        for (; i < argc; i++) {
            size_t len;
            char *t = slurp(argv[i], &len);
            ot_error err = OT_ERROR_INIT;
            ot_report *r = t ? ot_report_parse(t, len, argv[i], &err) : NULL;
            if (!t)
                ot_error_set(&err, "cannot read");
            done(&c, 0, argv[i], r, &err);
            ot_error_clear(&err);
            free(t);
        }
        return c.failed;
    }
    ot_error err = OT_ERROR_INIT;
    if (ot_report_load_many((const char *const *)argv + i, (size_t)(argc - i), threads, done, &c,
                            &err)) {
        fprintf(stderr, "report_dump: %s\n", ot_error_msg(&err));
        return 2;
    }
    return c.failed;
}
