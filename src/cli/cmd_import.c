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
#include <unistd.h>

#include "cli.h"
#include "ofsted-tui/import.h"
#include "ofsted-tui/store.h"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
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
    printf("%s %ld new, %ld updated, %ld unchanged%s", what, c->added, c->updated, c->unchanged, last ? "\n" : "; ");
}

static void print_warning(void *ctx, const char *file, const char *where, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "%s: warning: %s%s%s\n", file, where && *where ? where : "", where && *where ? ": " : "", msg);
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
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "d:h", options, NULL)) != -1) {
        if (c == 'd')
            cli->db_path = optarg;
        else if (c == 'h') {
            printf("Usage: %s import [--db FILE] FILE...\n"
                   "Import Ofsted's statistics workbook (.ods), its sheets saved as CSV, and\n"
                   "inspection report PDFs.  Each file is recognised by its content and imported\n"
                   "in one transaction: all of it or nothing.  Exit 1 if any file failed.\n"
                   "The CSV of 'export' imports back (authorities, inspections, judgements,\n"
                   "actions, findings, in that order); typed in the judgements columns it enters\n"
                   "history no Ofsted file holds (frameworks jar, apa, slac, ...).\n",
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
    ot_store_set_cancel_flag(store, &interrupted);

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

    int failed = 0;
    for (int i = 0; i < n; i++) {
        const char *path = p.paths[i];
        pthread_mutex_lock(&p.lock);
        while (started > 0 && !p.ready[i] && !interrupted)
            pthread_cond_wait(&p.done, &p.lock);
        ot_import_job *job = p.ready && p.ready[i] ? p.jobs[i] : NULL;
        if (job)
            p.jobs[i] = NULL;
        pthread_mutex_unlock(&p.lock);
        if (interrupted) {
            fprintf(stderr, "%s: error: interrupted; this file and the ones after it were not imported\n", path);
            ot_import_job_free(job);
            failed++;
            break;
        }
        if (!job && !(job = ot_import_prepare(path))) {
            fprintf(stderr, "%s: error: out of memory\n", path);
            failed++;
            continue;
        }
        if (ot_import_commit(job, ot_store_sink(store), &err) < 0) {
            fprintf(stderr, "%s: error: %s\n", path, ot_error_msg(&err));
            ot_error_clear(&err);
            failed++;
        } else {
            const ot_import_stats *s = ot_store_stats(store);
            printf("%s: %s: ", path, ot_import_job_kind(job));
            print_count("authorities", &s->authorities, false);
            print_count("inspections", &s->inspections, false);
            print_count("judgements", &s->judgements, s->actions.added + s->actions.updated + s->actions.unchanged +
                                                           s->findings.added + s->findings.updated + s->findings.unchanged == 0);
            if (s->actions.added + s->actions.updated + s->actions.unchanged +
                s->findings.added + s->findings.updated + s->findings.unchanged > 0) {
                print_count("actions", &s->actions, false);
                print_count("findings", &s->findings, true);
            }
            fflush(stdout);
        }
        ot_import_job_free(job);
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
    if (failed && n > 1)
        fprintf(stderr, "%s: %d of %d files failed\n", cli->prog, failed, n);
    return failed ? OT_EXIT_FAIL : OT_EXIT_OK;
}
