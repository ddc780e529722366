/* Fictional sample data: see ofsted-tui/demo.h.
 *
 * Everything is made from a small xorshift generator seeded by the caller,
 * so one seed always gives the same database.  Authority names are invented
 * (no real council has them); the regions are Ofsted's real ones. */
#include "config.h"

#include "ofsted-tui/demo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"

typedef struct rng {
    uint64_t s;
} rng;

static uint32_t rng_next(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t)(r->s >> 16);
}

static int rng_below(rng *r, int n)
{
    return (int)(rng_next(r) % (uint32_t)n);
}

static const struct {
    const char *name;
    const char *region;
} places[] = {
    {"Ashcombe", "South West"},
    {"Brackenford", "North West"},
    {"Castlemere", "East Midlands"},
    {"Dunhollow", "North East, Yorkshire and the Humber"},
    {"Eldermoor", "North East, Yorkshire and the Humber"},
    {"Fernley & Oakham Vale", "East of England"},
    {"Glenwick", "West Midlands"},
    {"Harrowgate Fields", "London"},
    {"Inglestone", "South East"},
    {"Juniper Cross", "London"},
    {"Kestrel Bay", "South West"},
    {"Larkspur Heath", "East of England"},
    {"Marrowby", "North West"},
    {"Northwold", "East Midlands"},
    {"Old Sarnford", "South East"},
    {"Pennimoor", "West Midlands"},
    {"Quarrington Dale", "North East, Yorkshire and the Humber"},
    {"Ravensholt", "North West"},
    {"St. Wilfrith's Borough", "London"},
    {"Thornbury Marches", "West Midlands"},
    {"Upper Ashdown", "South East"},
    {"Vellacombe", "South West"},
    {"Westmarch", "East of England"},
    {"Yarrowdale", "North East, Yorkshire and the Humber"},
    {"Zennor Reach", "South West"},
    {"Alderholt Valley", "East Midlands"},
    {"Blackwater Levels", "East of England"},
    {"Coldharbour Lane", "London"},
    {"Drovers End", "West Midlands"},
    {"Emberton Coast", "North West"},
    {"Foxhollow", "South East"},
    {"Greystoke Moor", "North East, Yorkshire and the Humber"},
    {"Hartwell Downs", "South East"},
    {"Ivybridge Marsh", "London"},
};
#define N_PLACES (sizeof places / sizeof places[0])

static const char *const inspectors[] = {
    "Máire O’Connell", "Tomasz Wiśniewski", "Priya Raman", "Gareth Llewellyn",
    "Aoife Byrne", "Samuel Okafor", "Hannah Whitlock", "Chloé Martin",
};

static const char *const sentences[] = {
    "Social workers know the children they work with well and visit them regularly.",
    "Senior leaders have an accurate understanding of the quality of practice.",
    "Too many children wait too long for an assessment of their needs.",
    "Management oversight is not consistently recorded on children’s case files.",
    "The “front door” responds quickly when there are concerns about a child’s safety.",
    "Strategy discussions are timely and include the relevant partner agencies.",
    "Supervision is regular, but it does not always challenge drift in children’s plans.",
    "Children in care live in stable homes and attend school regularly.",
    "Care leavers are supported to find suitable accommodation and employment.",
    "Caseloads are manageable, which allows social workers to build relationships.",
    "Some children are placed in unregulated placements for too long.",
    "The quality of return home interviews after children go missing is variable.",
    "Children at risk of sexual exploitation are identified and protected quickly.",
    "Leaders have invested £2.4 million in early help services since the last inspection.",
    "Threshold decisions at the multi-agency safeguarding hub are mostly appropriate.",
    "Permanence is secured for most children without unnecessary delay.",
    "Personal advisers keep in touch with young people and know them well.",
    "Independent reviewing officers do not routinely challenge poor planning.",
    "Corporate parenting is strong and elected members know their children.",
    "Audits are not sufficiently focused on the impact of practice on children.",
};

