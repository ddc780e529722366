/* Local-authority name keys: see ofsted-tui/la_name.h. */
#include "config.h"

#include "ofsted-tui/la_name.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ofsted-tui/buf.h"

/* Words (as whole-word sequences of the key) that name the kind of body,
 * not the place.  Longer phrases first. */
static const char *const body_phrases[] = {
    "metropolitan borough council", "metropolitan district council",
    "royal borough of", "london borough of", "borough council", "city council",
    "county council", "district council", "metropolitan borough",
    "children and families trust", "childrens services", "children s services",
    "council", NULL,
};

/* Short or older names that stand for a longer official one. */
static const struct {
    const char *from, *to;
} rewrites[] = {
    {"hull", "kingston upon hull"},
    {"county durham", "durham"},
    {"bcp", "bournemouth christchurch and poole"},
    {"saint helens", "st helens"},
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
    for (const char *const *ph = body_phrases; *ph; ph++)
        drop_phrase(stripped, *ph);
    squeeze_spaces(stripped);
    /* What dropping the body's name leaves in front: "Council of the Isles
     * of Scilly", "The London Borough of ..." */
    for (bool again = true; again;) {
        again = false;
        static const char *const leads[] = {"the ", "of ", NULL};
        for (const char *const *l = leads; *l; l++) {
            size_t ln = strlen(*l);
            if (strncmp(stripped, *l, ln) == 0 && stripped[ln]) {
                memmove(stripped, stripped + ln, strlen(stripped + ln) + 1);
                again = true;
            }
        }
    }
    /* "city of bristol" and "bristol city of" (from "Bristol, City of") */
    size_t len = strlen(stripped);
    if (strncmp(stripped, "city of ", 8) == 0 && len > 8)
        memmove(stripped, stripped + 8, len - 7);
    len = strlen(stripped);
    static const char *const tails[] = {" city of", " county of", NULL};
    for (const char *const *t = tails; *t; t++) {
        size_t tn = strlen(*t);
        if (len > tn && strcmp(stripped + len - tn, *t) == 0)
            stripped[len - tn] = '\0';
    }
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
