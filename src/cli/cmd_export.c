/* `ofsted-tui export TABLE [--format csv|json|text]` */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ofsted-tui/export.h"

int ot_cmd_export(ot_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ot_format format = OT_FORMAT_CSV;
    int c;
    while ((c = getopt_long(argc, argv, "d:f:h", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            cli->db_path = optarg;
            break;
        case 'f':
            if (ot_format_parse(optarg, &format) < 0)
                return ot_cli_usage_error(cli, "export", "--format must be csv, json or text, not '%s'", optarg);
            break;
        case 'h':
            printf("Usage: %s export {authorities|inspections|judgements|actions|findings}\n"
                   "          [--format csv|json|text]\n"
                   "Write one table to standard output (CSV by default).  The first columns and\n"
                   "their order are fixed; see ofsted-tui(1).  CSV and JSON keep the data exact;\n"
                   "text is tab-separated for reading at a terminal, with control characters\n"
                   "escaped (ESC as ^[).\n", cli->prog);
            return OT_EXIT_OK;
        default:
            return ot_cli_usage_error(cli, "export", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return ot_cli_usage_error(cli, "export", "name one table: authorities, inspections, judgements, actions or findings");
    const char *what = argv[optind];
    bool known = false;
    for (const char *const *t = ot_export_tables; *t; t++)
        known = known || strcmp(*t, what) == 0;
    if (!known)
        return ot_cli_usage_error(cli, "export", "unknown table '%s' (authorities, inspections, judgements, actions, findings)", what);
    ot_db *db = ot_cli_open_db(cli, false);
    if (!db)
        return OT_EXIT_FAIL;
    ot_error err = OT_ERROR_INIT;
    int rc = ot_export(db, what, format, stdout, &err);
    if (rc < 0)
        ot_cli_error(cli, "%s", ot_error_msg(&err));
    ot_error_clear(&err);
    ot_db_close(db);
    return rc < 0 ? OT_EXIT_FAIL : OT_EXIT_OK;
}
