/* `ofsted-tui ratings [--la NAME ...] [--region R] [--area A] [--as-at DATE]
 *  [--since DATE] [--by start|published] [--summary] [--neighbours-of LA] [--format text|csv|json]`
 *
 * The grade in force for each authority on one date (rules in
 * ofsted-tui/ratings.h), with --summary the counts per region and for
 * England, or with --neighbours-of one authority and its statistical
 * neighbours.  With --since, the grade in force on both dates and how it
 * moved, or with --summary the table of transitions per region. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/neighbours.h"
#include "ofsted-tui/ratings.h"
#include "ofsted-tui/table_out.h"

static const char *const row_columns[] = {
    "authority", "ons_code", "region", "area", "grade", "grade_label",
    "inspection_id", "start_date", "published", "framework", "state",
};
static const bool row_numeric[] = {false, false, false, false, true, false, true, false, false, false, false};
#define N_ROW_COLUMNS ((int)(sizeof row_columns / sizeof row_columns[0]))

static const char *const summary_columns[] = {
    "region", "authorities", "outstanding", "good", "requires_improvement", "inadequate", "not_graded",
};
static const bool summary_numeric[] = {false, true, true, true, true, true, true};
#define N_SUMMARY_COLUMNS ((int)(sizeof summary_columns / sizeof summary_columns[0]))

/* --neighbours-of: the row columns with the rank in front and the latest
 * inspection or visit (up to the date) behind. */
static const char *const neighbour_columns[] = {
    "rank", "authority", "ons_code", "region", "area", "grade", "grade_label",
    "inspection_id", "start_date", "published", "framework", "state",
    "latest_inspection_id", "latest_start_date", "latest_framework",
};
static const bool neighbour_numeric[] = {true, false, false, false, false, true, false, true,
                                         false, false, false, false, true, false, false};
#define N_NEIGHBOUR_COLUMNS ((int)(sizeof neighbour_columns / sizeof neighbour_columns[0]))

static const char *const move_columns[] = {
    "ons_code", "authority", "region", "grade_then", "grade_now", "change",
    "grade_label_then", "grade_label_now", "start_date_then", "start_date_now", "area",
};
static const bool move_numeric[] = {false, false, false, true, true, false, false, false, false, false, false};
#define N_MOVE_COLUMNS ((int)(sizeof move_columns / sizeof move_columns[0]))

static const char *const transition_columns[] = {
    "region", "grade_then", "authorities", "outstanding", "good", "requires_improvement", "inadequate", "none",
};
static const bool transition_numeric[] = {false, false, true, true, true, true, true, true};
#define N_TRANSITION_COLUMNS ((int)(sizeof transition_columns / sizeof transition_columns[0]))

/* Row and column names of the transition table, by class (0: none). */
static const char *const class_keys[] = {"none", "outstanding", "good", "requires_improvement", "inadequate"};

static const char *state_word(ot_rating_state s)
{
    switch (s) {
    case OT_RATING_ABSENT: return "not_existing";
    case OT_RATING_NONE: return "none";
    case OT_RATING_UNGRADED: return "not_graded";
    case OT_RATING_GRADED: return "graded";
    }
    return "";
}

/* The text of a rating's numbers, for rating_values(). */
typedef struct {
    char grade[8], id[32];
} rating_cells;

/* The seven columns a rating fills in every table that shows one (grade,
 * grade_label, inspection_id, start_date, published, framework, state),
 * into out[0..6]; numbers are written into *cells, which must outlive out. */
static void rating_values(const ot_rating *at, rating_cells *cells, const char **out)
{
    cells->grade[0] = cells->id[0] = '\0';
    if (at->state == OT_RATING_GRADED)
        snprintf(cells->grade, sizeof cells->grade, "%d", at->grade);
    if (at->from)
        snprintf(cells->id, sizeof cells->id, "%lld", at->from->id);
    out[0] = cells->grade[0] ? cells->grade : NULL;
    out[1] = at->grade_label;
    out[2] = cells->id[0] ? cells->id : NULL;
    out[3] = at->from ? at->from->start_date : NULL;
    out[4] = at->from ? at->from->published : NULL;
    out[5] = at->from ? at->from->framework : NULL;
    out[6] = state_word(at->state);
}

