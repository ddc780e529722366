/* `ofsted-tui search [filters] REGEX`: grep's conventions (exit 0 when
 * something matched, 1 when nothing did, 2 on error).  Parse the options
 * into a query, run it, print the hits as the scan finds them. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "ofsted-tui/escape.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/search.h"
#include "ofsted-tui/table_out.h"
#include "ofsted-tui/utf8.h"

enum { OPT_FROM = 1000, OPT_TO, OPT_ACTIONS, OPT_COLOR, OPT_OVERALL, OPT_SORT, OPT_EXACT, OPT_COUNT_BY };

static void usage(FILE *out, const char *prog)
{
    fprintf(out, "Usage: %s search [OPTIONS] REGEX\n"
                 "Print the findings (numbered report paragraphs) that match REGEX, a PCRE2\n"
                 "regular expression, newest inspection first.  Smart case: a pattern without\n"
                 "capitals ignores case; (?i) and (?-i) still rule.  Quotes and dashes fold:\n"
                 "' matches ' and the curly ‘ ’, \" matches \" “ ”, - matches - and the dashes\n"
                 "‐ ‑ ‒ – — ―, and the reverse (reports print ’ where people type ').\n"
                 "\n"
                 "  --la NAME          only this authority (any spelling; repeat for more)\n"
                 "  --region REGION    only this Ofsted region\n"
                 "  --framework KEY    only this framework (sif, ilacs_standard, ...)\n"
                 "  --section KEY      only this section (help_protection, in_care, ...)\n"
                 "  --grade N          only findings whose own section's area was graded N\n"
                 "                     (1-4) in that inspection\n"
                 "  --overall N        only inspections whose overall grade was N (1-4),\n"
                 "                     whatever the finding's section\n"
                 "  --from YEAR        inspections that started in YEAR or later\n"
                 "  --to YEAR          inspections that started in YEAR or earlier\n"
                 "  --sort KEY         date (newest first, the default), authority (A to Z)\n"
                 "                     or grade (overall grade 1 to 4, ungraded last)\n"
                 "  --exact            no folding of quotes and dashes\n"
                 "  --actions          search the improvement actions instead of findings\n"
                 "  --count            print only the number of matching paragraphs\n"
                 "  --count-by KEY     print the number of matching paragraphs for each year,\n"
                 "                     region, authority, framework or section\n"
                 "  --format FORMAT    text (default), csv or json; csv and json have the\n"
                 "                     findings export columns plus framework, match_offsets\n"
                 "                     (bytes), region, overall_grade, published, web_link\n"
                 "  --color WHEN       mark matches with colour: auto (default), always, never\n"
                 "\n"
                 "Text output shows control characters in the data as ^X; csv and json\n"
                 "carry the text exactly.\n"
                 "Exit status: 0 when something matched, 1 when nothing did, 2 on error.\n",
                 prog);
}

/* Text output goes straight to the file descriptor, gathered: a search
 * may print a gigabyte, and the price per line must stay near that of the
 * kernel copying its bytes.  Short pieces (the start of each line) are
 * copied into a buffer; a paragraph that needs no escaping is not copied
 * at all but written from the corpus's memory by writev. */
enum { OUT_BYTES = 1 << 17, OUT_PIECES = 1024, OUT_REF_MIN = 128, OUT_REF_BYTES = 1 << 20 };

struct piece {
    const char *ref; /* NULL: bytes [at, at + n) of the buffer */
    size_t at, n;
};

struct text_out {
    char buf[OUT_BYTES];
    size_t len;
    struct piece pieces[OUT_PIECES];
    size_t n_pieces;
    size_t ref_bytes; /* bytes in pieces that refer to memory outside */
    bool failed;
};

/* When the output is a pipe, a buffer as large as the kernel allows a
 * user: the reader and this process then take turns a few times per
 * megabyte instead of every 64 KB.  Best effort. */
