/* `ofsted-tui search [filters] REGEX`: grep's conventions (exit 0 when
 * something matched, 1 when nothing did, 2 on error). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ofsted-tui/buf.h"
#include <sqlite3.h>

#include "ofsted-tui/search.h"
#include "ofsted-tui/table_out.h"

enum { OPT_FROM = 1000, OPT_TO, OPT_ACTIONS, OPT_COLOR };

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static void usage(const char *prog)
{
    printf("Usage: %s search [OPTIONS] REGEX\n"
           "Print the findings (numbered report paragraphs) that match REGEX, a PCRE2\n"
           "regular expression.  Smart case: a pattern without capitals ignores case;\n"
           "(?i) and (?-i) still rule.\n"
           "\n"
           "  --la NAME          only this authority (any spelling; repeat for more)\n"
           "  --region REGION    only this Ofsted region\n"
           "  --framework KEY    only this framework (sif, ilacs_standard, ...)\n"
           "  --section KEY      only this section (help_protection, in_care, ...)\n"
           "  --grade N          only where the section's area was graded N (1-4)\n"
           "  --from YEAR        inspections that started in YEAR or later\n"
           "  --to YEAR          inspections that started in YEAR or earlier\n"
           "  --actions          search the improvement actions instead of findings\n"
           "  --count            print only the number of matching paragraphs\n"
           "  --format FORMAT    text (default), csv or json; csv and json have the\n"
           "                     findings export columns plus match_offsets (bytes)\n"
           "  --color WHEN       mark matches with colour: auto (default), always, never\n"
           "\n"
           "Exit status: 0 when something matched, 1 when nothing did, 2 on error.\n",
           prog);
}

/* Write text[0, len) to stdout, control characters shown as ^X. */
static void put_escaped(const char *text, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c != 0x7f)
            continue;
        fwrite(text + run, 1, i - run, stdout);
        printf("^%c", c == 0x7f ? '?' : c + '@');
        run = i + 1;
    }
    fwrite(text + run, 1, len - run, stdout);
}

/* Text output: one line a hit, matches in bold red on a terminal and
 * control characters escaped there.  Piped, the paragraph goes out as
 * stored. */
static void print_text_hit(const ot_search_hit *h, bool color)
{
    /* Unnumbered text (a summary) is placed by its page instead. */
    bool action = strcmp(h->section ? h->section : "", "action") == 0;
    printf("%s  %s  %s  %s  ", h->authority ? h->authority : "?", h->start_date ? h->start_date : "",
           h->framework ? h->framework : "", h->section ? h->section : "");
    if (action || h->paragraph > 0)
        printf("%s%d  ", action ? "#" : "¶", h->paragraph);
    else if (h->page > 0)
        printf("p.%d  ", h->page);
    else
        printf("-  ");
    if (!color) {
        fwrite(h->text, 1, h->text_len, stdout);
        putchar('\n');
        return;
    }
    /* Spans are in order and do not overlap (ot_regex_find_all). */
    size_t at = 0;
    for (size_t k = 0; k < h->n_spans; k++) {
        const ot_span *sp = &h->spans[k];
        if (sp->end <= sp->start || sp->start < at || sp->end > h->text_len)
            continue;
        put_escaped(h->text + at, sp->start - at);
        fputs("\033[1;31m", stdout);
        put_escaped(h->text + sp->start, sp->end - sp->start);
        fputs("\033[0m", stdout);
        at = sp->end;
    }
    put_escaped(h->text + at, h->text_len - at);
    putchar('\n');
}

