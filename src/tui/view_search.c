/* Search every finding as you type.
 *
 * The prompt takes filters before the pattern ("la:Kent grade:4 from:2019
 * supervision"), so one line says everything.  Each edit runs a new scan
 * over the search corpus; the scan asks, between chunks, whether a key is
 * waiting, and stops if so, so typing never waits for a search.  A long
 * scan shows its first screen of hits as soon as it has them (or after
 * FIRST_SCREEN_MS with what it has) and carries on counting.  Only the rows
 * on screen are read from the database. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "draw.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/search.h"
#include "ofsted-tui/table_out.h"
#include "tui.h"

#define HISTORY_MAX 200
/* A scan still running by then draws what it has found so far. */
#define FIRST_SCREEN_MS 30.0
/* ... and then updates its running count this often. */
#define RECOUNT_MS 250.0

typedef struct search_view {
    ot_tui *tui;
    ot_corpus *corpus[2]; /* findings, actions: opened on first use */
    bool actions;
    char *text;       /* the prompt as last searched */
    size_t pattern_at; /* where the pattern starts in text */
    ot_regex *re;
    ot_buf filter_strings; /* storage for the filter values */
    const char *authorities[16];
    ot_search_filter filter;
    ot_textscan_result result;
    bool stale;  /* a newer search was cancelled by typing */
    bool partial; /* result is the first hits of a scan still running */
    size_t partial_count; /* with partial: matches found so far */
    int rows_shown; /* result rows the last draw had room for */
    /* The paragraphs the filters keep (ot_search_select), for the filter
     * text select_key of the findings or actions corpus. */
    unsigned char *select;
    bool select_all;
    char *select_key;
    bool select_actions;
    ot_search_loader *loader;
    ot_search_hit *hits;
    bool *loaded;
    ot_list list;
    char error[512];
    size_t error_column; /* where the caret goes, in prompt text columns */
    bool has_error;
    char **history;
    size_t n_history;
    size_t recall_pos; /* == n_history: the line being typed */
    int pending_move;  /* +1/-1: open the next/previous hit when back on top */
} search_view;

static const ot_request hints[] = {OT_REQ_SEARCH, OT_REQ_ENTER, OT_REQ_FIND_NEXT, OT_REQ_TOGGLE_ACTIONS, OT_REQ_NONE};

/* ------------------------------------------------------------ history */

/* $XDG_STATE_HOME/ofsted-tui/search-history, else ~/.local/state/... */
static char *history_path(bool make_dir)
{
    ot_buf p = OT_BUF_INIT;
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    if (state && state[0] == '/')
        ot_buf_printf(&p, "%s/ofsted-tui", state);
    else if (home && *home)
        ot_buf_printf(&p, "%s/.local/state/ofsted-tui", home);
    else
        return NULL;
    if (make_dir) {
        /* mkdir -p, quietly: history is a convenience */
        char *dir = p.data;
        for (char *c = dir + 1; *c; c++)
            if (*c == '/') {
                *c = '\0';
                mkdir(dir, 0700);
                *c = '/';
            }
        mkdir(dir, 0700);
    }
    ot_buf_puts(&p, "/search-history");
    return ot_buf_steal(&p);
}

static void history_load(search_view *sv)
{
    char *path = history_path(false);
    FILE *f = path ? fopen(path, "r") : NULL;
    free(path);
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (n == 0)
            continue;
        char **grown = realloc(sv->history, (sv->n_history + 1) * sizeof *grown);
        if (!grown)
            break;
        sv->history = grown;
        sv->history[sv->n_history++] = strdup(line);
    }
    free(line);
    fclose(f);
    sv->recall_pos = sv->n_history;
}

