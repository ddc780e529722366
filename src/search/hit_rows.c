/* The rows behind search hits: see ofsted-tui/hit_rows.h.
 *
 * File layout, version 3 (native byte order, like the corpus file: it
 * never leaves this machine):
 *   header    magic "OTROWS3\0", database id (40 bytes), then u64 each:
 *             the corpus file's fingerprint (its paragraphs, in their
 *             order), findings generation, data generation, schema version,
 *             paragraph count, inspection count, section count, run count,
 *             string bytes, a hash of everything after the header, and a
 *             check word over the header
 *   paras     count x {u32 inspection, u16 section, u16 plain (1 when the
 *             text holds nothing ot_escape would change), i32 paragraph,
 *             i32 page}
 *   insps     inspections x {i64 id, u32 strings x 6 (authority, start
 *             date, framework, region, published, web link: offsets into
 *             strings, NONE when absent), i32 overall, u32 first run},
 *             ascending by id
 *   runs      runs x {u32 a, u32 b}: an inspection's paragraphs, from its
 *             first run to the next inspection's
 *   orders    OT_HIT_N_ORDERS x inspections x u32
 *   sections  sections x u32 string offsets
 *   strings   NUL-terminated strings, the last byte NUL
 * Each part starts at a multiple of 8; the file ends with the strings.
 * Everything is checked before it is believed: offsets and indices in
 * range, runs that cover each paragraph once under its own inspection,
 * orders that list each inspection once, the hash. */
#include "config.h"

#include "ofsted-tui/hit_rows.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_check.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/escape.h"

#define MAGIC "OTROWS3"
#define ID_FIELD 40
#define NONE UINT32_MAX
#define N_STRINGS 6

typedef struct rows_header {
    char magic[8];
    char database_id[ID_FIELD];
    uint64_t corpus_fingerprint;
    uint64_t findings_generation;
    uint64_t data_generation;
    uint64_t schema_version;
    uint64_t count;
    uint64_t n_insp;
    uint64_t n_sections;
    uint64_t n_runs;
    uint64_t strings_len;
    uint64_t body_hash;
    uint64_t check;
} rows_header;

struct para_rec {
    uint32_t inspection;
    uint16_t section;
    uint16_t plain; /* 1 when the text needs no escaping to be printed */
    int32_t paragraph, page;
};

struct insp_rec {
    int64_t id;
    uint32_t str[N_STRINGS]; /* authority, start_date, framework, region, published, web_link */
    int32_t overall;
    uint32_t first_run;
};

/* Where each part starts, for a header's counts. */
struct layout {
    uint64_t paras, insps, runs, orders, sections, strings, size;
};

struct ot_hit_rows {
    const struct para_rec *paras;
    const struct insp_rec *insps;
    const uint32_t *runs;
    const uint32_t *orders;
    const uint32_t *sections;
    const char *strings;
    size_t count, n_insp, n_sections, n_runs, strings_len;
    void *map;
    size_t map_len;
    char *owned;
    bool rebuilt;
};

static uint64_t align8(uint64_t n)
{
    return (n + 7) / 8 * 8;
}

/* The layout, or -1 when the counts cannot fit in limit bytes (checked
 * part by part, so nothing overflows). */
static int layout_of(const rows_header *h, uint64_t limit, struct layout *l)
{
    if (h->count > limit / sizeof(struct para_rec) || h->n_insp > limit / sizeof(struct insp_rec) ||
        h->n_runs > limit / 8 || h->n_sections > limit / 4 || h->strings_len > limit ||
        h->count >= NONE || h->n_insp >= NONE || h->n_sections > UINT16_MAX || h->strings_len >= NONE)
        return -1;
    l->paras = align8(sizeof(rows_header));
    l->insps = l->paras + h->count * sizeof(struct para_rec);
    l->runs = l->insps + h->n_insp * sizeof(struct insp_rec);
    l->orders = l->runs + h->n_runs * 8;
    l->sections = align8(l->orders + (uint64_t)OT_HIT_N_ORDERS * h->n_insp * 4);
    l->strings = align8(l->sections + h->n_sections * 4);
    l->size = l->strings + h->strings_len;
    return l->size <= limit ? 0 : -1;
}

