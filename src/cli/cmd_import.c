/* `ofsted-tui import FILE...`
 *
 * Files are prepared (hashed, and reports turned into text and parsed) by a
 * small pool of threads, and written by this thread alone, in the order
 * given, one transaction per file: SQLite has one writer anyway, and the
 * order of the summary lines stays the user's. */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ofsted-tui/escape.h"
#include "ofsted-tui/import.h"
#include "ofsted-tui/store.h"

/* The signal that interrupted the import (SIGINT, SIGTERM), or 0. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

typedef struct pool {
    char **paths;
    ot_import_job **jobs;
    bool *ready;
    int n;
    int next; /* next file to hand to a worker */
    pthread_mutex_t lock;
    pthread_cond_t done;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = p->next < p->n && !interrupted ? p->next++ : -1;
        pthread_mutex_unlock(&p->lock);
        if (i < 0)
            return NULL;
        ot_import_job *job = ot_import_prepare(p->paths[i]);
        pthread_mutex_lock(&p->lock);
        p->jobs[i] = job;
        p->ready[i] = true;
        pthread_cond_broadcast(&p->done);
        pthread_mutex_unlock(&p->lock);
    }
}

static void print_count(const char *what, const ot_count *c, bool last)
{
    printf("%s %ld new, %ld updated, %ld unchanged", what, c->added, c->updated, c->unchanged);
    if (c->removed)
        printf(", %ld removed", c->removed);
    fputs(last ? "\n" : "; ", stdout);
}

/* "FILE: error: WHY" with the file name and the reason escaped: both may
 * carry bytes from the data (a name, garbled text of a report). */
static void print_file_error(const char *path, const char *msg)
{
    ot_buf a = OT_BUF_INIT, b = OT_BUF_INIT;
    fprintf(stderr, "%s: error: %s\n", ot_escape_str(&a, path), ot_escape_str(&b, msg));
    ot_buf_free(&a);
    ot_buf_free(&b);
}

static void print_warning(void *ctx, const char *file, const char *where, const char *msg)
{
    (void)ctx;
    ot_buf a = OT_BUF_INIT, b = OT_BUF_INIT, c = OT_BUF_INIT;
    fprintf(stderr, "%s: warning: %s%s%s\n", ot_escape_str(&a, file), ot_escape_str(&b, where),
            where && *where ? ": " : "", ot_escape_str(&c, msg));
    ot_buf_free(&a);
    ot_buf_free(&b);
    ot_buf_free(&c);
}

/* Wait for file i to be prepared, waking now and then to notice a signal:
 * a signal does not interrupt pthread_cond_wait. */
static void wait_ready(pool *p, int i)
{
    while (!p->ready[i] && !interrupted) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 50 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->done, &p->lock, &until);
    }
}

static int worker_count(int files)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int n = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
    return n < files ? n : files;
}

