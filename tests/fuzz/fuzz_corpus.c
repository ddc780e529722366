/* libFuzzer target: opening a search corpus file (ofsted-tui/corpus.h)
 * from arbitrary bytes.
 *
 * A real database is made once, with a few findings; each input becomes
 * its cache file "DB-search" and ot_corpus_open must serve it exactly when
 * it is sound and otherwise rebuild it from the database -- never crash,
 * and never serve a file that disagrees with itself.
 *
 * So that the fuzzer spends its time past the identity and integrity
 * checks, the input is not the file itself: the target writes the magic,
 * this database's id and generations, then the input's first 33 bytes: the
 * header's count, text length, has_sk and text offset (u64 each, native
 * order) and a flags byte.  The rest of the input is the file from offset
 * 4096 on: the text, the ids, the paragraph starts.  The text hash and the
 * check word are computed as corpus.c does (over the text the header's
 * length names, then over the header), unless bit 1 of the flags takes the
 * hash from the input's next 8 bytes and bit 0 the check word from the 8
 * after that.
 *
 * The target decides for itself, from the format in corpus.c, whether the
 * file is sound, and checks that the loader agrees: a sound file is served
 * (and searched), an unsound one rebuilt, after which the rebuilt file is
 * served by the next open. */
#include "config.h"

#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fuzz.h"
#include "ofsted-tui/corpus.h"
#include "ofsted-tui/db.h"
#include "ofsted-tui/regex.h"
#include "ofsted-tui/textscan.h"
#include "ofsted-tui/utf8.h"

#define TEXT_OFF 4096

/* The header as corpus.c lays it out (version 5). */
struct header {
    char magic[8];
    char database_id[40];
    uint64_t generation;
    uint64_t data_generation;
    uint64_t count;
    uint64_t text_len;
    uint64_t has_sk;
    uint64_t text_off;
    uint64_t text_hash;
    uint64_t check;
};

static ot_db *db;
static char db_path[128], file_path[160];
static struct header want;
static ot_regex *patterns[3];

static uint64_t header_check(const struct header *h)
{
    const unsigned char *p = (const unsigned char *)h;
    uint64_t x = 0xcbf29ce484222325u;
    for (size_t i = 0; i < offsetof(struct header, check); i++) {
        x ^= p[i];
        x *= 0x100000001b3u;
    }
    x ^= x >> 29;
    return x;
}

static void cleanup(void)
{
    if (db)
        ot_db_close(db);
    const char *suffix[] = {"", "-search", "-wal", "-shm"};
    for (size_t i = 0; i < 4; i++) {
        char p[200];
        snprintf(p, sizeof p, "%s%s", db_path, suffix[i]);
        unlink(p);
    }
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(db_path, sizeof db_path, "%s/ot-fuzz-corpus.%ld.db",
             tmp && strlen(tmp) < 64 ? tmp : "/tmp", (long)getpid());
    snprintf(file_path, sizeof file_path, "%s-search", db_path);
    unlink(db_path);
    ot_error err = OT_ERROR_INIT;
    db = ot_db_open(db_path, OT_DB_CREATE, &err);
    FUZZ_CHECK(db != NULL, "%s", ot_error_msg(&err));
    atexit(cleanup);
    char *msg = NULL;
    int rc = sqlite3_exec(
        ot_db_handle(db),
        "INSERT INTO authority(id, name) VALUES (1, 'Testshire');"
        "INSERT INTO inspection(id, authority_id, framework, start_date) VALUES (1, 1, 'sif', '2015-01-01');"
        "INSERT INTO finding(id, inspection_id, seq, section, text) VALUES"
        " (3, 1, 1, 'in_care', 'Children are safe.'),"
        " (7, 1, 2, 'in_care', 'Leaders know their services well.'),"
        " (9, 1, 3, 'in_care', 'Care leavers ſay the Kelvin sign K is rare.');"
        "INSERT INTO meta(key, value) VALUES ('findings_generation', '1')"
        " ON CONFLICT(key) DO UPDATE SET value = '1'",
        NULL, NULL, &msg);
    FUZZ_CHECK(rc == SQLITE_OK, "%s", msg ? msg : "?");
    memcpy(want.magic, "OTSRCH5", 8);
    char *id = ot_db_meta_get(db, "database_id");
    FUZZ_CHECK(id && strlen(id) < sizeof want.database_id, "database id");
    memcpy(want.database_id, id, strlen(id));
    free(id);
    want.generation = 1;
    id = ot_db_meta_get(db, "data_generation");
    want.data_generation = id ? strtoull(id, NULL, 10) : 0;
    free(id);
    const char *pats[] = {"leaders", "^c.*e$", "(?<=the )\\w+"};
    for (size_t i = 0; i < 3; i++) {
        patterns[i] = ot_regex_new(pats[i], strlen(pats[i]), OT_REGEX_SMART_CASE, NULL, &err);
        FUZZ_CHECK(patterns[i] != NULL, "%s", ot_error_msg(&err));
    }
}

/* The i-th u64 of an unaligned array. */
static uint64_t word(const unsigned char *p, size_t i)
{
    uint64_t w;
    memcpy(&w, p + i * 8, 8);
    return w;
}

/* 1 when body (the file from TEXT_OFF on) under header h is a sound
 * corpus file, by the format in corpus.c: the sizes fit the file exactly,
 * starts rise from 0 to the text length, and the text is valid
 * UTF-8 with no '\r' and a '\n' at each paragraph's end and nowhere else.
 * The magic, identity and, unless the input gave them, the hash and check
 * word are right by construction. */