static uint64_t header_check(const rows_header *h)
{
    return ot_check_word(h, offsetof(rows_header, check));
}

static void attach(ot_hit_rows *r, const char *base, const rows_header *h, const struct layout *l)
{
    r->paras = (const struct para_rec *)(const void *)(base + l->paras);
    r->insps = (const struct insp_rec *)(const void *)(base + l->insps);
    r->runs = (const uint32_t *)(const void *)(base + l->runs);
    r->orders = (const uint32_t *)(const void *)(base + l->orders);
    r->sections = (const uint32_t *)(const void *)(base + l->sections);
    r->strings = base + l->strings;
    r->count = (size_t)h->count;
    r->n_insp = (size_t)h->n_insp;
    r->n_sections = (size_t)h->n_sections;
    r->n_runs = (size_t)h->n_runs;
    r->strings_len = (size_t)h->strings_len;
}

/* True when the tables of the file mapped for r are sound (see the layout
 * above); its header passed already. */
static bool content_ok(const ot_hit_rows *r)
{
    const rows_header *h = r->map;
    size_t body = r->map_len - sizeof *h;
    if (ot_corpus_text_hash((const char *)r->map + sizeof *h, body) != h->body_hash)
        return 0;
    if (r->strings_len == 0 || r->strings[r->strings_len - 1] != '\0')
        return 0;
    uint64_t bad = 0;
    for (size_t i = 0; i < r->count; i++)
        bad |= (uint64_t)(r->paras[i].inspection >= r->n_insp) | (uint64_t)(r->paras[i].section >= r->n_sections) |
               (uint64_t)(r->paras[i].plain > 1);
    for (size_t s = 0; s < r->n_sections; s++)
        bad |= (uint64_t)(r->sections[s] >= r->strings_len);
    if (bad)
        return 0;
    size_t covered = 0;
    for (size_t j = 0; j < r->n_insp; j++) {
        const struct insp_rec *in = &r->insps[j];
        if ((j > 0 && in->id <= r->insps[j - 1].id) || in->overall < 0 || in->overall > 4)
            return 0;
        for (int k = 0; k < N_STRINGS; k++)
            if (in->str[k] != NONE && in->str[k] >= r->strings_len)
                return 0;
        uint32_t end = j + 1 < r->n_insp ? r->insps[j + 1].first_run : (uint32_t)r->n_runs;
        if (in->first_run > end || end > r->n_runs)
            return 0;
        for (uint32_t k = in->first_run; k < end; k++) {
            uint32_t a = r->runs[2 * k], b = r->runs[2 * k + 1];
            if (a >= b || b > r->count || (k > in->first_run && a <= r->runs[2 * k - 1]))
                return 0;
            for (uint32_t i = a; i < b; i++)
                if (r->paras[i].inspection != j)
                    return 0;
            covered += b - a;
        }
    }
    if ((r->n_insp ? r->insps[0].first_run : 0) != 0 || covered != r->count)
        return 0;
    unsigned char *seen = malloc(r->n_insp ? r->n_insp : 1);
    if (!seen)
        return 0;
    int ok = 1;
    for (int o = 0; ok && o < OT_HIT_N_ORDERS; o++) {
        memset(seen, 0, r->n_insp);
        const uint32_t *ord = r->orders + (size_t)o * r->n_insp;
        for (size_t j = 0; ok && j < r->n_insp; j++) {
            if (ord[j] >= r->n_insp || seen[ord[j]])
                ok = 0;
            else
                seen[ord[j]] = 1;
        }
    }
    free(seen);
    return ok;
}

/* ------------------------------------------------------------ building */

/* Strings, each kept once. */
struct strings {
    ot_buf text;
    uint32_t *slots; /* open addressing: offset + 1, 0 empty */
    size_t n_slots, n;
};


