/* `ofsted-tui` with no command: the terminal interface, and
 * `ofsted-tui keys`: its key bindings as text (the man page's key table
 * is checked against this). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "tui/keymap.h"
#include "tui/tui.h"

int ot_cmd_tui(ot_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ot_db *db = ot_cli_open_db(cli, true);
    if (!db)
        return OT_EXIT_FAIL;
    int rc = ot_tui_run(db);
    ot_db_close(db);
    return rc;
}

int ot_cmd_keys(ot_cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return ot_cli_usage_error(cli, "keys", "unexpected argument '%s'", argv[1]);
    for (int i = 0; i < ot_binding_count; i++) {
        const ot_binding *b = &ot_bindings[i];
        printf("%s\t%s\t%s\n", b->view ? b->view : "all", b->label, ot_request_help(b->req));
    }
    return OT_EXIT_OK;
}