static const struct {
    const char *key, *label;
} sif_areas[] = {
    {"help_protection", "Children who need help and protection"},
    {"in_care", "Children looked after and achieving permanence"},
    {"adoption", "Adoption performance"},
    {"care_leavers", "Experiences and progress of care leavers"},
    {"leaders", "Leadership, management and governance"},
    {"overall", "Overall effectiveness"},
};

static const struct {
    const char *key, *label;
} ilacs_areas[] = {
    {"leaders", "The impact of leaders on social work practice with children and families"},
    {"help_protection", "The experiences and progress of children who need help and protection"},
    {"in_care", "The experiences and progress of children in care"},
    {"care_leavers", "The experiences and progress of care leavers"},
    {"overall", "Overall effectiveness"},
};

static const char *const sif_grades[] = {NULL, "Outstanding", "Good", "Requires improvement", "Inadequate"};
static const char *const ilacs_grades[] = {NULL, "Outstanding", "Good", "Requires improvement to be good", "Inadequate"};
static const char *const slac_grades[] = {NULL, "Outstanding", "Good", "Adequate", "Inadequate"};

/* Everything one inspection needs, owned here for the duration of one
 * sink call. */
typedef struct demo_inspection {
    char start[11], end[11], published[11];
    ot_judgement_rec judgements[8];
    size_t n_judgements;
    ot_action_rec actions[10];
    char *action_text[10];
    size_t n_actions;
    ot_finding_rec *findings;
    char **finding_text;
    size_t n_findings;
} demo_inspection;

static void format_date(char out[11], int year, int month, int day)
{
    unsigned y = (unsigned)year % 10000u, m = (unsigned)month % 100u, d = (unsigned)day % 100u;
    snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
}

/* Add days to an ISO date (days <= 60; simple month arithmetic). */
static void add_days(char out[11], const char *date, int days)
{
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8) + days;
    for (;;) {
        int md = month_days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        if (d <= md)
            break;
        d -= md;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    format_date(out, y, m, d);
}

static char *make_paragraph(rng *r, int sentences_wanted, bool hostile)
{
    ot_buf b = OT_BUF_INIT;
    for (int i = 0; i < sentences_wanted; i++) {
        if (i)
            ot_buf_putc(&b, ' ');
        ot_buf_puts(&b, sentences[rng_below(r, (int)(sizeof sentences / sizeof sentences[0]))]);
    }
    /* One finding carries a terminal escape sequence, as hostile input
     * would: views must show it escaped, never send it raw. */
    if (hostile)
        ot_buf_puts(&b, " Text copied from a web page ended with \x1b[2J and a bell \a here.");
    return ot_buf_steal(&b);
}

static void free_inspection(demo_inspection *d)
{
    for (size_t i = 0; i < d->n_actions; i++)
        free(d->action_text[i]);
    for (size_t i = 0; i < d->n_findings; i++)
        free(d->finding_text[i]);
    free(d->findings);
    free(d->finding_text);
    memset(d, 0, sizeof *d);
}

/* Actions and numbered findings for a graded report. */
static int make_report_text(rng *r, demo_inspection *d, const char *const *sections,
                            const char *const *labels, size_t n_sections, bool hostile)
{
    d->n_actions = 3 + (size_t)rng_below(r, 6);
    for (size_t i = 0; i < d->n_actions; i++) {
        d->action_text[i] = make_paragraph(r, 1, false);
        d->actions[i].ordinal = (int)i + 1;
        d->actions[i].text = d->action_text[i];
    }
    size_t per_section = 4 + (size_t)rng_below(r, 5);
    d->n_findings = n_sections * per_section;
    d->findings = calloc(d->n_findings, sizeof *d->findings);
    d->finding_text = calloc(d->n_findings, sizeof *d->finding_text);
    if (!d->findings || !d->finding_text)
        return -1;
    for (size_t i = 0; i < d->n_findings; i++) {
        size_t s = i / per_section;
        d->finding_text[i] = make_paragraph(r, 2 + rng_below(r, 4), hostile && i == 2);
        d->findings[i] = (ot_finding_rec){
            .section = sections[s],
            .section_label = labels[s],
            .paragraph = (int)i + 1,
            .page = 2 + (int)(i / 6),
            .text = d->finding_text[i],
        };
    }
    return 0;
}