/* The offset of s (NUL-terminated) in st, added when new; NONE for NULL.
 * Returns 0, or -1 when out of memory or the strings outgrow 4 GB. */
static int intern(struct strings *st, const char *s, uint32_t *out)
{
    if (!s) {
        *out = NONE;
        return 0;
    }
    size_t len = strlen(s);
    if (st->n * 2 >= st->n_slots) {
        size_t n_slots = st->n_slots ? st->n_slots * 2 : 1024;
        uint32_t *slots = calloc(n_slots, sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < st->n_slots; i++) {
            if (!st->slots[i])
                continue;
            const char *t = st->text.data + st->slots[i] - 1;
            size_t k = ot_check_word(t, strlen(t)) & (n_slots - 1);
            while (slots[k])
                k = (k + 1) & (n_slots - 1);
            slots[k] = st->slots[i];
        }
        free(st->slots);
        st->slots = slots;
        st->n_slots = n_slots;
    }
    size_t k = ot_check_word(s, len) & (st->n_slots - 1);
    for (; st->slots[k]; k = (k + 1) & (st->n_slots - 1)) {
        const char *t = st->text.data + st->slots[k] - 1;
        if (strcmp(t, s) == 0) {
            *out = st->slots[k] - 1;
            return 0;
        }
    }
    if (st->text.len + len + 1 >= NONE - 1)
        return -1;
    *out = (uint32_t)st->text.len;
    if (ot_buf_append(&st->text, s, len + 1) < 0)
        return -1;
    st->slots[k] = *out + 1;
    st->n++;
    return 0;
}

/* What a build collects before it is laid out. */
struct build {
    rows_header h;
    struct para_rec *paras;
    struct insp_rec *insps;
    uint32_t *runs;
    uint32_t *orders;
    uint32_t *sections;
    size_t n_sections_cap, runs_cap;
    struct strings st;
};

static void build_free(struct build *b)
{
    free(b->paras);
    free(b->insps);
    free(b->runs);
    free(b->orders);
    free(b->sections);
    ot_buf_free(&b->st.text);
    free(b->st.slots);
}