int ot_cmd_search(ot_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"la", required_argument, NULL, 'l'},
        {"region", required_argument, NULL, 'r'},
        {"framework", required_argument, NULL, 'w'},
        {"section", required_argument, NULL, 's'},
        {"grade", required_argument, NULL, 'g'},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"actions", no_argument, NULL, OPT_ACTIONS},
        {"count", no_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    ot_search_filter filter = {0};
    const char **las = NULL;
    bool actions = false, count_only = false;
    ot_format format = OT_FORMAT_TEXT;
    int color = -1; /* auto */
    int c;
    int status = OT_EXIT_USAGE;
    while ((c = getopt_long(argc, argv, "d:l:r:w:s:g:cf:h", options, NULL)) != -1) {
        switch (c) {
        case 'd': cli->db_path = optarg; break;
        case 'l': {
            const char **grown = realloc(las, (filter.n_authorities + 1) * sizeof *las);
            if (!grown)
                goto out;
            las = grown;
            las[filter.n_authorities++] = optarg;
            break;
        }
        case 'r': filter.region = optarg; break;
        case 'w': filter.framework = optarg; break;
        case 's': filter.section = optarg; break;
        case 'g':
            if (parse_int(optarg, 1, 4, &filter.grade) < 0) {
                ot_cli_usage_error(cli, "search", "--grade takes 1 (Outstanding) to 4 (Inadequate), not '%s'", optarg);
                goto out;
            }
            break;
        case OPT_FROM:
        case OPT_TO:
            if (parse_int(optarg, 1900, 2999, c == OPT_FROM ? &filter.from_year : &filter.to_year) < 0) {
                ot_cli_usage_error(cli, "search", "--%s takes a year such as 2019, not '%s'", c == OPT_FROM ? "from" : "to", optarg);
                goto out;
            }
            break;
        case OPT_ACTIONS: actions = true; break;
        case 'c': count_only = true; break;
        case 'f':
            if (ot_format_parse(optarg, &format) < 0) {
                ot_cli_usage_error(cli, "search", "--format must be text, csv or json, not '%s'", optarg);
                goto out;
            }
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "always") == 0)
                color = 1;
            else if (strcmp(optarg, "never") == 0)
                color = 0;
            else if (strcmp(optarg, "auto") == 0)
                color = -1;
            else {
                ot_cli_usage_error(cli, "search", "--color must be auto, always or never, not '%s'", optarg);
                goto out;
            }
            break;
        case 'h':
            usage(cli->prog);
            status = OT_EXIT_OK;
            goto out;
        default:
            ot_cli_usage_error(cli, "search", "unknown or incomplete option '%s'", argv[optind - 1]);
            goto out;
        }
    }
    if (argc - optind != 1) {
        ot_cli_usage_error(cli, "search", argc - optind < 1 ? "no pattern given" : "give one pattern (quote it)");
        goto out;
    }
    filter.authorities = las;
    if (actions && filter.section) {
        ot_cli_usage_error(cli, "search", "--section applies to findings, not to --actions");
        goto out;
    }
    if (color < 0) {
        const char *no_color = getenv("NO_COLOR");
        color = isatty(STDOUT_FILENO) && !(no_color && *no_color) && format == OT_FORMAT_TEXT;
    }

    const char *pattern = argv[optind];
    ot_error err = OT_ERROR_INIT;
    size_t err_offset = 0;
    ot_regex *re = ot_regex_new(pattern, strlen(pattern), OT_REGEX_SMART_CASE, &err_offset, &err);
    if (!re) {
        fprintf(stderr, "%s search: error: %s\n  %s\n  %*s^\n", cli->prog, ot_error_msg(&err), pattern,
                (int)err_offset, "");
        ot_error_clear(&err);
        goto out;
    }
    ot_db *db = ot_cli_open_db(cli, false);
    if (!db) {
        ot_regex_free(re);
        goto out;
    }
    ot_corpus *corpus = NULL;
    ot_search_loader *loader = NULL;
    unsigned char *select = NULL;
    bool all = false;
    ot_textscan_result result = OT_TEXTSCAN_RESULT_INIT;
    /* One snapshot for the whole search: the corpus, the filter and the
     * rows behind the hits agree, and printing thousands of hits does not
     * take the database's lock once per hit. */
    sqlite3_exec(ot_db_handle(db), "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
    if (ot_db_read_begin(db, &err) < 0 ||
        ot_search_check_filter(db, &filter, &err) < 0 ||
        !(corpus = ot_corpus_open(db, actions ? OT_CORPUS_ACTIONS : OT_CORPUS_FINDINGS, &err)) ||
        ot_search_select(db, corpus, actions, &filter, &select, &all, &err) < 0) {
        ot_cli_error(cli, "%s", ot_error_msg(&err));
        goto done;
    }
    /* Match spans are only shown in colour or listed in csv and json. */
    ot_textscan_opts opts = {.want_spans = !count_only && (color || format != OT_FORMAT_TEXT), .select = all ? NULL : select};
    int rc = ot_textscan_run(ot_corpus_scan(corpus), re, &opts, &result, &err);
    if (rc == OT_REGEX_ERROR) {
        ot_cli_error(cli, "%s", ot_error_msg(&err));
        goto done;
    }
    if (count_only) {
        printf("%zu\n", result.count);
        status = result.count ? OT_EXIT_OK : OT_EXIT_FAIL;
        goto done;
    }
    static const char *const columns[] = {"inspection_id", "authority", "start_date", "section", "paragraph",
                                          "page", "text", "framework", "match_offsets"};
    static const bool numeric[] = {true, false, false, false, true, true, false, false, false};
    loader = ot_search_loader_new(db, corpus, actions, &err);
    if (!loader) {
        ot_cli_error(cli, "%s", ot_error_msg(&err));
        goto done;
    }
    ot_table_out *table = NULL;
    if (format != OT_FORMAT_TEXT) {
        bool json_numeric[9];
        memcpy(json_numeric, numeric, sizeof json_numeric);
        json_numeric[8] = format == OT_FORMAT_JSON; /* a JSON array, written as is */
        table = ot_table_out_new(stdout, format, columns, json_numeric, 9);
    }
    for (size_t k = 0; k < result.count; k++) {
        ot_search_hit hit;
        if (ot_search_loader_get(loader, &result, k, &hit, &err) < 0) {
            ot_cli_error(cli, "%s", ot_error_msg(&err));
            ot_search_hit_clear(&hit);
            if (table)
                ot_table_out_finish(table);
            goto done;
        }
        if (!table) {
            print_text_hit(&hit, color);
            ot_search_hit_clear(&hit);
            continue;
        }
        char id[32], para[16], page[16];
        snprintf(id, sizeof id, "%lld", hit.inspection_id);
        snprintf(para, sizeof para, "%d", hit.paragraph);
        bool numbered = actions || hit.paragraph > 0; /* else NULL: unnumbered text */
        snprintf(page, sizeof page, "%d", hit.page);
        ot_buf text = OT_BUF_INIT, offsets = OT_BUF_INIT;
        ot_buf_append(&text, hit.text, hit.text_len);
        if (format == OT_FORMAT_JSON)
            ot_buf_putc(&offsets, '[');
        for (size_t s = 0; s < hit.n_spans; s++)
            ot_buf_printf(&offsets, format == OT_FORMAT_JSON ? "%s[%zu,%zu]" : "%s%zu-%zu", s ? (format == OT_FORMAT_JSON ? "," : " ") : "",
                          hit.spans[s].start, hit.spans[s].end);
        if (format == OT_FORMAT_JSON)
            ot_buf_putc(&offsets, ']');
        const char *values[9] = {id, hit.authority, hit.start_date, hit.section, numbered ? para : NULL,
                                 actions || hit.page <= 0 ? NULL : page, ot_buf_str(&text), hit.framework, ot_buf_str(&offsets)};
        ot_table_out_row(table, values);
        ot_buf_free(&text);
        ot_buf_free(&offsets);
        ot_search_hit_clear(&hit);
    }
    if (table && ot_table_out_finish(table) < 0) {
        ot_cli_error(cli, "writing the results failed");
        goto done;
    }
    if (!table && fflush(stdout) != 0) {
        ot_cli_error(cli, "writing the results failed");
        goto done;
    }
    status = result.count ? OT_EXIT_OK : OT_EXIT_FAIL;

done:
    ot_error_clear(&err);
    ot_textscan_result_free(&result);
    free(select);
    ot_search_loader_free(loader);
    ot_corpus_free(corpus);
    ot_db_read_end(db);
    ot_db_close(db);
    ot_regex_free(re);
out:
    free(las);
    return status;
}