static int sound(const struct header *h, const unsigned char *body, size_t size)
{
    if (h->has_sk > 1 || h->text_off != TEXT_OFF || h->text_len > size)
        return 0;
    size_t ids_off = (size_t)(h->text_len + 7) / 8 * 8;
    if (ids_off > size || (size - ids_off) % 16 != 8 || (size - ids_off) / 16 != h->count)
        return 0;
    size_t count = (size_t)h->count, text_len = (size_t)h->text_len;
    const unsigned char *ids = body + ids_off, *starts = ids + count * 8;
    if (word(starts, 0) != 0 || word(starts, count) != text_len)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (word(starts, i + 1) <= word(starts, i))
            return 0;
    if (!ot_utf8_valid((const char *)body, text_len, NULL))
        return 0;
    size_t para = 0;
    for (size_t j = 0; j < text_len; j++) {
        if (body[j] == '\r')
            return 0;
        int end = j + 1 == word(starts, para + 1);
        if ((body[j] == '\n') != end)
            return 0;
        para += (size_t)end;
    }
    return 1;
}

/* Write the cache file for this input; *ok is set to whether it is sound. */
static int write_file(const uint8_t *data, size_t size, int *ok)
{
    struct header h = want;
    memcpy(&h.count, data, 32);
    unsigned flags = data[32];
    data += 33;
    size -= 33;
    int given = 1;
    if ((flags & 2) && size >= 8) {
        memcpy(&h.text_hash, data, 8);
        data += 8;
        size -= 8;
    } else {
        h.text_hash = ot_corpus_text_hash((const char *)data, h.text_len < size ? (size_t)h.text_len : size);
    }
    if ((flags & 1) && size >= 8) {
        memcpy(&h.check, data, 8);
        data += 8;
        size -= 8;
        given &= h.check == header_check(&h);
    } else {
        h.check = header_check(&h);
    }
    given &= h.text_len <= size && h.text_hash == ot_corpus_text_hash((const char *)data, (size_t)h.text_len);
    *ok = given && sound(&h, data, size);
    static unsigned char page[TEXT_OFF];
    memset(page, 0, sizeof page);
    memcpy(page, &h, sizeof h);
    int fd = open(file_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    int rc = write(fd, page, sizeof page) == (ssize_t)sizeof page &&
                     (size == 0 || write(fd, data, size) == (ssize_t)size) ? 0 : -1;
    return close(fd) == 0 ? rc : -1;
}

static void search(const ot_corpus *c)
{
    const ot_textscan *ts = ot_corpus_scan(c);
    size_t n = ot_textscan_count(ts);
    ot_error err = OT_ERROR_INIT;
    for (size_t p = 0; p < 3; p++) {
        ot_textscan_opts opts = {.want_spans = 1, .threads = 1};
        ot_textscan_result res = OT_TEXTSCAN_RESULT_INIT;
        int rc = ot_textscan_run(ts, patterns[p], &opts, &res, &err);
        ot_error_clear(&err);
        for (size_t k = 0; rc == OT_REGEX_MATCH && k < res.count; k++) {
            FUZZ_CHECK(res.para[k] < n, "paragraph %zu of %zu", res.para[k], n);
            size_t len;
            const char *t = ot_textscan_para(ts, res.para[k], &len);
            FUZZ_CHECK(!memchr(t, '\n', len) && !memchr(t, '\r', len) &&
                           ot_utf8_valid(t, len, NULL),
                       "paragraph %zu served with a line end or bad UTF-8", res.para[k]);
            for (size_t j = res.span_first[k]; j < res.span_first[k + 1]; j++)
                FUZZ_CHECK(res.spans.v[j].start <= res.spans.v[j].end && res.spans.v[j].end <= len,
                           "span [%zu,%zu) in a paragraph of %zu bytes", res.spans.v[j].start,
                           res.spans.v[j].end, len);
        }
        ot_textscan_result_free(&res);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        setup();
    int ok = 0;
    if (size < 33 || size > (1u << 20) || write_file(data, size, &ok) < 0)
        return 0;
    ot_error err = OT_ERROR_INIT;
    ot_corpus *c = ot_corpus_open(db, OT_CORPUS_FINDINGS, &err);
    FUZZ_CHECK(c != NULL, "%s", ot_error_msg(&err));
    FUZZ_CHECK(ot_corpus_rebuilt(c) == !ok, "%s file was %s", ok ? "a sound" : "an unsound",
               ot_corpus_rebuilt(c) ? "rebuilt" : "served");
    if (ot_corpus_rebuilt(c))
        FUZZ_CHECK(ot_textscan_count(ot_corpus_scan(c)) == 3, "rebuilt with %zu paragraphs",
                   ot_textscan_count(ot_corpus_scan(c)));
    search(c);
    bool rebuilt = ot_corpus_rebuilt(c);
    ot_corpus_free(c);
    if (rebuilt) {
        /* What the rebuild wrote is served next time. */
        c = ot_corpus_open(db, OT_CORPUS_FINDINGS, &err);
        FUZZ_CHECK(c != NULL, "%s", ot_error_msg(&err));
        FUZZ_CHECK(!ot_corpus_rebuilt(c), "the rebuilt file was not served");
        ot_corpus_free(c);
    }
    return 0;
}
