/* Benchmark driver: count the lines (paragraphs) of a text file that match
 * a pattern, with the engine `ofsted-tui search` uses, and say how long each
 * step took.
 *
 * usage: search-driver [-t THREADS] [-r REPEAT] [-s] [-q] [-l] [-i] [-P] PATTERN FILE
 *   -t  threads for the scan (default: all cores)
 *   -r  run the scan REPEAT times and report the fastest (default 1)
 *   -s  collect the match spans too
 *   -l  print the matching line numbers instead of the count
 *   -q  print only the count (like `rg -c`), no timings
 *   -i  keep the paragraph index in FILE.otidx, as the database keeps its
 *       paragraphs: made (with the UTF-8 check) when missing or older than
 *       FILE, then mapped instead of rebuilt
 *   -P  map the file with MAP_POPULATE instead of faulting pages in from
 *       the scan threads
 * Prints the count on stdout; timings go to stderr as
 *   map=MS index=MS compile=MS scan=MS GB/s=X strategy=S */
#include "config.h"

#include "ofsted-tui/regex.h"
#include "ofsted-tui/textscan.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The index file: a header, then count + 1 offsets. */
struct idx_head {
    char magic[8];
    uint64_t size, mtime, has_sk, count;
};

static ot_textscan *load_index(const char *path, const struct stat *st, const char *text,
                               size_t len, ot_error *err)
{
    size_t plen = strlen(path);
    char *ipath = malloc(plen + 8);
    if (!ipath)
        return NULL;
    memcpy(ipath, path, plen);
    memcpy(ipath + plen, ".otidx", 7);

    int fd = open(ipath, O_RDONLY);
    struct stat ist;
    if (fd >= 0 && fstat(fd, &ist) == 0 && (size_t)ist.st_size >= sizeof(struct idx_head)) {
        void *m = mmap(NULL, (size_t)ist.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (m != MAP_FAILED) {
            const struct idx_head *h = m;
            if (memcmp(h->magic, "OTIDX01", 8) == 0 && h->size == (uint64_t)st->st_size &&
                h->mtime == (uint64_t)st->st_mtime &&
                (size_t)ist.st_size == sizeof *h + (h->count + 1) * sizeof(size_t)) {
                free(ipath);
                return ot_textscan_from_index(text, len, (const size_t *)(h + 1),
                                              (size_t)h->count, (int)h->has_sk, err);
            }
            munmap(m, (size_t)ist.st_size);
        }
    } else if (fd >= 0) {
        close(fd);
    }

    ot_textscan *ts = ot_textscan_from_lines(text, len, err);
    if (ts) {
        struct idx_head h;
        memset(&h, 0, sizeof h);
        memcpy(h.magic, "OTIDX01", 8);
        h.size = (uint64_t)st->st_size;
        h.mtime = (uint64_t)st->st_mtime;
        h.has_sk = (uint64_t)ot_textscan_has_sk(ts);
        h.count = ot_textscan_count(ts);
        FILE *f = fopen(ipath, "wb");
        if (f) {
            fwrite(&h, sizeof h, 1, f);
            fwrite(ot_textscan_starts(ts), sizeof(size_t), (size_t)h.count + 1, f);
            if (fclose(f) != 0)
                unlink(ipath);
        }
    }
    free(ipath);
    return ts;
}

static void usage(void)
{
    fprintf(stderr, "usage: search-driver [-t THREADS] [-r REPEAT] [-s] [-q] [-l] [-i] [-P] PATTERN FILE\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int threads = 0, repeat = 1, spans = 0, quiet = 0, list = 0, use_index = 0, populate = 0;
    int opt;
    ot_error err = OT_ERROR_INIT;

    while ((opt = getopt(argc, argv, "t:r:sqliP")) != -1) {
        switch (opt) {
        case 't':
            threads = atoi(optarg);
            break;
        case 'r':
            repeat = atoi(optarg);
            break;
        case 's':
            spans = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'l':
            list = 1;
            break;
        case 'i':
            use_index = 1;
            break;
        case 'P':
            populate = 1;
            break;
        default:
            usage();
        }
    }
    if (argc - optind != 2 || repeat < 1)
        usage();
    const char *pattern = argv[optind];
    const char *path = argv[optind + 1];

    double t0 = now_ms();
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        perror(path);
        return 2;
    }
    size_t len = (size_t)st.st_size;
    const char *text = "";
    if (len > 0) {
        /* Without MAP_POPULATE the scan threads fault the pages in, both
         * at once, which is quicker than one thread populating them. */
        void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0);
        if (m == MAP_FAILED) {
            perror(path);
            return 2;
        }
        text = m;
    }
    double t1 = now_ms();
    ot_textscan *ts = use_index ? load_index(path, &st, text, len, &err)
                                : ot_textscan_from_lines(text, len, &err);
    if (!ts) {
        fprintf(stderr, "%s: %s\n", path, ot_error_msg(&err));
        return 2;
    }
    double t2 = now_ms();
    size_t erroff;
    ot_regex *re = ot_regex_new(pattern, strlen(pattern), OT_REGEX_SMART_CASE, &erroff, &err);
    if (!re) {
        fprintf(stderr, "bad pattern: %s\n", ot_error_msg(&err));
        return 2;
    }
    double t3 = now_ms();

    ot_textscan_opts opts = { spans, NULL, NULL, NULL, threads };
    ot_textscan_result res = OT_TEXTSCAN_RESULT_INIT;
    double best = 0;
    int rc = OT_REGEX_NOMATCH;
    for (int r = 0; r < repeat; r++) {
        ot_textscan_result_free(&res);
        double a = now_ms();
        rc = ot_textscan_run(ts, re, &opts, &res, &err);
        double b = now_ms();
        if (r == 0 || b - a < best)
            best = b - a;
        if (rc == OT_REGEX_ERROR) {
            fprintf(stderr, "%s\n", ot_error_msg(&err));
            return 2;
        }
    }
    if (list) {
        for (size_t k = 0; k < res.count; k++)
            printf("%zu\n", res.para[k] + 1);
    } else {
        printf("%zu\n", res.count);
    }
    if (!quiet)
        fprintf(stderr, "map=%.1f index=%.1f compile=%.2f scan=%.1f GB/s=%.2f strategy=%s jit=%d\n",
                t1 - t0, t2 - t1, t3 - t2, best, best > 0 ? (double)len / best / 1e6 : 0.0,
                ot_textscan_strategy(ts, re), ot_regex_jit(re));
    ot_textscan_result_free(&res);
    ot_regex_free(re);
    ot_textscan_free(ts);
    ot_error_clear(&err);
    return rc == OT_REGEX_MATCH ? 0 : 1;
}
