/* The main loop, the view stack and keeping the terminal sane.
 *
 * Only this file redraws, handles KEY_RESIZE and touches signals.  Signal
 * handlers do nothing unsafe: quit signals set a flag that the loop reads;
 * crash signals restore the terminal with write() and tcsetattr() (both
 * async-signal-safe) and re-raise. */
#include "config.h"

#include "tui.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "draw.h"
#include "find.h"
#include "keymap.h"
#include "prompt.h"
#include "ofsted-tui/query.h"
#include "ofsted-tui/themes.h"

/* Below this the views cannot draw anything useful. */
#define MIN_COLS 40
#define MIN_LINES 8
#define MAX_DEPTH 32
/* Matrices kept: the areas a session looks at, on both bases; a few
 * megabytes each on a big database. */
#define MAX_MATRICES 6

/* A matrix built for the matrix view, and what it was built for. */
typedef struct kept_matrix {
    const ot_ratings *r;
    int area, first_year, last_year;
    char until[11];
    ot_ratings_matrix m;
} kept_matrix;

struct ot_tui {
    ot_db *db;
    ot_view stack[MAX_DEPTH];
    int depth;
    char *sample_label;
    char message[512];
    bool message_error;
    bool prompting; /* the prompt has the keys */
    bool prompt_export; /* the prompt asks for a file name, not a pattern */
    ot_prompt prompt;
    /* Ratings, loaded once per basis for every view that shows them; the
     * database does not change while the interface runs. */
    ot_ratings *ratings[2];
    /* The ratings by start date, loaded in the background from the start
     * (see start_preload). */
    pthread_t preload_thread;
    bool preloading;
    char *preload_path;
    ot_ratings *preloaded;
    kept_matrix preloaded_matrix; /* .r is NULL when none was built */
    /* England's theme trends, counted in the background from the start
     * into the file that keeps them (ot_themes_trends_kept), so that the
     * trends view finds them there. */
    pthread_t trends_thread;
    bool trends_running;
    volatile int trends_cancel;
    char *trends_path;
    kept_matrix matrices[MAX_MATRICES];
    size_t n_matrices, next_matrix; /* next_matrix: the slot to reuse when full */
};

static volatile sig_atomic_t quit_signal;
static struct termios saved_termios;
static bool have_termios;
static bool curses_active;

static const char restore_sequence[] =
    "\033[?1000l\033[?1002l\033[?1006l" /* mouse reporting off */
    "\033[0m\033[?25h"                  /* attributes reset, cursor shown */
    "\033[?1049l\r\n";                  /* leave the alternate screen */

static void on_quit_signal(int sig)
{
    quit_signal = sig;
}

/* True when the terminal is gone (its other end closed) without the
 * SIGHUP that normally says so: reading keys then fails at once, forever,
 * and the loop would spin instead of waiting. */