static size_t find_insp(const struct insp_rec *insps, size_t n, long long id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (insps[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && insps[lo].id == id ? lo : (size_t)-1;
}

static const char *column_text(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

static int read_inspections(ot_db *db, struct build *b, ot_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db),
                           "SELECT i.id, a.name, i.start_date, i.framework, a.region, i.published, i.web_link,"
                           " (SELECT grade FROM judgement o WHERE o.inspection_id = i.id AND o.area = 'overall')"
                           " FROM inspection i JOIN authority a ON a.id = i.authority_id ORDER BY i.id",
                           -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (b->h.n_insp == cap) {
            cap = cap ? cap * 2 : 1024;
            struct insp_rec *g = realloc(b->insps, cap * sizeof *g);
            if (!g)
                goto nomem;
            b->insps = g;
        }
        struct insp_rec *in = &b->insps[b->h.n_insp];
        memset(in, 0, sizeof *in);
        in->id = sqlite3_column_int64(st, 0);
        for (int k = 0; k < N_STRINGS; k++)
            if (intern(&b->st, column_text(st, k + 1), &in->str[k]) < 0)
                goto nomem;
        int overall = sqlite3_column_int(st, 7);
        in->overall = overall >= 1 && overall <= 4 ? overall : 0;
        b->h.n_insp++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : ot_db_fail(db, err);
nomem:
    sqlite3_finalize(st);
    ot_error_set(err, "out of memory reading the inspections");
    return -1;
}

static int section_index(struct build *b, const char *key, uint32_t *out)
{
    uint32_t off;
    if (intern(&b->st, key ? key : "", &off) < 0)
        return -1;
    for (size_t s = 0; s < b->h.n_sections; s++)
        if (b->sections[s] == off) {
            *out = (uint32_t)s;
            return 0;
        }
    if (b->h.n_sections == UINT16_MAX)
        return -1; /* more section names than any database has */
    if (b->h.n_sections == b->n_sections_cap) {
        size_t cap = b->n_sections_cap ? b->n_sections_cap * 2 : 16;
        uint32_t *g = realloc(b->sections, cap * sizeof *g);
        if (!g)
            return -1;
        b->sections = g;
        b->n_sections_cap = cap;
    }
    b->sections[b->h.n_sections] = off;
    *out = (uint32_t)b->h.n_sections++;
    return 0;
}

/* Every paragraph of the corpus, in its order (see corpus.h), which must
 * be the database's: the corpus was read in the same snapshot. */
static int read_paragraphs(ot_db *db, const ot_corpus *c, ot_corpus_kind kind, struct build *b, ot_error *err)
{
    const char *sql = kind == OT_CORPUS_FINDINGS
                          ? "SELECT f.id, f.inspection_id, f.section, f.paragraph, f.page"
                            " FROM inspection i CROSS JOIN finding f ON f.inspection_id = i.id"
                            " ORDER BY " OT_CORPUS_ORDER_SQL ", f.id"
                          : "SELECT f.id, f.inspection_id, 'action', f.ordinal, 0"
                            " FROM inspection i CROSS JOIN action f ON f.inspection_id = i.id"
                            " ORDER BY " OT_CORPUS_ORDER_SQL ", f.id";
    const ot_textscan *scan = ot_corpus_scan(c);
    size_t count = ot_textscan_count(scan);
    b->paras = malloc((count ? count : 1) * sizeof *b->paras);
    if (!b->paras) {
        ot_error_set(err, "out of memory reading the findings");
        return -1;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ot_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        return ot_db_fail(db, err);
    /* Sections come by the million but are few: remember the last. */
    char last_section[64] = "";
    uint32_t last_index = NONE;
    size_t i = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (i >= count || sqlite3_column_int64(st, 0) != ot_corpus_id(c, i))
            break;
        size_t j = find_insp(b->insps, (size_t)b->h.n_insp, sqlite3_column_int64(st, 1));
        if (j == (size_t)-1)
            break;
        const char *section = column_text(st, 2);
        if (!section)
            section = "";
        uint32_t s = last_index;
        if (s == NONE || strcmp(section, last_section) != 0) {
            if (section_index(b, section, &s) < 0) {
                sqlite3_finalize(st);
                ot_error_set(err, "out of memory reading the findings");
                return -1;
            }
            snprintf(last_section, sizeof last_section, "%s", section);
            last_index = strlen(section) < sizeof last_section ? s : NONE;
        }
        size_t len;
        const char *text = ot_textscan_para(scan, i, &len);
        b->paras[i].inspection = (uint32_t)j;
        b->paras[i].section = (uint16_t)s;
        b->paras[i].plain = ot_escape_prefix_utf8(text, len, false) == len;
        b->paras[i].paragraph = sqlite3_column_int(st, 3);
        b->paras[i].page = sqlite3_column_int(st, 4);
        i++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return ot_db_fail(db, err);
    if (rc == SQLITE_ROW || i != count) {
        ot_error_set(err, "%s: the search index does not match the database; run the search again", ot_db_path(db));
        return -1;
    }
    b->h.count = count;
    if (b->h.n_sections == 0 && section_index(b, "", &(uint32_t){0}) < 0) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    return 0;
}

/* Each inspection's paragraphs as runs, from the paragraphs' inspections. */
static int make_runs(struct build *b)
{
    size_t n = (size_t)b->h.n_insp, count = (size_t)b->h.count;
    uint32_t *first = calloc(n + 1, sizeof *first);   /* where each one's list starts */
    uint32_t *list = malloc((count ? count : 1) * sizeof *list);
    if (!first || !list) {
        free(first);
        free(list);
        return -1;
    }
    for (size_t i = 0; i < count; i++)
        first[b->paras[i].inspection + 1]++;
    for (size_t j = 0; j < n; j++)
        first[j + 1] += first[j];
    uint32_t *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!fill) {
        free(first);
        free(list);
        return -1;
    }
    memcpy(fill, first, n * sizeof *fill);
    for (size_t i = 0; i < count; i++)
        list[fill[b->paras[i].inspection]++] = (uint32_t)i;
    free(fill);
    int rc = 0;
    for (size_t j = 0; j < n && rc == 0; j++) {
        b->insps[j].first_run = (uint32_t)b->h.n_runs;
        for (uint32_t k = first[j]; k < first[j + 1]; k++) {
            uint32_t i = list[k];
            if (b->h.n_runs > b->insps[j].first_run && b->runs[2 * b->h.n_runs - 1] == i) {
                b->runs[2 * b->h.n_runs - 1] = i + 1;
                continue;
            }
            if (b->h.n_runs == b->runs_cap) {
                size_t cap = b->runs_cap ? b->runs_cap * 2 : 1024;
                uint32_t *g = realloc(b->runs, 2 * cap * sizeof *g);
                if (!g) {
                    rc = -1;
                    break;
                }
                b->runs = g;
                b->runs_cap = cap;
            }
            b->runs[2 * b->h.n_runs] = i;
            b->runs[2 * b->h.n_runs + 1] = i + 1;
            b->h.n_runs++;
        }
    }
    free(first);
    free(list);
    return rc;
}

/* The inspections in each order.  The SQL here is the one definition of
 * the sort orders of search hits. */
static int read_orders(ot_db *db, struct build *b, ot_error *err)
{
    static const char *const order_by[OT_HIT_N_ORDERS] = {
        OT_CORPUS_ORDER_SQL,
        "a.name COLLATE NOCASE, a.id, i.start_date DESC, i.id DESC",
        "o.grade IS NULL, o.grade, i.start_date DESC, i.id DESC",
    };
    size_t n = (size_t)b->h.n_insp;
    b->orders = malloc((n ? n : 1) * OT_HIT_N_ORDERS * sizeof *b->orders);
    if (!b->orders) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    for (int o = 0; o < OT_HIT_N_ORDERS; o++) {
        ot_buf sql = OT_BUF_INIT;
        ot_buf_printf(&sql,
                      "SELECT i.id FROM inspection i JOIN authority a ON a.id = i.authority_id"
                      " LEFT JOIN judgement o ON o.inspection_id = i.id AND o.area = 'overall' ORDER BY %s",
                      order_by[o]);
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(ot_db_handle(db), ot_buf_str(&sql), -1, &st, NULL);
        ot_buf_free(&sql);
        if (rc != SQLITE_OK)
            return ot_db_fail(db, err);
        uint32_t *out = b->orders + (size_t)o * n;
        size_t k = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            size_t j = find_insp(b->insps, n, sqlite3_column_int64(st, 0));
            if (j == (size_t)-1 || k == n)
                break;
            out[k++] = (uint32_t)j;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return ot_db_fail(db, err);
        if (rc == SQLITE_ROW || k != n) {
            ot_error_set(err, "%s: the inspections changed while they were read", ot_db_path(db));
            return -1;
        }
    }
    return 0;
}

/* memcpy for parts that may be empty (and then NULL). */
static void copy_part(char *to, const void *from, size_t n)
{
    if (n)
        memcpy(to, from, n);
}

/* The file image of a finished build (malloc'd, *size bytes). */
static char *lay_out(struct build *b, size_t *size)
{
    if (ot_buf_putc(&b->st.text, '\0') < 0) /* never empty; the last byte NUL */
        return NULL;
    b->h.strings_len = b->st.text.len;
    struct layout l;
    if (layout_of(&b->h, SIZE_MAX / 2, &l) < 0)
        return NULL;
    char *img = calloc(1, (size_t)l.size);
    if (!img)
        return NULL;
    copy_part(img + l.paras, b->paras, (size_t)b->h.count * sizeof *b->paras);
    copy_part(img + l.insps, b->insps, (size_t)b->h.n_insp * sizeof *b->insps);
    copy_part(img + l.runs, b->runs, (size_t)b->h.n_runs * 8);
    copy_part(img + l.orders, b->orders, (size_t)b->h.n_insp * OT_HIT_N_ORDERS * 4);
    copy_part(img + l.sections, b->sections, (size_t)b->h.n_sections * 4);
    copy_part(img + l.strings, b->st.text.data, (size_t)b->h.strings_len);
    b->h.body_hash = ot_corpus_text_hash(img + sizeof b->h, (size_t)(l.size - sizeof b->h));
    b->h.check = header_check(&b->h);
    memcpy(img, &b->h, sizeof b->h);
    *size = (size_t)l.size;
    return img;
}

/* Write the image to file, atomically.  Best effort: 0 or -1. */
static int write_file(const char *file, const char *img, size_t size)
{
    ot_buf tmp = OT_BUF_INIT;
    if (ot_file_temp_path(&tmp, file) < 0) {
        ot_buf_free(&tmp);
        return -1;
    }
    FILE *f = fopen(ot_buf_str(&tmp), "wb");
    int rc = f && fwrite(img, 1, size, f) == size ? 0 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc == 0) {
        ot_file_stamp_drop(file);
        if (rename(ot_buf_str(&tmp), file) < 0)
            rc = -1;
    }
    if (rc < 0)
        unlink(ot_buf_str(&tmp));
    ot_buf_free(&tmp);
    return rc;
}

/* ------------------------------------------------------------ opening */

static void meta_u64(ot_db *db, const char *key, uint64_t *out)
{
    char *v = ot_db_meta_get(db, key);
    *out = v ? strtoull(v, NULL, 10) : 0;
    free(v);
}

/* The header a current file must have (counts and hashes aside). */
static void wanted_header(ot_db *db, const ot_corpus *c, rows_header *h)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, MAGIC, sizeof h->magic);
    h->corpus_fingerprint = ot_corpus_fingerprint(c);
    char *id = ot_db_meta_get(db, "database_id");
    snprintf(h->database_id, sizeof h->database_id, "%s", id ? id : "");
    free(id);
    meta_u64(db, "findings_generation", &h->findings_generation);
    meta_u64(db, "data_generation", &h->data_generation);
    h->schema_version = (uint64_t)ot_db_schema_version();
}

