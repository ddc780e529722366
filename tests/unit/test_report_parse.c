/* Parsing pdftotext -layout text of reports (include/ofsted-tui/report.h),
 * on small texts built like the real layouts. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ofsted-tui/report.h"

/* ILACS 2024: title wrapped over two lines, grade above the "Overall
 * effectiveness" label, two-line footer, a page break inside a paragraph
 * with the form feed glued to the next line, a compound hyphen at a line
 * end, a footnote, and the 2022 Nottingham paragraph without a dot. */
static const char ilacs[] =
    "Inspection of Stoke-on-Trent local\n"
    "authority children\xE2\x80\x99s services\n"
    "Inspection dates: 4 to 15 March 2024\n"
    "\n"
    "Lead inspector: Lisa Walsh, His Majesty\xE2\x80\x99s Inspector\n"
    "\n"
    " Judgement                                  Grade\n"
    "\n"
    " The impact of leaders on social work       Good\n"
    " practice with children and families\n"
    "\n"
    " The experiences and progress of            Requires improvement to be good\n"
    " children who need help and protection\n"
    "\n"
    " The experiences and progress of            Outstanding\n"
    " children in care\n"
    "\n"
    " The experiences and progress of care       Inadequate\n"
    " leavers\n"
    "                                            Requires improvement to be good\n"
    " Overall effectiveness\n"
    "\n"
    "Summary text that is long enough to be prose and not part of the table at all.\n"
    "\n"
    "What needs to improve?1\n"
    "\n"
    "\xE2\x97\xBC The stability and capacity of the workforce, to support manageable\n"
    "  workloads.\n"
    "\xE2\x97\xBC Transition planning for care leavers.\n"
    "\n"
    "\n"
    "1\n"
    "  The areas for improvement have been cross-referenced with the framework.\n"
    "Inspection of Stoke-on-Trent local authority children\xE2\x80\x99s services\n"
    "4 to 15 March 2024                                                      1\n"
    "\fThe experiences and progress of children who need help and\n"
    "protection: requires improvement to be good\n"
    "1.     Not all children who need help receive a good service. Some multi-\n"
    "       agency work is weak.\n"
    "\n"
    "2.     Children have access to early help. This paragraph runs on to the\n"
    "Inspection of Stoke-on-Trent local authority children\xE2\x80\x99s services\n"
    "4 to 15 March 2024                                                      2\n"
    "\f       next page after the footer.\n"
    "\n"
    "The impact of leaders on social work practice with children and\n"
    "families: good\n"
    "3      Leaders know their services well.\n"
    "Inspection of Stoke-on-Trent local authority children\xE2\x80\x99s services\n"
    "4 to 15 March 2024                                                      3\n"
    "\f\xC2\xA9 Crown copyright 2024\n"
    "Inspection of Stoke-on-Trent local authority children\xE2\x80\x99s services\n"
    "4 to 15 March 2024                                                      4\n"
    "\f";

/* The judgement of an area; a missing one reads as grade -9, no labels. */
static ot_judgement_rec judgement(const ot_inspection_rec *in, const char *area)
{
    for (size_t i = 0; i < in->n_judgements; i++)
        if (strcmp(in->judgements[i].area, area) == 0)
            return in->judgements[i];
    ot_judgement_rec none = {area, "", -9, ""};
    return none;
}

