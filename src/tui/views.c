/* Names and titles of the views: see views.h. */
#include "config.h"

#include "views.h"

#include <string.h>

static const char *const names[OT_VIEW_COUNT] = {
    OT_VIEWS(OT_XLIST_SECOND)
};

static const char *const titles[OT_VIEW_COUNT] = {
    OT_VIEWS(OT_XLIST_THIRD)
};

static const char *const export_names[OT_VIEW_COUNT] = {
    OT_VIEWS(OT_XLIST_FOURTH)
};

const char *ot_view_name(ot_view_id id)
{
    return id >= 0 && id < OT_VIEW_COUNT ? names[id] : "all";
}

const char *ot_view_title(ot_view_id id)
{
    return id >= 0 && id < OT_VIEW_COUNT ? titles[id] : "Everywhere";
}

const char *ot_view_export_name(ot_view_id id)
{
    return id >= 0 && id < OT_VIEW_COUNT && export_names[id] ? export_names[id] : ot_view_name(id);
}

ot_view_id ot_view_by_name(const char *name)
{
    if (name && strcmp(name, "all") == 0)
        return OT_VIEW_ANY;
    for (int i = 0; name && i < OT_VIEW_COUNT; i++)
        if (strcmp(names[i], name) == 0)
            return (ot_view_id)i;
    return OT_VIEW_COUNT;
}
