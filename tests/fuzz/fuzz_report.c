/* libFuzzer target: the report parser (ot_report_parse in
 * ofsted-tui/report.h) fed `pdftotext -layout` text directly, as the
 * importer feeds it after extraction.
 *
 * When a NUL byte comes in the first 200 bytes, what precedes it is the
 * file name (which hints the publication date and the authority's URN) and
 * the rest is the text.  A parsed report is walked whole, checking
 * report.h's and record.h's promises: one or two inspections, each with an
 * authority name, a framework and an ISO start date, grades 0..4, and
 * pages within the document. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "ofsted-tui/report.h"

static void check_iso(const char *what, const char *d, int required)
{
    if (!d) {
        FUZZ_CHECK(!required, "%s missing", what);
        return;
    }
    FUZZ_CHECK(strlen(d) == 10 && d[4] == '-' && d[7] == '-', "%s \"%s\" is not YYYY-MM-DD", what, d);
}

static void walk(const ot_report *r)
{
    size_t n = ot_report_count(r);
    FUZZ_CHECK(n == 1 || n == 2, "%zu inspections", n);
    FUZZ_CHECK(ot_report_inspection(r, n) == NULL, "inspection past the end");
    int pages = ot_report_pages(r);
    (void)strlen(ot_report_kind(r));
    (void)strlen(ot_report_warnings(r));
    for (size_t k = 0; k < n; k++) {
        const ot_inspection_rec *in = ot_report_inspection(r, k);
        FUZZ_CHECK(in != NULL, "inspection %zu is NULL", k);
        FUZZ_CHECK(in->authority.name && in->authority.name[0], "inspection %zu: no authority", k);
        FUZZ_CHECK(in->framework && in->framework[0], "inspection %zu: no framework", k);
        check_iso("start date", in->start_date, 1);
        check_iso("end date", in->end_date, 0);
        check_iso("publication date", in->published, 0);
        if (in->lead_inspector)
            (void)strlen(in->lead_inspector);
        for (size_t i = 0; i < in->n_judgements; i++) {
            const ot_judgement_rec *j = &in->judgements[i];
            FUZZ_CHECK(j->area && j->grade >= 0 && j->grade <= 4, "judgement %zu: grade %d", i,
                       j->grade);
            if (j->area_label)
                (void)strlen(j->area_label);
            if (j->grade_label)
                (void)strlen(j->grade_label);
        }
        for (size_t i = 0; i < in->n_actions; i++)
            FUZZ_CHECK(in->actions[i].text, "action %zu has no text", i);
        for (size_t i = 0; i < in->n_findings; i++) {
            const ot_finding_rec *f = &in->findings[i];
            FUZZ_CHECK(f->section && f->text, "finding %zu: no section or text", i);
            FUZZ_CHECK(f->page >= 0 && f->page <= pages, "finding %zu on page %d of %d", i,
                       f->page, pages);
            (void)strlen(f->text);
            if (f->section_label)
                (void)strlen(f->section_label);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *name = NULL;
    const uint8_t *nul = memchr(data, '\0', size < 200 ? size : 200);
    if (nul) {
        name = strndup((const char *)data, (size_t)(nul - data));
        if (!name)
            return 0;
        size -= (size_t)(nul - data) + 1;
        data = nul + 1;
    }
    /* An exact-size copy, so that a read past the end is caught. */
    char *text = malloc(size ? size : 1);
    if (!text) {
        free(name);
        return 0;
    }
    memcpy(text, data, size);
    ot_error err = OT_ERROR_INIT;
    ot_report *r = ot_report_parse(text, size, name, &err);
    if (r)
        walk(r);
    else
        FUZZ_CHECK(ot_error_msg(&err)[0] != '\0', "failure without a message");
    ot_report_free(r);
    ot_error_clear(&err);
    free(text);
    free(name);
    return 0;
}
