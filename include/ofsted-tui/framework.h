/* The words of the domain, in one place: inspection frameworks, judgement
 * areas, grades.  Every layer that names one of these (the schema's CHECK,
 * importers, search filters, ratings, views, exports) takes it from here, so
 * that a key or a label cannot drift between them.  A unit test checks the
 * schema's framework CHECK against OT_FRAMEWORKS. */
#ifndef OFSTED_TUI_FRAMEWORK_H
#define OFSTED_TUI_FRAMEWORK_H

#include <stdbool.h>

/* Eras in which grades of one kind were given: ratings draw their
 * boundaries, and a comparison across eras says that it is one. */
typedef enum ot_era {
    OT_ERA_NONE = -1, /* visits and others: no grades of their own */
    OT_ERA_JAR_APA,
    OT_ERA_SLAC,
    OT_ERA_SIF,
    OT_ERA_ILACS,
    OT_ERA_REFORM, /* ILACS as reformed in 2026: no overall grade */
    OT_ERA_COUNT
} ot_era;

/* X(ident, key, display name, era, is_visit, grades_every_area, word for grade 3)
 *
 * key: the value stored in inspection.framework and used on the command line.
 * is_visit: a letter without grades (focused and monitoring visits, JTAIs).
 * grades_every_area: an inspection of the whole service, which ends the
 *   grade in force of an area it did not grade (see ratings.h).
 * Order: oldest first; lists and help show them in this order. */
#define OT_FRAMEWORKS(X)                                                                          \
    X(JAR, "jar", "JAR", OT_ERA_JAR_APA, false, false, "Adequate")                                 \
    X(APA, "apa", "APA", OT_ERA_JAR_APA, false, false, "Adequate")                                 \
    X(SLAC, "slac", "SLAC", OT_ERA_SLAC, false, false, "Adequate")                                 \
    X(LAC2013, "lac2013", "LAC 2013", OT_ERA_NONE, false, false, "Adequate")                       \
    X(SIF, "sif", "SIF", OT_ERA_SIF, false, true, "Requires improvement")                          \
    X(SIF_REINSPECTION, "sif_reinspection", "SIF reinspection", OT_ERA_SIF, false, true,           \
      "Requires improvement")                                                                      \
    X(LSCB_REVIEW, "lscb_review", "LSCB review", OT_ERA_NONE, false, false, "Requires improvement") \
    X(ILACS_STANDARD, "ilacs_standard", "ILACS", OT_ERA_ILACS, false, true, "Requires improvement") \
    X(ILACS_SHORT, "ilacs_short", "ILACS short", OT_ERA_ILACS, false, true, "Requires improvement") \
    X(FOCUSED_VISIT, "focused_visit", "Focused visit", OT_ERA_NONE, true, false, NULL)             \
    X(MONITORING_VISIT, "monitoring_visit", "Monitoring visit", OT_ERA_NONE, true, false, NULL)    \
    X(JTAI, "jtai", "JTAI", OT_ERA_NONE, true, false, NULL)                                        \
    X(OTHER, "other", "Other", OT_ERA_NONE, false, false, "Requires improvement")

typedef enum ot_framework_id {
#define OT_FRAMEWORK_ENUM(ident, key, name, era, visit, whole, word3) OT_FW_##ident,
    OT_FRAMEWORKS(OT_FRAMEWORK_ENUM)
#undef OT_FRAMEWORK_ENUM
    OT_FW_COUNT
} ot_framework_id;

typedef struct ot_framework {
    const char *key;
    const char *name;
    ot_era era;
    bool is_visit;
    bool grades_every_area;
    const char *grade3_word; /* "Adequate" or "Requires improvement"; NULL for visits */
} ot_framework;

/* The visit keys as an SQL list, for queries that count inspections apart
 * from visits; a unit test checks it against is_visit above. */
#define OT_VISIT_KEYS_SQL "('focused_visit', 'monitoring_visit', 'jtai')"

