/* libFuzzer target: the paragraph scan's pattern analysis and prefilter
 * (ofsted-tui/textscan.h), checked against plain PCRE2.
 *
 * Input: one flags byte, the pattern up to the first '\n', then the
 * paragraphs one per line (bytes that are not valid UTF-8 become '?', as
 * the corpus never holds any).  The scan -- whichever strategy it picks:
 * literals with the SIMD prefilter, one pass over the buffer, or paragraph
 * by paragraph -- must find exactly the paragraphs and spans that
 * ot_regex_find_all finds in each paragraph alone, which is the contract
 * textscan.h states.  Flags: bits 0-1 the case mode, bit 2 a selection
 * (every paragraph whose index has bit 0 equal to bit 3), bit 4 two
 * threads. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "ofsted-tui/regex.h"
#include "ofsted-tui/textscan.h"
#include "ofsted-tui/utf8.h"

/* Replace invalid UTF-8 in t[0, len) by '?'. */
static void make_valid(char *t, size_t len)
{
    size_t bad;
    size_t off = 0;
    while (off < len && !ot_utf8_valid(t + off, len - off, &bad)) {
        t[off + bad] = '?';
        off += bad + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0];
    data++;
    size--;
    const uint8_t *nl = memchr(data, '\n', size);
    size_t plen = nl ? (size_t)(nl - data) : size;
    const char *pattern = (const char *)data;
    size_t tlen = nl ? size - plen - 1 : 0;
    char *text = malloc(tlen ? tlen : 1);
    if (!text)
        return 0;
    if (tlen)
        memcpy(text, nl + 1, tlen);
    make_valid(text, tlen);

    ot_error err = OT_ERROR_INIT;
    ot_regex_case how = (flags & 3) == 1 ? OT_REGEX_IGNORE_CASE
                        : (flags & 3) == 2 ? OT_REGEX_MATCH_CASE : OT_REGEX_SMART_CASE;
    ot_regex *re = ot_regex_new(pattern, plen, how, NULL, &err);
    ot_textscan *ts = re ? ot_textscan_from_lines(text, tlen, &err) : NULL;
    if (!ts) {
        ot_error_clear(&err);
        ot_regex_free(re);
        free(text);
        return 0;
    }
    size_t n = ot_textscan_count(ts);
    int sk = (tlen && memmem(text, tlen, "\xC5\xBF", 2)) || (tlen && memmem(text, tlen, "\xE2\x84\xAA", 3));
    FUZZ_CHECK(ot_textscan_has_sk(ts) == sk, "has_sk %d, text has %d", ot_textscan_has_sk(ts), sk);
    const char *strategy = ot_textscan_strategy(ts, re);
    FUZZ_CHECK(!strcmp(strategy, "literal") || !strcmp(strategy, "buffer") ||
                   !strcmp(strategy, "paragraph"),
               "strategy \"%s\"", strategy);

    unsigned char *select = NULL;
    if (flags & 4) {
        select = malloc(n ? n : 1);
        if (!select)
            goto out;
        for (size_t i = 0; i < n; i++)
            select[i] = (i & 1) == ((flags >> 3) & 1);
    }
    ot_textscan_opts opts = {.want_spans = 1, .select = select, .threads = flags & 16 ? 2 : 1};
    ot_textscan_result res = OT_TEXTSCAN_RESULT_INIT;
    int rc = ot_textscan_run(ts, re, &opts, &res, &err);
    if (rc == OT_REGEX_ERROR) {
        /* "pattern too complex": the reference would hit the same limit. */
        ot_error_clear(&err);
        goto out;
    }
    FUZZ_CHECK(rc == (res.count ? OT_REGEX_MATCH : OT_REGEX_NOMATCH), "rc %d with %zu matches", rc,
               res.count);

    /* The reference: every selected paragraph alone. */
    ot_regex_scratch *s = ot_regex_scratch_new(re);
    size_t k = 0;
    int complete = s != NULL;
    for (size_t i = 0; s && i < n; i++) {
        if (select && !select[i])
            continue;
        size_t len;
        const char *p = ot_textscan_para(ts, i, &len);
        ot_spans want = OT_SPANS_INIT;
        long got = ot_regex_find_all(re, s, p, len, NULL, NULL, &want, &err);
        if (got < 0) { /* too complex here: the scan may have failed on it too */
            ot_error_clear(&err);
            ot_spans_free(&want);
            complete = 0;
            break;
        }
        if (got > 0) {
            FUZZ_CHECK(k < res.count && res.para[k] == i,
                       "/%.*s/ (%s): paragraph %zu matches alone, the scan missed it",
                       (int)plen, pattern, strategy, i);
            size_t first = res.span_first[k], last = res.span_first[k + 1];
            FUZZ_CHECK(last - first == want.len, "/%.*s/ (%s): paragraph %zu: %zu spans, alone %zu",
                       (int)plen, pattern, strategy, i, last - first, want.len);
            for (size_t j = 0; j < want.len; j++)
                FUZZ_CHECK(res.spans.v[first + j].start == want.v[j].start &&
                               res.spans.v[first + j].end == want.v[j].end,
                           "/%.*s/ (%s): paragraph %zu span %zu: [%zu,%zu) alone [%zu,%zu)",
                           (int)plen, pattern, strategy, i, j, res.spans.v[first + j].start,
                           res.spans.v[first + j].end, want.v[j].start, want.v[j].end);
            k++;
        } else {
            FUZZ_CHECK(k >= res.count || res.para[k] != i,
                       "/%.*s/ (%s): paragraph %zu found by the scan, not alone", (int)plen,
                       pattern, strategy, i);
        }
        ot_spans_free(&want);
    }
    if (complete)
        FUZZ_CHECK(k == res.count, "/%.*s/ (%s): the scan found %zu paragraphs, alone %zu",
                   (int)plen, pattern, strategy, res.count, k);
    ot_regex_scratch_free(s);
    ot_textscan_result_free(&res);
out:
    free(select);
    ot_textscan_free(ts);
    ot_regex_free(re);
    free(text);
    return 0;
}
