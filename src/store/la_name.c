/* Local-authority name keys: see ofsted-tui/la_name.h. */
#include "config.h"

#include "ofsted-tui/la_name.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"

/* Phrases (whole words of the key) that name the service or the body that
 * runs it, not the place, wherever they stand: report titles say "Inspection
 * of Bradford Children and Families Trust", "Slough Children First",
 * "Children's services in Wakefield ...".  Longer phrases first. */
static const char *const service_phrases[] = {
    "local authority childrens social care services", "local authority childrens services",
    "childrens social care services", "childrens services trust", "children and families trust",
    "childrens social care", "childrens services", "childrens trust", "children first",
    "safeguarding children board", "local authority", NULL,
};

/* What may stand in front of the place: "London Borough of", "Council of
 * the", "Metropolitan Borough of", "City of", "County" (Durham).  Stripped
 * again and again while something is left. */
static const char *const lead_phrases[] = {
    "the ", "council of the ", "council of ", "royal borough of ", "london borough of ",
    "metropolitan borough of ", "metropolitan district of ", "borough of ", "city and county of ",
    "city of ", "county of ", "district of ", "county ", "royal ", "of ", NULL,
};

/* Words that may follow the place, in any order and number: "Borough
 * Council", "Metropolitan District Council", "City Council", "..., City
 * of".  Stripped from the end while something is left. */
static const char *const tail_words[] = {
    "council", "borough", "city", "county", "district", "metropolitan", "royal",
    "unitary", "authority", "of", NULL,
};

/* Short or older names that stand for a longer official one. */
static const struct {
    const char *from, *to;
} rewrites[] = {
    {"hull", "kingston upon hull"},
    {"bcp", "bournemouth christchurch and poole"},
    {NULL, NULL},
};

/* Fold one source string into words of [a-z0-9], separated by one space. */
static void fold(const char *name, ot_buf *out)
{
    const unsigned char *p = (const unsigned char *)name;
    bool space = true; /* at start: no leading space */
    while (*p) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            ot_buf_putc(out, (char)c);
            space = false;
            p++;
        } else if (c == '&') {
            if (!space)
                ot_buf_putc(out, ' ');
            ot_buf_puts(out, "and ");
            space = true;
            p++;
        } else if (c == '.' || c == '\'') {
            p++; /* "St. Helens" = "St Helens" */
        } else if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x99 || p[2] == 0x98)) {
            p += 3; /* curly apostrophes, as "'" */
        } else if (c >= 0x80) {
            ot_buf_putc(out, (char)c); /* other letters, as they are */
            space = false;
            p++;
        } else {
            if (!space)
                ot_buf_putc(out, ' ');
            space = true;
            p++;
        }
    }
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
}

/* Remove phrase wherever it stands as whole words in s (in place). */
static void drop_phrase(char *s, const char *phrase)
{
    size_t n = strlen(phrase);
    char *hit = s;
    while ((hit = strstr(hit, phrase)) != NULL) {
        bool start_ok = hit == s || hit[-1] == ' ';
        bool end_ok = hit[n] == '\0' || hit[n] == ' ';
        if (!start_ok || !end_ok) {
            hit++;
            continue;
        }
        char *rest = hit + n;
        if (*rest == ' ')
            rest++;
        memmove(hit, rest, strlen(rest) + 1);
    }
}

static void squeeze_spaces(char *s)
{
    char *w = s;
    bool space = true;
    for (char *r = s; *r; r++) {
        if (*r == ' ') {
            if (!space)
                *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
}

/* Drop a leading phrase of lead_phrases when something follows it. */
static bool strip_lead(char *s)
{
    for (const char *const *l = lead_phrases; *l; l++) {
        size_t ln = strlen(*l);
        if (strncmp(s, *l, ln) == 0 && s[ln]) {
            memmove(s, s + ln, strlen(s + ln) + 1);
            return true;
        }
    }
    return false;
}

/* Drop a trailing word of tail_words when something stays in front. */
static bool strip_tail(char *s)
{
    size_t len = strlen(s);
    for (const char *const *t = tail_words; *t; t++) {
        size_t tn = strlen(*t);
        if (len > tn + 1 && s[len - tn - 1] == ' ' && strcmp(s + len - tn, *t) == 0) {
            s[len - tn - 1] = '\0';
            return true;
        }
    }
    return false;
}

/* "saint helens" and "st helens" */
static void saint_to_st(char *s)
{
    char *hit = s;
    while ((hit = strstr(hit, "saint ")) != NULL) {
        if (hit == s || hit[-1] == ' ') {
            hit[1] = 't';
            memmove(hit + 2, hit + 5, strlen(hit + 5) + 1);
        } else
            hit++;
    }
}

char *ot_la_name_key(const char *name)
{
    ot_buf folded = OT_BUF_INIT;
    fold(name ? name : "", &folded);
    char *key = ot_buf_steal(&folded);
    if (!key)
        return NULL;
    char *stripped = strdup(key);
    if (!stripped) {
        free(key);
        return NULL;
    }
    for (const char *const *ph = service_phrases; *ph; ph++)
        drop_phrase(stripped, *ph);
    squeeze_spaces(stripped);
    saint_to_st(stripped);
    while (strip_lead(stripped) || strip_tail(stripped))
        ;
    for (size_t i = 0; rewrites[i].from; i++)
        if (strcmp(stripped, rewrites[i].from) == 0) {
            free(stripped);
            stripped = strdup(rewrites[i].to);
            if (!stripped) {
                free(key);
                return NULL;
            }
            break;
        }
    if (*stripped) {
        free(key);
        return stripped;
    }
    free(stripped);
    return key;
}

char *ot_la_name_short_key(const char *key)
{
    static const char *const joins[] = {" upon ", " on ", " of ", NULL};
    for (const char *const *j = joins; *j; j++) {
        const char *hit = strstr(key, *j);
        if (hit && hit > key) {
            char *s = strndup(key, (size_t)(hit - key));
            return s;
        }
    }
    return NULL;
}
