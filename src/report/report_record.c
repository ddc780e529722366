/* The report being built (strings it owns, warnings, the records it
 * collects) and the public accessors of a parsed report. */
#include "config.h"

#include "report_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <stdarg.h>

/* ---- ownership helpers ------------------------------------------------ */

char *rp_own(ot_report *r, char *s)
{
    if (!s)
        return NULL;
    if (r->n_strs == r->cap_strs) {
        size_t nc = r->cap_strs ? r->cap_strs * 2 : 64;
        char **t = realloc(r->strs, nc * sizeof *t);
        if (!t) {
            free(s);
            return NULL;
        }
        r->strs = t;
        r->cap_strs = nc;
    }
    r->strs[r->n_strs++] = s;
    return s;
}

char *rp_strdup(ot_report *r, const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (!c)
        return NULL;
    memcpy(c, s, len);
    c[len] = '\0';
    return rp_own(r, c);
}

void rp_warn(ot_report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ot_buf_vprintf(&r->warnings, fmt, ap);
    va_end(ap);
    ot_buf_putc(&r->warnings, '\n');
}

#define GROW(arr, n, cap)                                                  \
    do {                                                                   \
        if ((n) == (cap)) {                                                \
            size_t nc_ = (cap) ? (cap) * 2 : 16;                           \
            void *t_ = realloc((arr), nc_ * sizeof *(arr));                \
            if (!t_)                                                       \
                return -1;                                                 \
            (arr) = t_;                                                    \
            (cap) = nc_;                                                   \
        }                                                                  \
    } while (0)

int rp_add_judgement(ot_report *r, rp_insp *in, const char *area, const char *area_label,
                     int grade, const char *grade_label)
{
    GROW(in->judg, in->n_judg, in->cap_judg);
    ot_judgement_rec *j = &in->judg[in->n_judg];
    j->area = area;
    j->area_label = area_label ? rp_strdup(r, area_label, strlen(area_label)) : NULL;
    j->grade = grade;
    j->grade_label = grade_label ? rp_strdup(r, grade_label, strlen(grade_label)) : NULL;
    if ((area_label && !j->area_label) || (grade_label && !j->grade_label))
        return -1;
    /* A later sentence never overrides what the table said. */
    for (size_t k = 0; k < in->n_judg; k++)
        if (strcmp(in->judg[k].area, area) == 0)
            return 0;
    in->n_judg++;
    return 0;
}

int rp_add_action(ot_report *r, rp_insp *in, const char *text)
{
    GROW(in->act, in->n_act, in->cap_act);
    ot_action_rec *a = &in->act[in->n_act];
    a->ordinal = (int)in->n_act + 1;
    a->text = rp_strdup(r, text, strlen(text));
    if (!a->text)
        return -1;
    in->n_act++;
    return 0;
}

int rp_add_finding(ot_report *r, rp_insp *in, const char *section, const char *section_label,
                   int paragraph, int page, const char *text)
{
    GROW(in->find, in->n_find, in->cap_find);
    ot_finding_rec *f = &in->find[in->n_find];
    f->section = section;
    f->section_label = section_label ? rp_strdup(r, section_label, strlen(section_label)) : NULL;
    f->paragraph = paragraph;
    f->page = page;
    f->text = rp_strdup(r, text, strlen(text));
    if (!f->text || (section_label && !f->section_label))
        return -1;
    in->n_find++;
    return 0;
}

void rp_fill_rec(ot_report *r, rp_insp *in)
{
    ot_inspection_rec *rec = &in->rec;
    memset(rec, 0, sizeof *rec);
    rec->authority.name = r->la_name;
    rec->authority.urn = r->urn;
    rec->framework = in->framework;
    rec->start_date = in->start[0] ? in->start : NULL;
    rec->end_date = in->end[0] ? in->end : NULL;
    rec->published = in->published[0] ? in->published : NULL;
    rec->lead_inspector = in->lead;
    rec->judgements = in->judg;
    rec->n_judgements = in->n_judg;
    rec->has_report = true;
    rec->actions = in->act;
    rec->n_actions = in->n_act;
    rec->findings = in->find;
    rec->n_findings = in->n_find;
    rec->where = "page 1";
}

int ot_report_emit(const ot_report *r, ot_sink *sink, ot_error *err)
{
    for (size_t i = 0; i < r->n_insp; i++) {
        const ot_inspection_rec *rec = &r->insp[i].rec;
        if (sink->ops->authority(sink, &rec->authority, err)) {
            ot_error_prefix(err, "%s", rec->where); /* the name is read from page 1 */
            return -1;
        }
        if (sink->ops->inspection(sink, rec, err))
            return -1;
    }
    return 0;
}

size_t ot_report_count(const ot_report *r)
{
    return r->n_insp;
}

const ot_inspection_rec *ot_report_inspection(const ot_report *r, size_t i)
{
    return i < r->n_insp ? &r->insp[i].rec : NULL;
}

const char *ot_report_kind(const ot_report *r)
{
    return r->kind;
}

int ot_report_pages(const ot_report *r)
{
    return r->pages;
}

const char *ot_report_warnings(const ot_report *r)
{
    return ot_buf_str(&r->warnings);
}

void ot_report_free(ot_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_strs; i++)
        free(r->strs[i]);
    free(r->strs);
    for (size_t i = 0; i < r->n_insp; i++) {
        free(r->insp[i].judg);
        free(r->insp[i].act);
        free(r->insp[i].find);
    }
    free(r->insp);
    ot_buf_free(&r->warnings);
    free(r);
}
