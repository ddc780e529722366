/* One inspection: a header, the judgement table, the improvement actions
 * numbered, then the findings by section with their paragraph numbers.
 *
 * The report is held as blocks (a header line, a heading, a judgement, a
 * paragraph); blocks are wrapped into screen lines by display width, again
 * whenever the width changes.  Only this one report is in memory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "find.h"
#include "ofsted-tui/buf.h"
#include "ofsted-tui/framework.h"
#include "ofsted-tui/query_report.h"
#include "ofsted-tui/table_out.h"
#include "tui.h"
#include "wrap.h"

typedef enum block_kind { B_TEXT, B_HEADING, B_JUDGEMENT, B_BLANK } block_kind;

typedef struct block {
    block_kind kind;
    const char *text; /* owned by the report or by the view's strings */
    size_t len;
    char prefix[24];  /* "12" (paragraph), "3." (action), "Lead inspector:" */
    int indent;       /* columns before the text on every line */
    int grade;        /* B_JUDGEMENT */
    const char *grade_label;
    const char *area;     /* B_JUDGEMENT: the area key */
    const char *section;  /* the section heading the block is under, or NULL */
    int page;             /* PDF page where the paragraph starts, 0: unknown */
    long long finding_id;
    attr_t attr;
    ot_spans spans; /* matches of the current pattern */
} block;

typedef struct line {
    size_t block;
    size_t start, end; /* bytes of the block's text */
    bool first;
} line;

typedef struct match {
    size_t block, span;
} match;

typedef struct inspection_view {
    ot_inspection_doc report;
    char crumb[512];
    char status[64];
    const char *cur_section; /* while building: the last heading */
    int label_w; /* widest judgement label */
    bool name_in_crumb; /* opened from elsewhere than the authority's history */
    block *blocks;
    size_t n_blocks, cap_blocks;
    char **strings; /* text made here (header lines) */
    size_t n_strings, cap_strings;
    line *lines;
    size_t n_lines, cap_lines;
    int wrapped_width; /* width the lines were made for, 0: none yet */
    size_t top;        /* first line shown */
    size_t want_block; /* block to show at the top after the next wrap, or SIZE_MAX */
    bool want_context; /* ... with one line above it */
    bool reveal_current; /* bring the current match into view at the next draw */
    ot_find *find;
    match *matches;
    size_t n_matches;
    long current; /* index into matches, -1: none */
    size_t find_top;
    char *find_before;
    ot_beyond_fn beyond; /* the opener's, for n/N past the ends; or NULL */
    void *beyond_ctx;
} inspection_view;

static block *add_block(inspection_view *iv, block_kind kind, const char *text)
{
    if (ot_grow((void **)&iv->blocks, &iv->cap_blocks, iv->n_blocks, sizeof *iv->blocks) < 0)
        return NULL;
    block *b = &iv->blocks[iv->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = text ? text : "";
    b->len = strlen(b->text);
    b->attr = A_NORMAL;
    b->section = iv->cur_section;
    return b;
}

static const char *keep_string(inspection_view *iv, char *s)
{
    if (!s)
        return NULL;
    if (iv->n_strings == iv->cap_strings) {
        size_t cap = iv->cap_strings ? iv->cap_strings * 2 : 16;
        char **v = realloc(iv->strings, cap * sizeof *v);
        if (!v) {
            free(s);
            return NULL;
        }
        iv->strings = v;
        iv->cap_strings = cap;
    }
    iv->strings[iv->n_strings++] = s;
    return s;
}

static void header_line(inspection_view *iv, const char *key, const char *value)
{
    block *b = add_block(iv, B_TEXT, value && *value ? value : "not known");
    if (!b)
        return;
    snprintf(b->prefix, sizeof b->prefix, "%s", key);
    b->indent = 17;
    if (!value || !*value)
        b->attr = ot_role_attr(OT_ROLE_DIM);
}

/* A heading for findings whose section printed none (the headline
 * summary of page 1), from the section key. */
static const char *section_title(const char *key)
{
    static const struct {
        const char *key, *title;
    } titles[] = {
        {"summary", "Summary"},
        {"context", "Information about this local authority area"},
        {"recommendations", "Recommendations"},
        {"other", "Other"},
    };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strcmp(key, titles[i].key) == 0)
            return titles[i].title;
    return key;
}

