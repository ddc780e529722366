/* Benchmark driver: count the lines (paragraphs) of a text file that match
 * a pattern, with the engine `ofsted-tui search` uses, and say how long each
 * step took.
 *
 * usage: search-driver [-t THREADS] [-r REPEAT] [-s] [-q] [-l] [-i] [-P] PATTERN FILE
 *        search-driver -d [-t THREADS] [-r REPEAT] [-s] [-q] [-l] PATTERN DATABASE
 *        search-driver -d -c MS PATTERN DATABASE
 *        search-driver -m COMMAND [ARGS...]
 *   -d  search a database as `ofsted-tui search` does (one search
 *       session: corpus file beside it, made when missing or stale)
 *       instead of a text file; -l then prints finding ids in date order
 *   -m  run COMMAND and print its peak anonymous memory (RssAnon, sampled
 *       every 0.2 ms from /proc: memory other than mapped files) and its
 *       peak resident memory including mapped files, in kB:
 *       "rss_anon_kb=N max_rss_kb=M"
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
 *   -c MS  with -d: cancel a sorted search (as the interface runs it) at
 *       MS, 2 x MS, ... 10 x MS milliseconds after it starts, and print the
 *       time from the cancel callback's first "stop" to the search's
 *       return: "cancel_ms max=X median=Y"
 * Prints the count on stdout; timings go to stderr as
 *   map=MS index=MS compile=MS scan=MS GB/s=X strategy=S */
#include "config.h"

#include "ofsted-tui/corpus.h"
#include "ofsted-tui/db.h"
#include "ofsted-tui/regex.h"
#include "ofsted-tui/search.h"
#include "ofsted-tui/textscan.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
    fprintf(stderr, "usage: search-driver [-t THREADS] [-r REPEAT] [-s] [-q] [-l] [-i] [-P] PATTERN FILE\n"
                    "       search-driver -d [-t THREADS] [-r REPEAT] [-s] [-q] [-l] PATTERN DATABASE\n"
                    "       search-driver -d -c MS PATTERN DATABASE\n"
                    "       search-driver -m COMMAND [ARGS...]\n");
    exit(2);
}