static void widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode))
        (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
    (void)fd;
#endif
}

static void out_flush(struct text_out *o)
{
    struct iovec iov[OUT_PIECES];
    size_t n = o->n_pieces, first = 0;
    for (size_t k = 0; k < n; k++) {
        const struct piece *p = &o->pieces[k];
        iov[k].iov_base = (void *)(uintptr_t)(p->ref ? p->ref : o->buf + p->at);
        iov[k].iov_len = p->n;
    }
    while (!o->failed && first < n) {
        ssize_t w = writev(STDOUT_FILENO, iov + first, (int)(n - first));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            o->failed = true;
            break;
        }
        /* Past what went out, maybe into the middle of a piece. */
        size_t done = (size_t)w;
        while (first < n && done >= iov[first].iov_len)
            done -= iov[first++].iov_len;
        if (first < n) {
            iov[first].iov_base = (char *)iov[first].iov_base + done;
            iov[first].iov_len -= done;
        }
    }
    o->len = 0;
    o->n_pieces = 0;
    o->ref_bytes = 0;
}

static void out_put(struct text_out *o, const char *s, size_t n)
{
    while (n) {
        if (o->len == OUT_BYTES || o->n_pieces == OUT_PIECES)
            out_flush(o);
        if (o->failed)
            return;
        size_t room = OUT_BYTES - o->len, take = n < room ? n : room;
        memcpy(o->buf + o->len, s, take);
        struct piece *last = o->n_pieces ? &o->pieces[o->n_pieces - 1] : NULL;
        if (last && !last->ref && last->at + last->n == o->len)
            last->n += take;
        else
            o->pieces[o->n_pieces++] = (struct piece){NULL, o->len, take};
        o->len += take;
        s += take;
        n -= take;
    }
}

/* s[0, n), which stays where it is until the next flush, written without
 * a copy when it is long enough for that to pay. */
static void out_ref(struct text_out *o, const char *s, size_t n)
{
    if (n < OUT_REF_MIN) {
        out_put(o, s, n);
        return;
    }
    if (o->n_pieces == OUT_PIECES)
        out_flush(o);
    o->pieces[o->n_pieces++] = (struct piece){s, 0, n};
    o->ref_bytes += n;
    if (o->ref_bytes >= OUT_REF_BYTES)
        out_flush(o);
}

static void out_str(struct text_out *o, const char *s)
{
    out_put(o, s, strlen(s));
}

/* A number in decimal, without printf's cost per hit. */
static void out_int(struct text_out *o, int v)
{
    char digits[16];
    size_t n = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        digits[sizeof digits - 1 - n++] = '-';
    out_put(o, digits + sizeof digits - n, n);
}

/* s, valid UTF-8 (as corpus text and the strings beside it are), with
 * control characters escaped (ofsted-tui/escape.h). */
static void out_escaped(struct text_out *o, const char *s, size_t len)
{
    size_t i = 0;
    char esc[8];
    while (i < len) {
        size_t run = ot_escape_prefix_utf8(s + i, len - i, false);
        out_put(o, s + i, run);
        i += run;
        if (i < len) {
            i += ot_escape_one(s + i, len - i, false, esc);
            out_str(o, esc);
        }
    }
}

/* One line a hit: authority, start date, framework, section, paragraph
 * (or page), text; matches in bold red in colour.  The part that belongs
 * to the inspection is made once for its run of hits. */
struct text_printer {
    struct text_out out;
    bool color;
    const char *last_authority, *last_date, *last_framework, *last_section; /* what the parts were made from */
    ot_buf inspection; /* "authority  date  framework  ", escaped */
    ot_buf section;    /* the section key, escaped */
};

/* Append s (NULL: "") to b with control characters escaped. */
static void append_escaped(ot_buf *b, const char *s)
{
    s = s ? s : "";
    size_t len = strlen(s);
    if (ot_escape_clean(s, len, false)) {
        ot_buf_append(b, s, len);
    } else {
        ot_buf e = OT_BUF_INIT;
        ot_buf_puts(b, ot_escape_str(&e, s));
        ot_buf_free(&e);
    }
}