/* Map file when it is current for want and sound. */
static bool rows_ok(const void *data)
{
    const ot_hit_rows *r = data;
    return content_ok(r);
}

static int map_file(ot_hit_rows *r, const char *file, const rows_header *want, size_t count)
{
    int fd;
    size_t size;
    void *map = ot_file_map(file, sizeof(rows_header), &size, &fd);
    if (!map)
        return -1;
    const rows_header *h = map;
    struct layout l;
    int ok = memcmp(h->magic, want->magic, sizeof h->magic) == 0 && h->check == header_check(h) &&
             memcmp(h->database_id, want->database_id, ID_FIELD) == 0 &&
             h->corpus_fingerprint == want->corpus_fingerprint &&
             h->findings_generation == want->findings_generation && h->data_generation == want->data_generation &&
             h->schema_version == want->schema_version && h->count == count &&
             layout_of(h, size, &l) == 0 && l.size == size;
    if (ok) {
        attach(r, map, h, &l);
        r->map = map;
        r->map_len = size;
        ok = ot_file_verified(file, fd, rows_ok, r);
    }
    close(fd);
    if (!ok) {
        munmap(map, size);
        memset(r, 0, sizeof *r);
        return -1;
    }
    return 0;
}

ot_hit_rows *ot_hit_rows_open(ot_db *db, const ot_corpus *c, ot_corpus_kind kind, ot_error *err)
{
    ot_hit_rows *r = calloc(1, sizeof *r);
    if (!r) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    struct build b;
    memset(&b, 0, sizeof b);
    wanted_header(db, c, &b.h);
    size_t count = ot_textscan_count(ot_corpus_scan(c));
    char *file = NULL;
    if (kind == OT_CORPUS_FINDINGS && ot_corpus_file(c)) {
        ot_buf name = OT_BUF_INIT;
        ot_buf_printf(&name, "%s-search-rows", ot_db_path(db));
        file = ot_buf_steal(&name);
        if (file && map_file(r, file, &b.h, count) == 0) {
            free(file);
            return r;
        }
    }
    r->rebuilt = true;
    size_t size = 0;
    char *img = NULL;
    if (read_inspections(db, &b, err) < 0 || read_paragraphs(db, c, kind, &b, err) < 0 ||
        read_orders(db, &b, err) < 0)
        goto fail;
    if (make_runs(&b) < 0 || !(img = lay_out(&b, &size))) {
        ot_error_set(err, "out of memory");
        goto fail;
    }
    if (file)
        write_file(file, img, size); /* a cache: serving from memory is as good */
    struct layout l;
    layout_of(&b.h, size, &l);
    attach(r, img, &b.h, &l);
    r->owned = img;
    build_free(&b);
    free(file);
    return r;
fail:
    build_free(&b);
    free(file);
    free(r);
    return NULL;
}