static void test_ilacs(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_report *r = ot_report_parse(ilacs, sizeof ilacs - 1,
                                   "r/80564_stoke-on-trent/children's services inspection - 16 may 2024.pdf",
                                   &err);
    if (!r)
        fail_msg("%s", ot_error_msg(&err));
    assert_int_equal(ot_report_count(r), 1);
    assert_int_equal(ot_report_pages(r), 4);
    const ot_inspection_rec *in = ot_report_inspection(r, 0);
    assert_null(ot_report_inspection(r, 1));
    assert_string_equal(in->authority.name, "Stoke-on-Trent");
    assert_int_equal(in->authority.urn, 80564);
    assert_string_equal(in->framework, "ilacs_standard");
    assert_string_equal(in->start_date, "2024-03-04");
    assert_string_equal(in->end_date, "2024-03-15");
    assert_string_equal(in->published, "2024-05-16"); /* from the file name */
    assert_string_equal(in->lead_inspector, "Lisa Walsh");
    assert_true(in->has_report);
    assert_int_equal(in->n_judgements, 5);
    assert_int_equal(judgement(in, "leaders").grade, 2);
    assert_int_equal(judgement(in, "help_protection").grade, 3);
    assert_string_equal(judgement(in, "help_protection").grade_label, "Requires improvement to be good");
    assert_int_equal(judgement(in, "in_care").grade, 1);
    assert_int_equal(judgement(in, "care_leavers").grade, 4);
    assert_int_equal(judgement(in, "overall").grade, 3);
    assert_string_equal(judgement(in, "care_leavers").area_label,
                        "The experiences and progress of care leavers");

    assert_int_equal(in->n_actions, 2);
    assert_string_equal(in->actions[0].text,
                        "The stability and capacity of the workforce, to support manageable workloads.");
    assert_int_equal(in->actions[1].ordinal, 2);

    /* The summary under the table has no number; the table, the title
     * and the copyright page are not findings. */
    assert_int_equal(in->n_findings, 4);
    assert_int_equal(in->findings[0].paragraph, 0);
    assert_int_equal(in->findings[0].page, 1);
    assert_string_equal(in->findings[0].section, "summary");
    assert_string_equal(in->findings[0].text,
                        "Summary text that is long enough to be prose and not part of the table at all.");
    assert_int_equal(in->findings[1].paragraph, 1);
    assert_int_equal(in->findings[1].page, 2);
    assert_string_equal(in->findings[1].section, "help_protection");
    assert_string_equal(in->findings[1].text,
                        "Not all children who need help receive a good service. Some "
                        "multi-agency work is weak.");
    assert_string_equal(in->findings[2].text,
                        "Children have access to early help. This paragraph runs on to the "
                        "next page after the footer.");
    assert_int_equal(in->findings[3].paragraph, 3);
    assert_string_equal(in->findings[3].section, "leaders");
    assert_string_equal(in->findings[3].text, "Leaders know their services well.");
    assert_string_equal(ot_report_warnings(r), "");
    ot_report_free(r);
}

/* SIF, early 2014: the overall judgement as a sentence, grades wrapped
 * "Requires" above and "improvement" below the row label, the LSCB grade
 * on the next line, numbered improvement actions with a placeholder. */
static const char sif[] =
    "London Borough of Testshire\n"
    "Inspection of services for children in need of help and\n"
    "protection, children looked after and care leavers\n"
    "and\n"
    "Review of the effectiveness of the local safeguarding children\n"
    "board1\n"
    "Inspection date: 14 January 2014 to 5 February 2014\n"
    "\n"
    "The overall judgement is requires improvement.\n"
    "\n"
    "                                                                           Requires\n"
    "1. Children who need help and protection\n"
    "                                                                           improvement\n"
    "\n"
    "2. Children looked after and achieving\n"
    "                                                                           Good\n"
    "   permanence\n"
    "\n"
    "            2.1 Adoption performance                                       Outstanding\n"
    "\n"
    "            2.2 Experiences and progress of care leavers                   Not judged\n"
    "\n"
    "3. Leadership, management and governance                                   Inadequate\n"
    "\n"
    "The effectiveness of the Local Safeguarding Children Board (LSCB)\n"
    "Requires improvement.\n"
    "                                                                          1\n"
    "\fWhat does the local authority need to improve?\n"
    "Priority and immediate action\n"
    "\n"
    "1.   The inspection did not find any areas for priority and immediate action.\n"
    "\n"
    "Areas for improvement\n"
    "\n"
    "2.   Ensure that plans are specific and\n"
    "     measurable.\n"
    "\n"
    "                                                                          2\n"
    "\f3.   Ensure that the out-of-hours service:\n"
    "     a) has access to records\n"
    "     b) is staffed by qualified workers.\n"
    "\n"
    "Information about this inspection\n"
    "Lead inspector: Pietro Battista HMI\n"
    "\n"
    "The experiences and progress of children who need help and protection\n"
    "require improvement.\n"
    "\n"
    "4.   Young children receive a timely response.\n"
    "                                                                          3\n"
    "\f";

