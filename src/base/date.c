/* Dates as Ofsted prints them: see include/ofsted-tui/date.h. */
#include "config.h"

#include "ofsted-tui/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
};

int ot_date_month(const char *s, size_t len)
{
    char w[16];
    if (len < 3 || len >= sizeof w)
        return 0;
    for (size_t i = 0; i < len; i++)
        w[i] = (char)tolower((unsigned char)s[i]);
    w[len] = '\0';
    for (int m = 0; m < 12; m++) {
        if (strcmp(w, month_names[m]) == 0)
            return m + 1;
        if (len == 3 && strncmp(w, month_names[m], 3) == 0)
            return m + 1;
    }
    if (strcmp(w, "sept") == 0)
        return 9;
    return 0;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

bool ot_date_valid(ot_date d)
{
    return d.year >= 1900 && d.year <= 2999 && d.month >= 1 && d.month <= 12 &&
           d.day >= 1 && d.day <= month_days(d.year, d.month);
}

void ot_date_iso(ot_date d, char out[11])
{
    unsigned y = (unsigned)d.year % 10000u, m = (unsigned)d.month % 100u, dd = (unsigned)d.day % 100u;
    snprintf(out, 11, "%04u-%02u-%02u", y, m, dd);
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static long days_from_civil(ot_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

long ot_date_diff(ot_date a, ot_date b)
{
    return days_from_civil(b) - days_from_civil(a);
}

static int cmp_date(ot_date a, ot_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    return a.day < b.day ? -1 : a.day > b.day;
}

/* One lexical token of a date text. */
enum tok_kind { TOK_END, TOK_NUM, TOK_NUMERIC_DATE, TOK_MONTH, TOK_AND, TOK_OTHER };

typedef struct tok {
    enum tok_kind kind;
    int value;   /* number, or month */
    ot_date date; /* TOK_NUMERIC_DATE */
} tok;

/* Read "d/m/y" at s; returns bytes used or 0. */
static size_t numeric_date(const char *s, size_t len, ot_date *d)
{
    int f[3] = {0, 0, 0};
    size_t i = 0;
    for (int k = 0; k < 3; k++) {
        size_t st = i;
        while (i < len && isdigit((unsigned char)s[i]) && i - st < 4)
            f[k] = f[k] * 10 + (s[i++] - '0');
        if (i == st)
            return 0;
        if (k < 2) {
            if (i >= len || (s[i] != '/' && s[i] != '.'))
                return 0;
            i++;
        }
    }
    if (i < len && isdigit((unsigned char)s[i]))
        return 0;
    if (f[2] < 100)
        f[2] += 2000;
    d->day = f[0];
    d->month = f[1];
    d->year = f[2];
    return ot_date_valid(*d) ? i : 0;
}

/* Next token from s[*pos..len); separators (spaces, dashes of any kind,
 * commas, "to") are skipped. */
static tok next_tok(const char *s, size_t len, size_t *pos)
{
    tok t = {TOK_END, 0, {0, 0, 0}};
    size_t i = *pos;
    for (;;) {
        while (i < len && !isalnum((unsigned char)s[i]))
            i++;
        if (i >= len) {
            *pos = i;
            return t;
        }
        if (isdigit((unsigned char)s[i])) {
            size_t used = numeric_date(s + i, len - i, &t.date);
            if (used) {
                t.kind = TOK_NUMERIC_DATE;
                *pos = i + used;
                return t;
            }
            long v = 0;
            size_t st = i;
            while (i < len && isdigit((unsigned char)s[i])) {
                if (v < 100000)
                    v = v * 10 + (s[i] - '0');
                i++;
            }
            /* Ordinals: "1st", "22nd". */
            if (i + 1 < len && isalpha((unsigned char)s[i]) && isalpha((unsigned char)s[i + 1]) &&
                (i + 2 >= len || !isalpha((unsigned char)s[i + 2])) && i - st <= 2)
                i += 2;
            t.kind = TOK_NUM;
            t.value = (int)v;
            *pos = i;
            return t;
        }
        size_t st = i;
        while (i < len && isalpha((unsigned char)s[i]))
            i++;
        size_t wl = i - st;
        if (wl == 2 && strncasecmp(s + st, "to", 2) == 0)
            continue;
        *pos = i;
        if (wl == 3 && strncasecmp(s + st, "and", 3) == 0) {
            t.kind = TOK_AND;
            return t;
        }
        int m = ot_date_month(s + st, wl);
        /* Abbreviations may carry a full stop ("Feb."): harmless, it is a
         * separator. */
        if (m) {
            t.kind = TOK_MONTH;
            t.value = m;
            return t;
        }
        t.kind = TOK_OTHER;
        return t;
    }
}

size_t ot_date_parse(const char *s, ot_date *out)
{
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    if (i >= len || !isdigit((unsigned char)s[i]))
        return 0;
    size_t used = numeric_date(s + i, len - i, out);
    if (used)
        return i + used;
    size_t pos = i;
    tok d = next_tok(s, len, &pos);
    tok m = next_tok(s, len, &pos);
    tok y = next_tok(s, len, &pos);
    if (d.kind != TOK_NUM || m.kind != TOK_MONTH || y.kind != TOK_NUM)
        return 0;
    ot_date r = {y.value, m.value, d.value};
    if (!ot_date_valid(r))
        return 0;
    *out = r;
    return pos;
}

#define MAX_PARTS 8

int ot_date_parse_range(const char *s, size_t len, ot_date_range *out)
{
    ot_date part[MAX_PARTS];
    bool own_year[MAX_PARTS];
    int block[MAX_PARTS];
    int n = 0, cur_block = 0;
    size_t pos = 0;
    tok t = next_tok(s, len, &pos);
    memset(out, 0, sizeof *out);
    while (t.kind != TOK_END && n < MAX_PARTS) {
        if (t.kind == TOK_NUMERIC_DATE) {
            part[n] = t.date;
            own_year[n] = true;
            block[n++] = cur_block;
            t = next_tok(s, len, &pos);
        } else if (t.kind == TOK_NUM && t.value >= 1 && t.value <= 31) {
            ot_date d = {0, 0, t.value};
            t = next_tok(s, len, &pos);
            if (t.kind == TOK_MONTH) {
                d.month = t.value;
                t = next_tok(s, len, &pos);
                if (t.kind == TOK_NUM && t.value >= 1900 && t.value <= 2999) {
                    d.year = t.value;
                    t = next_tok(s, len, &pos);
                }
            }
            part[n] = d;
            own_year[n] = d.year != 0;
            block[n++] = cur_block;
        } else {
            if (t.kind == TOK_AND && n > 0)
                cur_block++;
            t = next_tok(s, len, &pos);
        }
    }
    if (n == 0)
        return -1;
    /* A date borrows the month and year it lacks from the next one that
     * has them: "14 January – 5 February 2014", "11 to 15 September". */
    for (int i = n - 2; i >= 0; i--) {
        if (!part[i].month)
            part[i].month = part[i + 1].month;
        if (!part[i].year)
            part[i].year = part[i + 1].year;
    }
    for (int i = 0; i < n; i++)
        if (!ot_date_valid(part[i]))
            return -1;
    /* "29 December – 9 January 2015": the first date is in the year before. */
    for (int i = n - 2; i >= 0; i--)
        if (!own_year[i] && cmp_date(part[i], part[i + 1]) > 0)
            part[i].year--;
    out->start = part[0];
    out->end = part[n - 1];
    out->first_end = part[0];
    for (int i = 0; i < n && block[i] == 0; i++)
        out->first_end = part[i];
    out->n_blocks = block[n - 1] + 1;
    if (cmp_date(out->end, out->start) < 0)
        return -1;
    return 0;
}

int ot_date_from_file_name(const char *path, ot_date *out)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    int found = -1;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)base[i]) || (i > 0 && isalnum((unsigned char)base[i - 1])))
            continue;
        size_t j = i, k;
        int day = 0;
        while (j < len && isdigit((unsigned char)base[j]) && j - i < 3)
            day = day * 10 + (base[j++] - '0');
        if (j >= len || base[j] != ' ')
            continue;
        j++;
        k = j;
        while (k < len && isalpha((unsigned char)base[k]))
            k++;
        int month = ot_date_month(base + j, k - j);
        if (!month || k >= len || base[k] != ' ')
            continue;
        k++;
        int year = 0;
        size_t ys = k;
        while (k < len && isdigit((unsigned char)base[k]) && k - ys < 5)
            year = year * 10 + (base[k++] - '0');
        if (k - ys != 4 || (k < len && isdigit((unsigned char)base[k])))
            continue;
        ot_date d = {year, month, day};
        if (ot_date_valid(d)) {
            *out = d;
            found = 0;
        }
    }
    return found;
}
