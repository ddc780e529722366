/* Statistical neighbours: see ofsted-tui/neighbours.h. */
#include "config.h"

#include "ofsted-tui/neighbours.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const unsigned char *s)
{
    return s ? strdup((const char *)s) : NULL;
}

static long index_of_ons(const ot_ratings *r, const char *ons)
{
    for (size_t i = 0; i < ot_ratings_n_authorities(r); i++) {
        const ot_rating_authority *a = ot_ratings_authority(r, i);
        if (a->ons_code && strcmp(a->ons_code, ons) == 0)
            return (long)i;
    }
    return -1;
}

void ot_neighbours_free(ot_neighbour *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++) {
        free(list[i].ons_code);
        free(list[i].name);
        free(list[i].region);
    }
    free(list);
}

long ot_neighbours_of(const ot_ratings *r, ot_db *db, size_t la, ot_neighbour **out, ot_error *err)
{
    *out = NULL;
    const ot_rating_authority *self = ot_ratings_authority(r, la);
    if (!self || !self->ons_code)
        return 0;
    sqlite3 *h = ot_db_handle(db);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h,
                           "SELECT n.rank, n.neighbour, coalesce(a.name, g.name), coalesce(a.region, g.region)"
                           " FROM la_neighbour n JOIN la_register g ON g.ons_code = n.neighbour"
                           " LEFT JOIN authority a ON a.ons_code = n.neighbour"
                           " WHERE n.ons_code = ?1 ORDER BY n.rank",
                           -1, &st, NULL) != SQLITE_OK) {
        ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(h));
        return -1;
    }
    sqlite3_bind_text(st, 1, self->ons_code, -1, SQLITE_STATIC);
    ot_neighbour *list = calloc(11, sizeof *list);
    size_t n = 0;
    if (!list)
        goto oom;
    list[0].rank = 0;
    list[0].la = (long)la;
    if (!(list[0].ons_code = strdup(self->ons_code)) || !(list[0].name = strdup(self->name)) ||
        (self->region && !(list[0].region = strdup(self->region)))) {
        n = 1;
        goto oom;
    }
    n = 1;
    int rc;
    while (n < 11 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ot_neighbour *e = &list[n++];
        e->rank = sqlite3_column_int(st, 0);
        e->ons_code = dup_or_null(sqlite3_column_text(st, 1));
        e->name = dup_or_null(sqlite3_column_text(st, 2));
        e->region = dup_or_null(sqlite3_column_text(st, 3));
        if (!e->ons_code || !e->name)
            goto oom;
        e->la = index_of_ons(r, e->ons_code);
    }
    if (n < 11 && rc != SQLITE_DONE) {
        ot_error_set(err, "%s: %s", ot_db_path(db), sqlite3_errmsg(h));
        sqlite3_finalize(st);
        ot_neighbours_free(list, n);
        return -1;
    }
    sqlite3_finalize(st);
    if (n == 1) {
        ot_neighbours_free(list, n);
        return 0;
    }
    *out = list;
    return (long)n;
oom:
    sqlite3_finalize(st);
    ot_neighbours_free(list, n);
    ot_error_set(err, "out of memory");
    return -1;
}