void ot_hit_rows_free(ot_hit_rows *r)
{
    if (!r)
        return;
    if (r->map)
        munmap(r->map, r->map_len);
    free(r->owned);
    free(r);
}

bool ot_hit_rows_rebuilt(const ot_hit_rows *r)
{
    return r->rebuilt;
}

size_t ot_hit_rows_inspections(const ot_hit_rows *r)
{
    return r->n_insp;
}

size_t ot_hit_rows_sections(const ot_hit_rows *r)
{
    return r->n_sections;
}

static const char *string_at(const ot_hit_rows *r, uint32_t off)
{
    return off == NONE || off >= r->strings_len ? NULL : r->strings + off;
}

void ot_hit_rows_inspection(const ot_hit_rows *r, size_t j, ot_hit_inspection *out)
{
    const struct insp_rec *in = &r->insps[j];
    out->id = in->id;
    out->authority = string_at(r, in->str[0]);
    out->start_date = string_at(r, in->str[1]);
    out->framework = string_at(r, in->str[2]);
    out->region = string_at(r, in->str[3]);
    out->published = string_at(r, in->str[4]);
    out->web_link = string_at(r, in->str[5]);
    out->overall = in->overall;
}

size_t ot_hit_rows_find_inspection(const ot_hit_rows *r, long long id)
{
    return find_insp(r->insps, r->n_insp, id);
}

