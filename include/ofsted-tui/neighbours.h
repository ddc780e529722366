/* DfE's statistical neighbours of an authority, as imported from the
 * authorities lookup (table la_neighbour), joined to the ratings. */
#ifndef OFSTED_TUI_NEIGHBOURS_H
#define OFSTED_TUI_NEIGHBOURS_H

#include <stddef.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/error.h"
#include "ofsted-tui/ratings.h"

typedef struct ot_neighbour {
    int rank;       /* 0 for the authority itself, then 1..10, closest first */
    char *ons_code; /* the register's code */
    char *name;     /* the authority's name in the database, else the register's */
    char *region;   /* likewise; or NULL */
    long la;        /* index in the ratings, or -1 when the database holds
                       nothing of this authority */
} ot_neighbour;

/* Authority la of r (loaded from db) followed by its neighbours in rank
 * order.  Returns how many entries (1 + neighbours) with *out a new array
 * (free with ot_neighbours_free); 0 when la has no ONS code or the
 * database has no neighbours for it (*out NULL); -1 with err set on a
 * database failure or out of memory. */
long ot_neighbours_of(const ot_ratings *r, ot_db *db, size_t la, ot_neighbour **out, ot_error *err);

void ot_neighbours_free(ot_neighbour *list, size_t n);

#endif