static void usage(FILE *out, const char *prog)
{
    fprintf(out,
            "Usage: %s ratings [--la NAME ...] [--region R] [--area A] [--as-at DATE] [--since DATE]\n"
            "                  [--by start|published] [--published-by DATE] [--summary]\n"
            "                  [--neighbours-of LA] [--format text|csv|json]\n"
            "The grade in force for each authority on a date (default today): the grade\n"
            "of its latest inspection that started on or before the date (--by published:\n"
            "that was published by then).  Visits never change a grade.\n"
            "  --la NAME        only this authority (name, ONS code or URN; repeatable)\n"
            "  --region R       only authorities of this Ofsted region\n"
            "  --area A         judgement area (default overall): leaders, help_protection,\n"
            "                   in_care, care_leavers, adoption, lscb, ...\n"
            "  --as-at DATE     the date, YYYY-MM-DD\n"
            "  --since DATE     also the grade in force on this earlier date: columns\n"
            "                   ons_code, authority, region, grade_then, grade_now, change\n"
            "                   (improved, declined, unchanged, newly_graded,\n"
            "                   no_longer_graded, not_graded, created, abolished); with\n"
            "                   --summary the table of transitions (rows: grade then;\n"
            "                   columns: grade now) per region and for England\n"
            "  --by published   count inspections from their publication date\n"
            "  --published-by DATE  count only inspections published by DATE, as Ofsted's\n"
            "                   annual statistics do (their cut-off is weeks after 31 March)\n"
            "  --summary        counts of each grade per region and for England\n"
            "  --neighbours-of LA  the authority and its ten statistical neighbours (DfE's,\n"
            "                   imported from Provider_data_lookup.csv), closest first;\n"
            "                   columns: rank (0 for LA itself), authority, ons_code, region,\n"
            "                   area, grade, grade_label, inspection_id, start_date,\n"
            "                   published, framework, state, latest_inspection_id,\n"
            "                   latest_start_date, latest_framework (the latest inspection\n"
            "                   or visit by the date)\n"
            "  --format FORMAT  text (default), csv or json\n",
            prog);
}

static void list_areas(ot_buf *b, const ot_ratings *r)
{
    for (size_t i = 0; i < ot_ratings_n_areas(r); i++)
        ot_buf_printf(b, "%s%s", i ? ", " : "", ot_ratings_area_key(r, i));
}

static void list_regions(ot_buf *b, const ot_ratings *r)
{
    size_t n;
    const char *const *regions = ot_ratings_regions(r, &n);
    for (size_t i = 0; i < n; i++)
        ot_buf_printf(b, "%s'%s'", i ? ", " : "", regions[i]);
    if (n == 0)
        ot_buf_puts(b, "none: the database has no authorities");
}

static void write_rows(ot_table_out *t, const ot_ratings *r, int area, const char *as_at, const bool *chosen,
                       bool named, const char *region)
{
    const char *area_key = ot_ratings_area_key(r, (size_t)area);
    for (size_t i = 0; i < ot_ratings_n_authorities(r); i++) {
        const ot_rating_authority *a = ot_ratings_authority(r, i);
        if (named && !chosen[i])
            continue;
        if (region && (!a->region || strcmp(a->region, region) != 0))
            continue;
        ot_rating at = ot_ratings_at(r, i, area, as_at);
        /* Authorities that did not exist then are left out, unless named. */
        if (at.state == OT_RATING_ABSENT && !named)
            continue;
        rating_cells rc;
        const char *values[N_ROW_COLUMNS] = {a->name, a->ons_code, a->region, area_key};
        rating_values(&at, &rc, values + 4);
        ot_table_out_row(t, values);
    }
}

