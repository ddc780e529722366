/* The search corpus: see ofsted-tui/corpus.h.
 *
 * File layout (native byte order: the file never leaves this machine):
 *   header   magic "OTSRCH1\0", database id (32 hex digits + NUL, padded to
 *            40 bytes), generation, paragraph count, text length (u64 each)
 *   ids      count x int64, ascending
 *   text     count lines, each ending in '\n'
 * Paragraph text in the corpus never holds '\n' or '\r' (they become
 * spaces) and is valid UTF-8 (bad bytes become U+FFFD), so that the scan
 * can work line by line. */
#include "config.h"

#include "ofsted-tui/corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/utf8.h"

#define MAGIC "OTSRCH1"
#define ID_FIELD 40

typedef struct corpus_header {
    char magic[8];
    char database_id[ID_FIELD];
    uint64_t generation;
    uint64_t count;
    uint64_t text_len;
} corpus_header;

struct ot_corpus {
    ot_textscan *scan;
    const int64_t *ids; /* into the mapping, or owned_ids */
    int64_t *owned_ids;
    size_t count;
    void *map;
    size_t map_len;
    char *owned_text;
    char *file;
};

static int db_fail(ot_db *db, ot_error *err)
{
    ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(ot_db_handle(db)));
    return -1;
}

/* Append text as one corpus line: no line breaks, valid UTF-8. */
static int append_line(ot_buf *text, const char *s, size_t len)
{
    size_t bad;
    const char *p = s;
    size_t left = len;
    while (!ot_utf8_valid(p, left, &bad)) {
        for (size_t i = 0; i < bad; i++)
            if (ot_buf_putc(text, p[i] == '\n' || p[i] == '\r' ? ' ' : p[i]) < 0)
                return -1;
        if (ot_buf_puts(text, "\xEF\xBF\xBD") < 0)
            return -1;
        p += bad + 1;
        left -= bad + 1;
    }
    size_t start = text->len;
    if (ot_buf_append(text, p, left) < 0)
        return -1;
    for (size_t i = start; i < text->len; i++)
        if (text->data[i] == '\n' || text->data[i] == '\r')
            text->data[i] = ' ';
    return ot_buf_putc(text, '\n');
}

/* Read every paragraph of kind from the database into text and ids. */
static int read_paragraphs(ot_db *db, ot_corpus_kind kind, ot_buf *text, int64_t **ids_out,
                           size_t *count_out, ot_error *err)
{
    const char *sql = kind == OT_CORPUS_FINDINGS ? "SELECT id, text FROM finding ORDER BY id"
                                                 : "SELECT id, text FROM action ORDER BY id";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(db, err);
    size_t n = 0, cap = 1024;
    int64_t *ids = malloc(cap * sizeof *ids);
    int rc;
    while (ids && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            int64_t *grown = realloc(ids, 2 * cap * sizeof *ids);
            if (!grown) {
                free(ids);
                ids = NULL;
                break;
            }
            ids = grown;
            cap *= 2;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
        const char *t = (const char *)sqlite3_column_text(st, 1);
        if (append_line(text, t ? t : "", (size_t)sqlite3_column_bytes(st, 1)) < 0) {
            free(ids);
            ids = NULL;
            break;
        }
    }
    sqlite3_finalize(st);
    if (!ids) {
        ot_error_set(err, "out of memory reading the findings");
        return -1;
    }
    if (rc != SQLITE_DONE) {
        free(ids);
        return db_fail(db, err);
    }
    *ids_out = ids;
    *count_out = n;
    return 0;
}

static void meta_or_empty(ot_db *db, const char *key, char *out, size_t size)
{
    char *v = ot_db_meta_get(db, key);
    snprintf(out, size, "%s", v ? v : "");
    free(v);
}

