/* Unit tests of the paragraph scan, and the differential test against
 * ripgrep: for each pattern, the set of matching paragraphs (and the match
 * spans) must be exactly what `rg -P -S` finds in the same paragraphs one
 * per line.  The paragraphs come from the real report PDFs in
 * $OT_SHARED_DATA/ofsted/reports, through bench/paragraphs.sh. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ofsted-tui/regex.h"
#include "ofsted-tui/textscan.h"

static ot_regex *compile(const char *pattern)
{
    ot_error err = OT_ERROR_INIT;
    ot_regex *re = ot_regex_new(pattern, strlen(pattern), OT_REGEX_SMART_CASE, NULL, &err);
    if (!re)
        fail_msg("%s: %s", pattern, ot_error_msg(&err));
    return re;
}

static ot_textscan *build(const char *const *paras, size_t n)
{
    ot_error err = OT_ERROR_INIT;
    ot_textscan *ts = ot_textscan_new();
    assert_non_null(ts);
    for (size_t i = 0; i < n; i++)
        if (ot_textscan_add(ts, paras[i], strlen(paras[i]), &err) < 0)
            fail_msg("paragraph %zu: %s", i, ot_error_msg(&err));
    return ts;
}

/* The matching paragraphs as a string like "0,2" for easy comparison. */
static char *scan_set(const ot_textscan *ts, const char *pattern, int threads)
{
    ot_error err = OT_ERROR_INIT;
    ot_regex *re = compile(pattern);
    ot_textscan_opts opts = { .threads = threads };
    ot_textscan_result res;
    int rc = ot_textscan_run(ts, re, &opts, &res, &err);
    if (rc == OT_REGEX_ERROR)
        fail_msg("%s: %s", pattern, ot_error_msg(&err));
    char *s = calloc(res.count * 21 + 1, 1);
    assert_non_null(s);
    size_t len = 0;
    for (size_t k = 0; k < res.count; k++)
        len += (size_t)sprintf(s + len, "%s%zu", k ? "," : "", res.para[k]);
    assert_int_equal(rc, res.count ? OT_REGEX_MATCH : OT_REGEX_NOMATCH);
    ot_textscan_result_free(&res);
    ot_regex_free(re);
    return s;
}

/* Paragraph boundaries: what a paragraph alone gives, never what the
 * buffer around it would.  The answers are ripgrep's (rg -P -S -n over
 * these lines). */
static const char *const edge_paras[] = {
    "Leaders know their services well",
    "Good",
    "",
    "the service is good. Good",
    "food good",
    "Máire’s plan",
};

static const struct {
    const char *pattern;
    const char *want;
} edge_cases[] = {
    { "well\\sgood", "" },             /* \s would cross the separator */
    { "well\\s*$", "0" },
    { "well[^x]good", "" },
    { "(?s)well.good", "" },
    { "^good$", "1" },
    { "^$", "2" },
    { "^", "0,1,2,3,4,5" },
    { "good$", "1,3,4" },
    { "\\Agood", "1" },                /* \A: start of each paragraph */
    { "well\\z", "0" },
    { "well\\Z", "0" },
    { "(?<=\\s)good", "3,4" },         /* nothing before "Good" in para 1 */
    { "(?<!\\s)Good", "1" },
    { "(?<![\\s.])Good", "1" },
    { "good(?=\\s)", "" },
    { "good(?!\\s)", "1,3,4" },
    { "well\\s*+$", "0" },
    { "(?>well\\s*)$", "0" },
    { "\\bgood\\b", "1,3,4" },
    { "s\\s*\\n?", "0,3,5" },
    { "Máire’s", "5" },
    { "máire’s", "5" },
    { "’s\\b", "5" },
    { "\\w+’s", "5" },
    { "[^\\n]*good", "1,3,4" },
    { "\\R", "" },
    { "\\v", "" },
    { "good|well", "0,1,3,4" },
    { "(?m)^good", "1" },
    { "(*CR)good$", "4" },             /* C and R: case-sensitive */
};

static void test_edges(void **state)
{
    (void)state;
    ot_textscan *ts = build(edge_paras, sizeof edge_paras / sizeof *edge_paras);
    for (size_t i = 0; i < sizeof edge_cases / sizeof *edge_cases; i++) {
        for (int threads = 1; threads <= 2; threads++) {
            char *got = scan_set(ts, edge_cases[i].pattern, threads);
            if (strcmp(got, edge_cases[i].want) != 0)
                fail_msg("case %zu /%s/: got {%s}, want {%s}", i, edge_cases[i].pattern, got,
                         edge_cases[i].want);
            free(got);
        }
    }
    ot_textscan_free(ts);
}