/* The latest inspection or visit of authority la that counts by date. */
static const ot_rating_inspection *latest_by(const ot_ratings *r, const ot_rating_authority *a, const char *date)
{
    const ot_rating_inspection *best = NULL;
    for (size_t k = 0; k < a->n_inspections; k++) {
        const char *d = ot_ratings_inspection_date(r, &a->inspections[k]);
        if (d && strcmp(d, date) <= 0 &&
            (!best || strcmp(d, ot_ratings_inspection_date(r, best)) >= 0))
            best = &a->inspections[k];
    }
    return best;
}

static void write_neighbours(ot_table_out *t, const ot_ratings *r, int area, const char *as_at,
                             const ot_neighbour *list, size_t n)
{
    const char *area_key = ot_ratings_area_key(r, (size_t)area);
    for (size_t i = 0; i < n; i++) {
        const ot_neighbour *e = &list[i];
        ot_rating at = {OT_RATING_NONE, 0, NULL, NULL};
        const ot_rating_inspection *latest = NULL;
        if (e->la >= 0) {
            at = ot_ratings_at(r, (size_t)e->la, area, as_at);
            latest = latest_by(r, ot_ratings_authority(r, (size_t)e->la), as_at);
        }
        char rank[8], latest_id[32] = "";
        snprintf(rank, sizeof rank, "%d", e->rank);
        if (latest)
            snprintf(latest_id, sizeof latest_id, "%lld", latest->id);
        rating_cells rc;
        const char *values[N_NEIGHBOUR_COLUMNS] = {rank, e->name, e->ons_code, e->region, area_key};
        rating_values(&at, &rc, values + 5);
        values[12] = latest_id[0] ? latest_id : NULL;
        values[13] = latest ? latest->start_date : NULL;
        values[14] = latest ? latest->framework : NULL;
        ot_table_out_row(t, values);
    }
}

static void summary_row(ot_table_out *t, const char *name, const ot_grade_counts *c)
{
    char num[N_SUMMARY_COLUMNS - 1][16];
    snprintf(num[0], sizeof num[0], "%d", c->total);
    for (int g = 1; g <= 4; g++)
        snprintf(num[g], sizeof num[g], "%d", c->by_grade[g]);
    snprintf(num[5], sizeof num[5], "%d", c->by_grade[0]);
    const char *values[N_SUMMARY_COLUMNS] = {name, num[0], num[1], num[2], num[3], num[4], num[5]};
    ot_table_out_row(t, values);
}

static void write_summary(ot_table_out *t, const ot_ratings *r, int area, const char *as_at, const bool *chosen,
                          bool named, const char *region)
{
    size_t n_regions;
    const char *const *regions = ot_ratings_regions(r, &n_regions);
    ot_grade_counts total = {{0, 0, 0, 0, 0}, 0};
    /* One pass per region over the chosen authorities; those without a
     * region count only in the total. */
    for (size_t g = 0; g <= n_regions; g++) {
        const char *reg = g < n_regions ? regions[g] : NULL;
        if (region && reg != region)
            continue;
        ot_grade_counts c = {{0, 0, 0, 0, 0}, 0};
        for (size_t i = 0; i < ot_ratings_n_authorities(r); i++) {
            const ot_rating_authority *a = ot_ratings_authority(r, i);
            if ((named && !chosen[i]) || (reg ? !a->region || strcmp(a->region, reg) != 0 : a->region != NULL))
                continue;
            ot_rating at = ot_ratings_at(r, i, area, as_at);
            if (at.state == OT_RATING_ABSENT)
                continue;
            c.by_grade[at.state == OT_RATING_GRADED ? at.grade : 0]++;
            c.total++;
        }
        for (int k = 0; k <= 4; k++)
            total.by_grade[k] += c.by_grade[k];
        total.total += c.total;
        if (reg && (c.total > 0 || !named))
            summary_row(t, reg, &c);
    }
    summary_row(t, named || region ? "Total" : "England", &total);
}

/* --since: each authority's grade on both dates.  An authority that
 * existed on neither date is left out (unless named). */