static void test_sif(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_report *r = ot_report_parse(sif, sizeof sif - 1, "children's services inspection - 21 march 2014.pdf", &err);
    if (!r)
        fail_msg("%s", ot_error_msg(&err));
    const ot_inspection_rec *in = ot_report_inspection(r, 0);
    assert_string_equal(ot_report_kind(r), "sif_lscb");
    assert_string_equal(in->framework, "sif");
    assert_string_equal(in->authority.name, "London Borough of Testshire");
    assert_int_equal(in->authority.urn, 0);
    assert_string_equal(in->start_date, "2014-01-14");
    assert_string_equal(in->published, "2014-03-21");
    assert_string_equal(in->lead_inspector, "Pietro Battista");
    assert_int_equal(judgement(in, "overall").grade, 3);
    assert_int_equal(judgement(in, "help_protection").grade, 3);
    assert_string_equal(judgement(in, "help_protection").grade_label, "Requires improvement");
    assert_int_equal(judgement(in, "in_care").grade, 2);
    assert_string_equal(judgement(in, "in_care").area_label,
                        "Children looked after and achieving permanence");
    assert_int_equal(judgement(in, "adoption").grade, 1);
    assert_int_equal(judgement(in, "care_leavers").grade, 0);
    assert_string_equal(judgement(in, "care_leavers").grade_label, "Not judged");
    assert_int_equal(judgement(in, "leaders").grade, 4);
    assert_int_equal(judgement(in, "lscb").grade, 3);
    assert_int_equal(in->n_judgements, 7);
    /* The placeholder is a paragraph but not an action. */
    assert_int_equal(in->n_actions, 2);
    assert_string_equal(in->actions[0].text, "Ensure that plans are specific and measurable.");
    /* Lettered sub-points belong to their item. */
    assert_string_equal(in->actions[1].text, "Ensure that the out-of-hours service: a) has access "
                                             "to records b) is staffed by qualified workers.");
    /* The overall judgement and LSCB sentences of page 1 are unnumbered
     * summary text; the judgement table is not. */
    assert_int_equal(in->n_findings, 6);
    assert_int_equal(in->findings[0].paragraph, 0);
    assert_string_equal(in->findings[0].text, "The overall judgement is requires improvement.");
    assert_string_equal(in->findings[1].section, "summary");
    assert_string_equal(in->findings[2].section, "recommendations");
    assert_int_equal(in->findings[2].paragraph, 1);
    assert_int_equal(in->findings[4].page, 3);
    assert_string_equal(in->findings[5].section, "help_protection");
    ot_report_free(r);
}

/* Page breaks: a paragraph runs on at another indentation on the next
 * page while its sentence is unfinished, and at the new page's text
 * column when it is finished; a heading at the top of a page ends it; a
 * footnote whose number looks like a page number is furniture; Ofsted's
 * closing page is not text.  Unnumbered prose (a summary) runs across a
 * page break too, and a short heading the rules do not know is dropped. */
#define FOOT(n) "Inspection of Testshire local authority children\xE2\x80\x99s services\n" \
                "4 to 15 March 2024                                                      " n "\n"
