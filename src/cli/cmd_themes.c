/* `ofsted-tui themes [--la NAME] [--actions] [--from YEAR] [--to YEAR]
 *  [--list] [--format text|csv|json]`
 *
 * Which weaknesses keep coming back: with --la, one authority's themes by
 * inspection in date order and how long each has run; without, national
 * counts per theme per year, per 100 inspections.  Themes and their rules
 * are in ofsted-tui/themes.h. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/ratings.h"
#include "ofsted-tui/table_out.h"
#include "ofsted-tui/themes.h"

/* The first columns of the --la matrix; one column per inspection follows,
 * named "START_DATE FRAMEWORK", oldest first. */
static const char *const la_columns[] = {"theme", "recurs", "current_run", "longest_run", "inspections", "texts"};
#define N_LA_COLUMNS 6

static const char *const trend_columns[] = {"theme", "year", "inspections", "matching_inspections", "per_100", "texts"};
static const bool trend_numeric[] = {false, true, true, true, true, true};
#define N_TREND_COLUMNS 6

static const char *const list_columns[] = {"theme", "pattern", "origin"};

static void usage(FILE *out, const char *prog)
{
    fprintf(out,
            "Usage: %s themes [--la NAME] [--actions] [--from YEAR] [--to YEAR] [--list]\n"
            "                 [--format text|csv|json]\n"
            "Themes are named regular expressions over findings (or actions): the\n"
            "defaults (see --list), changed or extended by the user's file\n"
            "$XDG_CONFIG_HOME/ofsted-tui/themes (or ~/.config/ofsted-tui/themes), one\n"
            "'name<TAB>regex' a line, '#' comments; a name already known replaces it.\n"
            "Without --la: per theme and year, the inspections whose findings match, per\n"
            "100 inspections (columns theme, year, inspections, matching_inspections,\n"
            "per_100, texts).\n"
            "With --la: per theme, whether it recurs in consecutive inspections, its\n"
            "current and longest run, then the number of matching findings of each\n"
            "inspection, oldest first (one column each, named 'DATE FRAMEWORK');\n"
            "recurring themes first.  Only inspections with findings (or actions) count.\n"
            "  --la NAME        one authority (name, ONS code or URN)\n"
            "  --actions        match the improvement actions instead of the findings\n"
            "  --from YEAR      only inspections that started in YEAR or later\n"
            "  --to YEAR        only inspections that started in YEAR or earlier\n"
            "  --list           print the themes in force: theme, pattern, origin\n"
            "  --format FORMAT  text (default), csv or json\n",
            prog);
}

static int parse_year(const char *s, int *out)
{
    char *end;
    long y = strtol(s, &end, 10);
    if (end == s || *end || y < 1900 || y > 2199)
        return -1;
    *out = (int)y;
    return 0;
}

static void write_list(ot_table_out *t, const ot_themes *th)
{
    for (size_t i = 0; i < ot_themes_count(th); i++) {
        const char *values[3] = {ot_themes_name(th, i), ot_themes_pattern(th, i), ot_themes_origin(th, i)};
        ot_table_out_row(t, values);
    }
}

static void write_trends(ot_table_out *t, const ot_themes *th, const ot_theme_trends *tr)
{
    for (size_t k = 0; k < tr->n_themes; k++)
        for (int y = 0; y < tr->n_years; y++) {
            char num[5][32];
            size_t at = k * (size_t)tr->n_years + (size_t)y;
            snprintf(num[0], sizeof num[0], "%d", tr->first_year + y);
            snprintf(num[1], sizeof num[1], "%d", tr->inspections[y]);
            snprintf(num[2], sizeof num[2], "%d", tr->matching[at]);
            snprintf(num[3], sizeof num[3], "%.1f", ot_theme_trends_per_100(tr, k, y));
            snprintf(num[4], sizeof num[4], "%d", tr->texts[at]);
            const char *values[N_TREND_COLUMNS] = {ot_themes_name(th, k), num[0], num[1], num[2], num[3], num[4]};
            ot_table_out_row(t, values);
        }
}

/* The --la matrix: its own writer, as the columns depend on the
 * authority's inspections.  Returns 0 or -1 (out of memory, write error). */
