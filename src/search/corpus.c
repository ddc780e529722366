/* The search corpus: see ofsted-tui/corpus.h.
 *
 * File layout, version 5 (native byte order and 64-bit words: the file
 * never leaves this machine, and another build rebuilds it):
 *   header   magic "OTSRCH5\0", database id (32 hex digits + NUL, padded to
 *            40 bytes), then u64 each: findings generation, data
 *            generation, paragraph count, text length, has_sk (see
 *            textscan.h), text offset, a hash of the text, and a check
 *            word over the header; zero bytes up to the text offset, 4096
 *   text     count lines, each ending in '\n', in the order of corpus.h
 *   padding  zero bytes up to a multiple of 8
 *   ids      count x int64
 *   starts   count + 1 x u64: paragraph i is text[starts[i], starts[i+1] - 1)
 * Saving the paragraph index means a search maps the file and scans at
 * once, with no pass over the text to find line ends or check UTF-8.  The
 * index comes after the text so that the file is written in one stream as
 * the paragraphs are read from the database: building it never holds the
 * text in memory, only the index.
 * Paragraph text in the corpus never holds '\n' or '\r' (they become
 * spaces) and is valid UTF-8 (bad bytes become U+FFFD), so that the scan
 * can work line by line.
 *
 * Opening checks the header and its check word and the file size, then
 * starts increasing and ending at the text length, and the
 * text itself: it is data from disk like any other, and one changed byte
 * (invalid UTF-8, a line end moved or turned into '\r') would crash the
 * scan or miscount silently.  Anything wrong and the file is rebuilt.  The
 * content check is a pass over the whole file, so once it has passed a
 * stamp records it (file_check.h) and later opens skip it while the file
 * is unchanged. */
#include "config.h"

#include "ofsted-tui/corpus.h"

#include <errno.h>
#include <stddef.h>
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
#include "file_check.h"

#define MAGIC "OTSRCH5"
#define ID_FIELD 40
#define TEXT_OFF 4096u

typedef struct corpus_header {
    char magic[8];
    char database_id[ID_FIELD];
    uint64_t generation;      /* meta findings_generation */
    uint64_t data_generation; /* meta data_generation */
    uint64_t count;
    uint64_t text_len;
    uint64_t has_sk;
    uint64_t text_off;
    uint64_t text_hash; /* ot_corpus_text_hash() of the text */
    uint64_t check;
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
    bool rebuilt;
};

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

/* The paragraphs' index as they are read: ids, line starts, and whether
 * the text has characters that caseless s and k match. */
struct index {
    int64_t *ids;
    uint64_t *starts; /* count + 1 */
    size_t count, cap;
    uint64_t text_len;
    bool has_sk;
};

static int index_add(struct index *ix, int64_t id, const char *line, size_t len)
{
    if (ix->count + 1 >= ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 4096;
        int64_t *ids = realloc(ix->ids, cap * sizeof *ids);
        if (!ids)
            return -1;
        ix->ids = ids;
        uint64_t *starts = realloc(ix->starts, cap * sizeof *starts);
        if (!starts)
            return -1;
        ix->starts = starts;
        ix->cap = cap;
    }
    ix->ids[ix->count] = id;
    ix->starts[ix->count++] = ix->text_len;
    ix->text_len += len;
    ix->starts[ix->count] = ix->text_len;
    /* U+017F and U+212A, as ot_textscan_has_sk counts them */
    if (!ix->has_sk && (memmem(line, len, "\xC5\xBF", 2) || memmem(line, len, "\xE2\x84\xAA", 3)))
        ix->has_sk = true;
    return 0;
}

static void index_free(struct index *ix)
{
    free(ix->ids);
    free(ix->starts);
    memset(ix, 0, sizeof *ix);
}

/* Where the paragraph lines go: a file (f) or memory (text). */
struct sink {
    FILE *f;
    ot_buf *text;
};

/* Read every paragraph of kind from the database, in the corpus's order
 * (see corpus.h), into the sink and the index.  Returns 0; -1 with err set when the database could
 * not be read or memory ran out; -2 with err clear when the sink's file
 * could not be written. */
