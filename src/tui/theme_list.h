/* What the two views of theme counts do alike (view_themes.c, an
 * authority's themes by inspection; view_theme_trends.c, England's by
 * year): a list with a row per theme, counted with a filter whose
 * findings-or-actions `a` flips, and Enter on a theme lists its texts.
 * Each view's state begins with an ot_theme_list, and its ops table takes
 * the request and open_row hooks below. */
#ifndef OT_TUI_THEME_LIST_H
#define OT_TUI_THEME_LIST_H

#include <stddef.h>

#include "ofsted-tui/themes.h"
#include "tui.h"

typedef struct ot_theme_list ot_theme_list;

/* Count the themes again with tl->filter, into the view's own counts
 * (tl is the first member of the view's state); set tl->list.n and
 * tl->order.  Returns 0, or -1 after saying why in the message line. */
typedef int (*ot_theme_count_fn)(ot_theme_list *tl, ot_tui *t);

struct ot_theme_list {
    ot_themes *themes;       /* owned: ot_theme_list_free */
    ot_theme_filter filter;  /* what the counts are of */
    ot_list list;            /* a row per theme */
    const size_t *order;     /* the theme on each row; NULL: row i shows theme i */
    ot_theme_count_fn count; /* what `a` calls after flipping filter.actions */
};

/* Load the theme set into tl, to be counted by count.  Returns 0, or -1
 * after saying why in the message line. */
int ot_theme_list_init(ot_theme_list *tl, ot_tui *t, ot_theme_count_fn count);

void ot_theme_list_free(ot_theme_list *tl);

/* The request hook: `a` counts the other texts (actions or findings). */
ot_result ot_theme_list_request(ot_view *v, ot_tui *t, ot_request req, ot_area a);

/* The open_row hook: the row's theme lists its texts. */
void ot_theme_list_open_row(ot_view *v, ot_tui *t, size_t row);

#endif
