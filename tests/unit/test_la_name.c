/* Local-authority name keys: every spelling of one authority gives one key,
 * and different authorities keep different keys. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/la_name.h"

static const struct {
    const char *a, *b;
} same[] = {
    /* 1 */ {"Bristol", "Bristol, City of"},
    /* 2 */ {"Bristol", "City of Bristol"},
    /* 3 */ {"Bristol", "Bristol City Council"},
    /* 4 */ {"St Helens", "St. Helens"},
    /* 5 */ {"Kingston upon Hull", "Kingston Upon Hull, City of"},
    /* 6 */ {"Kingston upon Hull", "Hull City Council"},
    /* 7 */ {"Herefordshire", "Herefordshire, County of"},
    /* 8 */ {"Windsor & Maidenhead", "Windsor and Maidenhead"},
    /* 9 */ {"Windsor and Maidenhead", "Royal Borough of Windsor and Maidenhead"},
    /* 10 */ {"Stoke-on-Trent", "Stoke-on-Trent City Council"},
    /* 11 */ {"Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch & Poole"},
    /* 12 */ {"Telford and Wrekin", "Telford & Wrekin Council"},
    /* 13 */ {"Southend-on-Sea", "Southend on Sea"},
    /* 14 */ {"Durham", "County Durham"},
    /* 15 */ {"Kent", "Kent County Council"},
    /* 16 */ {"Bradford", "Bradford Children and Families Trust"},
    /* 17 */ {"Barking and Dagenham", "London Borough of Barking & Dagenham"},
    /* 18 */ {"Isles of Scilly", "Isles Of Scilly"},
    /* 19 */ {"Children’s services of Wigan", "Children's services of Wigan"},
    /* 20 */ {"Isles of Scilly", "Council of the Isles of Scilly"},
    /* 21 */ {"Hackney", "The London Borough of Hackney"},
    /* 22 */ {"Calderdale", "Borough of Calderdale"},
    /* 23 */ {"Wakefield", "Wakefield Metropolitan District Council"},
    /* 24 */ {"Wakefield", "Wakefield District Metropolitan Council"},
    /* 25 */ {"Rotherham", "Metropolitan Borough of Rotherham"},
    /* 26 */ {"Redbridge", "London Borough of Redbridge Council"},
    /* 27 */ {"Birmingham", "Birmingham Children's Trust"},
    /* 28 */ {"Slough", "Slough Children First"},
    /* 29 */ {"Doncaster", "Doncaster Children’s Services Trust"},
    /* 30 */ {"Derby", "Derby City"},
    /* 31 */ {"Bedford", "Bedford Borough"},
    /* 32 */ {"St Helens", "Saint Helens Metropolitan Borough Council"},
    /* 33 */ {"Greenwich", "Royal Borough of Greenwich"},
    /* 34 */ {"Poole", "Borough of Poole"},
};

static const struct {
    const char *a, *b;
} different[] = {
    {"North Somerset", "Somerset"},
    {"North Northamptonshire", "West Northamptonshire"},
    {"Bath and North East Somerset", "North East Somerset"},
    {"Kingston upon Thames", "Kingston upon Hull"},
    {"Westminster", "City of London"},
    {"Richmond upon Thames", "Kingston upon Thames"},
    {"North Tyneside", "South Tyneside"},
};

static void spellings_share_a_key(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char *a = ot_la_name_key(same[i].a), *b = ot_la_name_key(same[i].b);
        if (strcmp(a, b) != 0)
            fail_msg("case %zu: '%s' -> '%s' but '%s' -> '%s'", i + 1, same[i].a, a, same[i].b, b);
        free(a);
        free(b);
    }
}

static void authorities_stay_apart(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof different / sizeof different[0]; i++) {
        char *a = ot_la_name_key(different[i].a), *b = ot_la_name_key(different[i].b);
        if (strcmp(a, b) == 0)
            fail_msg("'%s' and '%s' both -> '%s'", different[i].a, different[i].b, a);
        free(a);
        free(b);
    }
}

static void degenerate_names(void **state)
{
    (void)state;
    char *k = ot_la_name_key("Council");
    assert_string_equal(k, "council");
    free(k);
    k = ot_la_name_key("");
    assert_string_equal(k, "");
    free(k);
    k = ot_la_name_key("  Máire’s  Borough  ");
    assert_string_equal(k, "máires");

    free(k);
}

static void short_keys(void **state)
{
    (void)state;
    static const struct {
        const char *key, *want;
    } cases[] = {
        {"newcastle upon tyne", "newcastle"},
        {"stoke on trent", "stoke"},
        {"east riding of yorkshire", "east riding"},
        {"wakefield", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *k = ot_la_name_short_key(cases[i].key);
        if (cases[i].want)
            assert_string_equal(k, cases[i].want);
        else
            assert_null(k);
        free(k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spellings_share_a_key),
        cmocka_unit_test(authorities_stay_apart),
        cmocka_unit_test(degenerate_names),
        cmocka_unit_test(short_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