static const struct {
    const char *pattern;
    const char *strategy;
} strategy_cases[] = {
    { "supervision", "literal" },
    { "unregulated placements?", "literal" },
    { "(?i)\\bthreshold", "literal" },
    { "inadequate|requires improvement", "literal" },
    { "child(ren)?’?s? sexual exploitation", "literal" },
    { "\\b[A-Z][a-z]+ly\\b", "buffer" },
    { "good|\\w+ly", "buffer" },
    { "(?<=\\s)good", "literal" },      /* lookbehind is fine: paragraphs alone */
    { "\\d+%", "buffer" },
    { "\\d+(?=%)", "paragraph" },
    { "\\Agood", "literal" },
    { "\\A\\w", "paragraph" },
    { "a++b", "paragraph" },
    { "\\x{41}bc", "buffer" },
    { "(?x) good # comment", "paragraph" },
};

static void test_strategy(void **state)
{
    (void)state;
    ot_textscan *ts = build(edge_paras, sizeof edge_paras / sizeof *edge_paras);
    for (size_t i = 0; i < sizeof strategy_cases / sizeof *strategy_cases; i++) {
        ot_regex *re = compile(strategy_cases[i].pattern);
        const char *got = ot_textscan_strategy(ts, re);
        if (strcmp(got, strategy_cases[i].strategy) != 0)
            fail_msg("case %zu /%s/: %s, want %s", i, strategy_cases[i].pattern, got,
                     strategy_cases[i].strategy);
        ot_regex_free(re);
    }
    ot_textscan_free(ts);
}

static void test_bad_input(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_textscan *ts = ot_textscan_new();
    assert_int_equal(ot_textscan_add(ts, "fine", 4, &err), 0);
    assert_int_equal(ot_textscan_add(ts, "two\nlines", 9, &err), -1);
    assert_string_equal(ot_error_msg(&err), "paragraph 1: line break at byte 3");
    assert_int_equal(ot_textscan_add(ts, "bad \xe2\x80 utf", 9, &err), -1);
    assert_string_equal(ot_error_msg(&err), "paragraph 1: invalid UTF-8 at byte 4");
    assert_int_equal(ot_textscan_count(ts), 1);
    ot_textscan_free(ts);
    ot_error_clear(&err);

    const char text[] = "one\ntwo\nthree \xc3\x28 four\n";
    ts = ot_textscan_from_lines(text, sizeof text - 1, &err);
    assert_null(ts);
    assert_string_equal(ot_error_msg(&err), "line 3: invalid UTF-8 at byte 7");
    ot_error_clear(&err);
}