static void print_text_hit(struct text_printer *tp, const ot_search_hit *h)
{
    struct text_out *o = &tp->out;
    /* Hits come inspection by inspection: each part is made once for its run. */
    if (h->authority != tp->last_authority || h->start_date != tp->last_date || h->framework != tp->last_framework ||
        !tp->inspection.len) {
        ot_buf_reset(&tp->inspection);
        append_escaped(&tp->inspection, h->authority ? h->authority : "?");
        ot_buf_puts(&tp->inspection, "  ");
        append_escaped(&tp->inspection, h->start_date);
        ot_buf_puts(&tp->inspection, "  ");
        append_escaped(&tp->inspection, h->framework);
        ot_buf_puts(&tp->inspection, "  ");
        tp->last_authority = h->authority;
        tp->last_date = h->start_date;
        tp->last_framework = h->framework;
    }
    if (h->section != tp->last_section || !tp->section.data) {
        ot_buf_reset(&tp->section);
        append_escaped(&tp->section, h->section);
        tp->last_section = h->section;
    }
    out_put(o, tp->inspection.data, tp->inspection.len);
    out_put(o, tp->section.data ? tp->section.data : "", tp->section.len);
    bool action = h->section && strcmp(h->section, "action") == 0;
    /* Unnumbered text (a summary) is placed by its page instead. */
    if (action || h->paragraph > 0) {
        out_str(o, action ? "  #" : "  ¶");
        out_int(o, h->paragraph);
    } else if (h->page > 0) {
        out_str(o, "  p.");
        out_int(o, h->page);
    } else {
        out_str(o, "  -");
    }
    out_put(o, "  ", 2);
    size_t at = 0;
    /* Spans are in order and do not overlap (ot_regex_find_all). */
    for (size_t k = 0; tp->color && k < h->n_spans; k++) {
        const ot_span *sp = &h->spans[k];
        if (sp->end <= sp->start || sp->start < at || sp->end > h->text_len)
            continue;
        out_escaped(o, h->text + at, sp->start - at);
        out_str(o, "\033[1;31m");
        out_escaped(o, h->text + sp->start, sp->end - sp->start);
        out_str(o, "\033[0m");
        at = sp->end;
    }
    if (h->text_plain)
        out_ref(o, h->text + at, h->text_len - at);
    else
        out_escaped(o, h->text + at, h->text_len - at);
    out_put(o, "\n", 1);
}

enum { N_COLUMNS = 13 };
static const char *const columns[N_COLUMNS] = {"inspection_id", "authority", "start_date", "section", "paragraph",
                                               "page", "text", "framework", "match_offsets", "region",
                                               "overall_grade", "published", "web_link"};

static void print_row(ot_table_out *table, ot_format format, bool actions, const ot_search_hit *h)
{
    char id[32], para[16], page[16], overall[16];
    snprintf(id, sizeof id, "%lld", h->inspection_id);
    snprintf(para, sizeof para, "%d", h->paragraph);
    snprintf(page, sizeof page, "%d", h->page);
    snprintf(overall, sizeof overall, "%d", h->overall);
    ot_buf text = OT_BUF_INIT, offsets = OT_BUF_INIT;
    ot_buf_append(&text, h->text, h->text_len);
    bool json = format == OT_FORMAT_JSON;
    if (json)
        ot_buf_putc(&offsets, '[');
    for (size_t s = 0; s < h->n_spans; s++)
        ot_buf_printf(&offsets, json ? "%s[%zu,%zu]" : "%s%zu-%zu", s ? (json ? "," : " ") : "", h->spans[s].start,
                      h->spans[s].end);
    if (json)
        ot_buf_putc(&offsets, ']');
    bool numbered = actions || h->paragraph > 0; /* else NULL: unnumbered text */
    const char *values[N_COLUMNS] = {id, h->authority, h->start_date, h->section, numbered ? para : NULL,
                                     actions || h->page <= 0 ? NULL : page, ot_buf_str(&text), h->framework, ot_buf_str(&offsets),
                                     h->region, h->overall ? overall : NULL, h->published, h->web_link};
    ot_table_out_row(table, values);
    ot_buf_free(&text);
    ot_buf_free(&offsets);
}

