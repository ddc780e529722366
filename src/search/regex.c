/* PCRE2 patterns compiled like `rg -P -S`: see ofsted-tui/regex.h. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include "ofsted-tui/regex.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ofsted-tui/buf.h"
#include "ofsted-tui/utf8.h"

/* Limits that stop a runaway pattern.  PCRE2 applies the match limit to
 * each start position, so a catastrophic pattern costs at most this much
 * before the whole search gives up: with the JIT, 2e6 is a few tens of
 * milliseconds, while ordinary patterns on a paragraph stay below 1e4. */
#define MATCH_LIMIT 2000000u
#define DEPTH_LIMIT 100000u
#define HEAP_LIMIT_KIB (64u * 1024u)
#define JIT_STACK_START (32u * 1024u)
#define JIT_STACK_MAX (8u * 1024u * 1024u)

struct ot_regex {
    pcre2_code *code;
    pcre2_match_context *mctx; /* limits; copied into each scratch */
    char *pattern;
    size_t pattern_len;
    int caseless;
    int jit;
};

struct ot_regex_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *stack; /* NULL without the JIT */
    int jit;
};

void ot_spans_free(ot_spans *s)
{
    free(s->v);
    s->v = NULL;
    s->len = s->cap = 0;
}

static int spans_push(ot_spans *s, size_t start, size_t end)
{
    if (ot_grow((void **)&s->v, &s->cap, s->len, sizeof *s->v) < 0)
        return -1;
    s->v[s->len].start = start;
    s->v[s->len].end = end;
    s->len++;
    return 0;
}


int ot_regex_has_upper(const char *pattern, size_t len)
{
    /* ripgrep (grep-pcre2's has_uppercase_literal) walks the characters,
     * skips the one after each backslash, and asks Unicode whether any
     * other is upper case.  So \W and \S do not count, but the L of
     * \p{Lu} does.  Unicode's answer comes from PCRE2, which knows the
     * Uppercase property, rather than from the C library's locale. */
    const unsigned char *p = (const unsigned char *)pattern;
    size_t i = 0;
    int any_non_ascii = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = ot_utf8_decode((const char *)p + i, len - i, &cp);
        i += n;
        if (cp == '\\') {
            if (i < len)
                i += ot_utf8_decode((const char *)p + i, len - i, &cp);
            continue;
        }
        if (cp >= 'A' && cp <= 'Z')
            return 1;
        if (cp >= 0x80 && cp != 0xFFFD)
            any_non_ascii = 1;
    }
    if (!any_non_ascii)
        return 0;

    /* Slow path for non-ASCII letters: test each unescaped character. */
    int errcode;
    PCRE2_SIZE erroff;
    /* Rust's char::is_uppercase is the derived property Uppercase (Lu and
     * Other_Uppercase, e.g. Roman numerals); PCRE2 before 10.40 knows only
     * the general category Lu. */
    pcre2_code *up = pcre2_compile((PCRE2_SPTR) "\\p{Uppercase}", PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_ANCHORED, &errcode, &erroff, NULL);
    if (!up)
        up = pcre2_compile((PCRE2_SPTR) "\\p{Lu}", PCRE2_ZERO_TERMINATED,
                           PCRE2_UTF | PCRE2_ANCHORED, &errcode, &erroff, NULL);
    if (!up)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int found = 0;
    i = 0;
    while (md && i < len && !found) {
        uint32_t cp;
        size_t n = ot_utf8_decode((const char *)p + i, len - i, &cp);
        if (cp == '\\') {
            i += n;
            if (i < len)
                i += ot_utf8_decode((const char *)p + i, len - i, &cp);
            continue;
        }
        if (cp >= 0x80 && cp != 0xFFFD &&
            pcre2_match(up, (PCRE2_SPTR)(p + i), n, 0, 0, md, NULL) >= 0)
            found = 1;
        i += n;
    }
    pcre2_match_data_free(md);
    pcre2_code_free(up);
    return found;
}

