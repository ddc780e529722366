/* Global options and subcommand dispatch: see cli.h. */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/escape.h"

const ot_command ot_commands[] = {
    {"import", ot_cmd_import, "[--new-authority] [--replace] FILE...",
     "import Ofsted workbooks (.ods), their sheets as CSV, report PDFs, the authorities lookup (neighbours), and exports"},
    {"search", ot_cmd_search, "[--la NAME] [--region R] [--framework F] [--section S] [--grade N] [--overall N] [--from YEAR] [--to YEAR] [--sort date|authority|grade] [--exact] [--actions] [--count | --count-by year|region|authority|framework|section] [--format text|csv|json] REGEX",
     "print the findings that match a regular expression (exit 1 when none do)"},
    {"export", ot_cmd_export, "{authorities|inspections|judgements|actions|findings} [--format csv|json|text]",
     "write a table as CSV, JSON or text to standard output"},
    {"ratings", ot_cmd_ratings,
     "[--la NAME ...] [--region R] [--area A] [--as-at DATE] [--since DATE] [--by published] [--published-by DATE] [--summary] [--neighbours-of LA] [--format text|csv|json]",
     "the grade in force for each authority on a date (or on two: --since), counts per region, or an authority and its statistical neighbours"},
    {"themes", ot_cmd_themes, "[--la NAME] [--actions] [--from YEAR] [--to YEAR] [--list] [--format text|csv|json]",
     "which themes (named regular expressions) findings raise, by year or by an authority's inspections"},
    {"demo", ot_cmd_demo, "[--seed N]", "write a database of fictional sample data"},
    {"keys", ot_cmd_keys, "[--man VIEW]", "list the keys of the terminal interface (--man: one view's as a man page table)"},
    {NULL, NULL, NULL, NULL},
};

static void print_usage(FILE *out, const char *prog)
{
    fprintf(out,
            "Usage: %s [--db FILE]                  open the terminal interface\n"
            "       %s [--db FILE] COMMAND [ARGS]\n"
            "\n"
            "Browse, search and compare Ofsted's judgements of English local authorities'\n"
            "children's services, offline, from one SQLite file.\n"
            "\n"
            "Commands:\n",
            prog, prog);
    for (const ot_command *c = ot_commands; c->name; c++)
        fprintf(out, "  %s %s\n      %s\n", c->name, c->args, c->summary);
    fprintf(out,
            "\n"
            "Options:\n"
            "  -d, --db FILE   database file (default: $OFSTED_TUI_DB, else\n"
            "                  $XDG_DATA_HOME/ofsted-tui/ofsted.db or ~/.local/share/ofsted-tui/ofsted.db)\n"
            "  -h, --help      show this help and exit\n"
            "  -V, --version   show the version and exit\n"
            "\n"
            "Exit status: 0 success, 1 failure (e.g. a file that could not be imported),\n"
            "2 bad usage.  See ofsted-tui(1) for the keys of the terminal interface.\n");
}

/* Messages name files and echo arguments and data: escape what they
 * carry before it reaches the terminal. */
static void print_escaped(const char *fmt, va_list ap)
{
    ot_buf msg = OT_BUF_INIT;
    ot_buf_vprintf(&msg, fmt, ap);
    ot_escape_write(stderr, ot_buf_str(&msg), msg.len, false);
    ot_buf_free(&msg);
}

void ot_cli_error(const ot_cli *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: error: ", cli->prog);
    print_escaped(fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int ot_cli_usage_error(const ot_cli *cli, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s%s%s: error: ", cli->prog, cmd ? " " : "", cmd ? cmd : "");
    print_escaped(fmt, ap);
    fprintf(stderr, "\nTry '%s --help'.\n", cli->prog);
    va_end(ap);
    return OT_EXIT_USAGE;
}

int ot_cli_query_option(ot_cli *cli, const char *cmd, int c, char **argv, ot_format *format,
                        void (*usage)(FILE *out, const char *prog))
{
    switch (c) {
    case 'd':
        cli->db_path = optarg;
        return OT_CLI_GO_ON;
    case 'f':
        if (ot_format_parse(optarg, format) < 0)
            return ot_cli_usage_error(cli, cmd, "--format must be text, csv or json, not '%s'", optarg);
        return OT_CLI_GO_ON;
    case 'h':
        usage(stdout, cli->prog);
        return OT_EXIT_OK;
    default:
        return ot_cli_usage_error(cli, cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
    }
}

ot_db *ot_cli_open_db(ot_cli *cli, bool create)
{
    ot_error err = OT_ERROR_INIT;
    char *path = ot_db_resolve_path(cli->db_path, &err);
    ot_db *db = NULL;
    if (path) {
        int flags = create ? OT_DB_CREATE : 0;
        if (create && ot_db_path_is_default(cli->db_path))
            flags |= OT_DB_MAKE_DIRS;
        db = ot_db_open(path, flags, &err);
    }
    if (!db)
        ot_cli_error(cli, "%s", ot_error_msg(&err));
    ot_error_clear(&err);
    free(path);
    return db;
}

int ot_cli_main(int argc, char **argv)
{
    ot_cli cli = {.prog = "ofsted-tui"};
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int c;
    /* "+": stop at the subcommand; it parses its own options. */
    while ((c = getopt_long(argc, argv, "+d:hV", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            cli.db_path = optarg;
            break;
        case 'h':
            print_usage(stdout, cli.prog);
            return OT_EXIT_OK;
        case 'V':
            printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
            return OT_EXIT_OK;
        default:
            if (optopt)
                return ot_cli_usage_error(&cli, NULL, "unknown or incomplete option '-%c'", optopt);
            return ot_cli_usage_error(&cli, NULL, "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return ot_cmd_tui(&cli, 0, argv + optind);
    const char *name = argv[optind];
    for (const ot_command *cmd = ot_commands; cmd->name; cmd++) {
        if (strcmp(cmd->name, name) == 0) {
            int sub_argc = argc - optind;
            char **sub_argv = argv + optind;
            optind = 0; /* GNU getopt: start afresh for the subcommand */
            return cmd->run(&cli, sub_argc, sub_argv);
        }
    }
    fprintf(stderr, "%s: error: unknown command '%s'\n\n", cli.prog, name);
    print_usage(stderr, cli.prog);
    return OT_EXIT_USAGE;
}
