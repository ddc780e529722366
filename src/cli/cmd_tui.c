/* `ofsted-tui` with no command: the terminal interface, and
 * `ofsted-tui keys`: its key bindings as text, or with --man VIEW as the
 * man page's table of that view's keys (the build writes the man page's
 * KEYS section with it). */
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

/* The keys of one view (OT_VIEW_ANY: the global ones) as a man page
 * table, keys bound to one request on one line; nothing when it has none. */
static void print_man_table(ot_view_id view)
{
    int rows = 0;
    for (ot_request r = OT_REQ_NONE + 1; r < OT_REQ_COUNT; r++) {
        char keys[64];
        if (!ot_keymap_keys(view, r, keys, sizeof keys))
            continue;
        if (!rows++)
            printf(".TS\nl l.\n");
        printf("%s\t%s\n", keys, ot_request_help(r));
    }
    if (rows)
        printf(".TE\n");
}

int ot_cmd_keys(ot_cli *cli, int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--man") == 0) {
        ot_view_id view = ot_view_by_name(argv[2]);
        if (view == OT_VIEW_COUNT)
            return ot_cli_usage_error(cli, "keys", "no view '%s'", argv[2]);
        print_man_table(view);
        return OT_EXIT_OK;
    }
    if (argc > 1)
        return ot_cli_usage_error(cli, "keys", "unexpected argument '%s'", argv[1]);
    for (int i = 0; i < ot_binding_count; i++) {
        const ot_binding *b = &ot_bindings[i];
        printf("%s\t%s\t%s\n", ot_view_name(b->view), b->label, ot_request_help(b->req));
    }
    return OT_EXIT_OK;
}