static bool terminal_gone(void)
{
    struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
    return poll(&in, 1, 0) > 0 && (in.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void on_crash_signal(int sig)
{
    if (curses_active) {
        ssize_t ignored = write(STDOUT_FILENO, restore_sequence, sizeof restore_sequence - 1);
        (void)ignored;
        if (have_termios)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
    }
    /* SA_RESETHAND put the default action back: this ends the process
     * with the original signal (and its core dump). */
    raise(sig);
}

static void restore_terminal(void)
{
    if (!curses_active)
        return;
    curses_active = false;
    mousemask(0, NULL);
    endwin();
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_quit_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_crash_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
}

/* On a big database loading the ratings takes longer than a key press may
 * (a tenth of a second for 25,000 inspections): load those by start date,
 * which the matrix, compare and counts views open with, on a connection of
 * their own while the user looks at the list.  The interface only reads,
 * so they cannot go stale. */
static void *preload_ratings(void *arg)
{
    ot_tui *t = arg;
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(t->preload_path, 0, &err);
    if (db) {
        t->preloaded = ot_ratings_load(db, OT_RATINGS_BY_START, &err);
        ot_db_close(db);
    }
    /* Then the matrix the matrix view opens with: building it takes tens
     * of milliseconds on a big database, more than opening a view may. */
    int area = t->preloaded ? ot_ratings_area_index(t->preloaded, "overall") : -1;
    if (area >= 0) {
        kept_matrix *k = &t->preloaded_matrix;
        char last[11];
        ot_ratings_today(k->until);
        ot_ratings_date_last_31_march(k->until, last);
        k->area = area;
        k->first_year = OT_TUI_MATRIX_FIRST_YEAR;
        k->last_year = (int)strtol(last, NULL, 10);
        if (k->last_year >= k->first_year &&
            ot_ratings_matrix_build(t->preloaded, area, k->first_year, k->last_year, k->until, &k->m, &err) == 0)
            k->r = t->preloaded;
    }
    ot_error_clear(&err); /* a failure is met again, and told, on first use */
    return NULL;
}

static void start_preload(ot_tui *t)
{
    t->preload_path = strdup(ot_db_path(t->db));
    t->preloading = t->preload_path && pthread_create(&t->preload_thread, NULL, preload_ratings, t) == 0;
}

static void *precount_trends(void *arg)
{
    ot_tui *t = arg;
#ifdef __linux__
    /* Behind whatever the user does: on Linux a thread has its own nice. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
    ot_error err = OT_ERROR_INIT;
    ot_db *db = ot_db_open(t->trends_path, 0, &err);
    ot_themes *themes = db ? ot_themes_load(NULL, &err) : NULL;
    if (themes) {
        ot_theme_filter all;
        memset(&all, 0, sizeof all);
        ot_theme_trends tr;
        if (ot_themes_trends_kept(db, themes, &all, &t->trends_cancel, &tr, &err) == 0)
            ot_theme_trends_free(&tr);
    }
    ot_themes_free(themes);
    ot_db_close(db);
    ot_error_clear(&err); /* the view counts again, and tells, if this failed */
    return NULL;
}

static void start_trends(ot_tui *t)
{
    t->trends_path = strdup(ot_db_path(t->db));
    t->trends_running = t->trends_path && pthread_create(&t->trends_thread, NULL, precount_trends, t) == 0;
}

void ot_tui_wait_theme_trends(ot_tui *t)
{
    if (t->trends_running) {
        pthread_join(t->trends_thread, NULL);
        t->trends_running = false;
    }
}

/* Wait for the background load; its ratings, or NULL. */
static ot_ratings *finish_preload(ot_tui *t)
{
    if (t->preloading) {
        pthread_join(t->preload_thread, NULL);
        t->preloading = false;
    }
    free(t->preload_path);
    t->preload_path = NULL;
    ot_ratings *r = t->preloaded;
    t->preloaded = NULL;
    if (t->preloaded_matrix.r) {
        /* Kept as if built on first use (there is room: only the matrix
         * view builds matrices, and it asks for these ratings first). */
        if (t->n_matrices < MAX_MATRICES)
            t->matrices[t->n_matrices++] = t->preloaded_matrix;
        else
            ot_ratings_matrix_free(&t->preloaded_matrix.m);
        t->preloaded_matrix.r = NULL;
    }
    return r;
}

const ot_ratings *ot_tui_ratings(ot_tui *t, ot_ratings_basis by)
{
    int k = by == OT_RATINGS_BY_PUBLISHED;
    if (!t->ratings[k] && k == 0)
        t->ratings[k] = finish_preload(t);
    if (!t->ratings[k]) {
        ot_error err = OT_ERROR_INIT;
        t->ratings[k] = ot_ratings_load(t->db, by, &err);
        if (!t->ratings[k])
            ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
    }
    return t->ratings[k];
}

const ot_ratings_matrix *ot_tui_ratings_matrix(ot_tui *t, const ot_ratings *r, int area, int first_year,
                                               int last_year, const char *until)
{
    for (size_t i = 0; i < t->n_matrices; i++) {
        kept_matrix *k = &t->matrices[i];
        if (k->r == r && k->area == area && k->first_year == first_year && k->last_year == last_year &&
            strcmp(k->until, until) == 0)
            return &k->m;
    }
    kept_matrix *k;
    if (t->n_matrices < MAX_MATRICES) {
        k = &t->matrices[t->n_matrices++];
    } else {
        /* Full: the oldest goes.  Only the matrix view asks, and there is
         * one at most (it opens from the list at the bottom of the stack);
         * it is asking for another, so it no longer uses the one it had. */
        k = &t->matrices[t->next_matrix];
        t->next_matrix = (t->next_matrix + 1) % MAX_MATRICES;
        ot_ratings_matrix_free(&k->m);
    }
    memset(k, 0, sizeof *k);
    ot_error err = OT_ERROR_INIT;
    if (ot_ratings_matrix_build(r, area, first_year, last_year, until, &k->m, &err) < 0) {
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        return NULL; /* k stays empty (r NULL): it matches nothing */
    }
    k->r = r;
    k->area = area;
    k->first_year = first_year;
    k->last_year = last_year;
    snprintf(k->until, sizeof k->until, "%s", until);
    return &k->m;
}

ot_db *ot_tui_db(ot_tui *t)
{
    return t->db;
}

ot_view_id ot_tui_top_view(ot_tui *t)
{
    return t->depth > 0 ? t->stack[t->depth - 1].ops->id : OT_VIEW_ANY;
}

void ot_tui_push_list(ot_tui *t, const ot_view_ops *ops, void *state, ot_list *list, ot_list_find *list_find)
{
    ot_view v = {.ops = ops, .state = state, .list = list, .list_find = list_find};
    if (t->depth == MAX_DEPTH) {
        if (ops->done)
            ops->done(&v);
        ot_tui_message(t, true, "Too many views open; press q to go back");
        return;
    }
    t->stack[t->depth++] = v;
}

void ot_tui_push(ot_tui *t, const ot_view_ops *ops, void *state)
{
    ot_tui_push_list(t, ops, state, NULL, NULL);
}

static void pop(ot_tui *t)
{
    ot_view *v = &t->stack[--t->depth];
    if (v->ops->done)
        v->ops->done(v);
    ot_view *below = t->depth > 0 ? &t->stack[t->depth - 1] : NULL;
    if (below && below->ops->resume)
        below->ops->resume(below, t);
}

void ot_tui_prompt_open(ot_tui *t, const char *lead, const char *initial)
{
    ot_prompt_free(&t->prompt);
    ot_prompt_init(&t->prompt, lead);
    if (initial && *initial) {
        ot_buf_puts(&t->prompt.text, initial);
        t->prompt.cursor = t->prompt.text.len;
    }
    t->prompting = true;
    t->prompt_export = false;
}

void ot_tui_message(ot_tui *t, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->message, sizeof t->message, fmt, ap);
    va_end(ap);
    t->message_error = error;
}

/* ------------------------------------------------------------ lists */

void ot_list_scroll_into_view(ot_list *l, int height)
{
    if (height < 1)
        height = 1;
    if (l->n == 0) {
        l->selected = l->top = 0;
        return;
    }
    if (l->selected >= l->n)
        l->selected = l->n - 1;
    if (l->selected < l->top)
        l->top = l->selected;
    if (l->selected >= l->top + (size_t)height)
        l->top = l->selected - (size_t)height + 1;
    /* no empty space below the last row when the list fills the area */
    if (l->n > (size_t)height && l->top > l->n - (size_t)height)
        l->top = l->n - (size_t)height;
}

ot_result ot_list_request(ot_list *l, ot_request req, int height)
{
    size_t page = height > 1 ? (size_t)height - 1 : 1;
    switch (req) {
    case OT_REQ_MOVE_UP:
        if (l->selected > 0)
            l->selected--;
        break;
    case OT_REQ_MOVE_DOWN:
        if (l->selected + 1 < l->n)
            l->selected++;
        break;
    case OT_REQ_PAGE_UP:
        l->selected = l->selected > page ? l->selected - page : 0;
        l->top = l->top > page ? l->top - page : 0;
        break;
    case OT_REQ_PAGE_DOWN:
        l->selected = l->selected + page < l->n ? l->selected + page : (l->n ? l->n - 1 : 0);
        l->top += page;
        break;
    case OT_REQ_FIRST:
        l->selected = 0;
        break;
    case OT_REQ_LAST:
        l->selected = l->n ? l->n - 1 : 0;
        break;
    default:
        return OT_RESULT_UNHANDLED;
    }
    ot_list_scroll_into_view(l, height);
    return OT_RESULT_HANDLED;
}

bool ot_list_click(ot_list *l, int row, int header_rows)
{
    if (row < header_rows)
        return false;
    size_t k = l->top + (size_t)(row - header_rows);
    if (k >= l->n)
        return false;
    l->selected = k;
    return true;
}

ot_list_rows ot_list_rows_begin(ot_list *l, int top, int rows, int width)
{
    ot_list_scroll_into_view(l, rows);
    l->drawn_top = top;
    l->drawn_rows = rows;
    return (ot_list_rows){.list = l, .top = top, .rows = rows, .width = width};
}

bool ot_list_rows_next(ot_list_rows *it)
{
    if (it->i >= it->rows || it->list->top + (size_t)it->i >= it->list->n)
        return false;
    it->k = it->list->top + (size_t)it->i;
    it->y = it->top + it->i;
    it->sel = it->k == it->list->selected;
    it->base = it->sel ? ot_role_attr(OT_ROLE_SELECTED) : A_NORMAL;
    if (it->sel)
        ot_draw_cell(stdscr, it->y, 0, "", it->width, it->base);
    it->i++;
    return true;
}

/* ------------------------------------------------------------ drawing */

static ot_area view_area(void)
{
    return (ot_area){.top = 1, .height = LINES - 2, .width = COLS};
}

static void draw_title(ot_tui *t)
{
    attr_t title = ot_role_attr(OT_ROLE_TITLE);
    {
        char line[1024];
        const char *sample = t->sample_label ? " SAMPLE DATA (fictional) " : "";
        int sample_w = ot_text_width(sample);
        /* When the crumbs do not fit, the first ones give way to "…", so
         * that the view on top is always named. */
        for (int from = 0; from < t->depth; from++) {
            size_t len = (size_t)snprintf(line, sizeof line, " ofsted-tui%s", from ? " › …" : "");
            for (int i = from; i < t->depth && len < sizeof line; i++) {
                const char *crumb = t->stack[i].ops->crumb ? t->stack[i].ops->crumb(&t->stack[i]) : NULL;
                if (crumb && *crumb)
                    len += (size_t)snprintf(line + len, sizeof line - len, " › %s", crumb);
            }
            if (ot_text_width(line) <= COLS - sample_w)
                break;
        }
        ot_view *top = &t->stack[t->depth - 1];
        const char *detail = top->ops->crumb_detail ? top->ops->crumb_detail(top) : NULL;
        size_t len = strlen(line);
        if (detail && *detail && len < sizeof line)
            snprintf(line + len, sizeof line - len, " › %s", detail);
        ot_draw_cell(stdscr, 0, 0, line, COLS - sample_w, title);
        if (sample_w)
            ot_draw_text(stdscr, 0, COLS - sample_w, sample, sample_w, ot_role_attr(OT_ROLE_SAMPLE));
    }
}

static void draw_bottom_bar(ot_tui *t)
{
    int y = LINES - 1;
    if (t->prompting) {
        attr_t a = ot_role_attr(OT_ROLE_STATUS);
        int msg_w = t->message[0] ? ot_text_width(t->message) + 2 : 0;
        if (msg_w > COLS / 2)
            msg_w = COLS / 2;
        int prompt_w = COLS - msg_w;
        int cursor = ot_prompt_draw(&t->prompt, stdscr, y, 0, prompt_w, a);
        if (msg_w)
            ot_draw_cell(stdscr, y, prompt_w, t->message, msg_w,
                         ot_role_attr(t->message_error ? OT_ROLE_ERROR : OT_ROLE_STATUS));
        move(y, cursor);
        return;
    }
    if (t->message[0]) {
        ot_draw_cell(stdscr, y, 0, t->message, COLS,
                     ot_role_attr(t->message_error ? OT_ROLE_ERROR : OT_ROLE_STATUS));
        return;
    }
    ot_view *v = &t->stack[t->depth - 1];
    char bar[1024];
    size_t len = 0;
    bar[0] = '\0';
    const ot_request common[] = {OT_REQ_BACK, OT_REQ_HELP, OT_REQ_NONE};
    const ot_request *lists[] = {common, ot_keymap_hints(v->ops->id)};
    for (int l = 0; l < 2; l++) {
        for (const ot_request *r = lists[l]; r && *r != OT_REQ_NONE; r++) {
            const char *key = ot_keymap_label(v->ops->id, *r);
            if (!key || len >= sizeof bar)
                continue;
            const char *word = *r == OT_REQ_BACK && t->depth == 1 ? "quit" : ot_request_bar_word(*r);
            len += (size_t)snprintf(bar + len, sizeof bar - len, " %s %s ", key, word);
        }
    }
    const char *status = v->ops->status ? v->ops->status(v) : NULL;
    int status_w = status && *status ? ot_text_width(status) + 2 : 0;
    if (status_w > COLS / 2)
        status_w = 0;
    ot_draw_cell(stdscr, y, 0, bar, COLS - status_w, ot_role_attr(OT_ROLE_STATUS));
    if (status_w) {
        ot_draw_cell(stdscr, y, COLS - status_w, "", status_w, ot_role_attr(OT_ROLE_STATUS));
        ot_draw_text(stdscr, y, COLS - status_w + 1, status, status_w - 1, ot_role_attr(OT_ROLE_STATUS) | A_BOLD);
    }
}

static void draw_too_small(void)
{
    erase();
    const char *lines[] = {"Terminal too small", "", "Make it at least", NULL};
    char need[64];
    snprintf(need, sizeof need, "%d x %d (now %d x %d)", MIN_COLS, MIN_LINES, COLS, LINES);
    int y = 0;
    for (int i = 0; lines[i] && y < LINES; i++, y++)
        ot_draw_text(stdscr, y, 0, lines[i], COLS, i == 0 ? A_BOLD : A_NORMAL);
    if (y < LINES)
        ot_draw_text(stdscr, y++, 0, need, COLS, A_NORMAL);
    if (y < LINES)
        ot_draw_text(stdscr, y, 0, "q quits", COLS, A_DIM);
}

static void draw_all(ot_tui *t)
{
    if (COLS < MIN_COLS || LINES < MIN_LINES) {
        draw_too_small();
        refresh();
        return;
    }
    erase();
    /* The view first: its crumb and status may tell where it now is. */
    ot_view *v = &t->stack[t->depth - 1];
    v->ops->draw(v, view_area());
    draw_title(t);
    draw_bottom_bar(t);
    curs_set(t->prompting ? 1 : 0);
    refresh();
}

void ot_tui_draw_now(ot_tui *t)
{
    draw_all(t);
}

/* ------------------------------------------------------------ loop */

/* The view's request hook, then its list's find, open_row and movement
 * for what it left. */
static ot_result view_request(ot_tui *t, ot_view *v, ot_request req, ot_area area)
{
    ot_result res = v->ops->request ? v->ops->request(v, t, req, area) : OT_RESULT_UNHANDLED;
    if (res == OT_RESULT_UNHANDLED && v->list_find && (req == OT_REQ_FIND_NEXT || req == OT_REQ_FIND_PREV)) {
        ot_list_find_next(t, v->list_find, req == OT_REQ_FIND_NEXT ? 1 : -1);
        res = OT_RESULT_HANDLED;
    }
    if (res == OT_RESULT_UNHANDLED && v->list && v->ops->open_row && req == OT_REQ_ENTER) {
        if (v->list->n)
            v->ops->open_row(v, t, v->list->selected);
        res = OT_RESULT_HANDLED;
    }
    if (res == OT_RESULT_UNHANDLED && v->list)
        res = ot_list_request(v->list, req, v->list->drawn_rows);
    return res;
}

/* The view's find hook, or its list find's. */
static ot_result view_find(ot_tui *t, ot_view *v, ot_find_step step, const char *pattern, size_t len)
{
    if (v->ops->find)
        return v->ops->find(v, t, step, pattern, len, view_area());
    ot_list_find_step(t, v->list_find, step, pattern, len);
    return OT_RESULT_HANDLED;
}

/* A click on screen row y of a view's list: select the row there, and
 * open it on a double click. */
static ot_result list_click(ot_tui *t, ot_view *v, int y, bool double_click, ot_area area)
{
    if (!ot_list_click(v->list, y - v->list->drawn_top, 0) || !double_click)
        return OT_RESULT_HANDLED;
    return view_request(t, v, OT_REQ_ENTER, area);
}

static ot_result handle_mouse(ot_tui *t)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return OT_RESULT_HANDLED;
    ot_view *v = &t->stack[t->depth - 1];
    ot_area area = view_area();
    ot_request wheel = OT_REQ_NONE;
    if (ev.bstate & BUTTON4_PRESSED)
        wheel = OT_REQ_MOVE_UP;
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED)
        wheel = OT_REQ_MOVE_DOWN;