static int write_matrix(FILE *out, ot_format format, const ot_themes *th, const ot_theme_matrix *m)
{
    size_t nc = N_LA_COLUMNS + m->n_insp;
    const char **cols = calloc(nc, sizeof *cols);
    bool *numeric = calloc(nc, sizeof *numeric);
    char **names = calloc(m->n_insp ? m->n_insp : 1, sizeof *names);
    char **cells = calloc(2 * nc, sizeof *cells); /* the numbers, then the row's values */
    int status = -1;
    if (!cols || !numeric || !names || !cells)
        goto out;
    for (size_t c = 0; c < nc; c++) {
        cols[c] = c < N_LA_COLUMNS ? la_columns[c] : NULL;
        numeric[c] = c >= 2;
        if (!(cells[c] = malloc(32)))
            goto out;
    }
    for (size_t i = 0; i < m->n_insp; i++) {
        ot_buf b = OT_BUF_INIT;
        ot_buf_printf(&b, "%s %s", m->insp[i].start_date, m->insp[i].framework);
        names[i] = ot_buf_steal(&b);
        ot_buf_free(&b);
        if (!names[i])
            goto out;
        cols[N_LA_COLUMNS + i] = names[i];
    }
    ot_table_out *t = ot_table_out_new(out, format, cols, numeric, (int)nc);
    if (!t)
        goto out;
    const char **values = (const char **)cells + nc; /* the second half of cells */
    for (size_t r = 0; r < m->n_themes; r++) {
        size_t k = m->order[r];
        values[0] = ot_themes_name(th, k);
        values[1] = m->longest_run[k] >= 2 ? "yes" : "no";
        snprintf(cells[2], 32, "%d", m->current_run[k]);
        snprintf(cells[3], 32, "%d", m->longest_run[k]);
        snprintf(cells[4], 32, "%d", m->inspections[k]);
        snprintf(cells[5], 32, "%d", m->total[k]);
        for (size_t i = 0; i < m->n_insp; i++)
            snprintf(cells[N_LA_COLUMNS + i], 32, "%d", m->counts[k * m->n_insp + i]);
        for (size_t c = 2; c < nc; c++)
            values[c] = cells[c];
        ot_table_out_row(t, values);
    }
    status = ot_table_out_finish(t) < 0 ? -1 : 0;
out:
    for (size_t i = 0; names && i < m->n_insp; i++)
        free(names[i]);
    for (size_t c = 0; cells && c < nc; c++)
        free(cells[c]);
    free(cells);
    free(names);
    free(numeric);
    free(cols);
    return status;
}

int ot_cmd_themes(ot_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        OT_CLI_QUERY_OPTIONS,
        {"actions", no_argument, NULL, 'a'},
        {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},
        {"list", no_argument, NULL, 'L'},
        {NULL, 0, NULL, 0},
    };
    ot_format format = OT_FORMAT_TEXT;
    ot_theme_filter filter = {0, false, 0, 0};
    const char *la = NULL;
    bool list = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, OT_CLI_QUERY_SHORT_OPTIONS "aF:T:L", options, NULL)) != -1) {
        switch (c) {
        case 'l': la = optarg; break;
        case 'a': filter.actions = true; break;
        case 'L': list = true; break;
        case 'F':
        case 'T':
            if (parse_year(optarg, c == 'F' ? &filter.from_year : &filter.to_year) < 0)
                return ot_cli_usage_error(cli, "themes", "--%s must be a year from 1900 to 2199, not '%s'",
                                          c == 'F' ? "from" : "to", optarg);
            break;
        default: {
            int rc = ot_cli_query_option(cli, "themes", c, argv, &format, usage);
            if (rc != OT_CLI_GO_ON)
                return rc;
        }
        }
    }
    if (optind < argc)
        return ot_cli_usage_error(cli, "themes", "unexpected argument '%s' (an authority is named with --la)",
                                  argv[optind]);
    if (filter.from_year && filter.to_year && filter.from_year > filter.to_year)
        return ot_cli_usage_error(cli, "themes", "--from %d is after --to %d", filter.from_year, filter.to_year);

    ot_error err = OT_ERROR_INIT;
    ot_themes *th = ot_themes_load(NULL, &err);
    if (!th) {
        ot_cli_error(cli, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        return OT_EXIT_FAIL;
    }
    int status = OT_EXIT_FAIL;
    if (list) {
        ot_table_out *t = ot_table_out_new(stdout, format, list_columns, NULL, 3);
        if (t) {
            write_list(t, th);
            status = ot_table_out_finish(t) < 0 ? OT_EXIT_FAIL : OT_EXIT_OK;
        }
        ot_themes_free(th);
        return status;
    }
    ot_db *db = ot_cli_open_db(cli, false);
    if (!db) {
        ot_themes_free(th);
        return OT_EXIT_FAIL;
    }
    if (la) {
        ot_ratings *r = ot_ratings_load(db, OT_RATINGS_BY_START, &err);
        long at = r ? ot_ratings_find_authority(r, db, la, &err) : -2;
        if (at >= 0)
            filter.authority_id = ot_ratings_authority(r, (size_t)at)->id;
        ot_ratings_free(r);
        if (at == -1) {
            status = ot_cli_usage_error(cli, "themes", "no authority called '%s' in %s", la, ot_db_path(db));
            goto out;
        }
        if (at < 0) {
            ot_cli_error(cli, "%s", ot_error_msg(&err));
            goto out;
        }
        ot_theme_matrix m;
        if (ot_themes_matrix(db, th, &filter, &m, &err) < 0) {
            ot_cli_error(cli, "%s", ot_error_msg(&err));
            goto out;
        }
        if (write_matrix(stdout, format, th, &m) < 0)
            ot_cli_error(cli, "could not write the results");
        else
            status = OT_EXIT_OK;
        ot_theme_matrix_free(&m);
    } else {
        ot_theme_trends tr;
        if (ot_themes_trends(db, th, &filter, true, &tr, &err) < 0) {
            ot_cli_error(cli, "%s", ot_error_msg(&err));
            goto out;
        }
        ot_table_out *t = ot_table_out_new(stdout, format, trend_columns, trend_numeric, N_TREND_COLUMNS);
        if (t) {
            write_trends(t, th, &tr);
            if (ot_table_out_finish(t) < 0)
                ot_cli_error(cli, "could not write the results");
            else
                status = OT_EXIT_OK;
        }
        ot_theme_trends_free(&tr);
    }
out:
    ot_error_clear(&err);
    ot_db_close(db);
    ot_themes_free(th);
    return status;
}