/* RssAnon of process pid in kB, or -1 once it is gone. */
static long rss_anon(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "RssAnon: %ld", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

static int watch_memory(char **argv)
{
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    long peak = 0;
    int status;
    struct rusage ru;
    for (;;) {
        pid_t r = wait4(pid, &status, WNOHANG, &ru);
        if (r == pid)
            break;
        if (r < 0) {
            perror("wait4");
            return 2;
        }
        long kb = rss_anon(pid);
        if (kb > peak)
            peak = kb;
        struct timespec t = { 0, 200000 };
        nanosleep(&t, NULL);
    }
    printf("rss_anon_kb=%ld max_rss_kb=%ld\n", peak, ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

/* -d: the database's search, through the same session as `ofsted-tui
 * search --count` (the first run opens the corpus; the fastest later run
 * is the scan). */
struct cancel_clock {
    double start, at, stopped; /* when the run started, when to stop it, when it was told */
};

static int cancel_at(void *data)
{
    struct cancel_clock *c = data;
    if (c->stopped)
        return 1;
    if (now_ms() - c->start < c->at)
        return 0;
    c->stopped = now_ms();
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* How long a sorted search takes to stop once told, at ten points. */
static int cancel_latency(const char *path, const char *pattern, double every_ms)
{
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(path, 0, &err);
    ot_search_session *s = db ? ot_search_session_new(db) : NULL;
    if (!s) {
        fprintf(stderr, "%s: %s\n", path, db ? "out of memory" : ot_error_msg(&err));
        return 2;
    }
    ot_search_query q = OT_SEARCH_QUERY_INIT;
    ot_search_query_set_pattern(&q, pattern);
    double lat[10];
    int n = 0;
    for (int k = 1; k <= 10; k++) {
        struct cancel_clock c = {now_ms(), every_ms * k, 0};
        ot_search_opts opts = {.want_spans = true, .cancel = cancel_at, .cancel_data = &c};
        int rc = ot_search_run(s, &q, &opts, NULL, &err);
        double end = now_ms();
        if (rc == OT_REGEX_ERROR) {
            fprintf(stderr, "%s\n", ot_error_msg(&err));
            return 2;
        }
        if (rc == OT_REGEX_CANCELLED)
            lat[n++] = end - c.stopped;
    }
    qsort(lat, (size_t)n, sizeof *lat, cmp_double);
    printf("cancel_ms max=%.2f median=%.2f cancelled=%d/10\n", n ? lat[n - 1] : 0.0, n ? lat[n / 2] : 0.0, n);
    ot_search_query_free(&q);
    ot_search_session_free(s);
    ot_db_close(db);
    return 0;
}

static int search_db(const char *path, const char *pattern, int threads, int repeat, int spans, int quiet, int list)
{
    ot_error err = OT_ERROR_INIT;
    double t0 = now_ms();
    ot_db *db = ot_db_open(path, 0, &err);
    ot_search_session *s = db ? ot_search_session_new(db) : NULL;
    if (!s) {
        fprintf(stderr, "%s: %s\n", path, db ? "out of memory" : ot_error_msg(&err));
        return 2;
    }
    ot_search_query q = OT_SEARCH_QUERY_INIT;
    ot_search_query_set_pattern(&q, pattern);
    ot_search_opts opts = {.want_spans = spans, .unordered = !list, .threads = threads};
    double best = 0, first = 0;
    int rc = OT_REGEX_NOMATCH;
    for (int r = 0; r <= repeat; r++) {
        double a = now_ms();
        rc = ot_search_run(s, &q, &opts, NULL, &err);
        double b = now_ms();
        if (rc == OT_REGEX_ERROR) {
            fprintf(stderr, "%s\n", ot_error_msg(&err));
            return 2;
        }
        if (r == 0)
            first = b - t0;
        else if (r == 1 || b - a < best)
            best = b - a;
    }
    const ot_textscan *scan = ot_corpus_scan(ot_search_corpus(s));
    size_t n = ot_textscan_count(scan);
    size_t len = n ? ot_textscan_starts(scan)[n] : 0;
    if (list) {
        for (size_t k = 0; k < ot_search_count(s); k++) {
            ot_search_hit hit;
            if (ot_search_hit_load(s, k, &hit, &err) == 0)
                printf("%lld\n", hit.id);
        }
    } else {
        printf("%zu\n", ot_search_count(s));
    }
    if (!quiet)
        fprintf(stderr, "open+first=%.1f scan=%.1f GB/s=%.2f strategy=%s jit=%d\n", first, best,
                best > 0 ? (double)len / best / 1e6 : 0.0, ot_textscan_strategy(scan, ot_search_regex(s)),
                ot_regex_jit(ot_search_regex(s)));
    ot_search_query_free(&q);
    ot_search_session_free(s);
    ot_db_close(db);
    ot_error_clear(&err);
    return rc == OT_REGEX_MATCH ? 0 : 1;
}

int main(int argc, char **argv)
{
    int threads = 0, repeat = 1, spans = 0, quiet = 0, list = 0, use_index = 0, populate = 0;
    int from_db = 0;
    int opt;
    ot_error err = OT_ERROR_INIT;

    if (argc > 2 && strcmp(argv[1], "-m") == 0)
        return watch_memory(argv + 2);
    double cancel_ms = 0;
    while ((opt = getopt(argc, argv, "t:r:sqliPdc:")) != -1) {
        switch (opt) {
        case 'c':
            cancel_ms = atof(optarg);
            break;
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
        case 'd':
            from_db = 1;
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
    ot_textscan *ts = NULL;
    const ot_textscan *scan;
    size_t len = 0;
    double t1, t2;
    if (from_db && cancel_ms > 0)
        return cancel_latency(path, pattern, cancel_ms);
    if (from_db)
        return search_db(path, pattern, threads, repeat, spans, quiet, list);
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        perror(path);
        return 2;
    }
    len = (size_t)st.st_size;
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
    t1 = now_ms();
    ts = use_index ? load_index(path, &st, text, len, &err) : ot_textscan_from_lines(text, len, &err);
    if (!ts) {
        fprintf(stderr, "%s: %s\n", path, ot_error_msg(&err));
        return 2;
    }
    scan = ts;
    t2 = now_ms();
    size_t erroff;
    ot_regex *re = ot_regex_new(pattern, strlen(pattern), OT_REGEX_SMART_CASE, &erroff, &err);
    if (!re) {
        fprintf(stderr, "bad pattern: %s\n", ot_error_msg(&err));
        return 2;
    }
    double t3 = now_ms();

    ot_textscan_opts opts = { .want_spans = spans, .threads = threads };
    ot_textscan_result res = OT_TEXTSCAN_RESULT_INIT;
    double best = 0;
    int rc = OT_REGEX_NOMATCH;
    for (int r = 0; r < repeat; r++) {
        ot_textscan_result_free(&res);
        double a = now_ms();
        rc = ot_textscan_run(scan, re, &opts, &res, &err);
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
                ot_textscan_strategy(scan, re), ot_regex_jit(re));
    ot_textscan_result_free(&res);
    ot_regex_free(re);
    ot_textscan_free(ts);
    ot_error_clear(&err);
    return rc == OT_REGEX_MATCH ? 0 : 1;
}