/* The terminal columns s (len bytes) takes once escaped as ot_escape_str
 * writes it. */
static size_t shown_width(const char *s, size_t len)
{
    size_t width = 0;
    while (len) {
        char esc[8];
        size_t n = ot_escape_one(s, len, false, esc);
        if (esc[0]) {
            width += strlen(esc);
        } else {
            uint32_t cp;
            n = ot_utf8_decode(s, len, &cp);
            int w = wcwidth((wchar_t)cp);
            width += w < 0 ? 1 : (size_t)w;
        }
        s += n;
        len -= n;
    }
    return width;
}

/* A pattern that does not compile: the message, the pattern as the
 * terminal can show it (a byte that is not UTF-8 as \xNN), and a caret
 * under the place, counted in columns, not bytes. */
static void print_pattern_error(const char *prog, const char *msg, const char *pattern, size_t at)
{
    ot_buf shown = OT_BUF_INIT;
    size_t len = strlen(pattern);
    size_t column = shown_width(pattern, at < len ? at : len);
    fprintf(stderr, "%s search: error: %s\n  %s\n  %*s^\n", prog, msg, ot_escape_str(&shown, pattern), (int)column,
            "");
    ot_buf_free(&shown);
}

/* Prints the hits as they come: the scan's progress calls see a growing
 * prefix of the final hits, so each is printed once, in order. */
struct printer {
    ot_cli *cli;
    ot_format format;
    bool actions;
    ot_table_out *table;        /* csv and json */
    struct text_printer *text;  /* text */
    size_t printed;
    bool failed;
    struct timespec flushed; /* when output last went out */
};

enum { FLUSH_MS = 50 };

static void print_new(struct printer *p, ot_search_session *s)
{
    size_t n = ot_search_count(s);
    size_t first = p->printed;
    for (; !p->failed && p->printed < n; p->printed++) {
        ot_search_hit hit;
        ot_error err = OT_ERROR_INIT;
        if (ot_search_hit_load(s, p->printed, &hit, &err) < 0) {
            ot_cli_error(p->cli, "%s", ot_error_msg(&err));
            ot_error_clear(&err);
            p->failed = true;
            break;
        }
        if (p->table) {
            print_row(p->table, p->format, p->actions, &hit);
            if (p->printed == 0)
                fflush(stdout); /* the first line goes out at once */
        } else {
            print_text_hit(p->text, &hit);
            if (p->printed == 0)
                out_flush(&p->text->out);
            p->failed = p->text->out.failed;
        }
        if (p->printed == 0)
            clock_gettime(CLOCK_MONOTONIC, &p->flushed);
    }
    /* What the scan has found goes out now and then while it goes on:
     * not at every progress call, which comes once per inspection of a
     * sorted search, but at most every FLUSH_MS. */
    if (p->printed > first) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double ms = (double)(now.tv_sec - p->flushed.tv_sec) * 1e3 + (double)(now.tv_nsec - p->flushed.tv_nsec) / 1e6;
        if (ms >= FLUSH_MS) {
            if (p->text)
                out_flush(&p->text->out);
            else
                fflush(stdout);
            p->flushed = now;
        }
    }
}

static void on_progress(void *data, ot_search_session *s)
{
    print_new(data, s);
}

/* Stop scanning once printing has failed (e.g. a closed pipe). */
static int printing_failed(void *data)
{
    const struct printer *p = data;
    return p->failed || ferror(stdout) || (p->text && p->text->out.failed);
}

