/* Theme trends for England kept in a file beside the database, so that
 * the view opens at once after the first count (see ot_themes_trends_kept
 * in ofsted-tui/themes.h).
 *
 * The file (DB-themes, or DB-themes-actions for the improvement actions:
 * the view switches between the two) is text: a first line that says what
 * it counts,
 *   ofsted-tui theme trends 1 ID GEN F A I ACTIONS HASH
 * (the database's id and findings generation from its meta table, the
 * largest finding, action and inspection ids, 0 or 1 for actions, and a
 * hash of the theme names and patterns), then "FIRST_YEAR N_YEARS
 * N_THEMES", the inspections per year, and a line per theme of the
 * inspections with a match per year.  Anything else in the file, or a
 * first line that differs, and it is counted again. */
#include "config.h"

#include "ofsted-tui/themes.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofsted-tui/buf.h"

#define KEEP_VERSION 1
/* No more years than this in a file: a corrupt count reads as no file. */
#define MAX_YEARS 300

static uint64_t fnv1a(uint64_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* The largest id of table, or 0; -1 on a database failure. */
static long long max_id(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The first line of the file for this database, theme set and filter into
 * key; false on a database failure. */
static bool make_key(ot_db *db, const ot_themes *t, const ot_theme_filter *f, ot_buf *key)
{
    sqlite3 *h = ot_db_handle(db);
    long long ids[3] = {
        max_id(h, "SELECT coalesce(max(id), 0) FROM finding"),
        max_id(h, "SELECT coalesce(max(id), 0) FROM action"),
        max_id(h, "SELECT coalesce(max(id), 0) FROM inspection"),
    };
    if (ids[0] < 0 || ids[1] < 0 || ids[2] < 0)
        return false;
    uint64_t hash = 14695981039346656037u;
    for (size_t i = 0; i < ot_themes_count(t); i++) {
        const char *name = ot_themes_name(t, i), *pattern = ot_themes_pattern(t, i);
        hash = fnv1a(hash, name, strlen(name) + 1);
        hash = fnv1a(hash, pattern, strlen(pattern) + 1);
    }
    char *id = ot_db_meta_get(db, "database_id");
    char *gen = ot_db_meta_get(db, "findings_generation");
    ot_buf_reset(key);
    ot_buf_printf(key, "ofsted-tui theme trends %d %s %s %lld %lld %lld %d %016llx", KEEP_VERSION,
                  id && *id ? id : "-", gen && *gen ? gen : "0", ids[0], ids[1], ids[2], f->actions ? 1 : 0,
                  (unsigned long long)hash);
    free(id);
    free(gen);
    return true;
}

/* Read ints from *p (space or newline separated) into out[n]; false when
 * the text runs out or holds something else. */
static bool read_ints(char **p, int *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *end;
        errno = 0;
        long v = strtol(*p, &end, 10);
        if (end == *p || errno || v < 0 || v > 1000000000L)
            return false;
        out[i] = (int)v;
        *p = end;
    }
    return true;
}

/* The trends in the file at path when its first line is key; false when
 * there is no such file or it does not fit. */
static bool read_kept(const char *path, const char *key, size_t n_themes, ot_theme_trends *tr)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return false;
    ot_buf text = OT_BUF_INIT;
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
        ot_buf_append(&text, chunk, got);
    bool failed = ferror(in);
    fclose(in);
    size_t key_len = strlen(key);
    char *s = (char *)ot_buf_str(&text);
    if (failed || text.len <= key_len || memcmp(s, key, key_len) != 0 || s[key_len] != '\n') {
        ot_buf_free(&text);
        return false;
    }
    char *p = s + key_len + 1;
    int head[3];
    bool ok = read_ints(&p, head, 3) && head[1] <= MAX_YEARS && (size_t)head[2] == n_themes &&
              (head[1] == 0 || head[0] > 0);
    if (ok) {
        memset(tr, 0, sizeof *tr);
        tr->first_year = head[1] ? head[0] : 0;
        tr->n_years = head[1];
        tr->n_themes = n_themes;
        size_t ny = (size_t)head[1], nn = n_themes ? n_themes : 1;
        if (ny) {
            tr->inspections = calloc(ny, sizeof *tr->inspections);
            tr->matching = calloc(nn * ny, sizeof *tr->matching);
            tr->texts = calloc(nn * ny, sizeof *tr->texts);
            ok = tr->inspections && tr->matching && tr->texts && read_ints(&p, tr->inspections, ny) &&
                 read_ints(&p, tr->matching, n_themes * ny);
        }
        while (ok && *p)
            ok = *p == '\n' || *p == ' ', p++;
        if (!ok)
            ot_theme_trends_free(tr);
    }
    ot_buf_free(&text);
    return ok;
}

/* Write tr to path under key, through a temporary file renamed into
 * place, so a reader never sees half a file.  Failures are ignored: the
 * trends are counted again next time. */
static void write_kept(const char *path, const char *key, const ot_theme_trends *tr)
{
    ot_buf tmp = OT_BUF_INIT;
    ot_buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *out = fopen(ot_buf_str(&tmp), "w");
    if (!out) {
        ot_buf_free(&tmp);
        return;
    }
    size_t ny = (size_t)tr->n_years;
    fprintf(out, "%s\n%d %d %zu\n", key, tr->first_year, tr->n_years, tr->n_themes);
    for (size_t y = 0; y < ny; y++)
        fprintf(out, "%s%d", y ? " " : "", tr->inspections[y]);
    fputc('\n', out);
    for (size_t k = 0; k < tr->n_themes && ny; k++) {
        for (size_t y = 0; y < ny; y++)
            fprintf(out, "%s%d", y ? " " : "", tr->matching[k * ny + y]);
        fputc('\n', out);
    }
    bool ok = !ferror(out);
    ok = fclose(out) == 0 && ok;
    if (!ok || rename(ot_buf_str(&tmp), path) != 0)
        remove(ot_buf_str(&tmp));
    ot_buf_free(&tmp);
}

static int on_progress(void *cancel)
{
    return *(const volatile int *)cancel != 0;
}

int ot_themes_trends_kept(ot_db *db, const ot_themes *t, const ot_theme_filter *filter,
                          const volatile int *cancel, ot_theme_trends *tr, ot_error *err)
{
    memset(tr, 0, sizeof *tr);
    const char *db_path = ot_db_path(db);
    /* Only England's trends are kept (the view's), and only for a
     * database that is a file. */
    bool keep = filter->authority_id == 0 && filter->from_year == 0 && filter->to_year == 0 && db_path &&
                *db_path && access(db_path, F_OK) == 0;
    ot_buf path = OT_BUF_INIT, key = OT_BUF_INIT;
    if (keep) {
        ot_buf_printf(&path, "%s-themes%s", db_path, filter->actions ? "-actions" : "");
        keep = make_key(db, t, filter, &key);
    }
    if (keep && read_kept(ot_buf_str(&path), ot_buf_str(&key), ot_themes_count(t), tr)) {
        ot_buf_free(&path);
        ot_buf_free(&key);
        return 0;
    }
    sqlite3 *h = ot_db_handle(db);
    if (cancel)
        sqlite3_progress_handler(h, 1000, on_progress, (void *)(uintptr_t)cancel);
    int rc = ot_themes_trends(db, t, filter, false, tr, err);
    if (cancel)
        sqlite3_progress_handler(h, 0, NULL, NULL);
    if (rc == 0 && keep)
        write_kept(ot_buf_str(&path), ot_buf_str(&key), tr);
    ot_buf_free(&path);
    ot_buf_free(&key);
    return rc;
}
