/* Search every finding as you type.
 *
 * The prompt takes filters before the pattern ("la:Kent grade:4 from:2019
 * supervision"), so one line says everything; the query parser and the
 * search session (ofsted-tui/search.h) do the work, this view draws and
 * handles keys.  Each edit runs a new search; it asks, between chunks,
 * whether a key is waiting, and stops if so, so typing never waits for a
 * search.  A long scan shows its first screen of hits as soon as it has
 * them (or after FIRST_SCREEN_MS with what it has) and carries on
 * counting.  Only the rows on screen are read from the database.  `c`
 * shows the matches counted by year, region, authority, framework or
 * section instead of the hits. */
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
#include "ofsted-tui/xdg.h"
#include "ofsted-tui/table_out.h"
#include "tui.h"

#define HISTORY_MAX 200
/* A scan still running by then draws what it has found so far. */
#define FIRST_SCREEN_MS 30.0
/* ... and then updates its running count this often. */
#define RECOUNT_MS 250.0

typedef struct search_view {
    ot_tui *tui;
    ot_search_session *session;
    bool actions;
    char *text;        /* the prompt as last searched */
    ot_search_query query; /* parsed from text */
    bool stale;        /* a newer search was cancelled by typing */
    size_t partial_count; /* while a scan runs: matches found so far */
    int rows_shown;    /* result rows the last draw had room for */
    ot_list list;
    char error[512];
    size_t error_column; /* where the caret goes, in prompt text bytes */
    bool has_error;
    /* Counts by a key instead of the hits: count_by is 1 + the key, 0 off. */
    int count_by;
    ot_search_group *groups;
    size_t n_groups;
    ot_list group_list;
    char **history;
    size_t n_history;
    size_t recall_pos; /* == n_history: the line being typed */
    int pending_move;  /* +1/-1: open the next/previous hit when back on top */
} search_view;

/* ------------------------------------------------------------ history */

/* $XDG_STATE_HOME/ofsted-tui/search-history, else ~/.local/state/...;
 * quietly NULL when there is no such place: history is a convenience. */