static void heading(inspection_view *iv, const char *text)
{
    add_block(iv, B_BLANK, NULL);
    iv->cur_section = text;
    block *b = add_block(iv, B_HEADING, text);
    if (b)
        b->attr = ot_role_attr(OT_ROLE_HEADER);
}

/* The heading last drawn over findings. */
typedef struct finding_run {
    const char *section, *label;
} finding_run;

/* Findings [from, to) of r: a heading for each section, and for each
 * heading printed within one ("Summary for children and young people");
 * unnumbered text (a summary) has no number in the margin.  Returns 0 or
 * -1 on no memory. */
static int add_findings(inspection_view *iv, const ot_inspection_doc *r, size_t from, size_t to, finding_run *run)
{
    for (size_t i = from; i < to; i++) {
        const ot_doc_finding *f = &r->findings[i];
        if (!run->section || strcmp(run->section, f->section) != 0 ||
            (f->section_label && (!run->label || strcmp(run->label, f->section_label) != 0))) {
            run->section = f->section;
            run->label = f->section_label;
            heading(iv, run->label ? run->label : section_title(run->section));
        } else if (f->paragraph <= 0 && i > from && r->findings[i - 1].paragraph <= 0) {
            /* Without numbers in the margin, a blank line parts them. */
            if (!add_block(iv, B_BLANK, NULL))
                return -1;
        }
        block *p = add_block(iv, B_TEXT, f->text);
        if (!p)
            return -1;
        p->page = f->page;
        if (f->paragraph > 0)
            snprintf(p->prefix, sizeof p->prefix, "%4d", f->paragraph);
        p->indent = 6;
        p->finding_id = f->id;
    }
    return 0;
}

static void build(inspection_view *iv)
{
    ot_inspection_doc *r = &iv->report;
    ot_buf b = OT_BUF_INIT;
    header_line(iv, "Authority", r->authority);
    ot_buf_printf(&b, "%s (%s)", ot_framework_name(r->framework), r->framework ? r->framework : "?");
    header_line(iv, "Framework", keep_string(iv, ot_buf_steal(&b)));
    ot_buf_printf(&b, "%s to %s", r->start_date ? r->start_date : "?", r->end_date ? r->end_date : "?");
    header_line(iv, "Dates", keep_string(iv, ot_buf_steal(&b)));
    header_line(iv, "Published", r->published);
    header_line(iv, "Lead inspector", r->lead_inspector);
    header_line(iv, "Web link", r->web_link);
    header_line(iv, "Source file", r->source);
    ot_buf_free(&b);

    heading(iv, "Judgements");
    if (r->n_judgements == 0) {
        block *e = add_block(iv, B_TEXT, ot_framework_is_visit(r->framework) ? "A visit: no grades are given." : "No judgements recorded.");
        if (e)
            e->attr = ot_role_attr(OT_ROLE_DIM), e->indent = 2;
    }
    for (size_t i = 0; i < r->n_judgements; i++) {
        const ot_grade_cell *c = &r->judgements[i];
        block *j = add_block(iv, B_JUDGEMENT, c->area_label ? c->area_label : ot_area_short(c->area));
        if (!j)
            return;
        j->grade = c->grade;
        j->grade_label = c->grade_label;
        j->area = c->area;
        j->indent = 2;
        if (ot_text_width(j->text) > iv->label_w)
            iv->label_w = ot_text_width(j->text);
    }
    /* The summary that opens a report (the headline summary, an
     * executive summary) reads before the improvement actions, as
     * printed; the sections follow them. */
    size_t lead = 0;
    while (lead < r->n_findings && strcmp(r->findings[lead].section, "summary") == 0)
        lead++;
    finding_run run = {NULL, NULL};
    if (add_findings(iv, r, 0, lead, &run))
        return;
    if (r->n_actions) {
        heading(iv, "What needs to improve");
        for (size_t i = 0; i < r->n_actions; i++) {
            block *a = add_block(iv, B_TEXT, r->actions[i].text);
            if (!a)
                return;
            snprintf(a->prefix, sizeof a->prefix, "%d.", r->actions[i].ordinal);
            a->indent = 5;
        }
        run.section = NULL;
    }
    if (add_findings(iv, r, lead, r->n_findings, &run))
        return;
    if (r->n_findings == 0) {
        heading(iv, "Findings");
        block *e = add_block(iv, B_TEXT, "No findings recorded: import the report PDF to read them here.");
        if (e)
            e->attr = ot_role_attr(OT_ROLE_DIM), e->indent = 2;
    }
}