int ot_cmd_import(ot_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"new-authority", no_argument, NULL, 'n'},
        {"replace", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    bool new_authority = false, replace = false;
    while ((c = getopt_long(argc, argv, "d:h", options, NULL)) != -1) {
        if (c == 'd')
            cli->db_path = optarg;
        else if (c == 'n')
            new_authority = true;
        else if (c == 'r')
            replace = true;
        else if (c == 'h') {
            printf("Usage: %s import [--db FILE] [--new-authority] [--replace] FILE...\n"
                   "Import Ofsted's statistics workbook (.ods), its sheets saved as CSV,\n"
                   "inspection report PDFs, and the authorities lookup with DfE's statistical\n"
                   "neighbours (Provider_data_lookup.csv).  Each file is recognised by its content\n"
                   "and imported in one transaction: all of it or nothing.  Only regular files\n"
                   "are read.\n"
                   "The CSV of 'export' imports back (authorities, inspections, judgements,\n"
                   "actions, findings, in that order); typed in the judgements columns it enters\n"
                   "history no Ofsted file holds (frameworks jar, apa, slac, ...).\n"
                   "\n"
                   "Authorities are matched through the built-in register of English local\n"
                   "authorities; a file naming one it does not know fails.\n"
                   "A report imported again may not remove findings, actions or judgements\n"
                   "already held for its inspection, regrade a judgement, or move the\n"
                   "inspection to a new authority (a damaged copy parses into less): such a file\n"
                   "fails, saying what it would have removed.\n"
                   "  --new-authority  add authorities the register does not know\n"
                   "  --replace        let reports replace what is held; the summary counts what\n"
                   "                   went\n"
                   "\n"
                   "Ctrl-C (SIGINT) or SIGTERM stops at once: the current file is rolled back,\n"
                   "the ones after it are not tried.  Exit 1 if any file failed, 130 or 143\n"
                   "when interrupted.\n",
                   cli->prog);
            return OT_EXIT_OK;
        } else
            return ot_cli_usage_error(cli, "import", "unknown option '%s'", argv[optind - 1]);
    }
    int n = argc - optind;
    if (n <= 0)
        return ot_cli_usage_error(cli, "import", "no files given");

    ot_db *db = ot_cli_open_db(cli, true);
    if (!db)
        return OT_EXIT_FAIL;
    ot_error err = OT_ERROR_INIT;
    ot_store *store = ot_store_new(db, &err);
    if (!store) {
        ot_cli_error(cli, "%s", ot_error_msg(&err));
        ot_db_close(db);
        return OT_EXIT_FAIL;
    }
    ot_store_on_warning(store, print_warning, NULL);
    ot_store_allow_new_authorities(store, new_authority);
    ot_store_set_cancel_flag(store, &interrupted);
    ot_store_allow_replace(store, replace);

    struct sigaction sa = {.sa_handler = on_interrupt}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    pool p = {.paths = argv + optind, .n = n};
    p.jobs = calloc((size_t)n, sizeof *p.jobs);
    p.ready = calloc((size_t)n, sizeof *p.ready);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.done, NULL);
    int n_workers = worker_count(n);
    pthread_t threads[8];
    int started = 0;
    if (p.jobs && p.ready)
        for (; started < n_workers; started++)
            if (pthread_create(&threads[started], NULL, worker, &p) != 0)
                break;

    int failed = 0, imported = 0;
    for (int i = 0; i < n; i++) {
        const char *path = p.paths[i];
        pthread_mutex_lock(&p.lock);
        if (started > 0)
            wait_ready(&p, i);
        ot_import_job *job = p.ready && p.ready[i] ? p.jobs[i] : NULL;
        if (job)
            p.jobs[i] = NULL;
        pthread_mutex_unlock(&p.lock);
        if (interrupted)
            break;
        if (!job && !(job = ot_import_prepare(path))) {
            print_file_error(path, "out of memory");
            failed++;
            continue;
        }
        if (ot_import_commit(job, ot_store_sink(store), &err) < 0) {
            print_file_error(path, interrupted ? "interrupted; rolled back, nothing of it was imported"
                                               : ot_error_msg(&err));
            ot_error_clear(&err);
            failed++;
        } else {
            const ot_import_stats *s = ot_store_stats(store);
            ot_buf esc = OT_BUF_INIT;
            printf("%s: %s: ", ot_escape_str(&esc, path), ot_import_job_kind(job));
            ot_buf_free(&esc);
            if (s->neighbours.added + s->neighbours.updated + s->neighbours.unchanged > 0) {
                print_count("neighbour lists", &s->neighbours, true);
                fflush(stdout);
                imported++;
                ot_import_job_free(job);
                continue;
            }
            print_count("authorities", &s->authorities, false);
            print_count("inspections", &s->inspections, false);
            bool text = s->actions.added + s->actions.updated + s->actions.unchanged + s->actions.removed +
                            s->findings.added + s->findings.updated + s->findings.unchanged + s->findings.removed >
                        0;
            print_count("judgements", &s->judgements, !text);
            if (text) {
                print_count("actions", &s->actions, false);
                print_count("findings", &s->findings, true);
            }
            fflush(stdout);
            imported++;
        }
        ot_import_job_free(job);
        if (interrupted)
            break;
    }
    pthread_mutex_lock(&p.lock);
    p.next = n; /* stop the workers taking more */
    pthread_mutex_unlock(&p.lock);
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    for (int i = 0; i < n && p.jobs; i++)
        ot_import_job_free(p.jobs[i]);
    free(p.jobs);
    free(p.ready);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.done);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    ot_store_free(store);
    ot_db_close(db);
    if (interrupted) {
        fprintf(stderr, "%s: interrupted by %s: %d of %d files imported, %d failed, %d not tried\n", cli->prog,
                interrupted == SIGTERM ? "SIGTERM" : "SIGINT", imported, n, failed, n - imported - failed);
        return 128 + interrupted;
    }
    if (failed && n > 1)
        fprintf(stderr, "%s: %d of %d files failed\n", cli->prog, failed, n);
    return failed ? OT_EXIT_FAIL : OT_EXIT_OK;
}
