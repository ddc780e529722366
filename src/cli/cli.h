/* The command line: global options, the subcommand table, shared helpers
 * for the subcommands (each in its own cmd_*.c). */
#ifndef OT_CLI_H
#define OT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/table_out.h"

/* Exit statuses, as documented in --help and the man page. */
enum { OT_EXIT_OK = 0, OT_EXIT_FAIL = 1, OT_EXIT_USAGE = 2 };

typedef struct ot_cli {
    const char *db_path; /* from --db, or NULL */
    const char *prog;    /* argv[0]'s base name, for messages */
} ot_cli;

typedef int (*ot_command_fn)(ot_cli *cli, int argc, char **argv);

typedef struct ot_command {
    const char *name;
    ot_command_fn run;
    const char *args;    /* synopsis after the name */
    const char *summary; /* one line for --help */
} ot_command;

/* The subcommands, ending with a NULL name. */
extern const ot_command ot_commands[];

/* Run the program; returns the exit status. */
int ot_cli_main(int argc, char **argv);

/* Open the database the options name (creating it, and its directory when
 * it is the default one, if create is true).  Prints "prog: error: ..."
 * and returns NULL on failure. */
ot_db *ot_cli_open_db(ot_cli *cli, bool create);

/* Print "prog: error: <fmt>" to stderr. */
void ot_cli_error(const ot_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "prog CMD: error: <fmt>" and a hint to run --help; returns OT_EXIT_USAGE. */
int ot_cli_usage_error(const ot_cli *cli, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What ot_cli_query_option returns when parsing goes on. */
#define OT_CLI_GO_ON (-1)

/* The options every query command (ratings, themes) takes, as rows of a
 * getopt_long table (include <getopt.h>) and as its short options: a
 * command's table lists these, then its own.  ot_cli_query_option handles
 * all but -l/--la, which each command reads its own way (ratings takes
 * several authorities, themes one). */
#define OT_CLI_QUERY_OPTIONS                  \
    {"db", required_argument, NULL, 'd'},     \
    {"la", required_argument, NULL, 'l'},     \
    {"format", required_argument, NULL, 'f'}, \
    {"help", no_argument, NULL, 'h'}
#define OT_CLI_QUERY_SHORT_OPTIONS "d:l:f:h"

/* Handles the options of OT_CLI_QUERY_OPTIONS, for c, what getopt_long
 * returned inside command cmd: -d/--db, -f/--format (into *format),
 * -h/--help (usage(stdout, prog)); anything else is reported as an
 * unknown or incomplete option.  Returns OT_CLI_GO_ON, or the exit status
 * the command returns now. */
int ot_cli_query_option(ot_cli *cli, const char *cmd, int c, char **argv, ot_format *format,
                        void (*usage)(FILE *out, const char *prog));

/* Commands. */
int ot_cmd_import(ot_cli *cli, int argc, char **argv);
int ot_cmd_export(ot_cli *cli, int argc, char **argv);
int ot_cmd_demo(ot_cli *cli, int argc, char **argv);
int ot_cmd_ratings(ot_cli *cli, int argc, char **argv);
int ot_cmd_keys(ot_cli *cli, int argc, char **argv);
int ot_cmd_search(ot_cli *cli, int argc, char **argv);
int ot_cmd_themes(ot_cli *cli, int argc, char **argv);

/* The TUI on the database (no subcommand). */
int ot_cmd_tui(ot_cli *cli, int argc, char **argv);

#endif
