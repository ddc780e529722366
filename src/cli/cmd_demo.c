/* `ofsted-tui demo [--seed N]`: fictional sample data. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "ofsted-tui/demo.h"
#include "ofsted-tui/escape.h"
#include "ofsted-tui/store.h"

int ot_cmd_demo(ot_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    unsigned long seed = 1;
    int c;
    while ((c = getopt_long(argc, argv, "d:s:h", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            cli->db_path = optarg;
            break;
        case 's': {
            char *end;
            errno = 0;
            seed = strtoul(optarg, &end, 10);
            if (errno || *end || end == optarg)
                return ot_cli_usage_error(cli, "demo", "--seed takes a whole number, not '%s'", optarg);
            break;
        }
        case 'h':
            printf("Usage: %s demo [--db FILE] [--seed N]\n"
                   "Write clearly fictional sample data (invented authorities) into the database,\n"
                   "so the tool can be tried before real Ofsted files are imported.  The same seed\n"
                   "always gives the same data.\n", cli->prog);
            return OT_EXIT_OK;
        default:
            return ot_cli_usage_error(cli, "demo", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return ot_cli_usage_error(cli, "demo", "unexpected argument '%s'", argv[optind]);
    ot_db *db = ot_cli_open_db(cli, true);
    if (!db)
        return OT_EXIT_FAIL;
    ot_error err = OT_ERROR_INIT;
    ot_store *store = ot_store_new(db, &err);
    int rc = -1;
    if (store) {
        /* The demo's authorities are invented: new by design. */
        ot_store_allow_new_authorities(store, true);
        ot_sink *sink = ot_store_sink(store);
        char label[64];
        snprintf(label, sizeof label, "demo seed %lu", seed);
        if (sink->ops->begin_file(sink, label, label, "demo", &err) == 0) {
            rc = ot_demo_generate(sink, seed, &err);
            if (rc == 0)
                rc = ot_db_meta_set(db, "sample_data", label, &err);
            if (sink->ops->end_file(sink, rc == 0, rc == 0 ? &err : NULL) < 0)
                rc = -1;
        }
    }
    if (rc == 0) {
        const ot_import_stats *s = ot_store_stats(store);
        ot_buf esc = OT_BUF_INIT;
        printf("%s: fictional sample data (seed %lu): %ld authorities, %ld inspections, %ld findings\n",
               ot_escape_str(&esc, ot_db_path(db)), seed, s->authorities.added + s->authorities.unchanged + s->authorities.updated,
               s->inspections.added + s->inspections.unchanged + s->inspections.updated,
               s->findings.added + s->findings.unchanged + s->findings.updated);
        ot_buf_free(&esc);
    } else
        ot_cli_error(cli, "%s: %s", ot_db_path(db), ot_error_msg(&err));
    ot_error_clear(&err);
    ot_store_free(store);
    ot_db_close(db);
    return rc == 0 ? OT_EXIT_OK : OT_EXIT_FAIL;
}
