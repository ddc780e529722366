/* Times what opening the matrix view computes: reading every inspection
 * (ot_ratings_load) and the grade in force for every authority at 31 March
 * of every year since 2005 (ot_ratings_matrix_build), best of N runs.
 * Prints "load_ms build_ms cells graded" for bench/matrix. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ofsted-tui/ratings.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: matrix-driver DB [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(argv[1], 0, &err);
    if (!db) {
        fprintf(stderr, "%s\n", ot_error_msg(&err));
        return 1;
    }
    char today[11];
    ot_ratings_today(today);
    int last = atoi(today);
    double best_load = 1e9, best_build = 1e9;
    long cells = 0, graded = 0;
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        ot_ratings *r = ot_ratings_load(db, OT_RATINGS_BY_START, &err);
        double t1 = now_ms();
        ot_ratings_matrix m;
        if (!r || ot_ratings_matrix_build(r, ot_ratings_area_index(r, "overall"), 2005, last, today, &m, &err) < 0) {
            fprintf(stderr, "%s\n", ot_error_msg(&err));
            return 1;
        }
        double t2 = now_ms();
        if (t1 - t0 < best_load)
            best_load = t1 - t0;
        if (t2 - t1 < best_build)
            best_build = t2 - t1;
        cells = (long)m.n_authorities * m.n_years;
        graded = 0;
        for (long c = 0; c < cells; c++)
            graded += m.cells[c].state == OT_RATING_GRADED;
        ot_ratings_matrix_free(&m);
        ot_ratings_free(r);
    }
    printf("%.3f %.3f %ld %ld\n", best_load, best_build, cells, graded);
    ot_db_close(db);
    return 0;
}