static void test_from_lines(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    const char text[] = "alpha\n\nbeta gamma\ndelta"; /* no final newline */
    ot_textscan *ts = ot_textscan_from_lines(text, sizeof text - 1, &err);
    assert_non_null(ts);
    assert_int_equal(ot_textscan_count(ts), 4);
    size_t len;
    const char *p = ot_textscan_para(ts, 3, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(p, "delta", 5);
    char *got = scan_set(ts, "a$", 2);
    assert_string_equal(got, "0,2,3");
    free(got);
    got = scan_set(ts, "^$", 2);
    assert_string_equal(got, "1");
    free(got);
    ot_textscan_free(ts);

    ts = ot_textscan_from_lines("", 0, &err);
    assert_non_null(ts);
    assert_int_equal(ot_textscan_count(ts), 0);
    got = scan_set(ts, "x", 0);
    assert_string_equal(got, "");
    free(got);
    ot_textscan_free(ts);
}

/* The Kelvin sign and long s in the text: caseless k and s match them, so
 * the prefilter must not fold k and s the ASCII way. */
static void test_kelvin(void **state)
{
    (void)state;
    static const char *const paras[] = { "weekly supervision", "\xe2\x84\xaa" "ey ſupervision" };
    ot_textscan *ts = build(paras, 2);
    char *got = scan_set(ts, "key supervision", 1);
    assert_string_equal(got, "1");
    free(got);
    got = scan_set(ts, "supervision", 1);
    assert_string_equal(got, "0,1");
    free(got);
    ot_textscan_free(ts);
}

static void test_select_spans(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_textscan *ts = build(edge_paras, sizeof edge_paras / sizeof *edge_paras);
    unsigned char select[] = { 1, 0, 1, 1, 1, 1 };
    ot_textscan_opts opts = { .want_spans = 1, .select = select, .threads = 1 };
    ot_textscan_result res;
    ot_regex *re = compile("good");
    assert_int_equal(ot_textscan_run(ts, re, &opts, &res, &err), OT_REGEX_MATCH);
    assert_int_equal(res.count, 2);
    assert_int_equal(res.para[0], 3);
    assert_int_equal(res.para[1], 4);
    /* "the service is good. Good": two spans; "food good": one. */
    assert_int_equal(res.span_first[0], 0);
    assert_int_equal(res.span_first[1], 2);
    assert_int_equal(res.span_first[2], 3);
    assert_int_equal(res.spans.v[0].start, 15);
    assert_int_equal(res.spans.v[1].start, 21);
    assert_int_equal(res.spans.v[2].start, 5);
    assert_int_equal(res.spans.v[2].end, 9);
    ot_textscan_result_free(&res);
    ot_regex_free(re);
    ot_textscan_free(ts);
}

static int cancel_now(void *data)
{
    (void)data;
    return 1;
}

static void test_cancel(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_textscan *ts = build(edge_paras, sizeof edge_paras / sizeof *edge_paras);
    ot_textscan_opts opts = { .cancel = cancel_now, .threads = 1 };
    ot_textscan_result res;
    ot_regex *re = compile("good");
    assert_int_equal(ot_textscan_run(ts, re, &opts, &res, &err), OT_REGEX_CANCELLED);
    assert_int_equal(res.count, 0);
    ot_textscan_result_free(&res);
    ot_regex_free(re);
    ot_textscan_free(ts);
}

/* What the progress callback saw, checked against the final result. */
struct progress_log {
    size_t calls;
    size_t last_upto;
    int bad; /* a call that was not a prefix of the final result */
    size_t *para;        /* the last so_far, copied */
    size_t count;
    size_t *span_first;
    ot_span *spans;
};

static void on_progress(void *data, const ot_textscan_result *so_far, size_t upto)
{
    struct progress_log *log = data;
    log->calls++;
    if (upto < log->last_upto)
        log->bad = 1;
    log->last_upto = upto;
    for (size_t k = 0; k < so_far->count; k++)
        if (so_far->para[k] >= upto || (k > 0 && so_far->para[k] <= so_far->para[k - 1]))
            log->bad = 1;
    free(log->para);
    free(log->span_first);
    free(log->spans);
    log->count = so_far->count;
    log->para = malloc((so_far->count + 1) * sizeof *log->para);
    memcpy(log->para, so_far->para, so_far->count * sizeof *log->para);
    log->span_first = malloc((so_far->count + 1) * sizeof *log->span_first);
    size_t n_spans = so_far->count ? so_far->span_first[so_far->count] : 0;
    if (so_far->count)
        memcpy(log->span_first, so_far->span_first, (so_far->count + 1) * sizeof *log->span_first);
    log->spans = malloc((n_spans + 1) * sizeof *log->spans);
    memcpy(log->spans, so_far->spans.v, n_spans * sizeof *log->spans);
}

/* A scan of several chunks reports its matches as it goes, each report a
 * prefix of the final result, spans included. */
static void test_progress(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    ot_textscan *ts = ot_textscan_new();
    char para[128];
    size_t n = 200000; /* about 16 MB: several chunks */
    for (size_t i = 0; i < n; i++) {
        int len = snprintf(para, sizeof para, "Paragraph %zu says %s about children's plans and reviews of them.",
                           i, i % 7 == 0 ? "Clearly and rarely" : "little");
        assert_int_equal(ot_textscan_add(ts, para, (size_t)len, &err), 0);
    }
    ot_regex *re = compile("\\b[A-Z][a-z]+ly\\b");
    for (int threads = 1; threads <= 2; threads++) {
        struct progress_log log = { 0 };
        ot_textscan_opts opts = { .want_spans = 1, .threads = threads, .progress = on_progress, .progress_data = &log };
        ot_textscan_result res;
        assert_int_equal(ot_textscan_run(ts, re, &opts, &res, &err), OT_REGEX_MATCH);
        assert_int_equal(res.count, (n + 6) / 7);
        assert_true(log.calls > 0);
        assert_false(log.bad);
        assert_true(log.count > 0 && log.count <= res.count);
        for (size_t k = 0; k < log.count; k++) {
            assert_int_equal(log.para[k], res.para[k]);
            assert_int_equal(log.span_first[k + 1] - log.span_first[k], res.span_first[k + 1] - res.span_first[k]);
            for (size_t j = log.span_first[k]; j < log.span_first[k + 1]; j++) {
                const ot_span *final = &res.spans.v[res.span_first[k] + (j - log.span_first[k])];
                assert_int_equal(log.spans[j].start, final->start);
                assert_int_equal(log.spans[j].end, final->end);
            }
        }
        free(log.para);
        free(log.span_first);
        free(log.spans);
        ot_textscan_result_free(&res);
    }
    ot_regex_free(re);
    ot_textscan_free(ts);
}

static void test_too_complex(void **state)
{
    (void)state;
    ot_error err = OT_ERROR_INIT;
    static const char *const paras[] = {
        "Children in care are supported well by social workers who know them and "
        "visit them regularly and listen to them and act on what they say about "
        "their lives and plans and hopes for the future in their own words.",
    };
    ot_textscan *ts = build(paras, 1);
    ot_textscan_result res;
    ot_regex *re = compile("(\\w+\\s?)+$");
    assert_int_equal(ot_textscan_run(ts, re, NULL, &res, &err), OT_REGEX_ERROR);
    assert_string_equal(ot_error_msg(&err), "pattern too complex");
    ot_error_clear(&err);
    ot_regex_free(re);
    ot_textscan_free(ts);
}

/* ------------------------------------------------------ against ripgrep */

struct text {
    char *data;
    size_t len;
};

/* Run argv with stdout into `out` (or into the file `to_file`); returns the
 * exit status, or -1 when it could not be run. */
static int run_capture(char *const argv[], struct text *out, const char *to_file)
{
    int fds[2];
    if (!to_file && pipe(fds) < 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (to_file) {
            if (!freopen(to_file, "w", stdout))
                _exit(126);
        } else {
            dup2(fds[1], 1);
            close(fds[0]);
            close(fds[1]);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    if (!to_file) {
        close(fds[1]);
        size_t cap = 1 << 16;
        out->data = malloc(cap);
        out->len = 0;
        for (;;) {
            if (out->len + 4096 > cap) {
                cap *= 2;
                out->data = realloc(out->data, cap);
            }
            assert_non_null(out->data);
            ssize_t n = read(fds[0], out->data + out->len, cap - out->len);
            if (n <= 0)
                break;
            out->len += (size_t)n;
        }
        close(fds[0]);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

static int have_tool(const char *name, const char *version_flag)
{
    char *argv[] = { (char *)name, (char *)version_flag, NULL };
    struct text out = { NULL, 0 };
    int rc = run_capture(argv, &out, NULL);
    free(out.data);
    return rc == 0;
}

/* Patterns an analyst would type: literals, alternations, classes, (?i),
 * curly apostrophes, £ amounts, word boundaries, anchors, \s. */
static const char *const diff_patterns[] = {
    "supervision",
    "unregulated placements?",
    "(?i)\\bthreshold",
    "inadequate|requires improvement",
    "\\b[A-Z][a-z]+ly\\b",
    "child(ren)?’?s? sexual exploitation",
    "children’s",
    "young people’s|care leavers’",
    "£\\d+(,\\d{3})*( million)?",
    "£[0-9.]+m\\b",
    "^\\d+\\. ",
    "improvement\\.$",
    "\\bLADO\\b",
    "Ofsted",
    "(?i)ofsted",
    "social\\s+work(er)?s?\\b",
    "\\b(good|outstanding)\\b.*\\binadequate\\b",
    "[Ii]nadequate",
    "\\b\\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4}\\b",
    "children (in|looked after by) the local authority",
    "\\s$",
    "^\\s*$",
    "(?<=the )local",
    "(?<!\\w)care(?!\\w)",
    "\\bmissing( from (home|care))?\\b",
    "e\\.g\\.|i\\.e\\.",
    "(?-i:Children)",
    "\\w+’s \\w+",
    "\\d+%",
    "[^\\x00-\\x7F]",
    "Máire|café|naïve",
    "k",
    "",
};

/* The lines rg prints ("N:text"), as a sorted list of 0-based indices. */
static size_t parse_rg(const struct text *out, size_t **lines)
{
    size_t n = 0, cap = 1024;
    *lines = malloc(cap * sizeof **lines);
    size_t i = 0;
    while (i < out->len) {
        size_t v = 0;
        while (i < out->len && out->data[i] >= '0' && out->data[i] <= '9')
            v = v * 10 + (size_t)(out->data[i++] - '0');
        if (n == cap) {
            cap *= 2;
            *lines = realloc(*lines, cap * sizeof **lines);
        }
        (*lines)[n++] = v - 1;
        const char *nl = memchr(out->data + i, '\n', out->len - i);
        i = nl ? (size_t)(nl - out->data) + 1 : out->len;
    }
    return n;
}

static void test_against_ripgrep(void **state)
{
    (void)state;
    const char *ci = getenv("CI");
    int must = ci && strcmp(ci, "true") == 0;
    const char *data = getenv("OT_SHARED_DATA");
    const char *srcdir = getenv("OT_SRCDIR");
    char reports[4096], script[4096], file[] = "/tmp/ot-textscan-XXXXXX";

    if (!srcdir)
        srcdir = getenv("srcdir");
    if (!srcdir)
        srcdir = ".";
    if (!data)
        data = "../shared/data";
    snprintf(reports, sizeof reports, "%s/ofsted/reports", data);
    snprintf(script, sizeof script, "%s/bench/paragraphs.sh", srcdir);
    struct stat st;
    if (stat(reports, &st) < 0 || !have_tool("rg", "--version") || !have_tool("pdftotext", "-v")) {
        if (must)
            fail_msg("need %s, rg (ripgrep) and pdftotext (poppler-utils)", reports);
        skip();
    }
    int fd = mkstemp(file);
    assert_true(fd >= 0);
    close(fd);
    /* Every 6th report keeps the test to a few seconds. */
    char *gen[] = { (char *)"sh", script, (char *)"-n", (char *)"6", reports, NULL };
    assert_int_equal(run_capture(gen, NULL, file), 0);

    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    struct text all = { NULL, 0 };
    assert_int_equal(fstat(fileno(f), &st), 0);
    all.len = (size_t)st.st_size;
    all.data = malloc(all.len + 1);
    assert_int_equal(fread(all.data, 1, all.len, f), all.len);
    fclose(f);
    assert_true(all.len > 100000);

    ot_error err = OT_ERROR_INIT;
    ot_textscan *ts = ot_textscan_from_lines(all.data, all.len, &err);
    if (!ts)
        fail_msg("%s: %s", file, ot_error_msg(&err));
    /* The same paragraphs added one by one, as the store will. */
    ot_textscan *built = ot_textscan_new();
    for (size_t i = 0; i < ot_textscan_count(ts); i++) {
        size_t len;
        const char *p = ot_textscan_para(ts, i, &len);
        assert_int_equal(ot_textscan_add(built, p, len, &err), 0);
    }

    for (size_t k = 0; k < sizeof diff_patterns / sizeof *diff_patterns; k++) {
        const char *pat = diff_patterns[k];
        char *rg[] = { (char *)"rg", (char *)"-P", (char *)"-S", (char *)"-n", (char *)"--no-filename",
                       (char *)"-e", (char *)pat, file, NULL };
        struct text out = { NULL, 0 };
        int rc = run_capture(rg, &out, NULL);
        assert_true(rc == 0 || rc == 1);
        size_t *want;
        size_t nwant = parse_rg(&out, &want);
        free(out.data);

        ot_regex *re = compile(pat);
        for (int variant = 0; variant < 3; variant++) {
            ot_textscan_opts opts = { .want_spans = variant == 2, .threads = variant == 1 ? 1 : 2 };
            ot_textscan_result res;
            int src = ot_textscan_run(variant == 2 ? built : ts, re, &opts, &res, &err);
            if (src == OT_REGEX_ERROR)
                fail_msg("/%s/: %s", pat, ot_error_msg(&err));
            if (res.count != nwant || (nwant && memcmp(res.para, want, nwant * sizeof *want)))
                fail_msg("/%s/ (%s, variant %d): %zu paragraphs, rg -P -S finds %zu", pat,
                         ot_textscan_strategy(ts, re), variant, res.count, nwant);
            if (variant == 2) {
                /* Spans agree with matching each paragraph alone. */
                for (size_t j = 0; j < res.count; j++) {
                    size_t len;
                    const char *p = ot_textscan_para(built, res.para[j], &len);
                    ot_spans sp = OT_SPANS_INIT;
                    long n = ot_regex_find_all(re, NULL, p, len, NULL, NULL, &sp, &err);
                    assert_true(n > 0);
                    assert_int_equal((size_t)n, res.span_first[j + 1] - res.span_first[j]);
                    assert_memory_equal(sp.v, res.spans.v + res.span_first[j],
                                        (size_t)n * sizeof *sp.v);
                    ot_spans_free(&sp);
                }
            }
            ot_textscan_result_free(&res);
        }
        print_message("/%s/: %zu paragraphs (%s)\n", pat, nwant, ot_textscan_strategy(ts, re));
        ot_regex_free(re);
        free(want);
    }
    ot_textscan_free(built);
    ot_textscan_free(ts);
    free(all.data);
    unlink(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_strategy),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_from_lines),
        cmocka_unit_test(test_kelvin),
        cmocka_unit_test(test_select_spans),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_too_complex),
        cmocka_unit_test(test_against_ripgrep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