/* Remember text (latest last, no repeats) and save the list. */
static void history_add(search_view *sv, const char *text)
{
    if (!*text || strchr(text, '\n'))
        return;
    for (size_t i = 0; i < sv->n_history; i++)
        if (strcmp(sv->history[i], text) == 0) {
            free(sv->history[i]);
            memmove(&sv->history[i], &sv->history[i + 1], (sv->n_history - i - 1) * sizeof *sv->history);
            sv->n_history--;
            break;
        }
    char **grown = realloc(sv->history, (sv->n_history + 1) * sizeof *grown);
    if (!grown)
        return;
    sv->history = grown;
    sv->history[sv->n_history++] = strdup(text);
    sv->recall_pos = sv->n_history;
    size_t first = sv->n_history > HISTORY_MAX ? sv->n_history - HISTORY_MAX : 0;
    char *path = history_path(true);
    if (!path)
        return;
    ot_buf tmp = OT_BUF_INIT;
    ot_buf_printf(&tmp, "%s.tmp", path);
    FILE *f = fopen(ot_buf_str(&tmp), "w");
    if (f) {
        for (size_t i = first; i < sv->n_history; i++)
            fprintf(f, "%s\n", sv->history[i] ? sv->history[i] : "");
        if (fclose(f) == 0)
            rename(ot_buf_str(&tmp), path);
    }
    ot_buf_free(&tmp);
    free(path);
}

static const char *recall(ot_view *v, int dir)
{
    search_view *sv = v->state;
    if (dir < 0 && sv->recall_pos > 0)
        return sv->history[--sv->recall_pos];
    if (dir > 0 && sv->recall_pos < sv->n_history) {
        sv->recall_pos++;
        return sv->recall_pos < sv->n_history ? sv->history[sv->recall_pos] : "";
    }
    return NULL;
}

/* ------------------------------------------------------------ results */

static void clear_hits(search_view *sv)
{
    sv->partial = false;
    for (size_t i = 0; sv->hits && i < sv->result.count; i++)
        if (sv->loaded[i])
            ot_search_hit_clear(&sv->hits[i]);
    free(sv->hits);
    free(sv->loaded);
    sv->hits = NULL;
    sv->loaded = NULL;
    ot_textscan_result_free(&sv->result);
    ot_search_loader_free(sv->loader);
    sv->loader = NULL;
    sv->list = (ot_list){0};
}

static ot_search_hit *hit_at(search_view *sv, size_t i)
{
    if (i >= sv->result.count || !sv->hits)
        return NULL;
    if (!sv->loaded[i]) {
        ot_error err = OT_ERROR_INIT;
        if (!sv->loader)
            sv->loader = ot_search_loader_new(ot_tui_db(sv->tui), sv->corpus[sv->actions], sv->actions, &err);
        if (!sv->loader || ot_search_loader_get(sv->loader, &sv->result, i, &sv->hits[i], &err) < 0) {
            ot_tui_message(sv->tui, true, "%s", ot_error_msg(&err));
            ot_error_clear(&err);
            return NULL;
        }
        sv->loaded[i] = true;
    }
    return &sv->hits[i];
}

static void take_result(search_view *sv, ot_textscan_result *r)
{
    clear_hits(sv);
    sv->result = *r;
    *r = (ot_textscan_result)OT_TEXTSCAN_RESULT_INIT;
    sv->hits = calloc(sv->result.count ? sv->result.count : 1, sizeof *sv->hits);
    sv->loaded = calloc(sv->result.count ? sv->result.count : 1, sizeof *sv->loaded);
    sv->list.n = sv->hits && sv->loaded ? sv->result.count : 0;
}