static int push_line(inspection_view *iv, size_t blk, size_t start, size_t end, bool first)
{
    if (ot_grow((void **)&iv->lines, &iv->cap_lines, iv->n_lines, sizeof *iv->lines) < 0)
        return -1;
    iv->lines[iv->n_lines++] = (line){blk, start, end, first};
    return 0;
}

static size_t first_line_of(const inspection_view *iv, size_t blk)
{
    /* lines are in block order: binary search */
    size_t lo = 0, hi = iv->n_lines;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (iv->lines[mid].block < blk)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void rewrap(inspection_view *iv, int width)
{
    /* keep the block at the top in view across the re-wrap */
    size_t keep = iv->want_block;
    if (keep == SIZE_MAX && iv->n_lines)
        keep = iv->lines[iv->top < iv->n_lines ? iv->top : iv->n_lines - 1].block;
    iv->n_lines = 0;
    ot_wrap_lines wl = OT_WRAP_LINES_INIT;
    for (size_t i = 0; i < iv->n_blocks; i++) {
        block *b = &iv->blocks[i];
        if (b->kind != B_TEXT && b->kind != B_HEADING) { /* long headings wrap too */
            if (push_line(iv, i, 0, b->len, true) < 0)
                break;
            continue;
        }
        wl.len = 0;
        if (ot_wrap(b->text, b->len, b->kind == B_HEADING ? width - 2 : width - 1 - b->indent, &wl) < 0)
            break;
        for (size_t k = 0; k < wl.len; k++)
            if (push_line(iv, i, wl.v[k].start, wl.v[k].end, k == 0) < 0)
                break;
    }
    ot_wrap_lines_free(&wl);
    iv->wrapped_width = width;
    iv->top = keep == SIZE_MAX ? 0 : first_line_of(iv, keep);
    if (iv->want_context && iv->top > 0)
        iv->top--;
    iv->want_block = SIZE_MAX;
    iv->want_context = false;
}

static size_t max_top(const inspection_view *iv, int height)
{
    return iv->n_lines > (size_t)height ? iv->n_lines - (size_t)height : 0;
}

static void clamp_top(inspection_view *iv, int height)
{
    if (iv->top > max_top(iv, height))
        iv->top = max_top(iv, height);
}

/* The line on which match m starts. */
static size_t match_line(const inspection_view *iv, const match *m)
{
    size_t at = iv->blocks[m->block].spans.v[m->span].start;
    size_t l = first_line_of(iv, m->block);
    while (l + 1 < iv->n_lines && iv->lines[l + 1].block == m->block && iv->lines[l + 1].start <= at)
        l++;
    return l;
}

/* The block of the first line shown (as last drawn), or NULL. */
static const block *top_block(const inspection_view *iv)
{
    if (!iv->n_lines)
        return NULL;
    size_t l = iv->top < iv->n_lines ? iv->top : iv->n_lines - 1;
    while (l + 1 < iv->n_lines && iv->blocks[iv->lines[l].block].kind == B_BLANK)
        l++; /* a blank line above a heading is the heading's */
    return &iv->blocks[iv->lines[l].block];
}

/* The page of the first paragraph on screen (the one at the top, or the
 * next below it), and how far through the report the view is. */
static const char *status(ot_view *v)
{
    inspection_view *iv = v->state;
    if (!iv->n_lines)
        return "";
    int page = 0;
    for (size_t l = iv->top; l < iv->n_lines && !page; l++)
        page = iv->blocks[iv->lines[l].block].page;
    size_t pct = iv->n_lines > 1 ? (iv->top * 100) / (iv->n_lines - 1) : 100;
    if (pct > 100)
        pct = 100;
    if (page)
        snprintf(iv->status, sizeof iv->status, "p. %d  %zu%%", page, pct);
    else
        snprintf(iv->status, sizeof iv->status, "%zu%%", pct);
    return iv->status;
}

static const char *crumb(ot_view *v)
{
    inspection_view *iv = v->state;
    snprintf(iv->crumb, sizeof iv->crumb, "%s%s%s %.4s", iv->name_in_crumb && iv->report.authority ? iv->report.authority : "",
             iv->name_in_crumb ? ": " : "", ot_framework_name(iv->report.framework),
             iv->report.start_date ? iv->report.start_date : "");
    return iv->crumb;
}

/* The section of the report at the top of the screen. */
static const char *crumb_detail(ot_view *v)
{
    inspection_view *iv = v->state;
    const block *b = top_block(iv);
    return b ? b->section : NULL;
}

static void draw(ot_view *v, ot_area a)
{
    inspection_view *iv = v->state;
    if (iv->wrapped_width != a.width)
        rewrap(iv, a.width);
    if (iv->reveal_current && iv->current >= 0) {
        /* a match deep in a long paragraph must still show */
        size_t l = match_line(iv, &iv->matches[iv->current]);
        if (l >= iv->top + (size_t)a.height)
            iv->top = l - (size_t)a.height / 3;
    }
    iv->reveal_current = false;
    clamp_top(iv, a.height);
    attr_t hl = ot_role_attr(OT_ROLE_MATCH);
    const match *cur = iv->current >= 0 ? &iv->matches[iv->current] : NULL;
    for (int row = 0; row < a.height && iv->top + (size_t)row < iv->n_lines; row++) {
        const line *l = &iv->lines[iv->top + (size_t)row];
        const block *b = &iv->blocks[l->block];
        int y = a.top + row;
        switch (b->kind) {
        case B_BLANK:
            break;
        case B_HEADING:
            ot_draw_highlighted(stdscr, y, 1, b->text + l->start, l->end - l->start, a.width - 2, b->attr, b->spans.v,
                                b->spans.len, l->start, hl);
            break;
        case B_JUDGEMENT: {
            char cell[160];
            if (b->grade)
                snprintf(cell, sizeof cell, "%s %s", ot_grade_letter(b->grade), b->grade_label ? b->grade_label : ot_grade_word(b->grade));
            else
                snprintf(cell, sizeof cell, "– %s", b->grade_label ? b->grade_label : "not graded");
            /* The label takes what the widest one needs when that leaves
             * room for the grade; else a short name of the area leads, so
             * two labels cut short ("The experiences and progress of
             * children...") still differ. */
            int cell_w = ot_text_width(cell);
            int room = a.width - 2 - b->indent - (cell_w < 24 ? cell_w : 24) - 1;
            int label_w = iv->label_w + 2 < room ? iv->label_w + 2 : room;
            if (label_w < 12)
                label_w = a.width / 2;
            int x0 = 1 + b->indent;
            if (ot_text_width(b->text) > label_w - 1 && b->area) {
                char lead[64];
                snprintf(lead, sizeof lead, "%s: ", ot_area_short(b->area));
                int used = ot_draw_text(stdscr, y, x0, lead, label_w - 1, ot_role_attr(OT_ROLE_DIM));
                ot_draw_highlighted(stdscr, y, x0 + used, b->text, b->len, label_w - 1 - used, A_NORMAL, b->spans.v,
                                    b->spans.len, 0, hl);
            } else {
                ot_draw_highlighted(stdscr, y, x0, b->text, b->len, label_w - 1, A_NORMAL, b->spans.v, b->spans.len, 0, hl);
            }
            int x = x0 + label_w;
            ot_draw_text(stdscr, y, x, cell, a.width - 1 - x, b->grade ? ot_role_attr(ot_grade_role(b->grade)) : A_DIM);
            break;
        }
        case B_TEXT:
            if (l->first && b->prefix[0])
                ot_draw_text(stdscr, y, 1, b->prefix, b->indent - 1, ot_role_attr(OT_ROLE_DIM));
            ot_draw_highlighted(stdscr, y, 1 + b->indent, b->text + l->start, l->end - l->start,
                                a.width - 1 - b->indent, b->attr, b->spans.v, b->spans.len, l->start, hl);
            break;
        }
        /* the current match stands out from the others */
        if (cur && cur->block == l->block) {
            const ot_span *sp = &b->spans.v[cur->span];
            if (sp->start >= l->start && sp->start < l->end + (l->end == l->start) && b->kind == B_TEXT) {
                size_t end = sp->end < l->end ? sp->end : l->end;
                int col = 1 + b->indent + ot_wrap_width(b->text + l->start, sp->start - l->start);
                ot_draw_textn(stdscr, y, col, b->text + sp->start, end - sp->start, a.width - 1 - col, hl | A_REVERSE);
            }
        }
    }
}

static void clear_matches(inspection_view *iv)
{
    for (size_t i = 0; i < iv->n_blocks; i++)
        ot_spans_free(&iv->blocks[i].spans);
    free(iv->matches);
    iv->matches = NULL;
    iv->n_matches = 0;
    iv->current = -1;
}

/* Find every match of the current pattern in every block. */
static void collect_matches(inspection_view *iv, ot_tui *t)
{
    clear_matches(iv);
    if (!ot_find_active(iv->find))
        return;
    size_t total = 0;
    for (size_t i = 0; i < iv->n_blocks; i++) {
        block *b = &iv->blocks[i];
        if (b->kind == B_BLANK || (b->kind == B_TEXT && b->attr == ot_role_attr(OT_ROLE_DIM) && b->prefix[0] == '\0'))
            continue;
        if (ot_find_spans(iv->find, b->text, b->len, &b->spans) < 0) {
            ot_tui_message(t, true, "The pattern is too complex to search this report");
            break;
        }
        /* empty matches cannot be shown or visited */
        size_t k = 0;
        for (size_t s = 0; s < b->spans.len; s++)
            if (b->spans.v[s].end > b->spans.v[s].start)
                b->spans.v[k++] = b->spans.v[s];
        b->spans.len = k;
        total += k;
    }
    iv->matches = total ? malloc(total * sizeof *iv->matches) : NULL;
    if (!iv->matches)
        return;
    for (size_t i = 0; i < iv->n_blocks; i++)
        for (size_t s = 0; s < iv->blocks[i].spans.len; s++)
            iv->matches[iv->n_matches++] = (match){i, s};
}

static void show_match(inspection_view *iv, ot_tui *t, long m, int height, bool wrapped)
{
    iv->current = m;
    size_t l = match_line(iv, &iv->matches[m]);
    if (l < iv->top || l >= iv->top + (size_t)height)
        iv->top = l > (size_t)height / 3 ? l - (size_t)height / 3 : 0;
    clamp_top(iv, height);
    ot_tui_message(t, false, "Match %ld of %zu%s", m + 1, iv->n_matches, wrapped ? " (search wrapped round)" : "");
}

/* The first match at or after line `from` (dir +1), or the last before it
 * (dir -1), wrapping round. */
static void goto_match_from(inspection_view *iv, ot_tui *t, size_t from, int dir, int height)
{
    if (!ot_find_active(iv->find)) {
        ot_tui_message(t, false, "No pattern yet: press / to find in the report");
        return;
    }
    if (iv->n_matches == 0) {
        ot_tui_message(t, true, "Pattern not found: /%s", ot_find_pattern(iv->find));
        return;
    }
    long m;
    bool wrapped = false;
    if (dir > 0) {
        for (m = 0; m < (long)iv->n_matches && match_line(iv, &iv->matches[m]) < from; m++)
            ;
        if (m == (long)iv->n_matches)
            m = 0, wrapped = true;
    } else {
        for (m = (long)iv->n_matches - 1; m >= 0 && match_line(iv, &iv->matches[m]) >= from; m--)
            ;
        if (m < 0)
            m = (long)iv->n_matches - 1, wrapped = true;
    }
    show_match(iv, t, m, height, wrapped);
}

static ot_result find(ot_view *v, ot_tui *t, ot_find_step step, const char *pattern, size_t len, ot_area a)
{
    inspection_view *iv = v->state;
    ot_error err = OT_ERROR_INIT;
    if (iv->wrapped_width != a.width)
        rewrap(iv, a.width);
    switch (step) {
    case OT_FIND_START:
        iv->find_top = iv->top;
        free(iv->find_before);
        iv->find_before = strdup(ot_find_pattern(iv->find));
        break;
    case OT_FIND_TYPE:
    case OT_FIND_ACCEPT:
        iv->top = iv->find_top;
        if (ot_find_set(iv->find, pattern, len, &err) < 0) {
            ot_tui_message(t, true, "%s", ot_error_msg(&err));
            clear_matches(iv);
        } else {
            collect_matches(iv, t);
            if (len)
                goto_match_from(iv, t, iv->find_top, 1, a.height);
        }
        break;
    case OT_FIND_CANCEL:
        iv->top = iv->find_top;
        if (iv->find_before)
            ot_find_set(iv->find, iv->find_before, strlen(iv->find_before), &err);
        collect_matches(iv, t);
        break;
    }
    ot_error_clear(&err);
    return OT_RESULT_HANDLED;
}

static ot_result request(ot_view *v, ot_tui *t, ot_request req, ot_area a)
{
    inspection_view *iv = v->state;
    if (iv->wrapped_width != a.width)
        rewrap(iv, a.width);
    size_t page = a.height > 1 ? (size_t)a.height - 1 : 1;
    switch (req) {
    case OT_REQ_MOVE_UP: iv->top = iv->top ? iv->top - 1 : 0; break;
    case OT_REQ_MOVE_DOWN: iv->top++; break;
    case OT_REQ_PAGE_UP: iv->top = iv->top > page ? iv->top - page : 0; break;
    case OT_REQ_PAGE_DOWN: iv->top += page; break;
    case OT_REQ_FIRST: iv->top = 0; break;
    case OT_REQ_LAST: iv->top = max_top(iv, a.height); break;
    case OT_REQ_ENTER: break;
    case OT_REQ_NEXT_SECTION:
    case OT_REQ_PREV_SECTION: {
        long l = (long)iv->top;
        int dir = req == OT_REQ_NEXT_SECTION ? 1 : -1;
        /* at a blank line above a heading, that heading is the current one */
        if (dir > 0 && l + 1 < (long)iv->n_lines && iv->blocks[iv->lines[l].block].kind == B_BLANK)
            l++;
        for (l += dir; l >= 0 && l < (long)iv->n_lines; l += dir)
            if (iv->blocks[iv->lines[l].block].kind == B_HEADING)
                break;
        if (l < 0)
            l = 0;
        if (l >= (long)iv->n_lines) {
            ot_tui_message(t, false, "This is the last section");
            break;
        }
        /* show the blank line above a heading too */
        iv->top = l > 0 && iv->blocks[iv->lines[l - 1].block].kind == B_BLANK ? (size_t)l - 1 : (size_t)l;
        if (iv->top > max_top(iv, a.height))
            ot_tui_message(t, false, "This is the last section");
        break;
    }
    case OT_REQ_FIND_NEXT:
    case OT_REQ_FIND_PREV: {
        int dir = req == OT_REQ_FIND_NEXT ? 1 : -1;
        if (iv->current >= 0 && iv->n_matches) {
            long m = iv->current + dir;
            bool wrapped = m < 0 || m >= (long)iv->n_matches;
            if (wrapped && iv->beyond && iv->beyond(iv->beyond_ctx, dir))
                return OT_RESULT_BACK;
            m = m < 0 ? (long)iv->n_matches - 1 : m >= (long)iv->n_matches ? 0 : m;
            show_match(iv, t, m, a.height, wrapped);
        } else {
            goto_match_from(iv, t, dir > 0 ? iv->top : iv->top + (size_t)a.height, dir, a.height);
        }
        break;
    }
    default:
        return OT_RESULT_UNHANDLED;
    }
    clamp_top(iv, a.height);
    return OT_RESULT_HANDLED;
}

/* The report as a table, in the order shown: judgements, actions, then
 * the findings with their section, paragraph number and page. */
static long export_csv(ot_view *v, FILE *out, ot_error *err)
{
    inspection_view *iv = v->state;
    const ot_inspection_doc *r = &iv->report;
    static const char *const cols[] = {"authority", "framework", "start_date", "part", "section", "number",
                                       "page", "grade", "text"};
    ot_table_out *w = ot_export_table(out, cols, NULL, 9, err);
    if (!w)
        return -1;
    long rows = 0;
    char num[16], page[16];
    for (size_t i = 0; i < r->n_judgements; i++, rows++) {
        const ot_grade_cell *c = &r->judgements[i];
        const char *values[] = {r->authority, r->framework, r->start_date, "judgement", c->area, NULL, NULL,
                                c->grade_label ? c->grade_label : c->grade ? ot_grade_word(c->grade) : NULL,
                                c->area_label};
        ot_table_out_row(w, values);
    }
    for (size_t i = 0; i < r->n_actions; i++, rows++) {
        snprintf(num, sizeof num, "%d", r->actions[i].ordinal);
        const char *values[] = {r->authority, r->framework, r->start_date, "action", NULL, num, NULL, NULL,
                                r->actions[i].text};
        ot_table_out_row(w, values);
    }
    for (size_t i = 0; i < r->n_findings; i++, rows++) {
        const ot_doc_finding *f = &r->findings[i];
        snprintf(num, sizeof num, "%d", f->paragraph);
        snprintf(page, sizeof page, "%d", f->page);
        const char *values[] = {r->authority, r->framework, r->start_date, "finding",
                                f->section_label ? f->section_label : f->section, f->paragraph ? num : NULL,
                                f->page ? page : NULL, NULL, f->text};
        ot_table_out_row(w, values);
    }
    return ot_export_finish(w, rows, err);
}

static void done(ot_view *v)
{
    inspection_view *iv = v->state;
    clear_matches(iv);
    for (size_t i = 0; i < iv->n_strings; i++)
        free(iv->strings[i]);
    free(iv->strings);
    free(iv->blocks);
    free(iv->lines);
    ot_inspection_doc_free(&iv->report);
    ot_find_free(iv->find);
    free(iv->find_before);
    free(iv);
}

static const ot_view_ops inspection_ops = {
    .id = OT_VIEW_INSPECTION,
    .crumb = crumb,
    .crumb_detail = crumb_detail,
    .draw = draw,
    .request = request,
    .find = find,
    .status = status,
    .export_csv = export_csv,
    .done = done,
};

void ot_view_inspection_open(ot_tui *t, long long inspection_id, long long finding_id,
                             const char *highlight_pattern)
{
    ot_view_inspection_open_hit(t, inspection_id, finding_id, highlight_pattern, NULL, NULL);
}

void ot_view_inspection_open_hit(ot_tui *t, long long inspection_id, long long finding_id,
                                 const char *highlight_pattern, ot_beyond_fn beyond, void *ctx)
{
    inspection_view *iv = calloc(1, sizeof *iv);
    if (!iv || !(iv->find = ot_find_new())) {
        free(iv);
        ot_tui_message(t, true, "out of memory");
        return;
    }
    iv->current = -1;
    iv->want_block = SIZE_MAX;
    ot_error err = OT_ERROR_INIT;
    if (ot_query_inspection_doc(ot_tui_db(t), inspection_id, &iv->report, &err) < 0) {
        ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        ot_find_free(iv->find);
        free(iv);
        return;
    }
    build(iv);
    /* Under the authority's history the crumb before says whose it is. */
    iv->name_in_crumb = ot_tui_top_view(t) != OT_VIEW_HISTORY;
    size_t target = SIZE_MAX;
    for (size_t i = 0; finding_id && i < iv->n_blocks; i++)
        if (iv->blocks[i].finding_id == finding_id)
            target = i;
    if (highlight_pattern && *highlight_pattern) {
        if (ot_find_set(iv->find, highlight_pattern, strlen(highlight_pattern), &err) < 0)
            ot_tui_message(t, true, "%s", ot_error_msg(&err));
        ot_error_clear(&err);
        collect_matches(iv, t);
        /* the current match: the first in (or after) the finding asked for */
        size_t from = target == SIZE_MAX ? 0 : target;
        for (size_t m = 0; m < iv->n_matches; m++)
            if (iv->matches[m].block >= from) {
                iv->current = (long)m;
                break;
            }
        if (target == SIZE_MAX && iv->current >= 0)
            target = iv->matches[iv->current].block;
    }
    if (target != SIZE_MAX) {
        /* the paragraph at the top, one line of context above it */
        iv->want_block = target;
        iv->want_context = true;
        iv->reveal_current = true;
    }
    iv->beyond = beyond;
    iv->beyond_ctx = ctx;
    ot_tui_push(t, &inspection_ops, iv);
}
