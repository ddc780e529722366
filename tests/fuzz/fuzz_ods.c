/* libFuzzer target: the .ods reader (ofsted-tui/ods.h).
 *
 * An input that starts with "PK" is the whole file.  Anything else is the
 * archive's content.xml: the target wraps it in a real OpenDocument zip
 * (mimetype first, stored), so that the fuzzer works on the XML instead of
 * on deflated bytes.  The reader only opens paths, so the archive goes to
 * a temporary file.  Every sheet and row is read, checking ods.h's
 * promises: rows ascend, cells have text of the stated length, dates are
 * "YYYY-MM-DD". */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <minizip/zip.h>

#include "fuzz.h"
#include "ofsted-tui/ods.h"

static char path[64];

static int write_raw(const uint8_t *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < size) {
        ssize_t n = write(fd, data + off, size - off);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)n;
    }
    return close(fd);
}

static int add_stored(zipFile z, const char *name, const void *data, size_t len)
{
    if (zipOpenNewFileInZip(z, name, NULL, NULL, 0, NULL, 0, NULL, 0, 0) != ZIP_OK)
        return -1;
    int rc = zipWriteInFileInZip(z, data, (unsigned)len);
    return zipCloseFileInZip(z) == ZIP_OK && rc == ZIP_OK ? 0 : -1;
}

static int write_ods(const uint8_t *content, size_t size)
{
    static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";
    zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
    if (!z)
        return -1;
    int rc = add_stored(z, "mimetype", mimetype, strlen(mimetype)) < 0 ||
                     add_stored(z, "content.xml", size ? (const void *)content : "", size) < 0
                 ? -1
                 : 0;
    return zipClose(z, NULL) == ZIP_OK ? rc : -1;
}

static void walk(ot_ods *ods)
{
    ot_error err = OT_ERROR_INIT;
    const char *sheet;
    size_t budget = 10000000;
    int rc;
    while ((rc = ot_ods_next_sheet(ods, &sheet, &err)) == 1) {
        FUZZ_CHECK(sheet != NULL, "sheet without a name");
        const ot_ods_row *row;
        long last = 0;
        while ((rc = ot_ods_next_row(ods, &row, &err)) == 1) {
            FUZZ_CHECK(row->number > last, "row %ld after row %ld", row->number, last);
            last = row->number;
            FUZZ_CHECK(row->n_cells > 0, "empty row %ld yielded", row->number);
            /* A repeated row comes back as the same cells millions of times:
             * look at the first ten million cells only. */
            size_t look = row->n_cells < budget ? row->n_cells : budget;
            budget -= look;
            for (size_t i = 0; i < look; i++) {
                const ot_ods_cell *c = &row->cells[i];
                FUZZ_CHECK(c->text && strlen(c->text) <= c->text_len && c->text[c->text_len] == '\0',
                           "row %ld cell %zu: text length", row->number, i);
                if (c->date)
                    FUZZ_CHECK(strlen(c->date) == 10, "row %ld cell %zu: date \"%s\"", row->number,
                               i, c->date);
                if (c->url)
                    (void)strlen(c->url);
                if (c->type)
                    (void)strlen(c->type);
                if (c->value)
                    (void)strlen(c->value);
            }
        }
        if (rc < 0)
            break;
    }
    if (rc < 0)
        FUZZ_CHECK(ot_error_msg(&err)[0] != '\0', "failure without a message");
    ot_error_clear(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/ot-fuzz-ods.%ld", tmp && strlen(tmp) < 32 ? tmp : "/tmp",
                 (long)getpid());
    }
    int rc = size >= 2 && data[0] == 'P' && data[1] == 'K' ? write_raw(data, size)
                                                           : write_ods(data, size);
    if (rc < 0)
        return 0;
    ot_error err = OT_ERROR_INIT;
    ot_ods *ods = ot_ods_open(path, &err);
    if (ods)
        walk(ods);
    else
        FUZZ_CHECK(ot_error_msg(&err)[0] != '\0', "open failed without a message");
    ot_error_clear(&err);
    ot_ods_free(ods);
    unlink(path);
    return 0;
}