/* The keys of frameworks that grade every area, as an SQL list; checked
 * against grades_every_area by the same test. */
#define OT_WHOLE_SERVICE_KEYS_SQL "('sif', 'sif_reinspection', 'ilacs_standard', 'ilacs_short')"

/* All frameworks, OT_FW_COUNT of them, in the order of OT_FRAMEWORKS. */
extern const ot_framework ot_frameworks[OT_FW_COUNT];

/* The framework with this key, or NULL for NULL or an unknown key. */
const ot_framework *ot_framework_find(const char *key);

/* Display name of a framework key ("ILACS short"); the key itself when it
 * is unknown, "?" for NULL. */
const char *ot_framework_name(const char *key);

/* True for a visit (no grades of its own); false for unknown keys. */
bool ot_framework_is_visit(const char *key);

/* The keys joined with ", " ("jar, apa, ..."), for messages; static. */
const char *ot_framework_key_list(void);

/* The name of an era: "JAR/APA", "SLAC", "SIF", "ILACS", "2026 reform". */
const char *ot_era_name(ot_era era);

/* X(key, short label, label, standard)
 *
 * Judgement areas in the order columns show them.  The short label fits a
 * 12-character column, the label 17 characters.  Standard areas
 * (DESIGN.md's keys) are offered by ratings even where no judgement of
 * them is held yet; the others only when some are. */
#define OT_AREAS(X)                                              \
    X("overall", "Overall", "Overall", true)                     \
    X("leaders", "Leaders", "Leaders", true)                     \
    X("help_protection", "Help & prot.", "Help & protection", true) \
    X("in_care", "In care", "In care", true)                     \
    X("care_leavers", "Care leavers", "Care leavers", true)      \
    X("adoption", "Adoption", "Adoption", true)                  \
    X("lscb", "LSCB", "LSCB", true)                              \
    X("capacity", "Capacity", "Capacity", false)                 \
    X("outcomes", "Outcomes", "Outcomes", false)                 \
    X("provision", "Provision", "Provision", false)

typedef struct ot_judgement_area {
    const char *key;
    const char *short_label;
    const char *label;
    bool standard;
} ot_judgement_area;

extern const ot_judgement_area ot_judgement_areas[];
extern const int ot_judgement_area_count;

/* Position of an area key in OT_AREAS; ot_judgement_area_count for NULL or unknown
 * keys, so that unknown areas sort last. */
int ot_area_rank(const char *key);

/* The short label and the label of an area key; the key itself when
 * unknown, "?" for NULL. */
const char *ot_area_short(const char *key);
const char *ot_area_label(const char *key);

/* Section keys of findings that are not areas (DESIGN.md). */
#define OT_FINDING_SECTIONS(X) X("summary") X("context") X("recommendations") X("other")

/* True when key is an area key or one of OT_FINDING_SECTIONS. */
bool ot_section_is_known(const char *key);

/* The words for grades, used everywhere a grade is written out:
 * 1 "Outstanding", 2 "Good", 3 "Requires improvement", 4 "Inadequate";
 * "" for anything else. */
const char *ot_grade_word(int grade);

/* The word for grade 3 as the framework printed it ("Adequate" for JAR,
 * APA, SLAC and LAC 2013, else "Requires improvement"), or when the label
 * as printed says Adequate; for other grades ot_grade_word. */
const char *ot_grade_word_in(int grade, const char *framework_key, const char *grade_label);

/* A short form of ot_grade_word for narrow columns ("Req. improvement"). */
const char *ot_grade_word_short(int grade);

/* What a cell says when there is no grade, one wording each:
 * printed but not graded ("Not judged"), no inspection yet by that date,
 * and a year before any data the database holds. */
#define OT_WORD_NOT_GRADED "not graded"
#define OT_WORD_NOT_INSPECTED "not yet inspected"
#define OT_WORD_NO_DATA "no data held"

#endif
