/* Check words and stamps of verified files: see file_check.h. */
#include "config.h"

#include "file_check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ofsted-tui/buf.h"

#define STAMP_SUFFIX ".checked"

uint64_t ot_check_word(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t x = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        x ^= b[i];
        x *= 0x100000001b3u;
    }
    x ^= x >> 29;
    return x;
}
#define MIN_AGE_SECONDS 2

/* The stamp line for a file's status: all that a change would alter. */
static int describe(const struct stat *sb, char *out, size_t size)
{
    return snprintf(out, size, "ofsted-tui checked 1 %llu %llu %lld %lld.%09ld %lld.%09ld\n",
                    (unsigned long long)sb->st_dev, (unsigned long long)sb->st_ino, (long long)sb->st_size,
                    (long long)sb->st_mtim.tv_sec, (long)sb->st_mtim.tv_nsec, (long long)sb->st_ctim.tv_sec,
                    (long)sb->st_ctim.tv_nsec);
}

static char *stamp_path(const char *path)
{
    ot_buf b = OT_BUF_INIT;
    if (ot_buf_printf(&b, "%s%s", path, STAMP_SUFFIX) < 0) {
        ot_buf_free(&b);
        return NULL;
    }
    return ot_buf_steal(&b);
}

bool ot_file_stamp_fresh(const char *path, int fd)
{
    struct stat sb;
    char want[160], got[160];
    if (fstat(fd, &sb) < 0 || describe(&sb, want, sizeof want) >= (int)sizeof want)
        return false;
    char *name = stamp_path(path);
    FILE *f = name ? fopen(name, "r") : NULL;
    free(name);
    if (!f)
        return false;
    bool same = fgets(got, sizeof got, f) && strcmp(got, want) == 0;
    fclose(f);
    return same;
}

void ot_file_stamp_save(const char *path, int fd)
{
    struct stat sb;
    char line[160];
    struct timespec now;
    if (fstat(fd, &sb) < 0 || clock_gettime(CLOCK_REALTIME, &now) < 0 ||
        now.tv_sec - sb.st_ctim.tv_sec < MIN_AGE_SECONDS || now.tv_sec - sb.st_mtim.tv_sec < MIN_AGE_SECONDS ||
        describe(&sb, line, sizeof line) >= (int)sizeof line)
        return;
    char *name = stamp_path(path);
    ot_buf tmp = OT_BUF_INIT;
    if (!name || ot_file_temp_path(&tmp, name) < 0) {
        free(name);
        ot_buf_free(&tmp);
        return;
    }
    FILE *f = fopen(ot_buf_str(&tmp), "w");
    bool ok = f && fputs(line, f) >= 0;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok || rename(ot_buf_str(&tmp), name) < 0)
        unlink(ot_buf_str(&tmp));
    ot_buf_free(&tmp);
    free(name);
}

/* Remove file's temporary files (see ot_file_temp_path) whose process is
 * gone.  Best effort. */
static void drop_stale_temps(const char *file)
{
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    ot_buf dir = OT_BUF_INIT;
    if (ot_buf_append(&dir, file, slash ? (size_t)(slash - file) + 1 : 0) < 0 || ot_buf_puts(&dir, ".") < 0) {
        ot_buf_free(&dir);
        return;
    }
    DIR *d = opendir(ot_buf_str(&dir));
    size_t base_len = strlen(base);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *rest = e->d_name + base_len;
        if (strncmp(e->d_name, base, base_len) != 0 || strncmp(rest, ".tmp", 4) != 0 || !rest[4] ||
            strspn(rest + 4, "0123456789") != strlen(rest + 4))
            continue;
        long pid = strtol(rest + 4, NULL, 10);
        if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* its process may still be writing it */
        unlinkat(dirfd(d), e->d_name, 0);
    }
    if (d)
        closedir(d);
    ot_buf_free(&dir);
}

int ot_file_temp_path(ot_buf *out, const char *file)
{
    drop_stale_temps(file);
    ot_buf_reset(out);
    return ot_buf_printf(out, "%s.tmp%ld", file, (long)getpid()) < 0 ? -1 : 0;
}

void ot_file_stamp_drop(const char *path)
{
    char *name = stamp_path(path);
    if (name)
        unlink(name);
    free(name);
}

void *ot_file_map(const char *path, size_t min_size, size_t *size, int *fd)
{
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return NULL;
    struct stat sb;
    void *map = MAP_FAILED;
    if (fstat(*fd, &sb) == 0 && sb.st_size >= (off_t)min_size && (uint64_t)sb.st_size <= SIZE_MAX / 2) {
        *size = (size_t)sb.st_size;
        map = mmap(NULL, *size, PROT_READ, MAP_SHARED, *fd, 0);
    }
    if (map == MAP_FAILED) {
        close(*fd);
        *fd = -1;
        return NULL;
    }
    return map;
}

bool ot_file_verified(const char *path, int fd, bool (*content_ok)(const void *data), const void *data)
{
    if (ot_file_stamp_fresh(path, fd))
        return true;
    if (!content_ok(data))
        return false;
    ot_file_stamp_save(path, fd);
    return true;
}
