/* Importing the authorities lookup: see ofsted-tui/lookup.h. */
#include "config.h"

#include "ofsted-tui/lookup.h"

#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/csv.h"

enum { C_URN, C_ONS, C_NAME, C_NEIGHBOURS, C_COUNT };
static const char *const columns[C_COUNT] = {"urn", "la_code_new", "local_authority_ons_name",
                                             "stat_neighbours_la_code"};

/* Does the comma-separated first line hold the header words? */
bool ot_lookup_sniff(const char *head, size_t len)
{
    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
        head += 3;
        len -= 3;
    }
    const char *nl = memchr(head, '\n', len);
    size_t n = nl ? (size_t)(nl - head) : len;
    bool found[C_COUNT] = {false};
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && head[i] != ',')
            continue;
        size_t e = i;
        if (e > start && head[e - 1] == '\r')
            e--;
        for (int c = 0; c < C_COUNT; c++)
            if (strlen(columns[c]) == e - start && memcmp(head + start, columns[c], e - start) == 0)
                found[c] = true;
        start = i + 1;
    }
    return found[C_URN] && found[C_ONS] && found[C_NEIGHBOURS];
}

/* Split "E09000010, E06000032, ..." into trimmed codes in out (at most
 * max); returns how many, or max + 1 when there are more. */
static size_t split_codes(char *s, char **out, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
        while (*tok == ' ' || *tok == '"')
            tok++;
        size_t l = strlen(tok);
        while (l && (tok[l - 1] == ' ' || tok[l - 1] == '"'))
            tok[--l] = '\0';
        if (!*tok)
            continue;
        if (n == max)
            return max + 1;
        out[n++] = tok;
    }
    return n;
}

int ot_import_lookup(const char *path, ot_sink *sink, ot_error *err)
{
    ot_csv *csv = ot_csv_open(path, err);
    if (!csv)
        return -1;
    long col[C_COUNT];
    for (int c = 0; c < C_COUNT; c++)
        col[c] = -1;
    const ot_csv_record *rec;
    int rc = 0, r;
    bool header = false;
    ot_buf where = OT_BUF_INIT;
    while ((r = ot_csv_next(csv, &rec, err)) == 1) {
        if (!header) {
            for (size_t i = 0; i < rec->n_fields; i++)
                for (int c = 0; c < C_COUNT; c++)
                    if (strcmp(rec->fields[i].text, columns[c]) == 0)
                        col[c] = (long)i;
            for (int c = 0; c < C_COUNT; c++)
                if (col[c] < 0 && c != C_URN) {
                    ot_error_set(err, "line %ld: no column '%s' in the lookup's header", rec->line, columns[c]);
                    rc = -1;
                    goto out;
                }
            header = true;
            continue;
        }
        const char *f[C_COUNT];
        for (int c = 0; c < C_COUNT; c++)
            f[c] = col[c] >= 0 && (size_t)col[c] < rec->n_fields ? rec->fields[col[c]].text : "";
        if (!*f[C_ONS] && !*f[C_NAME])
            continue; /* blank line */
        char *list = strdup(f[C_NEIGHBOURS]);
        if (!list) {
            ot_error_set(err, "out of memory");
            rc = -1;
            goto out;
        }
        char *codes[10];
        size_t n = split_codes(list, codes, 10);
        ot_buf_reset(&where);
        ot_buf_printf(&where, "line %ld", rec->line);
        if (n > 10) {
            ot_error_set(err, "line %ld: more than ten statistical neighbours", rec->line);
            rc = -1;
        } else if (n > 0 && sink->ops->neighbours) {
            ot_neighbours_rec nr = {
                .authority = {.ons_code = *f[C_ONS] ? f[C_ONS] : NULL,
                              .urn = strtol(f[C_URN], NULL, 10),
                              .name = *f[C_NAME] ? f[C_NAME] : f[C_ONS]},
                .neighbours = (const char *const *)codes,
                .n = n,
                .where = ot_buf_str(&where),
            };
            rc = sink->ops->neighbours(sink, &nr, err);
        }
        free(list);
        if (rc < 0)
            goto out;
    }
    if (r < 0)
        rc = -1;
    else if (!header) {
        ot_error_set(err, "no header line");
        rc = -1;
    }
out:
    ot_buf_free(&where);
    ot_csv_free(csv);
    return rc;
}