static void set_pcre2_error(ot_error *err, int code, const char *suffix_fmt, size_t n)
{
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
        strcpy((char *)msg, "unknown PCRE2 error");
    if (suffix_fmt)
        ot_error_set(err, "%s at offset %zu", (const char *)msg, n);
    else
        ot_error_set(err, "%s", (const char *)msg);
}

ot_regex *ot_regex_new(const char *pattern, size_t len, ot_regex_case how,
                       size_t *err_offset, ot_error *err)
{
    ot_regex *re = calloc(1, sizeof *re);
    pcre2_compile_context *cctx = NULL;
    if (!re)
        goto nomem;
    re->pattern = malloc(len + 1);
    if (!re->pattern)
        goto nomem;
    memcpy(re->pattern, pattern, len);
    re->pattern[len] = '\0';
    re->pattern_len = len;

    switch (how) {
    case OT_REGEX_IGNORE_CASE:
        re->caseless = 1;
        break;
    case OT_REGEX_MATCH_CASE:
        re->caseless = 0;
        break;
    case OT_REGEX_SMART_CASE:
    default:
        re->caseless = !ot_regex_has_upper(pattern, len);
        break;
    }

    /* ripgrep's -P options: UTF, UCP, MULTILINE (so that ^ and $ work at
     * line ends when many lines are scanned as one subject).  \C is refused
     * because it can split a character, and match offsets must stay on
     * character boundaries for highlighting. */
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | PCRE2_NEVER_BACKSLASH_C;
    if (re->caseless)
        opts |= PCRE2_CASELESS;
    cctx = pcre2_compile_context_create(NULL);
    if (!cctx)
        goto nomem;
    pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);

    int errcode;
    PCRE2_SIZE erroff;
    re->code = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &errcode, &erroff, cctx);
    pcre2_compile_context_free(cctx);
    cctx = NULL;
    if (!re->code) {
        if (err_offset)
            *err_offset = erroff;
        set_pcre2_error(err, errcode, "at", erroff);
        ot_regex_free(re);
        return NULL;
    }
    /* Without a JIT (or on JIT failure, e.g. no executable memory) the
     * interpreter gives the same answers, only slower. */
    re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
    /* (*NO_JIT) in the pattern makes the compile "succeed" with no code,
     * and pcre2_jit_match would then refuse: ask whether there is code. */
    size_t jit_size = 0;
    if (re->jit && (pcre2_pattern_info(re->code, PCRE2_INFO_JITSIZE, &jit_size) != 0 || jit_size == 0))
        re->jit = 0;

    re->mctx = pcre2_match_context_create(NULL);
    if (!re->mctx)
        goto nomem;
    pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
    pcre2_set_heap_limit(re->mctx, HEAP_LIMIT_KIB);
    return re;

nomem:
    if (err_offset)
        *err_offset = 0;
    ot_error_set(err, "out of memory");
    ot_regex_free(re);
    return NULL;
}

void ot_regex_free(ot_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    pcre2_match_context_free(re->mctx);
    free(re->pattern);
    free(re);
}

const char *ot_regex_pattern(const ot_regex *re, size_t *len)
{
    if (len)
        *len = re->pattern_len;
    return re->pattern;
}

int ot_regex_caseless(const ot_regex *re)
{
    return re->caseless;
}

int ot_regex_jit(const ot_regex *re)
{
    return re->jit;
}

ot_regex_scratch *ot_regex_scratch_new(const ot_regex *re)
{
    ot_regex_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->md = pcre2_match_data_create_from_pattern(re->code, NULL);
    s->mctx = pcre2_match_context_copy(re->mctx);
    if (!s->md || !s->mctx)
        goto fail;
    if (re->jit) {
        /* A JIT stack may not be shared between threads, hence one per
         * scratch.  Its pages are only touched as deep patterns need them. */
        s->stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
        if (!s->stack)
            goto fail;
        pcre2_jit_stack_assign(s->mctx, NULL, s->stack);
        s->jit = 1;
    }
    return s;
fail:
    ot_regex_scratch_free(s);
    return NULL;
}

