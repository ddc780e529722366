/* Default key bindings, per view (NULL view: everywhere). */
#ifndef OT_TUI_KEYMAP_H
#define OT_TUI_KEYMAP_H

#include "request.h"

typedef struct ot_binding {
    const char *view; /* view name, or NULL for every view */
    int key;          /* ncurses key code */
    ot_request req;
    const char *label; /* how the key is written in help and the man page */
} ot_binding;

extern const ot_binding ot_bindings[];
extern const int ot_binding_count;

/* The request bound to key in view (view bindings win over global ones);
 * OT_REQ_NONE when the key means nothing there. */
ot_request ot_keymap_lookup(const char *view, int key);

/* The label of the first key bound to req in view (or globally), or NULL. */
const char *ot_keymap_label(const char *view, ot_request req);

#endif
