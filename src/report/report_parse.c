/* Parsing one report from its pdftotext -layout text: the steps in order
 * (kind, authority, dates, lead inspector, judgements, paragraphs,
 * improvement actions), each in its own file.  See report-formats in the
 * documentation for the layouts. */
#include "config.h"

#include "report_impl.h"

#include <stdlib.h>
#include <string.h>

/* Framework key of a kind; ILACS short or standard comes from the length
 * of the inspection, which the report does not print: Ofsted's short
 * inspections last one week (Mon-Fri), standard ones two; a split
 * inspection is judged by its first block. */
static const char *framework_of(rp_kind kind, const ot_date_range *dr)
{
    switch (kind) {
    case RP_LAC2013:
        return "lac2013";
    case RP_SIF:
        return "sif";
    case RP_SIF_REINSP:
        return "sif_reinspection";
    case RP_LSCB:
        return "lscb_review";
    case RP_ILACS:
        break;
    }
    return ot_date_diff(dr->start, dr->first_end) <= 7 ? "ilacs_short" : "ilacs_standard";
}

/* Page-1 facts: kind, authority, dates, framework.  Returns 0, or -1 with
 * err set. */
static int parse_front(const rp_doc *d, const char *text, size_t len, const char *file_name,
                       ot_report *r, rp_kind *kind, bool *with_lscb, ot_buf *nb, ot_error *err)
{
    if (rp_classify(d, text, len, kind, with_lscb, err))
        return -1;
    r->kind = rp_kind_name(*kind, *with_lscb);
    r->urn = rp_urn_hint(file_name);
    r->la_name = rp_la_name(d, *kind, r);
    if (!r->la_name) {
        ot_error_set(err, "not an Ofsted local-authority report: no authority name on page 1");
        return -1;
    }
    r->insp = calloc(2, sizeof *r->insp);
    if (!r->insp) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    r->n_insp = 1;
    rp_insp *in = &r->insp[0];
    ot_date_range dr;
    if (rp_inspection_dates(d, &dr, nb)) {
        ot_error_set(err, "page 1: no readable \"Inspection date\" line");
        return -1;
    }
    ot_date_iso(dr.start, in->start);
    ot_date_iso(dr.end, in->end);
    ot_date pub;
    if (rp_published_date(d, &pub, nb) == 0 ||
        (file_name && ot_date_from_file_name(file_name, &pub) == 0))
        ot_date_iso(pub, in->published);
    in->framework = framework_of(*kind, &dr);
    return 0;
}

/* The body: lead inspector, judgements, paragraphs, actions, findings.
 * Returns 0 or -1 on no memory. */
static int parse_body(const rp_doc *d, rp_kind kind, bool with_lscb, ot_report *r, ot_buf *nb)
{
    rp_insp *in = &r->insp[0];
    rp_paras ps;
    memset(&ps, 0, sizeof ps);
    int rc = -1;
    in->lead = rp_lead_inspector(d, kind, r, nb);
    if (rp_judgements(d, kind, with_lscb, r, in, nb))
        goto out;
    if (rp_find_paragraphs(d, kind, 0, &ps))
        goto out;
    if (rp_actions(d, kind, &ps, r, in, nb))
        goto out;
    for (size_t k = 0; k < ps.n; k++) {
        const rp_para *p = &ps.p[k];
        if (rp_add_finding(r, in, p->section, p->section_label, p->number, p->page, p->text))
            goto out;
    }
    rp_fill_rec(r, in);
    rc = 0;
out:
    rp_paras_free(&ps);
    return rc;
}

ot_report *ot_report_parse(const char *text, size_t len, const char *file_name, ot_error *err)
{
    rp_doc d;
    ot_buf nb = OT_BUF_INIT;
    ot_report *r = calloc(1, sizeof *r);
    if (!r || rp_doc_init(&d, text, len)) {
        free(r);
        ot_error_set(err, "out of memory");
        return NULL;
    }
    r->pages = d.n_pages;
    rp_kind kind;
    bool with_lscb;
    int rc = parse_front(&d, text, len, file_name, r, &kind, &with_lscb, &nb, err);
    if (rc == 0 && parse_body(&d, kind, with_lscb, r, &nb)) {
        ot_error_set(err, "out of memory");
        rc = -1;
    }
    rp_doc_free(&d);
    ot_buf_free(&nb);
    if (rc) {
        ot_report_free(r);
        return NULL;
    }
    return r;
}
