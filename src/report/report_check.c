/* Plausibility checks of parsed reports: see ofsted-tui/report_check.h.
 *
 * The known sets below are what Ofsted has printed across the frameworks
 * the parser reads (SIF, LSCB review, 2013 looked-after children, ILACS);
 * a new layout that prints new words is added here on purpose, not
 * stored by accident. */
#include "config.h"

#include "ofsted-tui/report_check.h"

#include <stdbool.h>
#include <string.h>

#include "ofsted-tui/buf.h"
#include "ofsted-tui/utf8.h"

/* Judgement areas and the labels printed for them, normalised (see
 * norm()). */
static const struct {
    const char *area;
    const char *labels[4];
} known_areas[] = {
    {"overall", {"overall effectiveness"}},
    {"leaders", {"the impact of leaders on social work practice with children and families",
                 "leadership, management and governance", "leadership and management"}},
    {"help_protection", {"the experiences and progress of children who need help and protection",
                         "children who need help and protection"}},
    {"in_care", {"the experiences and progress of children in care",
                 "the experiences and progress of children in care and care leavers",
                 "children looked after and achieving permanence"}},
    {"care_leavers", {"the experiences and progress of care leavers", "experiences and progress of care leavers",
                      "the experiences and progress of children care leavers"}},
    {"adoption", {"adoption performance"}},
    {"lscb", {"local safeguarding children board", "the local safeguarding children board"}},
    {"capacity", {"capacity to improve"}},
    {"outcomes", {"outcomes for looked after children and young people"}},
    {"provision", {"quality of provision"}},
};

/* Grade words by grade (0: printed but not graded). */
static const char *const grade_words[5][6] = {
    {"not judged", "not graded"},
    {"outstanding"},
    {"good"},
    {"requires improvement to be good", "requires improvement", "require improvement to be good",
     "require improvement", "adequate"},
    {"inadequate"},
};

/* Lower-case words that may stand inside a name ("Blackburn with Darwen",
 * "Kingston upon Thames", "Council of the Isles of Scilly"). */
static const char *const name_small_words[] = {"of", "and", "the", "upon", "on", "with", "in", "under", "by"};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ASCII lower case, curly apostrophes as ', blank runs as one space,
 * trimmed. */
static const char *norm(ot_buf *b, const char *s)
{
    ot_buf_reset(b);
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = b->len > 0;
            continue;
        }
        if (space)
            ot_buf_putc(b, ' ');
        space = false;
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {
            ot_buf_putc(b, '\'');
            p += 2;
        } else
            ot_buf_putc(b, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
    }
    return ot_buf_str(b);
}

/* Up to 60 bytes of s for a message, cut at a character boundary. */
static void quote(ot_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    ot_buf_reset(b);
    ot_buf_putc(b, '"');
    ot_buf_append(b, s, n);
    ot_buf_puts(b, n < strlen(s) ? "...\"" : "\"");
}

/* The page (1-based) where the text first holds needle's first line, or
 * fallback.  Only on the error path: a plain scan is fine. */
static int page_of(const char *text, size_t len, const char *needle, int fallback)
{
    if (!text || !needle || !*needle)
        return fallback;
    size_t n = strcspn(needle, "\n");
    if (n > 40)
        n = 40;
    int page = 1;
    for (size_t i = 0; i + n <= len; i++) {
        if (text[i] == '\f')
            page++;
        else if (memcmp(text + i, needle, n) == 0)
            return page;
    }
    return fallback;
}

bool ot_report_name_plausible(const char *name)
{
    if (!name)
        return false;
    size_t len = strlen(name);
    if (len < 3 || len > 80 || !ot_utf8_valid(name, len, NULL))
        return false;
    if (!(name[0] >= 'A' && name[0] <= 'Z'))
        return false;
    int words = 0;
    const char *p = name;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t wl = (size_t)(p - w);
        if (++words > 10)
            return false;
        for (size_t i = 0; i < wl; i++) {
            unsigned char c = (unsigned char)w[i];
            bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80 || strchr("-'.,&()", c);
            if (!ok)
                return false; /* digits, colons, quotes, controls: not a name */
        }
        if (w[0] >= 'a' && w[0] <= 'z') {
            bool small = false;
            for (size_t k = 0; k < ARRAY_LEN(name_small_words); k++)
                small = small || (strlen(name_small_words[k]) == wl && memcmp(name_small_words[k], w, wl) == 0);
            if (!small)
                return false; /* prose: "the local authority has ..." */
        }
    }
    char last = name[len - 1];
    return last != ',' && last != '-' && last != '&';
}