static int read_paragraphs(ot_db *db, ot_corpus_kind kind, struct sink *out, struct index *ix, ot_error *err)
{
    /* CROSS JOIN keeps the inspections outside: SQLite then walks them in
     * date order through their index and sorts only each one's paragraphs,
     * instead of sorting the whole text. */
    const char *sql = kind == OT_CORPUS_FINDINGS
                          ? "SELECT f.id, f.text FROM inspection i CROSS JOIN finding f ON f.inspection_id = i.id"
                            " ORDER BY " OT_CORPUS_ORDER_SQL ", f.id"
                          : "SELECT f.id, f.text FROM inspection i CROSS JOIN action f ON f.inspection_id = i.id"
                            " ORDER BY " OT_CORPUS_ORDER_SQL ", f.id";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    ot_buf line = OT_BUF_INIT;
    int rc;
    const char *failed = NULL;
    bool write_failed = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 1);
        ot_buf *dest = out->f ? &line : out->text;
        if (out->f)
            ot_buf_reset(&line);
        size_t at = dest->len;
        if (append_line(dest, t ? t : "", (size_t)sqlite3_column_bytes(st, 1)) < 0 ||
            index_add(ix, sqlite3_column_int64(st, 0), dest->data + at, dest->len - at) < 0) {
            failed = "out of memory reading the findings";
            break;
        }
        if (out->f && fwrite(line.data, 1, line.len, out->f) != line.len) {
            write_failed = true;
            break;
        }
    }
    sqlite3_finalize(st);
    ot_buf_free(&line);
    if (write_failed)
        return -2;
    if (failed) {
        ot_error_set(err, "%s", failed);
        return -1;
    }
    if (rc != SQLITE_DONE)
        return ot_db_fail(db, err);
    return 0;
}

static void meta_or_empty(ot_db *db, const char *key, char *out, size_t size)
{
    char *v = ot_db_meta_get(db, key);
    snprintf(out, size, "%s", v ? v : "");
    free(v);
}

static uint64_t header_check(const corpus_header *h)
{
    return ot_check_word(h, offsetof(corpus_header, check));
}

/* Where the ids start: after the text, at a multiple of 8. */
static uint64_t ids_offset(uint64_t text_len)
{
    return (TEXT_OFF + text_len + 7) / 8 * 8;
}

/* A hash of the text, to catch a changed byte that leaves it valid
 * ("children" read as "chiadren").  Four lanes of multiply-xor over 8-byte
 * words keep it at memory speed. */
uint64_t ot_corpus_text_hash(const char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15u;
    uint64_t a = 1, b = 2, c = 3, d = 4;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        uint64_t w[4];
        memcpy(w, p + i, sizeof w);
        a = (a ^ w[0]) * k;
        b = (b ^ w[1]) * k;
        c = (c ^ w[2]) * k;
        d = (d ^ w[3]) * k;
        a ^= a >> 31;
        b ^= b >> 31;
        c ^= c >> 31;
        d ^= d >> 31;
    }
    uint64_t x = a ^ (b * 3) ^ (c * 5) ^ (d * 7) ^ n;
    for (; i < n; i++)
        x = (x ^ (unsigned char)p[i]) * 0x100000001b3u;
    x ^= x >> 29;
    return x;
}

/* 1 when the text of a sound-looking file is what the scan may assume:
 * valid UTF-8 (the regex runs without its own UTF check, and a bad byte
 * would crash the JIT), '\n' exactly at each paragraph's end and nowhere
 * else, and no '\r'.  A full pass, but memchr and the ASCII fast path of
 * the UTF-8 check make it cheap next to any search. */
static int text_ok(const char *text, size_t text_len, const uint64_t *starts, size_t count, uint64_t hash)
{
    if (ot_corpus_text_hash(text, text_len) != hash || !ot_utf8_valid(text, text_len, NULL) || memchr(text, '\r', text_len))
        return 0;
    const char *p = text, *end = text + text_len;
    for (size_t i = 0; i < count; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl != text + starts[i + 1] - 1)
            return 0;
        p = nl + 1;
    }
    return p == end;
}

/* 1 when the mapped file m of size bytes has the header of a corpus for
 * want, with sizes that fit the file: all that is checked when the file's
 * stamp says its content passed before. */
static int header_ok(const void *m, size_t size, const corpus_header *want)
{
    const corpus_header *h = m;
    if (memcmp(h->magic, MAGIC, sizeof h->magic) != 0 || h->check != header_check(h) ||
        memcmp(h->database_id, want->database_id, ID_FIELD) != 0 ||
        h->generation != want->generation || h->data_generation != want->data_generation || h->has_sk > 1)
        return 0;
    /* Sizes, without overflow: each is bounded by the file size first. */
    if (h->text_off != TEXT_OFF || h->text_len > size || h->count > size / 16 ||
        ids_offset(h->text_len) + h->count * 16 + 8 != size)
        return 0;
    return 1;
}