static const char breaks[] =
    "Inspection of Testshire local\n"
    "authority children\xE2\x80\x99s services\n"
    "Inspection dates: 4 to 15 March 2024\n"
    "Lead inspector: Ann Other, His Majesty\xE2\x80\x99s Inspector\n"
    "\n"
    " Judgement                                  Grade\n"
    " Overall effectiveness                      Good\n"
    "\n"
    "Children in Testshire receive good help. Leaders know their services and act\n"
    "quickly when\n"
    FOOT("1")
    "\fthings go wrong, and they listen to children.\n"
    "\n"
    "What needs to improve?\n"
    "\xE2\x97\xBC The timeliness of assessments.\n"
    "\n"
    "The experiences and progress of children who need help and\n"
    "protection: good\n"
    "\n"
    "1.     Children receive help early. Their needs are assessed well and\n"
    "       plans are\n"
    "\n"
    "\n"
    "3\n"
    "  A footnote about plans.\n"
    FOOT("2")
    "\f     reviewed often.\n"
    "\n"
    "2.   Social workers know children well.\n"
    "     They visit them often.\n"
    FOOT("3")
    "\f     Managers check their work.\n"
    "\n"
    "Local help\n"
    "Families are helped by a wide range of services across the area, which are well\n"
    "coordinated.\n"
    "\n"
    "3.   Partners work well together.\n"
    FOOT("4")
    "\fThe impact of leaders on social work practice with children and\n"
    "families: good\n"
    "\n"
    "4.   Leaders are ambitious for children and\n"
    FOOT("5")
    "\f     their families.\n"
    "The Office for Standards in Education, Children\xE2\x80\x99s Services and Skills\n"
    "(Ofsted) regulates and inspects to achieve excellence.\n"
    "\xC2\xA9 Crown copyright 2024\n"
    FOOT("6")
    "\f";

static void test_page_breaks(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_report *r = ot_report_parse(breaks, sizeof breaks - 1, "children's services inspection - 16 may 2024.pdf", &err);
    if (!r)
        fail_msg("%s", ot_error_msg(&err));
    const ot_inspection_rec *in = ot_report_inspection(r, 0);
    static const struct {
        int paragraph, page;
        const char *section, *text;
    } want[] = {
        {0, 1, "summary", "Children in Testshire receive good help. Leaders know their services and act "
                          "quickly when things go wrong, and they listen to children."},
        {1, 2, "help_protection", "Children receive help early. Their needs are assessed well and plans "
                                  "are reviewed often."},
        {2, 3, "help_protection", "Social workers know children well. They visit them often. Managers "
                                  "check their work."},
        {0, 4, "help_protection", "Families are helped by a wide range of services across the area, "
                                  "which are well coordinated."},
        {3, 4, "help_protection", "Partners work well together."},
        {4, 5, "leaders", "Leaders are ambitious for children and their families."},
    };
    size_t n = sizeof want / sizeof want[0];
    for (size_t i = 0; i < in->n_findings && i < n; i++) {
        const ot_finding_rec *f = &in->findings[i];
        if (f->paragraph != want[i].paragraph || f->page != want[i].page ||
            strcmp(f->section, want[i].section) != 0 || strcmp(f->text, want[i].text) != 0)
            fail_msg("finding %zu: %d p.%d %s \"%s\"", i, f->paragraph, f->page, f->section, f->text);
    }
    assert_int_equal(in->n_findings, n);
    assert_int_equal(in->n_actions, 1);
    assert_string_equal(in->actions[0].text, "The timeliness of assessments.");
    ot_report_free(r);
}

static void test_refused(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "<!DOCTYPE html>\n<html><title>Report not found</title></html>\n",
        "Minutes of the parish council\nMeeting held on 3 May 2021\n\f",
        "\f\f",
        "Inspection of Nowhere local authority children's services\nNo dates here\n\f",
    };
    static const char *const why[] = {"HTML", "not an Ofsted local-authority report",
                                      "no text", "inspection title and date"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        ot_error err = OT_ERROR_INIT;
        ot_report *r = ot_report_parse(texts[i], strlen(texts[i]), NULL, &err);
        if (r)
            fail_msg("case %zu accepted", i + 1);
        if (!strstr(ot_error_msg(&err), why[i]))
            fail_msg("case %zu: message %s", i + 1, ot_error_msg(&err));
        ot_error_clear(&err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ilacs),
        cmocka_unit_test(test_sif),
        cmocka_unit_test(test_page_breaks),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