static void write_moves(ot_table_out *t, const ot_ratings *r, int area, const char *since, const char *as_at,
                        const bool *chosen, bool named, const char *region)
{
    const char *area_key = ot_ratings_area_key(r, (size_t)area);
    for (size_t i = 0; i < ot_ratings_n_authorities(r); i++) {
        const ot_rating_authority *a = ot_ratings_authority(r, i);
        if ((named && !chosen[i]) || (region && (!a->region || strcmp(a->region, region) != 0)))
            continue;
        ot_rating then = ot_ratings_at(r, i, area, since), now = ot_ratings_at(r, i, area, as_at);
        if (then.state == OT_RATING_ABSENT && now.state == OT_RATING_ABSENT && !named)
            continue;
        char g_then[8] = "", g_now[8] = "";
        if (ot_rating_class(&then))
            snprintf(g_then, sizeof g_then, "%d", then.grade);
        if (ot_rating_class(&now))
            snprintf(g_now, sizeof g_now, "%d", now.grade);
        const char *values[N_MOVE_COLUMNS] = {
            a->ons_code, a->name, a->region,
            g_then[0] ? g_then : NULL, g_now[0] ? g_now : NULL,
            ot_ratings_change_word(&then, &now),
            then.grade_label, now.grade_label,
            then.from ? then.from->start_date : NULL, now.from ? now.from->start_date : NULL,
            area_key,
        };
        ot_table_out_row(t, values);
    }
}

static void transition_rows(ot_table_out *t, const char *name, const ot_grade_transitions *tr)
{
    /* Grades first, best to worst, then none: the order people read. */
    static const int order[] = {1, 2, 3, 4, 0};
    for (int k = 0; k < 5; k++) {
        int from = order[k];
        char num[6][16];
        int sum = 0;
        for (int c = 0; c < 5; c++) {
            snprintf(num[c + 1], sizeof num[c + 1], "%d", tr->cells[from][order[c]]);
            sum += tr->cells[from][order[c]];
        }
        snprintf(num[0], sizeof num[0], "%d", sum);
        const char *values[N_TRANSITION_COLUMNS] = {name, class_keys[from], num[0], num[1], num[2], num[3], num[4], num[5]};
        ot_table_out_row(t, values);
    }
}

static void write_transitions(ot_table_out *t, const ot_ratings *r, int area, const char *since, const char *as_at,
                              const bool *chosen, bool named, const char *region)
{
    size_t n_regions;
    const char *const *regions = ot_ratings_regions(r, &n_regions);
    ot_grade_transitions total;
    memset(&total, 0, sizeof total);
    for (size_t g = 0; g <= n_regions; g++) {
        const char *reg = g < n_regions ? regions[g] : NULL;
        if (region && reg != region)
            continue;
        ot_grade_transitions c;
        memset(&c, 0, sizeof c);
        for (size_t i = 0; i < ot_ratings_n_authorities(r); i++) {
            const ot_rating_authority *a = ot_ratings_authority(r, i);
            if ((named && !chosen[i]) || (reg ? !a->region || strcmp(a->region, reg) != 0 : a->region != NULL))
                continue;
            ot_rating then = ot_ratings_at(r, i, area, since), now = ot_ratings_at(r, i, area, as_at);
            if (then.state == OT_RATING_ABSENT && now.state == OT_RATING_ABSENT)
                continue;
            c.cells[ot_rating_class(&then)][ot_rating_class(&now)]++;
            c.total++;
        }
        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++)
                total.cells[x][y] += c.cells[x][y];
        total.total += c.total;
        if (reg && (c.total > 0 || !named))
            transition_rows(t, reg, &c);
    }
    transition_rows(t, named || region ? "Total" : "England", &total);
}