/* True when the content of a corpus file whose header passed is sound. */
static bool content_ok(const void *m)
{
    const corpus_header *h = m;
    size_t count = (size_t)h->count;
    const int64_t *ids = (const int64_t *)(const void *)((const char *)m + ids_offset(h->text_len));
    const uint64_t *starts = (const uint64_t *)(ids + count);
    const char *text = (const char *)m + h->text_off;
    size_t text_len = (size_t)h->text_len;
    /* The loop has no early exit so that the compiler can vectorise it.
     * The ids are only printed, so any values will do. */
    uint64_t bad = starts[0] != 0 || starts[count] != text_len;
    for (size_t i = 0; i < count; i++)
        bad |= (uint64_t)(starts[i + 1] <= starts[i]);
    if (bad)
        return 0;
    /* Every line ends in '\n': look at the last and at a sample. */
    if (count > 0) {
        size_t step = count / 64 + 1;
        for (size_t i = 1; i <= count; i += step)
            if (text[starts[i] - 1] != '\n')
                return 0;
        if (text[text_len - 1] != '\n')
            return 0;
    }
    return text_ok(text, text_len, starts, count, h->text_hash);
}

/* Map the cache file when it belongs to this database and generation and
 * is sound -- checked in full unless its stamp says it passed before (see
 * file_check.h) -- and set up the scan over it without reading the text. */
static int map_cache(ot_corpus *c, const corpus_header *want, ot_error *err)
{
    if (sizeof(size_t) != sizeof(uint64_t))
        return -1; /* the saved starts are u64: rebuild in memory instead */
    int fd;
    size_t size;
    void *map = ot_file_map(c->file, sizeof(corpus_header), &size, &fd);
    if (!map)
        return -1;
    int ok = header_ok(map, size, want) && ot_file_verified(c->file, fd, content_ok, map);
    close(fd);
    if (!ok) {
        munmap(map, size);
        return -1;
    }
    const corpus_header *h = map;
    const int64_t *ids = (const int64_t *)(const void *)((const char *)map + ids_offset(h->text_len));
    const size_t *starts = (const size_t *)(const void *)(ids + h->count);
    c->scan = ot_textscan_from_index((const char *)map + h->text_off, (size_t)h->text_len,
                                     starts, (size_t)h->count, (int)h->has_sk, err);
    if (!c->scan) {
        munmap(map, size);
        return -1;
    }
    c->map = map;
    c->map_len = size;
    c->count = (size_t)h->count;
    c->ids = ids;
    return 0;
}

static int write_all(FILE *f, const void *p, size_t n)
{
    return n == 0 || fwrite(p, 1, n, f) == n ? 0 : -1;
}

/* Hash the text just written to f (flushed) into h, then seal h with its
 * check word.  The text went out line by line; reading it back through a
 * mapping costs one pass and no copy. */
static int hash_written_text(FILE *f, corpus_header *h)
{
    size_t len = (size_t)(TEXT_OFF + h->text_len);
    void *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fileno(f), 0);
    if (m == MAP_FAILED)
        return -1;
    h->text_hash = ot_corpus_text_hash((const char *)m + TEXT_OFF, (size_t)h->text_len);
    munmap(m, len);
    h->check = header_check(h);
    return 0;
}

/* Build the cache file from the database in one stream: the text as it is
 * read, then the index, then the header (so that a file cut short is never
 * believed), atomically renamed into place.  Returns 0, or -1 with err set
 * when the database could not be read, or -1 with err clear when only the
 * file could not be written (the caller then builds in memory). */
