/* Text of a PDF through poppler's pdftotext, started without a shell.
 *
 * pdftotext -layout keeps the columns that the report parser relies on
 * (judgement tables, hanging indents); the library route (poppler-glib)
 * would add a GLib dependency for the same text. */
#include "config.h" /* _GNU_SOURCE: pipe2 */

#include "ofsted-tui/report.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define HEAD_BYTES 1024
#define TAIL_BYTES 2048
/* Where /Encrypt may sit: the trailer at the end, or the first-page
 * trailer of a linearised file. */
#define SCAN_BYTES 65536

static bool has(const char *hay, size_t n, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= n; i++)
        if (memcmp(hay + i, needle, nl) == 0)
            return true;
    return false;
}

static ssize_t read_at(int fd, char *buf, size_t n, off_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, off + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Check the bytes before spending a process on them.  Sets *encrypted
 * when an /Encrypt dictionary is referenced. */
static int check_file(const char *path, bool *encrypted, ot_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ot_error_set(err, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = -1;
    char *buf = NULL;
    if (fstat(fd, &st) != 0) {
        ot_error_set(err, "cannot read: %s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        ot_error_set(err, "not a regular file");
        goto out;
    }
    if (st.st_size == 0) {
        ot_error_set(err, "empty file (0 bytes), not a PDF");
        goto out;
    }
    size_t size = (size_t)st.st_size;
    size_t scan = size < SCAN_BYTES ? size : SCAN_BYTES;
    buf = malloc(scan + 1);
    if (!buf) {
        ot_error_set(err, "out of memory");
        goto out;
    }
    ssize_t n = read_at(fd, buf, scan, 0);
    if (n < 0) {
        ot_error_set(err, "cannot read: %s", strerror(errno));
        goto out;
    }
    size_t head = (size_t)n < HEAD_BYTES ? (size_t)n : HEAD_BYTES;
    if (!has(buf, head, "%PDF-")) {
        size_t i = 0;
        while (i < head && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
            i++;
        if (head - i >= 5 && (strncasecmp(buf + i, "<!doc", 5) == 0 || strncasecmp(buf + i, "<html", 5) == 0))
            ot_error_set(err, "not an Ofsted local-authority report: an HTML page saved "
                              "as .pdf, not a PDF");
        else
            ot_error_set(err, "not a PDF (no %%PDF- header in its first bytes)");
        goto out;
    }
    *encrypted = has(buf, (size_t)n, "/Encrypt");
    if (size > scan) {
        n = read_at(fd, buf, scan, (off_t)(size - scan));
        if (n < 0) {
            ot_error_set(err, "cannot read: %s", strerror(errno));
            goto out;
        }
        *encrypted = *encrypted || has(buf, (size_t)n, "/Encrypt");
    }
    size_t tail = (size_t)n < TAIL_BYTES ? (size_t)n : TAIL_BYTES;
    if (!has(buf + (size_t)n - tail, tail, "%%EOF")) {
        ot_error_set(err, "truncated PDF: no %%%%EOF marker at the end of its %zu bytes "
                          "(file cut short?)", size);
        goto out;
    }
    rc = 0;
out:
    free(buf);
    close(fd);
    return rc;
}

/* The first line of pdftotext's complaints, for messages. */
static void first_line(const ot_buf *b, ot_buf *out)
{
    const char *s = ot_buf_str(b);
    const char *e = strchr(s, '\n');
    ot_buf_append(out, s, e ? (size_t)(e - s) : strlen(s));
}

int ot_pdf_text(const char *path, ot_buf *out, ot_error *err)
{
    bool encrypted = false;
    if (check_file(path, &encrypted, err))
        return -1;

    int po[2] = {-1, -1}, pe[2] = {-1, -1};
    /* Close-on-exec: another thread may spawn at the same moment and must
     * not inherit our pipe ends (its child would hold our EOF hostage). */
    if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
        ot_error_set(err, "cannot create a pipe: %s", strerror(errno));
        if (po[0] >= 0) {
            close(po[0]);
            close(po[1]);
        }
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);

    /* A name starting with '-' would read as an option. */
    ot_buf arg = OT_BUF_INIT;
    if (path[0] == '-')
        ot_buf_puts(&arg, "./");
    ot_buf_puts(&arg, path);
    /* posix_spawnp takes char *const[]; the strings are never written. */
    char a0[] = "pdftotext", a1[] = "-layout", a2[] = "-enc", a3[] = "UTF-8", a5[] = "-";
    char *argv[] = {a0, a1, a2, a3, arg.data, a5, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pdftotext", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    ot_buf_free(&arg);
    close(po[1]);
    close(pe[1]);
    if (rc != 0) {
        close(po[0]);
        close(pe[0]);
        if (rc == ENOENT)
            ot_error_set(err, "pdftotext not found: install poppler-utils");
        else
            ot_error_set(err, "cannot start pdftotext: %s", strerror(rc));
        return -1;
    }

    ot_buf ebuf = OT_BUF_INIT;
    struct pollfd pfd[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    int open_fds = 2;
    bool nomem = false;
    char chunk[65536];
    while (open_fds > 0) {
        int pr = poll(pfd, 2, -1);
        if (pr < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int k = 0; k < 2; k++) {
            if (pfd[k].fd < 0 || !(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t r = read(pfd[k].fd, chunk, sizeof chunk);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                close(pfd[k].fd);
                pfd[k].fd = -1;
                open_fds--;
                continue;
            }
            ot_buf *dst = k == 0 ? out : &ebuf;
            if (ot_buf_append(dst, chunk, (size_t)r))
                nomem = true;
        }
    }
    for (int k = 0; k < 2; k++)
        if (pfd[k].fd >= 0)
            close(pfd[k].fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int result = -1;
    ot_buf why = OT_BUF_INIT;
    first_line(&ebuf, &why);
    if (nomem) {
        ot_error_set(err, "out of memory");
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (encrypted || strstr(ot_buf_str(&ebuf), "assword"))
            ot_error_set(err, "encrypted PDF: it needs a password to be read");
        else if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
            ot_error_set(err, "the PDF forbids copying its text");
        else
            ot_error_set(err, "pdftotext could not read it (%s)",
                         why.len ? ot_buf_str(&why) : "no message");
    } else {
        size_t ink = 0;
        for (size_t i = 0; i < out->len && !ink; i++)
            ink += out->data[i] != '\f' && out->data[i] != '\n' && out->data[i] != ' ';
        if (!ink)
            ot_error_set(err, "page 1: the PDF holds no text (scanned images?)");
        else
            result = 0;
    }
    ot_buf_free(&why);
    ot_buf_free(&ebuf);
    return result;
}