#endif
    if (wheel != OT_REQ_NONE) {
        for (int i = 0; i < 3; i++)
            view_request(t, v, wheel, area);
        return OT_RESULT_HANDLED;
    }
    if ((!v->ops->click && !v->list) || ev.y < area.top || ev.y >= area.top + area.height)
        return OT_RESULT_HANDLED;
    bool double_click = ev.bstate & BUTTON1_DOUBLE_CLICKED;
    if (!double_click && !(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
        return OT_RESULT_HANDLED;
    if (v->ops->click)
        return v->ops->click(v, t, ev.y - area.top, double_click, area);
    return list_click(t, v, ev.y, double_click, area);
}

/* ------------------------------------------------------------ export */

/* The name the export prompt offers: NAME.csv in the current directory,
 * or NAME-2.csv, NAME-3.csv ... when that is taken, so that accepting the
 * default never overwrites an earlier export. */
static void default_export_name(ot_view *v, ot_buf *out)
{
    const char *stem = v->ops->export_name ? v->ops->export_name(v) : ot_view_export_name(v->ops->id);
    for (int i = 1; i < 1000; i++) {
        ot_buf_reset(out);
        if (i == 1)
            ot_buf_printf(out, "%s.csv", stem);
        else
            ot_buf_printf(out, "%s-%d.csv", stem, i);
        if (access(ot_buf_str(out), F_OK) != 0)
            return;
    }
}

ot_table_out *ot_export_table(FILE *out, const char *const *columns, const bool *numeric, int n, ot_error *err)
{
    ot_table_out *w = ot_table_out_new(out, OT_FORMAT_CSV, columns, numeric, n);
    if (!w)
        ot_error_set(err, "out of memory");
    return w;
}

long ot_export_finish(ot_table_out *w, long rows, ot_error *err)
{
    if (ot_table_out_finish(w) < 0 && rows >= 0) {
        ot_error_set(err, "writing failed");
        return -1;
    }
    return rows;
}

/* Write the top view's table to path ("~/" is the home directory) and say
 * where it went, or why not. */
static void export_to(ot_tui *t, const char *typed)
{
    ot_view *v = &t->stack[t->depth - 1];
    while (*typed == ' ')
        typed++;
    if (!*typed) {
        ot_tui_message(t, true, "Export cancelled: no file name");
        return;
    }
    ot_buf path = OT_BUF_INIT;
    const char *home = getenv("HOME");
    if (typed[0] == '~' && typed[1] == '/' && home && *home)
        ot_buf_printf(&path, "%s/%s", home, typed + 2);
    else
        ot_buf_puts(&path, typed);
    FILE *out = fopen(ot_buf_str(&path), "w");
    if (!out) {
        ot_tui_message(t, true, "Cannot write %s: %s", ot_buf_str(&path), strerror(errno));
        ot_buf_free(&path);
        return;
    }
    ot_error err = OT_ERROR_INIT;
    long rows = v->ops->export_csv(v, out, &err);
    int saved_errno = errno;
    bool closed = fclose(out) == 0;
    if (rows < 0 || !closed) {
        if (rows >= 0)
            ot_error_set(&err, "%s", strerror(saved_errno));
        ot_tui_message(t, true, "Export to %s failed: %s", ot_buf_str(&path), ot_error_msg(&err));
        remove(ot_buf_str(&path));
    } else {
        char full[PATH_MAX];
        const char *where = realpath(ot_buf_str(&path), full) ? full : ot_buf_str(&path);
        ot_tui_message(t, false, "Exported %ld row%s to %s", rows, rows == 1 ? "" : "s", where);
    }
    ot_error_clear(&err);
    ot_buf_free(&path);
}

static void export_start(ot_tui *t)
{
    ot_view *v = &t->stack[t->depth - 1];
    if (!v->ops->export_csv) {
        ot_tui_message(t, true, "This view has no table to export");
        return;
    }
    ot_buf name = OT_BUF_INIT;
    default_export_name(v, &name);
    ot_tui_prompt_open(t, "Export CSV to: ", ot_buf_str(&name));
    t->prompt_export = true;
    ot_buf_free(&name);
}

/* A key while the export prompt is open: only Enter and Esc matter. */
static void export_prompt_key(ot_tui *t, int key, bool is_char)
{
    ot_prompt_result pr = ot_prompt_key(&t->prompt, key, is_char);
    if (pr != OT_PROMPT_ACCEPT && pr != OT_PROMPT_CANCEL)
        return;
    t->prompting = false;
    t->prompt_export = false;
    if (pr == OT_PROMPT_ACCEPT)
        export_to(t, ot_buf_str(&t->prompt.text));
    else
        ot_tui_message(t, false, "Export cancelled");
}

/* A key while the find prompt is open. */
static void prompt_key(ot_tui *t, int key, bool is_char)
{
    ot_view *v = &t->stack[t->depth - 1];
    if (t->prompt_export) {
        export_prompt_key(t, key, is_char);
        return;
    }
    ot_prompt_result pr = ot_prompt_key(&t->prompt, key, is_char);
    if (pr == OT_PROMPT_IGNORED && !is_char && (key == KEY_UP || key == KEY_DOWN) && v->ops->recall) {
        const char *text = v->ops->recall(v, key == KEY_UP ? -1 : 1);
        if (!text)
            return;
        ot_buf_reset(&t->prompt.text);
        ot_buf_puts(&t->prompt.text, text);
        t->prompt.cursor = t->prompt.text.len;
        pr = OT_PROMPT_EDITED;
    }
    ot_find_step step;
    switch (pr) {
    case OT_PROMPT_EDITED: step = OT_FIND_TYPE; break;
    case OT_PROMPT_ACCEPT: step = OT_FIND_ACCEPT; break;
    case OT_PROMPT_CANCEL: step = OT_FIND_CANCEL; break;
    default: return;
    }
    if (step != OT_FIND_TYPE)
        t->prompting = false;
    if (view_find(t, v, step, ot_buf_str(&t->prompt.text), t->prompt.text.len) == OT_RESULT_BACK) {
        t->prompting = false;
        pop(t);
    }
}

static bool dispatch(ot_tui *t, int key)
{
    ot_view *v = &t->stack[t->depth - 1];
    ot_result res;
    if (key == KEY_MOUSE) {
        res = handle_mouse(t);
    } else {
        ot_request req = ot_keymap_lookup(v->ops->id, key);
        if (COLS < MIN_COLS || LINES < MIN_LINES) {
            /* Only leaving works on the "too small" screen. */
            if (req == OT_REQ_BACK || req == OT_REQ_QUIT)
                return false;
            return true;
        }
        switch (req) {
        case OT_REQ_NONE:
            return true;
        case OT_REQ_QUIT:
            return false;
        case OT_REQ_REDRAW:
            clearok(curscr, TRUE);
            return true;
        case OT_REQ_HELP:
            if (v->ops->id != OT_VIEW_HELP)
                ot_view_help_open(t);
            return true;
        case OT_REQ_SEARCH:
            if (v->ops->id != OT_VIEW_SEARCH) {
                ot_view_search_open(t);
                return true;
            }
            break; /* the search view reopens its own prompt */
        case OT_REQ_EXPORT:
            export_start(t);
            return true;
        case OT_REQ_FIND:
            if (!v->ops->find && !v->list_find)
                break;
            ot_prompt_free(&t->prompt);
            ot_prompt_init(&t->prompt, "/");
            t->prompting = true;
            t->prompt_export = false;
            view_find(t, v, OT_FIND_START, "", 0);
            return true;
        default:
            break;
        }
        res = view_request(t, v, req, view_area());
        if (res == OT_RESULT_UNHANDLED && req == OT_REQ_BACK)
            res = (key == 27 && t->depth == 1) ? OT_RESULT_HANDLED : OT_RESULT_BACK;
    }
    switch (res) {
    case OT_RESULT_QUIT:
        return false;
    case OT_RESULT_BACK:
        pop(t);
        return t->depth > 0;
    default:
        return true;
    }
}

int ot_tui_run(ot_db *db)
{
    return ot_tui_run_with(db, NULL, NULL);
}

int ot_tui_run_with(ot_db *db, void (*open)(ot_tui *t, void *data), void *data)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "ofsted-tui: error: the terminal interface needs a terminal; see 'ofsted-tui --help' for commands\n");
        return 1;
    }
    ot_tui t;
    memset(&t, 0, sizeof t);
    t.db = db;
    t.sample_label = ot_query_sample_label(db);

    have_termios = tcgetattr(STDIN_FILENO, &saved_termios) == 0;
    if (!getenv("ESCDELAY"))
        set_escdelay(25);
    if (!initscr()) {
        fprintf(stderr, "ofsted-tui: error: cannot start the terminal interface (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
        free(t.sample_label);
        return 1;
    }
    curses_active = true;
    atexit(restore_terminal);
    install_signals();
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    curs_set(0);
    mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                  | BUTTON5_PRESSED
#endif
              , NULL);
    mouseinterval(200);
    timeout(250); /* wake up to notice quit signals */
    ot_draw_init_colors();

    start_preload(&t);
    start_trends(&t);
    ot_view_authorities_open(&t);
    if (open && t.depth > 0)
        open(&t, data);
    bool running = t.depth > 0;
    bool dirty = true;
    while (running && !quit_signal) {
        if (dirty)
            draw_all(&t);
        dirty = false;
        wint_t wch;
        int kind = get_wch(&wch);
        if (kind == ERR) {
            if (terminal_gone())
                quit_signal = SIGHUP;
            continue;
        }
        int key = (int)wch;
        bool is_char = kind != KEY_CODE_YES;
        dirty = true;
        t.message[0] = '\0';
        if (!is_char && key == KEY_RESIZE)
            continue; /* ncurses has updated LINES and COLS: just redraw */
        if (is_char && key == '\r')
            key = '\n';
        if (t.prompting) {
            if (!is_char && key == KEY_MOUSE) {
                MEVENT ignored;
                getmouse(&ignored);
            } else {
                prompt_key(&t, key, is_char);
            }
            continue;
        }
        /* Characters outside ASCII bind to nothing; keep them apart from
         * curses key codes, which share the same numbers. */
        if (is_char && key >= 0x80)
            continue;
        running = dispatch(&t, key);
    }
    ot_prompt_free(&t.prompt);
    while (t.depth > 0)
        pop(&t);
    restore_terminal();
    t.trends_cancel = 1;
    ot_tui_wait_theme_trends(&t);
    free(t.trends_path);
    ot_ratings_free(finish_preload(&t));
    for (size_t i = 0; i < t.n_matrices; i++)
        ot_ratings_matrix_free(&t.matrices[i].m);
    ot_ratings_free(t.ratings[0]);
    ot_ratings_free(t.ratings[1]);
    free(t.sample_label);
    if (quit_signal) {
        int sig = quit_signal;
        signal(sig, SIG_DFL);
        raise(sig);
        return 128 + sig;
    }
    return 0;
}