/* The first n hits of so_far as a result of their own. */
static int copy_prefix(const ot_textscan_result *so_far, size_t n, ot_textscan_result *out)
{
    *out = (ot_textscan_result)OT_TEXTSCAN_RESULT_INIT;
    size_t n_spans = n ? so_far->span_first[n] - so_far->span_first[0] : 0;
    out->para = malloc((n ? n : 1) * sizeof *out->para);
    out->span_first = malloc((n + 1) * sizeof *out->span_first);
    out->spans.v = malloc((n_spans ? n_spans : 1) * sizeof *out->spans.v);
    if (!out->para || !out->span_first || !out->spans.v) {
        ot_textscan_result_free(out);
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        out->para[k] = so_far->para[k];
        out->span_first[k] = so_far->span_first[k] - so_far->span_first[0];
    }
    out->span_first[n] = n_spans;
    if (n_spans)
        memcpy(out->spans.v, so_far->spans.v + so_far->span_first[0], n_spans * sizeof *out->spans.v);
    out->spans.len = out->spans.cap = n_spans;
    out->count = n;
    return 0;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) * 1e3 + (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Stop the scan when a key is waiting: the next edit makes it moot. */
static int key_waiting(void *data)
{
    (void)data;
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

/* Split "la:Kent region:London ... pattern" into filters and the pattern.
 * Returns 0, or -1 with sv->error set. */
static int parse_prompt(search_view *sv, const char *text)
{
    ot_buf_reset(&sv->filter_strings);
    sv->filter = (ot_search_filter){0};
    size_t n_la = 0;
    size_t offsets[32];
    int keys[32];
    size_t n = 0;
    const char *p = text;
    for (;;) {
        while (*p == ' ')
            p++;
        static const char *const names[] = {"la:", "region:", "fw:", "framework:", "section:", "grade:", "from:", "to:", NULL};
        int which = -1;
        for (int k = 0; names[k]; k++)
            if (strncmp(p, names[k], strlen(names[k])) == 0)
                which = k;
        if (which < 0 || n == 32)
            break;
        p += strlen(names[which]);
        const char *start = p, *end;
        if (*p == '"') {
            start = ++p;
            end = strchr(p, '"');
            if (!end) {
                snprintf(sv->error, sizeof sv->error, "a filter's opening quote is not closed");
                sv->error_column = (size_t)(start - text);
                return -1;
            }
            p = end + 1;
        } else {
            end = p + strcspn(p, " ");
            p = end;
        }
        offsets[n] = sv->filter_strings.len;
        keys[n++] = which;
        ot_buf_append(&sv->filter_strings, start, (size_t)(end - start));
        ot_buf_putc(&sv->filter_strings, '\0');
    }
    sv->pattern_at = (size_t)(p - text);
    for (size_t i = 0; i < n; i++) {
        const char *v = sv->filter_strings.data + offsets[i];
        switch (keys[i]) {
        case 0:
            if (n_la < sizeof sv->authorities / sizeof sv->authorities[0])
                sv->authorities[n_la++] = v;
            break;
        case 1: sv->filter.region = v; break;
        case 2:
        case 3: sv->filter.framework = v; break;
        case 4: sv->filter.section = v; break;
        case 5: sv->filter.grade = atoi(v); break;
        case 6: sv->filter.from_year = atoi(v); break;
        case 7: sv->filter.to_year = atoi(v); break;
        }
    }
    sv->filter.authorities = sv->authorities;
    sv->filter.n_authorities = n_la;
    return 0;
}

/* With OFSTED_TUI_TRACE set to a file name, append a line for each
 * search: the prompt, how it ended and how long it took, for telling why a
 * search feels slow (and for tests of cancellation). */
static void trace_search(const search_view *sv, const char *text, const char *outcome, size_t count,
                  const struct timespec *start)
{
    const char *path = getenv("OFSTED_TUI_TRACE");
    if (!path || !*path)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "search\t%s\t%s\t%zu\t%.1f ms%s\n", text, outcome, count, ms_since(start),
            sv->actions ? "\tactions" : "");
    fclose(f);
}

struct progress {
    search_view *sv;
    struct timespec start;
    bool drawn;
    double last_draw;
};

static int key_waiting(void *data);

/* Between chunks of a running scan: draw the first screen of hits once it
 * is full (or once FIRST_SCREEN_MS have gone), then keep the count on
 * screen moving.  The hits so far are a prefix of the final result, so
 * the rows drawn stay right; only the count grows. */
static void on_progress(void *data, const ot_textscan_result *so_far, size_t upto)
{
    (void)upto;
    struct progress *p = data;
    search_view *sv = p->sv;
    if (key_waiting(NULL))
        return; /* the scan stops at its next chunk */
    double ms = ms_since(&p->start);
    size_t rows = sv->rows_shown > 0 ? (size_t)sv->rows_shown : 1;
    bool screen_full = sv->partial && sv->result.count >= rows;
    if (p->drawn ? ms - p->last_draw < RECOUNT_MS : (so_far->count < rows && ms < FIRST_SCREEN_MS))
        return;
    if (!screen_full) {
        ot_textscan_result first;
        if (copy_prefix(so_far, so_far->count < rows ? so_far->count : rows, &first) < 0)
            return;
        take_result(sv, &first);
    }
    sv->partial = true;
    sv->partial_count = so_far->count;
    ot_tui_draw_now(sv->tui);
    p->drawn = true;
    p->last_draw = ms;
}

/* Run the prompt's search.  When typing cancels it, what is on screen
 * stays (the old results, or the new one's first hits), marked stale. */
static void run(search_view *sv, const char *text)
{
    ot_tui *t = sv->tui;
    ot_db *db = ot_tui_db(t);
    sv->has_error = false;
    sv->stale = false;
    free(sv->text);
    sv->text = strdup(text);
    if (parse_prompt(sv, text) < 0) {
        sv->has_error = true;
        return;
    }
    const char *pattern = text + sv->pattern_at;
    ot_regex_free(sv->re);
    sv->re = NULL;
    if (!*pattern) {
        clear_hits(sv);
        return;
    }
    ot_error err = OT_ERROR_INIT;
    size_t offset = 0;
    sv->re = ot_regex_new(pattern, strlen(pattern), OT_REGEX_SMART_CASE, &offset, &err);
    if (!sv->re) {
        snprintf(sv->error, sizeof sv->error, "%s", ot_error_msg(&err));
        sv->error_column = sv->pattern_at + offset;
        sv->has_error = true;
        ot_error_clear(&err);
        return;
    }
    if (ot_search_check_filter(db, &sv->filter, &err) < 0) {
        snprintf(sv->error, sizeof sv->error, "%s", ot_error_msg(&err));
        sv->error_column = 0;
        sv->has_error = true;
        ot_error_clear(&err);
        return;
    }
    if (!sv->corpus[sv->actions] &&
        !(sv->corpus[sv->actions] = ot_corpus_open(db, sv->actions ? OT_CORPUS_ACTIONS : OT_CORPUS_FINDINGS, &err))) {
        snprintf(sv->error, sizeof sv->error, "%s", ot_error_msg(&err));
        sv->has_error = true;
        ot_error_clear(&err);
        return;
    }
    ot_corpus *c = sv->corpus[sv->actions];
    /* The selection depends only on the filters: while only the pattern
     * changes, keep it rather than asking the database at every key. */
    bool same_filters = sv->select_key && sv->select_actions == sv->actions &&
                        strlen(sv->select_key) == sv->pattern_at &&
                        strncmp(sv->select_key, text, sv->pattern_at) == 0;
    if (!same_filters) {
        free(sv->select);
        free(sv->select_key);
        sv->select = NULL;
        sv->select_key = NULL;
        if (ot_search_select(db, c, sv->actions, &sv->filter, &sv->select, &sv->select_all, &err) < 0) {
            snprintf(sv->error, sizeof sv->error, "%s", ot_error_msg(&err));
            sv->has_error = true;
            ot_error_clear(&err);
            return;
        }
        sv->select_key = strndup(text, sv->pattern_at);
        sv->select_actions = sv->actions;
    }
    const unsigned char *select = sv->select;
    bool all = sv->select_all;
    struct progress progress = {.sv = sv};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    ot_textscan_opts opts = {.want_spans = 1, .select = all ? NULL : select, .cancel = key_waiting,
                             .progress = on_progress, .progress_data = &progress};
    ot_textscan_result result = OT_TEXTSCAN_RESULT_INIT;
    int rc = ot_textscan_run(ot_corpus_scan(c), sv->re, &opts, &result, &err);
    trace_search(sv, text, rc == OT_REGEX_CANCELLED ? "cancelled" : rc == OT_REGEX_ERROR ? "error" : "done",
          rc == OT_REGEX_CANCELLED ? (sv->partial ? sv->partial_count : 0) : result.count, &progress.start);
    if (rc == OT_REGEX_CANCELLED) {
        sv->stale = true;
        ot_textscan_result_free(&result);
        return;
    }
    if (rc == OT_REGEX_ERROR) {
        snprintf(sv->error, sizeof sv->error, "%s", ot_error_msg(&err));
        sv->error_column = sv->pattern_at;
        sv->has_error = true;
        ot_error_clear(&err);
        ot_textscan_result_free(&result);
        if (sv->partial)
            clear_hits(sv); /* hits of a search that failed */
        return;
    }
    take_result(sv, &result);
}

/* Finish a search that typing cancelled, once typing is over. */
static void catch_up(search_view *sv)
{
    if (!sv->stale || !sv->text)
        return;
    char *text = strdup(sv->text);
    if (text)
        run(sv, text);
    free(text);
}

/* ------------------------------------------------------------ drawing */

static const char *crumb(ot_view *v)
{
    search_view *sv = v->state;
    return sv->actions ? "Search actions" : "Search findings";
}

/* Draw a hit's paragraph from a little before its first match. */
static void draw_snippet(int y, int x, int width, const ot_search_hit *h, attr_t attr)
{
    size_t start = 0;
    if (h->n_spans && h->spans[0].start > 0) {
        /* back off about a quarter of the width, to a word start */
        size_t back = (size_t)(width / 4);
        start = h->spans[0].start > back ? h->spans[0].start - back : 0;
        while (start > 0 && (h->text[start] & 0xC0) == 0x80)
            start--;
        size_t word = start;
        while (word < h->spans[0].start && h->text[word] != ' ')
            word++;
        if (word < h->spans[0].start)
            start = word + 1;
    }
    int used = 0;
    if (start > 0)
        used = ot_draw_text(stdscr, y, x, "…", width, attr | A_DIM);
    ot_draw_highlighted(stdscr, y, x + used, h->text + start, h->text_len - start, width - used, attr,
                        h->spans, h->n_spans, start, ot_role_attr(OT_ROLE_MATCH));
}

static void draw(ot_view *v, ot_tui *t, ot_area a)
{
    (void)t;
    search_view *sv = v->state;
    char head[640];
    const char *pattern = sv->text ? sv->text + sv->pattern_at : "";
    if (!sv->text || !*pattern) {
        snprintf(head, sizeof head, "Type a regular expression; filters first if you like: la:NAME region:\"South West\" "
                                    "fw:sif section:in_care grade:4 from:2019 to:2024");
    } else {
        /* While a scan runs, the count so far: "1234+". */
        size_t count = sv->partial ? sv->partial_count : sv->result.count;
        snprintf(head, sizeof head, "%zu%s %s match /%s/%s%s", count, sv->partial ? "+" : "",
                 sv->actions ? (count == 1 && !sv->partial ? "action" : "actions")
                             : (count == 1 && !sv->partial ? "finding" : "findings"),
                 pattern, sv->pattern_at ? " with filters" : "", sv->stale || sv->partial ? "  (searching…)" : "");
    }
    ot_draw_cell(stdscr, a.top, 0, head, a.width, ot_role_attr(OT_ROLE_HEADER));

    int rows = a.height - 1 - (sv->has_error ? 1 : 0);
    sv->rows_shown = rows;
    ot_list_scroll_into_view(&sv->list, rows);
    int name_w = a.width >= 100 ? 22 : 14, sect_w = a.width >= 100 ? 16 : 0;
    for (int i = 0; i < rows && sv->list.top + (size_t)i < sv->list.n; i++) {
        size_t idx = sv->list.top + (size_t)i;
        ot_search_hit *h = hit_at(sv, idx);
        if (!h)
            break;
        int y = a.top + 1 + i;
        bool sel = idx == sv->list.selected;
        attr_t base = sel ? ot_role_attr(OT_ROLE_SELECTED) : A_NORMAL;
        if (sel)
            ot_draw_cell(stdscr, y, 0, "", a.width, base);
        int x = 1;
        ot_draw_cell(stdscr, y, x, h->authority, name_w, base), x += name_w + 1;
        ot_draw_cell(stdscr, y, x, h->start_date, 10, base), x += 11;
        if (sect_w)
            ot_draw_cell(stdscr, y, x, h->section, sect_w, base), x += sect_w + 1;
        char para[16];
        snprintf(para, sizeof para, "%s%d", sv->actions ? "#" : "¶", h->paragraph);
        ot_draw_cell(stdscr, y, x, para, 5, base), x += 6;
        if (x < a.width - 1)
            draw_snippet(y, x, a.width - x - 1, h, base);
    }
    if (sv->has_error) {
        /* The caret stands under the prompt's text on the line above it. */
        int y = a.top + a.height - 1;
        const char *lead = "search: ";
        int col = ot_text_width(lead);
        if (sv->text) {
            char *upto = strndup(sv->text, sv->error_column);
            col += upto ? ot_text_width(upto) : 0;
            free(upto);
        }
        if (col >= a.width)
            col = a.width - 1;
        ot_draw_cell(stdscr, y, 0, "", a.width, A_NORMAL);
        ot_draw_text(stdscr, y, col, "^", 1, ot_role_attr(OT_ROLE_ERROR));
        ot_draw_text(stdscr, y, col + 2 < a.width ? col + 2 : a.width, sv->error,
                     a.width - col - 2, ot_role_attr(OT_ROLE_ERROR));
    }
}

/* ------------------------------------------------------------ actions */

static void open_hit(search_view *sv, size_t i);

/* From the inspection view: n past its last match goes to the next hit. */
static bool beyond(void *ctx, int dir)
{
    search_view *sv = ctx;
    size_t next = sv->list.selected + (size_t)(dir > 0 ? 1 : -1);
    if ((dir < 0 && sv->list.selected == 0) || next >= sv->list.n)
        return false;
    sv->pending_move = dir;
    return true;
}

static void open_hit(search_view *sv, size_t i)
{
    ot_search_hit *h = hit_at(sv, i);
    if (!h)
        return;
    const char *pattern = sv->text ? sv->text + sv->pattern_at : NULL;
    /* Actions are not paragraphs: open the report at its top. */
    ot_view_inspection_open_hit(sv->tui, h->inspection_id, sv->actions ? 0 : h->id, pattern, beyond, sv);
}

static void resume(ot_view *v, ot_tui *t)
{
    (void)t;
    search_view *sv = v->state;
    int dir = sv->pending_move;
    sv->pending_move = 0;
    if (!dir)
        return;
    sv->list.selected = (size_t)((long)sv->list.selected + dir);
    open_hit(sv, sv->list.selected);
}

static ot_result find(ot_view *v, ot_tui *t, ot_find_step step, const char *text, size_t len, ot_area a)
{
    (void)t;
    (void)len;
    (void)a;
    search_view *sv = v->state;
    switch (step) {
    case OT_FIND_START:
        break;
    case OT_FIND_TYPE:
        run(sv, text);
        break;
    case OT_FIND_ACCEPT:
        /* Typing has already searched for this text, unless cut short. */
        if (!sv->text || strcmp(sv->text, text) != 0 || sv->stale || sv->has_error)
            run(sv, text);
        history_add(sv, text);
        break;
    case OT_FIND_CANCEL:
        catch_up(sv);
        sv->recall_pos = sv->n_history;
        if (!sv->text || !sv->text[sv->pattern_at])
            return OT_RESULT_BACK;
        break;
    }
    return OT_RESULT_HANDLED;
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    search_view *sv = v->state;
    catch_up(sv);
    switch (req) {
    case OT_REQ_SEARCH:
    case OT_REQ_FIND:
        ot_tui_prompt_open(t, "search: ", sv->text);
        return OT_RESULT_HANDLED;
    case OT_REQ_TOGGLE_ACTIONS: {
        sv->actions = !sv->actions;
        char *text = sv->text ? strdup(sv->text) : NULL;
        if (text)
            run(sv, text);
        free(text);
        ot_tui_message(t, false, "Searching %s", sv->actions ? "improvement actions" : "findings");
        return OT_RESULT_HANDLED;
    }
    case OT_REQ_ENTER:
        if (sv->list.n)
            open_hit(sv, sv->list.selected);
        return OT_RESULT_HANDLED;
    case OT_REQ_FIND_NEXT:
    case OT_REQ_FIND_PREV:
        if (!sv->list.n)
            return OT_RESULT_HANDLED;
        if (req == OT_REQ_FIND_NEXT && sv->list.selected + 1 < sv->list.n)
            sv->list.selected++;
        else if (req == OT_REQ_FIND_PREV && sv->list.selected > 0)
            sv->list.selected--;
        open_hit(sv, sv->list.selected);
        return OT_RESULT_HANDLED;
    default:
        return ot_list_request(&sv->list, req, a.height - 1);
    }
}

static ot_result click(ot_view *v, ot_tui *t, int row, bool double_click, ot_area a)
{
    search_view *sv = v->state;
    if (row < 1)
        return OT_RESULT_HANDLED;
    size_t idx = sv->list.top + (size_t)row - 1;
    if (idx >= sv->list.n)
        return OT_RESULT_HANDLED;
    sv->list.selected = idx;
    return double_click ? request(v, t, OT_REQ_ENTER, a) : OT_RESULT_HANDLED;
}

/* The export hook: every hit of the search shown (not only those on
 * screen), in the columns of `ofsted-tui search --format csv` without the
 * match offsets. */
static long export_csv(ot_view *v, ot_tui *t, FILE *out, ot_error *err)
{
    search_view *sv = v->state;
    const ot_corpus *corpus = sv->corpus[sv->actions ? 1 : 0];
    if (!sv->re || !corpus || sv->has_error) {
        ot_error_set(err, "no search to export yet");
        return -1;
    }
    if (sv->partial || sv->stale) {
        ot_error_set(err, "the search is still running; export when the count is complete");
        return -1;
    }
    ot_search_loader *loader = ot_search_loader_new(ot_tui_db(t), corpus, sv->actions, err);
    if (!loader)
        return -1;
    static const char *const cols[] = {"inspection_id", "authority", "start_date", "section", "paragraph",
                                       "page", "text", "framework"};
    ot_table_out *w = ot_table_out_new(out, OT_FORMAT_CSV, cols, NULL, 8);
    long rows = w ? 0 : -1;
    if (!w)
        ot_error_set(err, "out of memory");
    for (size_t k = 0; w && k < sv->result.count; k++) {
        ot_search_hit hit;
        if (ot_search_loader_get(loader, &sv->result, k, &hit, err) < 0) {
            ot_search_hit_clear(&hit);
            rows = -1;
            break;
        }
        char id[32], para[16], page[16];
        snprintf(id, sizeof id, "%lld", hit.inspection_id);
        snprintf(para, sizeof para, "%d", hit.paragraph);
        snprintf(page, sizeof page, "%d", hit.page);
        ot_buf text = OT_BUF_INIT;
        ot_buf_append(&text, hit.text, hit.text_len);
        const char *values[] = {id, hit.authority, hit.start_date, hit.section, para,
                                sv->actions ? NULL : page, ot_buf_str(&text), hit.framework};
        ot_table_out_row(w, values);
        ot_buf_free(&text);
        ot_search_hit_clear(&hit);
        rows++;
    }
    if (w && ot_table_out_finish(w) < 0 && rows >= 0) {
        rows = -1;
        ot_error_set(err, "writing failed");
    }
    ot_search_loader_free(loader);
    return rows;
}

static const char *export_name(ot_view *v)
{
    search_view *sv = v->state;
    return sv->actions ? "search-actions" : "search";
}

static void done(ot_view *v)
{
    search_view *sv = v->state;
    clear_hits(sv);
    ot_corpus_free(sv->corpus[0]);
    ot_corpus_free(sv->corpus[1]);
    ot_regex_free(sv->re);
    free(sv->select);
    free(sv->select_key);
    ot_buf_free(&sv->filter_strings);
    for (size_t i = 0; i < sv->n_history; i++)
        free(sv->history[i]);
    free(sv->history);
    free(sv->text);
    free(sv);
}

static const ot_view_ops search_ops = {
    .name = "search",
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .click = click,
    .find = find,
    .resume = resume,
    .recall = recall,
    .export_csv = export_csv,
    .export_name = export_name,
    .hints = hints,
    .done = done,
};

void ot_view_search_open(ot_tui *t)
{
    search_view *sv = calloc(1, sizeof *sv);
    if (!sv) {
        ot_tui_message(t, true, "out of memory");
        return;
    }
    sv->tui = t;
    history_load(sv);
    ot_tui_push(t, &search_ops, sv);
    ot_tui_prompt_open(t, "search: ", NULL);
}
