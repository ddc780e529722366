/* Recognising files and importing them: see ofsted-tui/import.h.
 *
 * The kind of a file is decided by its content, never by its name: users
 * save HTML pages as .pdf and CSVs as .txt. */
#include "config.h"

#include "ofsted-tui/import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_kinds.h"
#include "ofsted-tui/lookup.h"

struct ot_import_job {
    char *path;
    const char *base; /* within path */
    const ot_import_kind *kind;
    char sha256[65];
    ot_error error; /* set when the file was refused while preparing */
    void *prepared; /* the kind's own state, from its prepare hook */
};

static const unsigned char *skip_bom_and_space(const unsigned char *p, const unsigned char *end)
{
    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

static bool starts_with_ci(const unsigned char *p, const unsigned char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && strncasecmp((const char *)p, word, n) == 0;
}

const char *ot_import_sniff(const unsigned char *head, size_t len, ot_error *err)
{
    const unsigned char *end = head + len;
    if (len == 0) {
        ot_error_set(err, "empty file");
        return NULL;
    }
    if (len >= 5 && memcmp(head, "%PDF-", 5) == 0)
        return "report";
    if (len >= 4 && memcmp(head, "PK\3\4", 4) == 0) {
        /* An OpenDocument file stores "mimetype" first and uncompressed. */
        static const char ods_mime[] = "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
        if (len >= 30 + sizeof ods_mime - 1 && memcmp(head + 30, ods_mime, sizeof ods_mime - 1) == 0)
            return "workbook";
        ot_error_set(err, "a zip archive that is not an OpenDocument spreadsheet (.ods)");
        return NULL;
    }
    const unsigned char *p = skip_bom_and_space(head, end);
    if (starts_with_ci(p, end, "<!doctype html") || starts_with_ci(p, end, "<html") ||
        starts_with_ci(p, end, "<head")) {
        ot_error_set(err, "an HTML page (perhaps a web page saved under another name), "
                          "not an Ofsted report, workbook or CSV");
        return NULL;
    }
    if (memchr(head, '\0', len)) {
        ot_error_set(err, "a binary file of unknown kind: not a PDF report, an .ods workbook or a CSV");
        return NULL;
    }
    if (ot_lookup_sniff((const char *)head, len))
        return "lookup";
    return "csv";
}

ot_import_job *ot_import_prepare(const char *path)
{
    ot_import_job *job = calloc(1, sizeof *job);
    if (!job || !(job->path = strdup(path))) {
        free(job);
        return NULL;
    }
    const char *slash = strrchr(job->path, '/');
    job->base = slash ? slash + 1 : job->path;

    /* Non-blocking, so that opening a FIFO without a writer cannot hang;
     * then only regular files are read: a pipe or a device has no end we
     * can trust, and a report must be read twice (hash, then text). */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        ot_error_set(&job->error, "%s", strerror(errno));
        return job;
    }
    struct stat sb;
    memset(&sb, 0, sizeof sb);
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        ot_error_set(&job->error, "is a directory, not a file");
        close(fd);
        return job;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        ot_error_set(&job->error, "not a regular file (%s): only files on disk can be imported",
                     S_ISFIFO(sb.st_mode) ? "a FIFO or pipe" :
                     S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "a device" :
                     S_ISSOCK(sb.st_mode) ? "a socket" : "cannot tell what it is");
        close(fd);
        return job;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        ot_error_set(&job->error, "%s", strerror(errno));
        close(fd);
        return job;
    }
    unsigned char head[4096];
    size_t n = fread(head, 1, sizeof head, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        ot_error_set(&job->error, "%s", errno == EISDIR ? "is a directory" : "read error");
        return job;
    }
    const char *kind = ot_import_sniff(head, n, &job->error);
    if (!kind)
        return job;
    job->kind = ot_import_kind_find(kind);
    if (!job->kind) {
        ot_error_set(&job->error, "importing %s files is not supported by this build", kind);
        return job;
    }
    if (ot_sha256_file(path, job->sha256, &job->error) < 0) {
        job->kind = NULL;
        return job;
    }
    if (job->kind->prepare && !(job->prepared = job->kind->prepare(path, &job->error)))
        job->kind = NULL;
    return job;
}

const char *ot_import_job_kind(const ot_import_job *job)
{
    return job->kind ? job->kind->name : NULL;
}

int ot_import_commit(ot_import_job *job, ot_sink *sink, ot_error *err)
{
    if (!job->kind) {
        ot_error_set(err, "%s", ot_error_msg(&job->error));
        return -1;
    }
    if (sink->ops->begin_file(sink, job->base, job->sha256, job->kind->name, err) < 0)
        return -1;
    int rc = job->kind->import(job->path, job->prepared, sink, err);
    ot_error end_err = OT_ERROR_INIT;
    if (sink->ops->end_file(sink, rc == 0, &end_err) < 0 && rc == 0) {
        ot_error_set(err, "%s", ot_error_msg(&end_err));
        rc = -1;
    }
    ot_error_clear(&end_err);
    return rc;
}

void ot_import_job_free(ot_import_job *job)
{
    if (!job)
        return;
    if (job->prepared && job->kind && job->kind->release)
        job->kind->release(job->prepared);
    ot_error_clear(&job->error);
    free(job->path);
    free(job);
}
