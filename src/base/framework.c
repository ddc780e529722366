/* Frameworks, areas and grade words: see ofsted-tui/framework.h. */
#include "config.h"

#include "ofsted-tui/framework.h"

#include <stddef.h>
#include <string.h>

const ot_framework ot_frameworks[OT_FW_COUNT] = {
#define OT_FRAMEWORK_ROW(ident, key, name, era, visit, whole, word3) {key, name, era, visit, whole, word3},
    OT_FRAMEWORKS(OT_FRAMEWORK_ROW)
#undef OT_FRAMEWORK_ROW
};

const ot_framework *ot_framework_find(const char *key)
{
    for (int i = 0; key && i < OT_FW_COUNT; i++)
        if (strcmp(ot_frameworks[i].key, key) == 0)
            return &ot_frameworks[i];
    return NULL;
}

const char *ot_framework_name(const char *key)
{
    const ot_framework *f = ot_framework_find(key);
    return f ? f->name : key ? key : "?";
}

bool ot_framework_is_visit(const char *key)
{
    const ot_framework *f = ot_framework_find(key);
    return f && f->is_visit;
}

const char *ot_framework_key_list(void)
{
#define OT_FRAMEWORK_KEY(ident, key, name, era, visit, whole, word3) key ", "
    /* The trailing ", " of the last key is cut by the length below. */
    static const char all[] = OT_FRAMEWORKS(OT_FRAMEWORK_KEY);
#undef OT_FRAMEWORK_KEY
    static char list[sizeof all];
    if (!list[0]) {
        memcpy(list, all, sizeof all - 3);
        list[sizeof all - 3] = '\0';
    }
    return list;
}

const char *ot_era_name(ot_era era)
{
    static const char *const names[OT_ERA_COUNT] = {"JAR/APA", "SLAC", "SIF", "ILACS", "2026 reform"};
    return era >= 0 && era < OT_ERA_COUNT ? names[era] : "";
}

const ot_judgement_area ot_judgement_areas[] = {
#define OT_AREA_ROW(key, short_label, label, standard) {key, short_label, label, standard},
    OT_AREAS(OT_AREA_ROW)
#undef OT_AREA_ROW
};
const int ot_judgement_area_count = (int)(sizeof ot_judgement_areas / sizeof ot_judgement_areas[0]);

int ot_area_rank(const char *key)
{
    for (int i = 0; key && i < ot_judgement_area_count; i++)
        if (strcmp(ot_judgement_areas[i].key, key) == 0)
            return i;
    return ot_judgement_area_count;
}

const char *ot_area_short(const char *key)
{
    int r = ot_area_rank(key);
    return r < ot_judgement_area_count ? ot_judgement_areas[r].short_label : key ? key : "?";
}

const char *ot_area_label(const char *key)
{
    int r = ot_area_rank(key);
    return r < ot_judgement_area_count ? ot_judgement_areas[r].label : key ? key : "?";
}

bool ot_section_is_known(const char *key)
{
    if (!key)
        return false;
    if (ot_area_rank(key) < ot_judgement_area_count)
        return true;
#define OT_SECTION_CMP(k) || strcmp(key, k) == 0
    return false OT_FINDING_SECTIONS(OT_SECTION_CMP);
#undef OT_SECTION_CMP
}

const char *ot_grade_word(int grade)
{
    static const char *const words[] = {"", "Outstanding", "Good", "Requires improvement", "Inadequate"};
    return grade >= 1 && grade <= 4 ? words[grade] : "";
}

const char *ot_grade_word_in(int grade, const char *framework_key, const char *grade_label)
{
    if (grade != 3)
        return ot_grade_word(grade);
    if (grade_label && strncmp(grade_label, "Adequate", 8) == 0)
        return "Adequate";
    const ot_framework *f = ot_framework_find(framework_key);
    return f && f->grade3_word ? f->grade3_word : ot_grade_word(3);
}

const char *ot_grade_word_short(int grade)
{
    static const char *const words[] = {"", "Outstanding", "Good", "Req. improvement", "Inadequate"};
    return grade >= 1 && grade <= 4 ? words[grade] : "";
}