int ot_cmd_ratings(ot_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        OT_CLI_QUERY_OPTIONS,
        {"region", required_argument, NULL, 'r'},
        {"area", required_argument, NULL, 'a'},
        {"as-at", required_argument, NULL, 't'},
        {"since", required_argument, NULL, 'S'},
        {"by", required_argument, NULL, 'b'},
        {"summary", no_argument, NULL, 's'},
        {"neighbours-of", required_argument, NULL, 'N'},
        {"published-by", required_argument, NULL, 'P'},
        {NULL, 0, NULL, 0},
    };
    ot_format format = OT_FORMAT_TEXT;
    ot_ratings_basis by = OT_RATINGS_BY_START;
    const char *region_arg = NULL, *area_arg = "overall", *as_at_arg = NULL, *published_by = NULL,
               *since = NULL;
    const char *neighbours_of = NULL;
    ot_neighbour *neigh = NULL;
    long n_neigh = 0;
    bool summary = false;
    const char **las = calloc((size_t)argc + 1, sizeof *las);
    size_t n_las = 0;
    if (!las) {
        ot_cli_error(cli, "out of memory");
        return OT_EXIT_FAIL;
    }
    int status = OT_EXIT_USAGE;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, OT_CLI_QUERY_SHORT_OPTIONS "r:a:t:S:b:sP:N:", options, NULL)) != -1) {
        switch (c) {
        case 'l':
            las[n_las++] = optarg;
            break;
        case 'r':
            region_arg = optarg;
            break;
        case 'a':
            area_arg = optarg;
            break;
        case 't':
            as_at_arg = optarg;
            break;
        case 'S':
            since = optarg;
            break;
        case 'b':
            if (strcmp(optarg, "published") == 0)
                by = OT_RATINGS_BY_PUBLISHED;
            else if (strcmp(optarg, "start") == 0)
                by = OT_RATINGS_BY_START;
            else {
                ot_cli_usage_error(cli, "ratings", "--by must be start or published, not '%s'", optarg);
                goto out;
            }
            break;
        case 's':
            summary = true;
            break;
        case 'P':
            published_by = optarg;
            break;
        case 'N':
            neighbours_of = optarg;
            break;
        default: {
            int rc = ot_cli_query_option(cli, "ratings", c, argv, &format, usage);
            if (rc != OT_CLI_GO_ON) {
                status = rc;
                goto out;
            }
        }
        }
    }
    if (optind < argc) {
        ot_cli_usage_error(cli, "ratings", "unexpected argument '%s' (authorities are named with --la)",
                           argv[optind]);
        goto out;
    }
    if (neighbours_of && (n_las > 0 || summary || region_arg || since)) {
        ot_cli_usage_error(cli, "ratings", "--neighbours-of goes with neither --la, --region, --since nor --summary");
        goto out;
    }
    char today[11];
    ot_ratings_today(today);
    const char *as_at = as_at_arg ? as_at_arg : today;
    if (!ot_ratings_date_valid(as_at)) {
        ot_cli_usage_error(cli, "ratings", "--as-at '%s' is not a real date written YYYY-MM-DD (e.g. 2025-03-31)", as_at);
        goto out;
    }

    if (since && !ot_ratings_date_valid(since)) {
        ot_cli_usage_error(cli, "ratings", "--since '%s' is not a real date written YYYY-MM-DD (e.g. 2019-03-31)", since);
        goto out;
    }
    if (since && strcmp(since, as_at) > 0) {
        ot_cli_usage_error(cli, "ratings", "--since %s is after --as-at %s", since, as_at);
        goto out;
    }
    if (published_by && !ot_ratings_date_valid(published_by)) {
        ot_cli_usage_error(cli, "ratings", "--published-by '%s' is not a real date written YYYY-MM-DD", published_by);
        goto out;
    }

    ot_db *db = ot_cli_open_db(cli, false);
    if (!db) {
        status = OT_EXIT_FAIL;
        goto out;
    }
    ot_error err = OT_ERROR_INIT;
    ot_buf known = OT_BUF_INIT;
    bool *chosen = NULL;
    ot_ratings *r = ot_ratings_load(db, by, &err);
    if (!r) {
        ot_cli_error(cli, "%s", ot_error_msg(&err));
        status = OT_EXIT_FAIL;
        goto close;
    }
    ot_ratings_set_published_by(r, published_by);
    int area = ot_ratings_area_index(r, area_arg);
    if (area < 0) {
        list_areas(&known, r);
        ot_cli_usage_error(cli, "ratings", "unknown area '%s' (known: %s)", area_arg, ot_buf_str(&known));
        goto close;
    }
    const char *region = NULL;
    if (region_arg && !(region = ot_ratings_find_region(r, region_arg))) {
        list_regions(&known, r);
        ot_cli_usage_error(cli, "ratings", "unknown region '%s' (known: %s)", region_arg, ot_buf_str(&known));
        goto close;
    }
    chosen = calloc(ot_ratings_n_authorities(r) + 1, sizeof *chosen);
    if (!chosen) {
        ot_cli_error(cli, "out of memory");
        status = OT_EXIT_FAIL;
        goto close;
    }
    for (size_t i = 0; i < n_las; i++) {
        long la = ot_ratings_find_authority(r, db, las[i], &err);
        if (la == -2) {
            ot_cli_error(cli, "%s", ot_error_msg(&err));
            status = OT_EXIT_FAIL;
            goto close;
        }
        if (la < 0) {
            ot_cli_usage_error(cli, "ratings", "no authority called '%s' in %s", las[i], ot_db_path(db));
            goto close;
        }
        chosen[la] = true;
    }

    if (neighbours_of) {
        long la = ot_ratings_find_authority(r, db, neighbours_of, &err);
        if (la == -2) {
            ot_cli_error(cli, "%s", ot_error_msg(&err));
            status = OT_EXIT_FAIL;
            goto close;
        }
        if (la < 0) {
            ot_cli_usage_error(cli, "ratings", "no authority called '%s' in %s", neighbours_of, ot_db_path(db));
            goto close;
        }
        n_neigh = ot_neighbours_of(r, db, (size_t)la, &neigh, &err);
        if (n_neigh < 0) {
            ot_cli_error(cli, "%s", ot_error_msg(&err));
            status = OT_EXIT_FAIL;
            goto close;
        }
        if (n_neigh == 0) {
            ot_cli_error(cli, "%s: no statistical neighbours of %s; import the authorities lookup "
                              "(Provider_data_lookup.csv) first", ot_db_path(db),
                         ot_ratings_authority(r, (size_t)la)->name);
            status = OT_EXIT_FAIL;
            goto close;
        }
    }
    ot_table_out *t =
        neighbours_of    ? ot_table_out_new(stdout, format, neighbour_columns, neighbour_numeric, N_NEIGHBOUR_COLUMNS)
        : since && summary ? ot_table_out_new(stdout, format, transition_columns, transition_numeric, N_TRANSITION_COLUMNS)
        : since          ? ot_table_out_new(stdout, format, move_columns, move_numeric, N_MOVE_COLUMNS)
        : summary        ? ot_table_out_new(stdout, format, summary_columns, summary_numeric, N_SUMMARY_COLUMNS)
                         : ot_table_out_new(stdout, format, row_columns, row_numeric, N_ROW_COLUMNS);
    if (!t) {
        ot_cli_error(cli, "out of memory");
        status = OT_EXIT_FAIL;
        goto close;
    }
    if (neighbours_of)
        write_neighbours(t, r, area, as_at, neigh, (size_t)n_neigh);
    else if (since && summary)
        write_transitions(t, r, area, since, as_at, chosen, n_las > 0, region);
    else if (since)
        write_moves(t, r, area, since, as_at, chosen, n_las > 0, region);
    else if (summary)
        write_summary(t, r, area, as_at, chosen, n_las > 0, region);
    else
        write_rows(t, r, area, as_at, chosen, n_las > 0, region);
    if (ot_table_out_finish(t) < 0) {
        ot_cli_error(cli, "could not write the results");
        status = OT_EXIT_FAIL;
    } else {
        status = OT_EXIT_OK;
    }
close:
    ot_neighbours_free(neigh, n_neigh > 0 ? (size_t)n_neigh : 0);
    free(chosen);
    ot_buf_free(&known);
    ot_ratings_free(r);
    ot_error_clear(&err);
    ot_db_close(db);
out:
    free(las);
    return status;
}
