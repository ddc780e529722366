/* Default key bindings, per view (OT_VIEW_ANY: everywhere). */
#ifndef OT_TUI_KEYMAP_H
#define OT_TUI_KEYMAP_H

#include <stddef.h>

#include "request.h"
#include "views.h"

typedef struct ot_binding {
    ot_view_id view;   /* the view, or OT_VIEW_ANY for every view */
    int key;          /* ncurses key code */
    ot_request req;
    const char *label; /* how the key is written in help and the man page */
} ot_binding;

extern const ot_binding ot_bindings[];
extern const int ot_binding_count;

/* The request bound to key in view (view bindings win over global ones);
 * OT_REQ_NONE when the key means nothing there. */
ot_request ot_keymap_lookup(ot_view_id view, int key);

/* The label of the first key bound to req in view (or globally), or NULL. */
const char *ot_keymap_label(ot_view_id view, ot_request req);

/* The requests view's bottom bar names after q and ?, in order,
 * OT_REQ_NONE-terminated (never NULL). */
const ot_request *ot_keymap_hints(ot_view_id view);

/* The labels of the keys bound to req in exactly this view (OT_VIEW_ANY:
 * the global ones), joined by ", " into out (cap bytes, always
 * terminated; cut at a whole label).  Returns the length, 0 for none. */
size_t ot_keymap_keys(ot_view_id view, ot_request req, char *out, size_t cap);

#endif
