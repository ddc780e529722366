/* Themes: named regular expressions over findings and actions, to see
 * which weaknesses keep coming back.
 *
 * A theme file has one theme a line, `name<TAB>regex`; blank lines and
 * lines starting with `#` are skipped.  The program carries a default set
 * in that syntax (ot_themes_default_text); a user's file
 * ($XDG_CONFIG_HOME/ofsted-tui/themes, or ~/.config/ofsted-tui/themes)
 * adds themes, and a line with the name of a theme already known replaces
 * its pattern.  Patterns compile as every search does (ofsted-tui/regex.h:
 * PCRE2, smart case).  A line without a tab, with an empty name or
 * pattern, or with a pattern that does not compile is an error naming the
 * file and line.
 *
 * The questions (ot_themes_matrix, ot_themes_trends, ot_themes_hits) read
 * the texts with SQL, in inspection date order (start date, then
 * inspection, then report order or action ordinal), and test every theme
 * on every text: a text counts once for a theme however often it
 * matches.  Only inspections with at least one text (a report imported)
 * take part, so "consecutive inspections" means consecutive reports. */
#ifndef OFSTED_TUI_THEMES_H
#define OFSTED_TUI_THEMES_H

#include <stdbool.h>
#include <stddef.h>

#include "ofsted-tui/db.h"
#include "ofsted-tui/error.h"
#include "ofsted-tui/regex.h"

/* The default themes, in the theme file syntax. */
extern const char ot_themes_default_text[];

typedef struct ot_themes ot_themes;

/* An empty set.  Returns NULL when out of memory. */
ot_themes *ot_themes_new(void);
void ot_themes_free(ot_themes *t);

/* Add the themes of text[0, len) to t, replacing those of the same name.
 * source names the text in messages ("FILE:LINE: ...").  Returns 0, or -1
 * with err set and t unchanged. */
int ot_themes_parse(ot_themes *t, const char *text, size_t len, const char *source, ot_error *err);

/* The user's theme file: $XDG_CONFIG_HOME/ofsted-tui/themes, or
 * $HOME/.config/ofsted-tui/themes when XDG_CONFIG_HOME is unset or empty.
 * malloc'd; NULL when neither variable is set or memory ran out. */
char *ot_themes_user_path(void);

/* The default themes, then the user's file at path (NULL: the one
 * ot_themes_user_path names; a file that does not exist is no error).
 * Returns a new set, or NULL with err set (naming the file and line). */
ot_themes *ot_themes_load(const char *path, ot_error *err);

size_t ot_themes_count(const ot_themes *t);
/* Theme i's name, pattern, compiled regex and origin ("default" or
 * "FILE:LINE"), all borrowed from t. */
const char *ot_themes_name(const ot_themes *t, size_t i);
const char *ot_themes_pattern(const ot_themes *t, size_t i);
const ot_regex *ot_themes_regex(const ot_themes *t, size_t i);
const char *ot_themes_origin(const ot_themes *t, size_t i);
/* The index of the theme called name (exact), or -1. */
long ot_themes_find(const ot_themes *t, const char *name);

/* Which texts a question reads. */
typedef struct ot_theme_filter {
    long long authority_id; /* 0: every authority */
    bool actions;           /* improvement actions instead of findings */
    int from_year, to_year; /* inspections starting in these years; 0: no limit */
} ot_theme_filter;

typedef struct ot_theme_inspection {
    long long id;
    char *start_date; /* YYYY-MM-DD */
    char *framework;
    int n_texts;
} ot_theme_inspection;

/* One authority's themes by inspection. */
typedef struct ot_theme_matrix {
    ot_theme_inspection *insp; /* oldest first */
    size_t n_insp;
    size_t n_themes;
    int *counts;      /* [theme * n_insp + i]: texts of inspection i that match */
    int *inspections; /* per theme: inspections with a match */
    int *total;       /* per theme: texts that match */
    int *longest_run; /* per theme: most consecutive inspections with a match */
    int *current_run; /* per theme: consecutive inspections with a match, ending with the latest */
    size_t *order;    /* the themes, recurring first: by current run, longest run,
                       * inspections, texts (all descending), then as in the set */
} ot_theme_matrix;

/* Fill m for the texts filter selects (usually one authority).  Returns 0,
 * or -1 with err set (database, memory, or a pattern that hit PCRE2's
 * limits).  Free with ot_theme_matrix_free. */
int ot_themes_matrix(ot_db *db, const ot_themes *t, const ot_theme_filter *filter, ot_theme_matrix *m,
                     ot_error *err);
void ot_theme_matrix_free(ot_theme_matrix *m);

/* Themes by year of inspection, so years of different sizes compare. */
typedef struct ot_theme_trends {
    int first_year, n_years;
    int *inspections; /* per year: inspections with texts */
    size_t n_themes;
    int *matching;    /* [theme * n_years + y]: inspections with a match */
    int *texts;       /* [theme * n_years + y]: texts that match (0 unless counted) */
} ot_theme_trends;

/* Fill tr for the texts filter selects.  Counting the matching texts
 * (count_texts) means testing every theme on every text; without it a
 * theme is looked for in an inspection only until it is found there,
 * several times faster, and tr->texts stays 0.  Returns 0 or -1 with err
 * set.  Free with ot_theme_trends_free. */
int ot_themes_trends(ot_db *db, const ot_themes *t, const ot_theme_filter *filter, bool count_texts,
                     ot_theme_trends *tr, ot_error *err);
void ot_theme_trends_free(ot_theme_trends *tr);

/* ot_themes_trends without counting texts, kept from one run to the next:
 * England's trends (a filter with no authority and no years) are read
 * from a file beside the database (its path with "-themes" added, or
 * "-themes-actions" for the actions) when
 * that file was written for the same database contents (its id, findings
 * generation and largest finding, action and inspection ids), the same
 * themes (names and patterns) and the same choice of findings or actions;
 * else they are counted and the file is written (quietly not, when it
 * cannot be).  Other filters are counted every time.  cancel, when not
 * NULL, stops the count as soon as it becomes non-zero (-1, err
 * "interrupted").  Returns 0 or -1 with err set.  Free tr with
 * ot_theme_trends_free. */
int ot_themes_trends_kept(ot_db *db, const ot_themes *t, const ot_theme_filter *filter,
                          const volatile int *cancel, ot_theme_trends *tr, ot_error *err);

/* Inspections with a match per 100 inspections in year index y (0 when
 * that year has none). */
double ot_theme_trends_per_100(const ot_theme_trends *tr, size_t theme, int y);

/* One text that matches a theme. */
typedef struct ot_theme_hit {
    long long inspection_id;
    long long text_id; /* the finding's (or action's) id */
    char *authority;
    char *start_date;
    char *framework;
    char *section;     /* the finding's section key, "action" for actions */
    int paragraph;     /* the finding's number, or the action's ordinal */
    char *text;
} ot_theme_hit;

typedef struct ot_theme_hits {
    ot_theme_hit *v; /* in date order */
    size_t n;
} ot_theme_hits;

/* Every text filter selects that theme matches.  Returns 0 or -1 with err
 * set.  Free with ot_theme_hits_free. */
int ot_themes_hits(ot_db *db, const ot_themes *t, size_t theme, const ot_theme_filter *filter,
                   ot_theme_hits *out, ot_error *err);
void ot_theme_hits_free(ot_theme_hits *h);

#endif
