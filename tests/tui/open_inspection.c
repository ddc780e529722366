/* Opens the TUI at one inspection, the way the search results view does:
 *   open_inspection DB INSPECTION_ID FINDING_ID [PATTERN]
 * (tests/tui/open.sh drives it in tmux). */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "ofsted-tui/db.h"
#include "tui/tui.h"

typedef struct target {
    long long inspection, finding;
    const char *pattern;
} target;

static void open_target(ot_tui *t, void *data)
{
    const target *g = data;
    ot_view_inspection_open(t, g->inspection, g->finding, g->pattern);
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s DB INSPECTION_ID FINDING_ID [PATTERN]\n", argv[0]);
        return 2;
    }
    setlocale(LC_ALL, "");
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(argv[1], 0, &err);
    if (!db) {
        fprintf(stderr, "%s\n", ot_error_msg(&err));
        ot_error_clear(&err);
        return 1;
    }
    target g = {atoll(argv[2]), atoll(argv[3]), argc == 5 ? argv[4] : NULL};
    int rc = ot_tui_run_with(db, open_target, &g);
    ot_db_close(db);
    return rc;
}