static int check_judgement(const ot_judgement_rec *j, const char *text, size_t len, ot_buf *nb, ot_buf *q,
                           ot_error *err)
{
    if (j->grade < 0 || j->grade > 4) {
        ot_error_set(err, "page %d: judgement %s has grade %d, not one of 1 to 4",
                     page_of(text, len, j->area_label, 1), j->area ? j->area : "?", j->grade);
        return -1;
    }
    size_t a = 0;
    while (a < ARRAY_LEN(known_areas) && !(j->area && strcmp(known_areas[a].area, j->area) == 0))
        a++;
    if (a == ARRAY_LEN(known_areas)) {
        ot_error_set(err, "page %d: judgement of an unknown area (%s)", page_of(text, len, j->area_label, 1),
                     j->area ? j->area : "none");
        return -1;
    }
    if (j->area_label) {
        const char *n = norm(nb, j->area_label);
        bool known = false;
        for (size_t k = 0; k < ARRAY_LEN(known_areas[a].labels) && known_areas[a].labels[k]; k++)
            known = known || strcmp(known_areas[a].labels[k], n) == 0;
        if (!known) {
            quote(q, j->area_label);
            ot_error_set(err, "page %d: judgement label %s is not one Ofsted prints for %s",
                         page_of(text, len, j->area_label, 1), ot_buf_str(q), j->area);
            return -1;
        }
    }
    if (j->grade_label) {
        const char *n = norm(nb, j->grade_label);
        bool known = false;
        for (size_t k = 0; k < ARRAY_LEN(grade_words[j->grade]) && grade_words[j->grade][k]; k++)
            known = known || strcmp(grade_words[j->grade][k], n) == 0;
        if (!known) {
            quote(q, j->grade_label);
            ot_error_set(err, "page %d: grade %s of %s is not a grade word for grade %d",
                         page_of(text, len, j->grade_label, 1), ot_buf_str(q), j->area, j->grade);
            return -1;
        }
    }
    return 0;
}

/* Paragraph numbers as printed run 1, 2, 3...; a damaged text read as
 * paragraphs gives numbers out of order or far apart.  Unnumbered prose
 * (paragraph 0: summaries) sits between numbered paragraphs and is left
 * out of the sequence. */
static int check_paragraphs(const ot_inspection_rec *in, ot_error *err)
{
    enum { MAX_JUMP = 25 };
    size_t backwards = 0, numbered = 0;
    int prev = 0;
    for (size_t i = 0; i < in->n_findings; i++)
        numbered += in->findings[i].paragraph > 0;
    for (size_t i = 0; i < in->n_findings; i++) {
        const ot_finding_rec *f = &in->findings[i];
        if (f->paragraph < 0) {
            ot_error_set(err, "page %d: paragraph number %d", f->page, f->paragraph);
            return -1;
        }
        if (f->paragraph == 0)
            continue;
        if (prev && f->paragraph - prev > MAX_JUMP) {
            ot_error_set(err, "page %d: paragraph %d follows paragraph %d: numbering jumps by %d",
                         f->page, f->paragraph, prev, f->paragraph - prev);
            return -1;
        }
        if (prev && f->paragraph <= prev && ++backwards > 2 + numbered / 10) {
            ot_error_set(err, "page %d: paragraph %d follows paragraph %d: numbering goes back %zu times"
                              " in %zu paragraphs", f->page, f->paragraph, prev, backwards, numbered);
            return -1;
        }
        prev = f->paragraph;
    }
    return 0;
}

int ot_report_check_inspection(const ot_inspection_rec *in, const char *text, size_t len, ot_error *err)
{
    ot_buf nb = OT_BUF_INIT, q = OT_BUF_INIT;
    int rc = 0;
    if (!ot_report_name_plausible(in->authority.name)) {
        quote(&q, in->authority.name ? in->authority.name : "");
        ot_error_set(err, "page %d: the authority's name reads %s, which is not a name (damaged file?)",
                     page_of(text, len, in->authority.name, 1), ot_buf_str(&q));
        rc = -1;
    }
    for (size_t j = 0; j < in->n_judgements && rc == 0; j++)
        rc = check_judgement(&in->judgements[j], text, len, &nb, &q, err);
    if (rc == 0)
        rc = check_paragraphs(in, err);
    ot_buf_free(&nb);
    ot_buf_free(&q);
    return rc;
}

int ot_report_check(const ot_report *r, const char *text, size_t len, ot_error *err)
{
    for (size_t i = 0; i < ot_report_count(r); i++)
        if (ot_report_check_inspection(ot_report_inspection(r, i), text, len, err) < 0)
            return -1;
    return 0;
}