void ot_regex_scratch_free(ot_regex_scratch *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->stack);
    free(s);
}

static int match_error(int rc, ot_error *err)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
        ot_error_set(err, "pattern too complex");
        break;
    case PCRE2_ERROR_NOMEMORY:
        ot_error_set(err, "out of memory");
        break;
    default:
        set_pcre2_error(err, rc, NULL, 0);
        break;
    }
    return OT_REGEX_ERROR;
}

static int run(const ot_regex *re, ot_regex_scratch *s, const char *subject,
               size_t len, size_t start, uint32_t opts, ot_span *out, ot_error *err)
{
    int rc;
    /* pcre2_jit_match skips pcre2_match's option checks; the subject was
     * validated as UTF-8 when it entered the program. */
    if (s->jit)
        rc = pcre2_jit_match(re->code, (PCRE2_SPTR)subject, len, start,
                             opts | PCRE2_NO_UTF_CHECK, s->md, s->mctx);
    else
        rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start,
                         opts | PCRE2_NO_UTF_CHECK, s->md, s->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return OT_REGEX_NOMATCH;
    if (rc < 0)
        return match_error(rc, err);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
    out->start = ov[0];
    out->end = ov[1];
    /* \K in a lookahead can put the start after the end; keep spans sane. */
    if (out->start > out->end)
        out->start = out->end;
    return OT_REGEX_MATCH;
}

int ot_regex_search(const ot_regex *re, ot_regex_scratch *s,
                    const char *subject, size_t len, size_t start,
                    ot_span *out, ot_error *err)
{
    ot_regex_scratch *own = NULL;
    if (start > len)
        return OT_REGEX_NOMATCH;
    if (!s) {
        own = s = ot_regex_scratch_new(re);
        if (!s) {
            ot_error_set(err, "out of memory");
            return OT_REGEX_ERROR;
        }
    }
    int rc = run(re, s, subject, len, start, 0, out, err);
    ot_regex_scratch_free(own);
    return rc;
}

static size_t utf8_len_at(const char *p, size_t left)
{
    unsigned char c = (unsigned char)*p;
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return n > left ? left : n;
}

long ot_regex_find_all(const ot_regex *re, ot_regex_scratch *s,
                       const char *subject, size_t len,
                       ot_cancel_fn cancel, void *cancel_data,
                       ot_spans *out, ot_error *err)
{
    ot_regex_scratch *own = NULL;
    long found = 0;
    size_t pos = 0;
    uint32_t opts = 0;
    long rc_final;

    if (!s) {
        own = s = ot_regex_scratch_new(re);
        if (!s) {
            ot_error_set(err, "out of memory");
            return OT_REGEX_ERROR;
        }
    }
    for (;;) {
        ot_span m;
        if (cancel && found && found % 256 == 0 && cancel(cancel_data)) {
            rc_final = -OT_REGEX_CANCELLED;
            goto done;
        }
        int rc = run(re, s, subject, len, pos, opts, &m, err);
        if (rc == OT_REGEX_ERROR) {
            rc_final = OT_REGEX_ERROR;
            goto done;
        }
        if (rc == OT_REGEX_NOMATCH) {
            if (!opts)
                break;
            /* No non-empty match where the empty one was: step over one
             * whole character (never into the middle of one). */
            if (pos >= len)
                break;
            pos += utf8_len_at(subject + pos, len - pos);
            opts = 0;
            continue;
        }
        if (spans_push(out, m.start, m.end) < 0) {
            ot_error_set(err, "out of memory");
            rc_final = OT_REGEX_ERROR;
            goto done;
        }
        found++;
        /* After an empty match, look for a non-empty one at the same
         * place before stepping on, as Perl and ripgrep do. */
        pos = m.end > pos ? m.end : pos;
        opts = m.start == m.end ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    }
    rc_final = found;
done:
    ot_regex_scratch_free(own);
    return rc_final;
}

