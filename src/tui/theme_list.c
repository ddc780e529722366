/* The list of themes the two views of theme counts share: see
 * theme_list.h. */
#include "config.h"

#include "theme_list.h"

int ot_theme_list_init(ot_theme_list *tl, ot_tui *t, ot_theme_count_fn count)
{
    ot_error err = OT_ERROR_INIT;
    tl->themes = ot_themes_load(NULL, &err);
    tl->count = count;
    if (!tl->themes)
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
    ot_error_clear(&err);
    return tl->themes ? 0 : -1;
}

void ot_theme_list_free(ot_theme_list *tl)
{
    ot_themes_free(tl->themes);
    tl->themes = NULL;
}

ot_result ot_theme_list_request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    (void)a;
    ot_theme_list *tl = v->state;
    if (req != OT_REQ_TOGGLE_THEME_ACTIONS)
        return OT_RESULT_UNHANDLED; /* movement and Enter: the list's (ot_tui_push_list) */
    tl->filter.actions = !tl->filter.actions;
    tl->count(tl, t);
    return OT_RESULT_HANDLED;
}

void ot_theme_list_open_row(ot_view *v, ot_tui *t, size_t row)
{
    ot_theme_list *tl = v->state;
    ot_view_theme_hits_open(t, tl->themes, tl->order ? tl->order[row] : row, &tl->filter);
}