/* Map the cache file when it belongs to this database and generation. */
static int map_cache(ot_corpus *c, const corpus_header *want)
{
    int fd = open(c->file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat sb;
    if (fstat(fd, &sb) < 0 || (size_t)sb.st_size < sizeof(corpus_header)) {
        close(fd);
        return -1;
    }
    void *map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return -1;
    const corpus_header *h = map;
    size_t need = sizeof *h + h->count * sizeof(int64_t) + h->text_len;
    if (memcmp(h->magic, MAGIC, sizeof h->magic) != 0 ||
        strncmp(h->database_id, want->database_id, ID_FIELD) != 0 ||
        h->generation != want->generation || need != (size_t)sb.st_size || h->count > SIZE_MAX / 8) {
        munmap(map, (size_t)sb.st_size);
        return -1;
    }
    madvise(map, (size_t)sb.st_size, MADV_WILLNEED);
    c->map = map;
    c->map_len = (size_t)sb.st_size;
    c->count = h->count;
    c->ids = (const int64_t *)((const char *)map + sizeof *h);
    return 0;
}

/* Write the cache atomically (a temporary file renamed into place).  A
 * failure only costs speed next time, so it is not an error. */
static void write_cache(const ot_corpus *c, const corpus_header *h, const int64_t *ids, const ot_buf *text)
{
    ot_buf tmp = OT_BUF_INIT;
    if (ot_buf_printf(&tmp, "%s.tmp%ld", c->file, (long)getpid()) < 0)
        return;
    FILE *f = fopen(ot_buf_str(&tmp), "wb");
    if (!f) {
        ot_buf_free(&tmp);
        return;
    }
    bool ok = fwrite(h, sizeof *h, 1, f) == 1 &&
              (h->count == 0 || fwrite(ids, sizeof *ids, h->count, f) == h->count) &&
              (text->len == 0 || fwrite(text->data, 1, text->len, f) == text->len);
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(ot_buf_str(&tmp), c->file) < 0)
        unlink(ot_buf_str(&tmp));
    ot_buf_free(&tmp);
}

ot_corpus *ot_corpus_open(ot_db *db, ot_corpus_kind kind, ot_error *err)
{
    ot_corpus *c = calloc(1, sizeof *c);
    if (!c) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    corpus_header want;
    memset(&want, 0, sizeof want);
    memcpy(want.magic, MAGIC, sizeof want.magic);
    meta_or_empty(db, "database_id", want.database_id, sizeof want.database_id);
    char generation[32];
    meta_or_empty(db, "findings_generation", generation, sizeof generation);
    want.generation = strtoull(generation, NULL, 10);

    if (kind == OT_CORPUS_FINDINGS) {
        ot_buf name = OT_BUF_INIT;
        ot_buf_printf(&name, "%s-search", ot_db_path(db));
        c->file = ot_buf_steal(&name);
        if (c->file && map_cache(c, &want) == 0) {
            const corpus_header *h = c->map;
            const char *text = (const char *)c->map + sizeof *h + h->count * sizeof(int64_t);
            c->scan = ot_textscan_from_lines(text, h->text_len, err);
            if (c->scan && ot_textscan_count(c->scan) == c->count)
                return c;
            /* A damaged cache: forget it and rebuild. */
            ot_textscan_free(c->scan);
            c->scan = NULL;
            munmap(c->map, c->map_len);
            c->map = NULL;
            ot_error_clear(err);
        }
    }

    ot_buf text = OT_BUF_INIT;
    if (read_paragraphs(db, kind, &text, &c->owned_ids, &c->count, err) < 0) {
        ot_buf_free(&text);
        ot_corpus_free(c);
        return NULL;
    }
    c->ids = c->owned_ids;
    want.count = c->count;
    want.text_len = text.len;
    if (c->file)
        write_cache(c, &want, c->owned_ids, &text);
    c->owned_text = ot_buf_steal(&text);
    c->scan = ot_textscan_from_lines(c->owned_text, want.text_len, err);
    if (!c->scan) {
        ot_corpus_free(c);
        return NULL;
    }
    return c;
}

const ot_textscan *ot_corpus_scan(const ot_corpus *c)
{
    return c->scan;
}

long long ot_corpus_id(const ot_corpus *c, size_t i)
{
    return i < c->count ? c->ids[i] : -1;
}

size_t ot_corpus_index_of(const ot_corpus *c, long long id)
{
    size_t lo = 0, hi = c->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->count && c->ids[lo] == id ? lo : (size_t)-1;
}

const char *ot_corpus_file(const ot_corpus *c)
{
    return c->map ? c->file : NULL;
}

void ot_corpus_free(ot_corpus *c)
{
    if (!c)
        return;
    ot_textscan_free(c->scan);
    if (c->map)
        munmap(c->map, c->map_len);
    free(c->owned_ids);
    free(c->owned_text);
    free(c->file);
    free(c);
}