int ot_cmd_search(ot_cli *cli, int argc, char **argv)
{
    static const struct option options[] = {
        OT_CLI_QUERY_OPTIONS,
        {"region", required_argument, NULL, 'r'},
        {"framework", required_argument, NULL, 'w'},
        {"section", required_argument, NULL, 's'},
        {"grade", required_argument, NULL, 'g'},
        {"overall", required_argument, NULL, OPT_OVERALL},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"sort", required_argument, NULL, OPT_SORT},
        {"exact", no_argument, NULL, OPT_EXACT},
        {"actions", no_argument, NULL, OPT_ACTIONS},
        {"count", no_argument, NULL, 'c'},
        {"count-by", required_argument, NULL, OPT_COUNT_BY},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {NULL, 0, NULL, 0},
    };
    ot_search_query q = OT_SEARCH_QUERY_INIT;
    bool actions = false, count_only = false, count_by = false;
    ot_search_group_key group_key = OT_SEARCH_BY_YEAR;
    ot_format format = OT_FORMAT_TEXT;
    int color = -1; /* auto */
    int c, index = 0;
    int status = OT_EXIT_USAGE;
    ot_error err = OT_ERROR_INIT;
    while ((c = getopt_long(argc, argv, OT_CLI_QUERY_SHORT_OPTIONS "r:w:s:g:c", options, &index)) != -1) {
        switch (c) {
        case 'l':
        case 'r':
        case 'w':
        case 's':
        case 'g':
        case OPT_OVERALL:
        case OPT_FROM:
        case OPT_TO:
        case OPT_SORT:
        case OPT_EXACT: {
            /* The option's long name is the filter's name. */
            const char *name = NULL;
            for (const struct option *o = options; o->name && !name; o++)
                if (o->val == c)
                    name = o->name;
            if (ot_search_query_set(&q, name, optarg ? optarg : "", &err) < 0) {
                ot_cli_usage_error(cli, "search", "--%s", ot_error_msg(&err));
                goto out;
            }
            break;
        }
        case OPT_ACTIONS: actions = true; break;
        case 'c': count_only = true; break;
        case OPT_COUNT_BY:
            if (ot_search_group_key_parse(optarg, &group_key) < 0) {
                ot_cli_usage_error(cli, "search", "--count-by takes year, region, authority, framework or section, not '%s'",
                                   optarg);
                goto out;
            }
            count_by = true;
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
        default: {
            int rc = ot_cli_query_option(cli, "search", c, argv, &format, usage);
            if (rc != OT_CLI_GO_ON) {
                status = rc;
                goto out;
            }
        }
        }
    }
    if (argc - optind != 1) {
        ot_cli_usage_error(cli, "search", argc - optind < 1 ? "no pattern given" : "give one pattern (quote it)");
        goto out;
    }
    if (actions && q.filter.section) {
        ot_cli_usage_error(cli, "search", "--section applies to findings, not to --actions");
        goto out;
    }
    if (count_only && count_by) {
        ot_cli_usage_error(cli, "search", "give --count or --count-by, not both");
        goto out;
    }
    if (color < 0) {
        const char *no_color = getenv("NO_COLOR");
        color = isatty(STDOUT_FILENO) && !(no_color && *no_color) && format == OT_FORMAT_TEXT;
    }
    ot_search_query_set_pattern(&q, argv[optind]);

    /* status stays 2 (an error) unless the search runs */
    ot_db *db = ot_cli_open_db(cli, false);
    if (!db)
        goto out;
    ot_search_session *s = ot_search_session_new(db);
    ot_table_out *table = NULL;
    bool counting = count_only || count_by;
    if (!counting && format != OT_FORMAT_TEXT) {
        bool numeric[N_COLUMNS] = {true, false, false, false, true, true, false, false, false, false, true, false, false};
        numeric[8] = format == OT_FORMAT_JSON; /* a JSON array, written as is */
        table = ot_table_out_new(stdout, format, columns, numeric, N_COLUMNS);
    }
    struct text_printer *text = NULL;
    if (!counting && format == OT_FORMAT_TEXT) {
        fflush(stdout); /* nothing else goes to stdout after this */
        if (!(text = calloc(1, sizeof *text))) {
            ot_cli_error(cli, "out of memory");
            goto done;
        }
        text->color = color;
        widen_pipe(STDOUT_FILENO);
    }
    struct printer printer = {.cli = cli, .format = format, .actions = actions, .table = table, .text = text};
    /* Match spans are only shown in colour or listed in csv and json; the
     * order matters only when hits are printed. */
    ot_search_opts opts = {
        .actions = actions,
        .want_spans = !counting && (color || format != OT_FORMAT_TEXT),
        .unordered = counting,
        .cancel = counting ? NULL : printing_failed,
        .cancel_data = &printer,
        .progress = counting ? NULL : on_progress,
        .progress_data = &printer,
    };
    size_t column = 0;
    /* One snapshot for the whole search: the corpus, the filter and the
     * rows behind the hits agree, and printing thousands of hits does not
     * take the database's lock once per hit. */
    if (!s || (ot_db_read_begin(db, &err) < 0)) {
        ot_cli_error(cli, "%s", s ? ot_error_msg(&err) : "out of memory");
        goto done;
    }
    int rc = ot_search_run(s, &q, &opts, &column, &err);
    if (rc == OT_REGEX_ERROR) {
        if (text)
            out_flush(&text->out); /* the hits found before the error go out first */
        if (strstr(ot_error_msg(&err), " at offset "))
            print_pattern_error(cli->prog, ot_error_msg(&err), q.pattern, column);
        else
            ot_cli_error(cli, "%s", ot_error_msg(&err));
        goto done;
    }
    if (count_only) {
        printf("%zu\n", ot_search_count(s));
    } else if (count_by) {
        ot_search_group *groups = NULL;
        size_t n = 0;
        if (ot_search_count_by(s, group_key, &groups, &n, &err) < 0) {
            ot_cli_error(cli, "%s", ot_error_msg(&err));
            goto done;
        }
        const char *cols[2] = {ot_search_group_key_name(group_key), "count"};
        static const bool numeric[2] = {false, true};
        ot_table_out *t = ot_table_out_new(stdout, format, cols, numeric, 2);
        for (size_t i = 0; t && i < n; i++) {
            char count[32];
            snprintf(count, sizeof count, "%zu", groups[i].count);
            const char *values[2] = {groups[i].name, count};
            ot_table_out_row(t, values);
        }
        ot_search_groups_free(groups, n);
        if (!t || ot_table_out_finish(t) < 0) {
            ot_cli_error(cli, "writing the results failed");
            goto done;
        }
    } else {
        print_new(&printer, s);
        if (text)
            out_flush(&text->out);
        if (printer.failed || (text && text->out.failed)) {
            if (text && text->out.failed)
                ot_cli_error(cli, "writing the results failed");
            goto done;
        }
    }
    if (table) {
        ot_table_out *t = table;
        table = NULL;
        if (ot_table_out_finish(t) < 0) {
            ot_cli_error(cli, "writing the results failed");
            goto done;
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        ot_cli_error(cli, "writing the results failed");
        goto done;
    }
    status = ot_search_count(s) ? OT_EXIT_OK : OT_EXIT_FAIL;

done:
    if (table)
        ot_table_out_finish(table);
    if (text) {
        ot_buf_free(&text->inspection);
        ot_buf_free(&text->section);
        free(text);
    }
    ot_search_session_free(s);
    ot_db_read_end(db);
    ot_db_close(db);
out:
    ot_error_clear(&err);
    ot_search_query_free(&q);
    return status;
}