size_t ot_hit_rows_inspection_of(const ot_hit_rows *r, size_t i)
{
    return r->paras[i].inspection;
}

size_t ot_hit_rows_section_of(const ot_hit_rows *r, size_t i)
{
    return r->paras[i].section;
}

int ot_hit_rows_paragraph(const ot_hit_rows *r, size_t i)
{
    return r->paras[i].paragraph;
}

int ot_hit_rows_page(const ot_hit_rows *r, size_t i)
{
    return r->paras[i].page;
}

bool ot_hit_rows_plain(const ot_hit_rows *r, size_t i)
{
    return r->paras[i].plain;
}

const char *ot_hit_rows_section_name(const ot_hit_rows *r, size_t s)
{
    return s < r->n_sections ? string_at(r, r->sections[s]) : NULL;
}

size_t ot_hit_rows_find_section(const ot_hit_rows *r, const char *key)
{
    for (size_t s = 0; s < r->n_sections; s++)
        if (strcmp(r->strings + r->sections[s], key) == 0)
            return s;
    return (size_t)-1;
}

const uint32_t *ot_hit_rows_order(const ot_hit_rows *r, ot_hit_order o)
{
    return r->orders + (size_t)o * r->n_insp;
}

const uint32_t *ot_hit_rows_runs(const ot_hit_rows *r, size_t j, size_t *n)
{
    uint32_t end = j + 1 < r->n_insp ? r->insps[j + 1].first_run : (uint32_t)r->n_runs;
    *n = end - r->insps[j].first_run;
    return r->runs + 2 * (size_t)r->insps[j].first_run;
}