static int build_file(ot_db *db, const char *file, corpus_header *h, ot_error *err)
{
    static const char zeros[TEXT_OFF];
    ot_buf tmp = OT_BUF_INIT;
    if (ot_file_temp_path(&tmp, file) < 0)
        return -1;
    FILE *f = fopen(ot_buf_str(&tmp), "w+b") /* read back to hash */;
    if (!f) {
        ot_buf_free(&tmp);
        return -1;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    struct index ix = {0};
    struct sink out = {.f = f};
    int rc = write_all(f, zeros, TEXT_OFF) == 0 ? read_paragraphs(db, OT_CORPUS_FINDINGS, &out, &ix, err) : -2;
    if (rc == 0 && sizeof(size_t) != sizeof(uint64_t))
        rc = -1; /* the index is saved as u64: build in memory instead */
    if (rc == 0) {
        h->count = ix.count;
        h->text_len = ix.text_len;
        h->has_sk = ix.has_sk;
        h->text_off = TEXT_OFF;
        h->check = header_check(h);
        uint64_t start0 = 0;
        size_t pad = (size_t)(ids_offset(ix.text_len) - TEXT_OFF - ix.text_len);
        if (write_all(f, zeros, pad) < 0 || write_all(f, ix.ids, ix.count * sizeof *ix.ids) < 0 ||
            write_all(f, ix.count ? ix.starts : &start0, (ix.count + 1) * sizeof *ix.starts) < 0 ||
            fflush(f) != 0 || hash_written_text(f, h) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
            write_all(f, h, sizeof *h) < 0)
            rc = -1;
    }
    index_free(&ix);
    if (fclose(f) != 0)
        rc = -1;
    if (rc == 0)
        ot_file_stamp_drop(file);
    if (rc == 0 && rename(ot_buf_str(&tmp), file) < 0)
        rc = -1;
    if (rc < 0)
        unlink(ot_buf_str(&tmp));
    ot_buf_free(&tmp);
    return rc;
}

/* The corpus in memory: for actions, and when the file cannot be written. */
static int build_in_memory(ot_corpus *c, ot_db *db, ot_corpus_kind kind, ot_error *err)
{
    ot_buf text = OT_BUF_INIT;
    struct index ix = {0};
    struct sink out = {.text = &text};
    if (read_paragraphs(db, kind, &out, &ix, err) != 0) {
        ot_buf_free(&text);
        index_free(&ix);
        return -1;
    }
    free(ix.starts);
    c->owned_ids = ix.ids;
    c->ids = ix.ids;
    c->count = ix.count;
    size_t len = text.len;
    c->owned_text = ot_buf_steal(&text);
    c->scan = ot_textscan_from_lines(c->owned_text ? c->owned_text : "", len, err);
    return c->scan ? 0 : -1;
}

/* The header a current cache file of db has (sizes and hashes aside). */
static void wanted_header(ot_db *db, corpus_header *want)
{
    memset(want, 0, sizeof *want);
    memcpy(want->magic, MAGIC, sizeof want->magic);
    meta_or_empty(db, "database_id", want->database_id, sizeof want->database_id);
    char generation[32];
    meta_or_empty(db, "findings_generation", generation, sizeof generation);
    want->generation = strtoull(generation, NULL, 10);
    meta_or_empty(db, "data_generation", generation, sizeof generation);
    want->data_generation = strtoull(generation, NULL, 10);
}

/* Where db's findings corpus file is ("DB-search"; malloc'd, NULL when
 * out of memory). */
static char *file_name(ot_db *db)
{
    ot_buf name = OT_BUF_INIT;
    if (ot_buf_printf(&name, "%s-search", ot_db_path(db)) < 0) {
        ot_buf_free(&name);
        return NULL;
    }
    return ot_buf_steal(&name);
}

bool ot_corpus_file_current(ot_db *db)
{
    corpus_header want, h;
    wanted_header(db, &want);
    char *name = file_name(db);
    if (!name)
        return false;
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    free(name);
    struct stat sb;
    bool current = fd >= 0 && fstat(fd, &sb) == 0 && pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h &&
                   header_ok(&h, (size_t)sb.st_size, &want);
    if (fd >= 0)
        close(fd);
    return current;
}

ot_corpus *ot_corpus_open(ot_db *db, ot_corpus_kind kind, ot_error *err)
{
    ot_corpus *c = calloc(1, sizeof *c);
    if (!c) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    corpus_header want;
    wanted_header(db, &want);

    if (kind == OT_CORPUS_FINDINGS) {
        c->file = file_name(db);
        if (c->file && map_cache(c, &want, err) == 0)
            return c;
        ot_error_clear(err);
    }
    c->rebuilt = true;
    if (c->file) { /* findings only: build the file, then map it */
        int rc = build_file(db, c->file, &want, err);
        if (rc == 0 && map_cache(c, &want, err) == 0)
            return c;
        if (rc < 0 && ot_error_msg(err)[0]) {
            ot_corpus_free(c);
            return NULL;
        }
        ot_error_clear(err);
    }
    if (build_in_memory(c, db, kind, err) < 0) {
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

bool ot_corpus_rebuilt(const ot_corpus *c)
{
    return c->rebuilt;
}

uint64_t ot_corpus_fingerprint(const ot_corpus *c)
{
    return c->map ? ((const corpus_header *)c->map)->text_hash : 0;
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