static int emit(ot_sink *sink, const ot_authority_rec *auth, const char *framework,
                demo_inspection *d, const char *inspector, bool has_report, ot_error *err)
{
    ot_inspection_rec rec = {
        .authority = *auth,
        .framework = framework,
        .start_date = d->start,
        .end_date = d->end,
        .published = d->published,
        .lead_inspector = inspector,
        .judgements = d->judgements,
        .n_judgements = d->n_judgements,
        .has_report = has_report,
        .actions = d->actions,
        .n_actions = d->n_actions,
        .findings = d->findings,
        .n_findings = d->n_findings,
        .where = "demo",
    };
    int rc = sink->ops->inspection(sink, &rec, err);
    free_inspection(d);
    return rc;
}

static int clamp_grade(int g)
{
    return g < 1 ? 1 : g > 4 ? 4 : g;
}

static int demo_authority(ot_sink *sink, rng *r, size_t index, ot_error *err)
{
    char ons[16];
    snprintf(ons, sizeof ons, "E0%d00%04zu", 6 + (int)(index % 4), 900 + index);
    ot_authority_rec auth = {
        .ons_code = ons,
        .urn = 990000 + (long)index,
        .name = places[index].name,
        .region = places[index].region,
        .status = index == N_PLACES - 1 ? "no longer exists" : "current",
    };
    if (sink->ops->authority(sink, &auth, err) < 0)
        return -1;

    demo_inspection d = {0};
    const char *inspector = inspectors[index % (sizeof inspectors / sizeof inspectors[0])];
    int quality = 1 + rng_below(r, 4); /* the authority's underlying grade */

    /* 2006-2012: safeguarding and looked-after children, graded "Adequate"-style. */
    format_date(d.start, 2009 + rng_below(r, 3), 1 + rng_below(r, 11), 1 + rng_below(r, 20));
    add_days(d.end, d.start, 11);
    add_days(d.published, d.end, 35);
    static const struct { const char *key, *label; } slac_areas[] = {
        {"overall", "Overall effectiveness"}, {"capacity", "Capacity for improvement"},
        {"outcomes", "Outcomes for looked after children"}, {"provision", "Quality of provision"},
    };
    for (size_t i = 0; i < 4; i++) {
        int g = clamp_grade(quality + rng_below(r, 3) - 1);
        d.judgements[d.n_judgements++] = (ot_judgement_rec){slac_areas[i].key, slac_areas[i].label, g, slac_grades[g]};
    }
    if (emit(sink, &auth, "slac", &d, inspector, false, err) < 0)
        return -1;

    if (index % 3 == 0) { /* an older joint area review for some */
        format_date(d.start, 2006 + rng_below(r, 2), 2 + rng_below(r, 9), 1 + rng_below(r, 20));
        add_days(d.end, d.start, 14);
        add_days(d.published, d.end, 40);
        int g = clamp_grade(quality);
        d.judgements[d.n_judgements++] = (ot_judgement_rec){"overall", "Overall effectiveness", g, slac_grades[g]};
        if (emit(sink, &auth, "jar", &d, NULL, false, err) < 0)
            return -1;
    }

    /* 2014-2017: SIF. */
    format_date(d.start, 2014 + rng_below(r, 4), 1 + rng_below(r, 11), 1 + rng_below(r, 20));
    add_days(d.end, d.start, 24);
    add_days(d.published, d.end, 42);
    quality = clamp_grade(quality + rng_below(r, 3) - 1);
    const char *sif_sections[6], *sif_labels[6];
    for (size_t i = 0; i < 6; i++) {
        int g = clamp_grade(quality + (i == 2 ? -1 : rng_below(r, 3) - 1));
        if (i == 5)
            g = quality;
        d.judgements[d.n_judgements++] = (ot_judgement_rec){sif_areas[i].key, sif_areas[i].label, g, sif_grades[g]};
        sif_sections[i] = i == 5 ? "summary" : sif_areas[i].key;
        sif_labels[i] = i == 5 ? "Summary" : sif_areas[i].label;
    }
    int lscb = clamp_grade(quality + rng_below(r, 2));
    d.judgements[d.n_judgements++] = (ot_judgement_rec){"lscb", "The Local Safeguarding Children Board", lscb, sif_grades[lscb]};
    if (make_report_text(r, &d, sif_sections, sif_labels, 6, false) < 0)
        goto oom;
    if (emit(sink, &auth, "sif", &d, inspector, true, err) < 0)
        return -1;

    /* 2018-2025: ILACS standard or short, with visits between. */
    int year = 2018 + rng_below(r, 3);
    while (year <= 2025) {
        if (quality >= 3 || rng_below(r, 2)) {
            format_date(d.start, year, 2 + rng_below(r, 8), 1 + rng_below(r, 18));
            add_days(d.end, d.start, 4);
            add_days(d.published, d.end, 30);
            const char *fw = quality == 4 ? "monitoring_visit" : "focused_visit";
            const char *sections[] = {"other"}, *labels[] = {"Findings"};
            if (make_report_text(r, &d, sections, labels, 1, false) < 0)
                goto oom;
            if (emit(sink, &auth, fw, &d, inspector, true, err) < 0)
                return -1;
            year++;
        }
        if (year > 2025)
            break;
        format_date(d.start, year, 2 + rng_below(r, 9), 1 + rng_below(r, 18));
        bool standard = quality >= 3 || rng_below(r, 3) == 0;
        add_days(d.end, d.start, standard ? 11 : 4);
        add_days(d.published, d.end, 30);
        quality = clamp_grade(quality + rng_below(r, 3) - 1);
        bool split_care = year >= 2023;
        const char *sections[5], *labels[5];
        size_t n_sections = 0;
        for (size_t i = 0; i < 5; i++) {
            if (!split_care && i == 3)
                continue;
            int g = i == 4 ? quality : clamp_grade(quality + rng_below(r, 3) - 1);
            const char *label = ilacs_areas[i].label;
            if (!split_care && i == 2)
                label = "The experiences and progress of children in care and care leavers";
            d.judgements[d.n_judgements++] = (ot_judgement_rec){ilacs_areas[i].key, label, g, ilacs_grades[g]};
            if (i < 4) {
                sections[n_sections] = ilacs_areas[i].key;
                labels[n_sections++] = label;
            }
        }
        if (make_report_text(r, &d, sections, labels, n_sections, index == 0 && year < 2023) < 0)
            goto oom;
        if (emit(sink, &auth, standard ? "ilacs_standard" : "ilacs_short", &d, inspector, true, err) < 0)
            return -1;
        year += standard ? 3 : 2 + rng_below(r, 2);
    }

    /* 2026: a reformed report without an overall grade, for some. */
    if (index % 4 == 1 && auth.status[0] == 'c') {
        format_date(d.start, 2026, 5, 4 + rng_below(r, 10));
        add_days(d.end, d.start, 11);
        add_days(d.published, d.end, 40);
        const char *sections[4], *labels[4];
        for (size_t i = 0; i < 4; i++) {
            int g = clamp_grade(quality + rng_below(r, 3) - 1);
            d.judgements[d.n_judgements++] = (ot_judgement_rec){ilacs_areas[i].key, ilacs_areas[i].label, g, ilacs_grades[g]};
            sections[i] = ilacs_areas[i].key;
            labels[i] = ilacs_areas[i].label;
        }
        if (make_report_text(r, &d, sections, labels, 4, false) < 0)
            goto oom;
        if (emit(sink, &auth, "ilacs_standard", &d, inspector, true, err) < 0)
            return -1;
    }
    return 0;

oom:
    free_inspection(&d);
    ot_error_set(err, "out of memory");
    return -1;
}

int ot_demo_generate(ot_sink *sink, unsigned long seed, ot_error *err)
{
    rng r = {seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull};
    if (r.s == 0)
        r.s = 1;
    for (size_t i = 0; i < N_PLACES; i++)
        if (demo_authority(sink, &r, i, err) < 0)
            return -1;
    return 0;
}

size_t ot_demo_authority_count(void)
{
    return N_PLACES;
}