static char *history_path(bool make_dirs)
{
    return ot_xdg_path("XDG_STATE_HOME", ".local/state", "search-history", make_dirs, NULL);
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

static void clear_groups(search_view *sv)
{
    ot_search_groups_free(sv->groups, sv->n_groups);
    sv->groups = NULL;
    sv->n_groups = 0;
    sv->group_list = (ot_list){0};
}

/* The counts for the current key, from the session's hits. */
static void count_groups(search_view *sv)
{
    clear_groups(sv);
    if (!sv->count_by || !sv->session || ot_search_partial(sv->session))
        return;
    ot_error err = OT_ERROR_INIT;
    if (ot_search_count_by(sv->session, (ot_search_group_key)(sv->count_by - 1), &sv->groups, &sv->n_groups, &err) < 0) {
        ot_tui_message(sv->tui, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        return;
    }
    sv->group_list.n = sv->n_groups;
}

/* The hits changed: the list starts again at the top. */
static void new_hits(search_view *sv)
{
    sv->list = (ot_list){0};
    sv->list.n = ot_search_count(sv->session);
}

static const ot_search_hit *hit_at(search_view *sv, size_t i)
{
    ot_error err = OT_ERROR_INIT;
    const ot_search_hit *h = ot_search_hit_at(sv->session, i, &err);
    if (!h) {
        ot_tui_message(sv->tui, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
    }
    return h;
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

/* Between chunks of a running scan: draw the first screen of hits once it
 * is full (or once FIRST_SCREEN_MS have gone), then keep the count on
 * screen moving.  The hits so far are a prefix of the final ones, so the
 * rows drawn stay right; only the count grows. */
static void on_progress(void *data, ot_search_session *s)
{
    struct progress *p = data;
    search_view *sv = p->sv;
    size_t found = ot_search_count(s);
    if (key_waiting(NULL))
        return; /* the scan stops at its next chunk */
    double ms = ms_since(&p->start);
    size_t rows = sv->rows_shown > 0 ? (size_t)sv->rows_shown : 1;
    if (p->drawn ? ms - p->last_draw < RECOUNT_MS : (found < rows && ms < FIRST_SCREEN_MS))
        return;
    if (!p->drawn) {
        new_hits(sv);
        clear_groups(sv);
    }
    sv->list.n = found;
    sv->partial_count = found;
    ot_tui_draw_now(sv->tui);
    p->drawn = true;
    p->last_draw = ms;
}

static void set_error(search_view *sv, const ot_error *err, size_t column)
{
    snprintf(sv->error, sizeof sv->error, "%s", ot_error_msg(err));
    sv->error_column = column;
    sv->has_error = true;
}

/* Run the prompt's search.  When typing cancels it, what is on screen
 * stays (the old results, or the new one's first hits), marked stale. */
static void run(search_view *sv, const char *text)
{
    ot_tui *t = sv->tui;
    sv->has_error = false;
    sv->stale = false;
    free(sv->text);
    sv->text = strdup(text);
    ot_error err = OT_ERROR_INIT;
    size_t column = 0;
    if (ot_search_query_parse(&sv->query, text, &column, &err) < 0) {
        set_error(sv, &err, column);
        ot_error_clear(&err);
        return;
    }
    if (!sv->session && !(sv->session = ot_search_session_new(ot_tui_db(t)))) {
        ot_tui_message(t, true, "out of memory");
        return;
    }
    if (!*sv->query.pattern) {
        ot_search_clear(sv->session);
        new_hits(sv);
        clear_groups(sv);
        return;
    }
    struct progress progress = {.sv = sv};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    ot_search_opts opts = {.actions = sv->actions, .want_spans = true, .cancel = key_waiting,
                           .progress = on_progress, .progress_data = &progress};
    sv->partial_count = 0;
    bool building = ot_search_will_build(sv->session, sv->actions);
    if (building) {
        ot_tui_message(t, false, "Building the search index (once after each import; a large database takes seconds)");
        ot_tui_draw_now(t);
    }
    int rc = ot_search_run(sv->session, &sv->query, &opts, &column, &err);
    if (building && rc != OT_REGEX_ERROR)
        ot_tui_message(t, false, "Search index built in %.1f s", ms_since(&progress.start) / 1000);
    size_t found = rc == OT_REGEX_CANCELLED ? (progress.drawn ? sv->partial_count : 0) : ot_search_count(sv->session);
    trace_search(sv, text, rc == OT_REGEX_CANCELLED ? "cancelled" : rc == OT_REGEX_ERROR ? "error" : "done", found,
                 &progress.start);
    if (rc == OT_REGEX_CANCELLED) {
        sv->stale = true;
        if (progress.drawn)
            sv->list.n = ot_search_count(sv->session);
        return;
    }
    if (rc == OT_REGEX_ERROR) {
        set_error(sv, &err, column);
        ot_error_clear(&err);
        if (progress.drawn)
            new_hits(sv); /* hits of a search that failed */
        return;
    }
    if (!progress.drawn)
        new_hits(sv);
    sv->list.n = ot_search_count(sv->session);
    count_groups(sv);
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

/* The counts by a key, one group a line with a bar. */
static void draw_groups(search_view *sv, ot_area a, int rows)
{
    ot_list_scroll_into_view(&sv->group_list, rows);
    size_t most = 0;
    for (size_t i = 0; i < sv->n_groups; i++)
        most = sv->groups[i].count > most ? sv->groups[i].count : most;
    int name_w = a.width >= 100 ? 40 : 24;
    for (int i = 0; i < rows && sv->group_list.top + (size_t)i < sv->n_groups; i++) {
        size_t idx = sv->group_list.top + (size_t)i;
        const ot_search_group *g = &sv->groups[idx];
        int y = a.top + 1 + i;
        attr_t base = idx == sv->group_list.selected ? ot_role_attr(OT_ROLE_SELECTED) : A_NORMAL;
        ot_draw_cell(stdscr, y, 0, "", a.width, base);
        ot_draw_cell(stdscr, y, 1, g->name, name_w, base);
        char n[32];
        snprintf(n, sizeof n, "%8zu", g->count);
        ot_draw_cell(stdscr, y, name_w + 2, n, 8, base);
        int bar_x = name_w + 11, bar_w = a.width - bar_x - 1;
        if (bar_w > 0 && most) {
            int len = (int)((double)g->count / (double)most * bar_w + 0.5);
            for (int k = 0; k < len; k++)
                mvaddch(y, bar_x + k, ACS_CKBOARD | base);
        }
    }
}

static void draw(ot_view *v, ot_area a)
{
    search_view *sv = v->state;
    char head[640];
    const char *pattern = sv->text ? sv->query.pattern : "";
    bool partial = sv->session && ot_search_partial(sv->session);
    if (!sv->text || !*pattern) {
        snprintf(head, sizeof head, "Type a regular expression; filters first if you like: la:NAME region:\"South West\" "
                                    "fw:sif section:in_care grade:4 overall:3 from:2019 to:2024 sort:date|authority|grade exact:yes");
    } else {
        /* While a scan runs, the count so far: "1234+". */
        size_t count = partial ? sv->partial_count : ot_search_count(sv->session);
        const char *by = sv->count_by ? ot_search_group_key_name((ot_search_group_key)(sv->count_by - 1)) : NULL;
        snprintf(head, sizeof head, "%zu%s %s match /%s/%s%s%s%s", count, partial ? "+" : "",
                 sv->actions ? (count == 1 && !partial ? "action" : "actions")
                             : (count == 1 && !partial ? "finding" : "findings"),
                 pattern, sv->query.pattern_at ? " with filters" : "", by ? ", by " : "", by ? by : "",
                 sv->stale || partial ? "  (searching…)" : "");
    }
    ot_draw_cell(stdscr, a.top, 0, head, a.width, ot_role_attr(OT_ROLE_HEADER));

    int rows = a.height - 1 - (sv->has_error ? 1 : 0);
    sv->rows_shown = rows;
    if (sv->count_by && !partial) {
        draw_groups(sv, a, rows);
        rows = 0;
    }
    ot_list_scroll_into_view(&sv->list, rows);
    int name_w = a.width >= 100 ? 22 : 14, sect_w = a.width >= 100 ? 16 : 0;
    for (int i = 0; i < rows && sv->list.top + (size_t)i < sv->list.n; i++) {
        size_t idx = sv->list.top + (size_t)i;
        const ot_search_hit *h = hit_at(sv, idx);
        if (!h)
            break;
        int y = a.top + 1 + i;
        bool sel = idx == sv->list.selected;
        attr_t base = sel ? ot_role_attr(OT_ROLE_SELECTED) : A_NORMAL;
        if (sel)
            ot_draw_cell(stdscr, y, 0, "", a.width, base);
        int x = 1;
        ot_draw_column(stdscr, y, &x, h->authority, name_w, base);
        ot_draw_column(stdscr, y, &x, h->start_date, 10, base);
        ot_draw_column(stdscr, y, &x, h->section, sect_w, base);
        char para[16];
        if (sv->actions || h->paragraph > 0)
            snprintf(para, sizeof para, "%s%d", sv->actions ? "#" : "¶", h->paragraph);
        else /* unnumbered text (a summary): its page */
            snprintf(para, sizeof para, "p.%d", h->page);
        ot_draw_column(stdscr, y, &x, para, 5, base);
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
    const ot_search_hit *h = hit_at(sv, i);
    if (!h)
        return;
    /* The pattern as compiled, quotes folded, so the report shows the
     * same matches. */
    const ot_regex *re = sv->session ? ot_search_regex(sv->session) : NULL;
    const char *pattern = re ? ot_regex_pattern(re, NULL) : NULL;
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
        if (!sv->text || !*sv->query.pattern)
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
    case OT_REQ_COUNT_BY:
        sv->count_by = (sv->count_by + 1) % 6;
        count_groups(sv);
        if (sv->count_by)
            ot_tui_message(t, false, "Counting the matches by %s", ot_search_group_key_name((ot_search_group_key)(sv->count_by - 1)));
        return OT_RESULT_HANDLED;
    case OT_REQ_ENTER:
        if (sv->count_by)
            return OT_RESULT_HANDLED;
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
        return ot_list_request(sv->count_by ? &sv->group_list : &sv->list, req, a.height - 1);
    }
}

static ot_result click(ot_view *v, ot_tui *t, int row, bool double_click, ot_area a)
{
    search_view *sv = v->state;
    if (!ot_list_click(&sv->list, row, 1))
        return OT_RESULT_HANDLED;
    return double_click ? request(v, t, OT_REQ_ENTER, a) : OT_RESULT_HANDLED;
}

/* The export hook: every hit of the search shown (not only those on
 * screen), in the columns of `ofsted-tui search --format csv` without the
 * match offsets. */
static long export_csv(ot_view *v, FILE *out, ot_error *err)
{
    search_view *sv = v->state;
    if (!ot_search_regex(sv->session) || sv->has_error) {
        ot_error_set(err, "no search to export yet");
        return -1;
    }
    if (ot_search_partial(sv->session) || sv->stale) {
        ot_error_set(err, "the search is still running; export when the count is complete");
        return -1;
    }
    bool actions = ot_search_actions(sv->session);
    static const char *const cols[] = {"inspection_id", "authority", "start_date", "section", "paragraph",
                                       "page", "text", "framework"};
    ot_table_out *w = ot_export_table(out, cols, NULL, 8, err);
    if (!w)
        return -1;
    long rows = 0;
    size_t n = ot_search_count(sv->session);
    for (size_t k = 0; k < n; k++) {
        ot_search_hit hit;
        if (ot_search_hit_load(sv->session, k, &hit, err) < 0) {
            rows = -1;
            break;
        }
        char id[32], para[16], page[16];
        snprintf(id, sizeof id, "%lld", hit.inspection_id);
        snprintf(para, sizeof para, "%d", hit.paragraph);
        snprintf(page, sizeof page, "%d", hit.page);
        ot_buf text = OT_BUF_INIT;
        ot_buf_append(&text, hit.text, hit.text_len);
        bool numbered = actions || hit.paragraph > 0; /* else unnumbered text */
        const char *values[] = {id, hit.authority, hit.start_date, hit.section, numbered ? para : NULL,
                                actions || hit.page <= 0 ? NULL : page, ot_buf_str(&text), hit.framework};
        ot_table_out_row(w, values);
        ot_buf_free(&text);
        rows++;
    }
    return ot_export_finish(w, rows, err);
}

static const char *export_name(ot_view *v)
{
    search_view *sv = v->state;
    return sv->actions ? "search-actions" : "search";
}

static void done(ot_view *v)
{
    search_view *sv = v->state;
    clear_groups(sv);
    ot_search_session_free(sv->session);
    ot_search_query_free(&sv->query);
    for (size_t i = 0; i < sv->n_history; i++)
        free(sv->history[i]);
    free(sv->history);
    free(sv->text);
    free(sv);
}

static const ot_view_ops search_ops = {
    .id = OT_VIEW_SEARCH,
    .crumb = crumb,
    .draw = draw,
    .request = request,
    .click = click,
    .find = find,
    .resume = resume,
    .recall = recall,
    .export_csv = export_csv,
    .export_name = export_name,
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
    sv->query = (ot_search_query)OT_SEARCH_QUERY_INIT;
    history_load(sv);
    ot_tui_push(t, &search_ops, sv);
    ot_tui_prompt_open(t, "search: ", NULL);
}
