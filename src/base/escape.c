/* Escaping text for a terminal: see ofsted-tui/escape.h.  The forms match
 * the TUI's drawing (src/tui/draw.c), so a value reads the same in both. */
#include "config.h"

#include "ofsted-tui/escape.h"

#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <string.h>

/* Bytes of the valid UTF-8 sequence at p (at most left), 0 if none. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    size_t need;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4, min = 0x10000;
    else
        return 0;
    if (left < need)
        return 0;
    unsigned cp = c & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

/* The escape for the character at p, written into esc; returns the bytes
 * it covers, with esc[0] = 0 when the character passes as it is. */
static size_t escape_at(const unsigned char *p, size_t left, bool keep_layout, char esc[8])
{
    unsigned char c = p[0];
    esc[0] = 0;
    if (c >= 0x20 && c < 0x7F)
        return 1;
    if (c < 0x20 || c == 0x7F) {
        if (!(keep_layout && (c == '\n' || c == '\t'))) {
            esc[0] = '^';
            esc[1] = c == 0x7F ? '?' : (char)(c + '@');
            esc[2] = 0;
        }
        return 1;
    }
    size_t n = utf8_seq(p, left);
    if (n == 0) {
        static const char hex[] = "0123456789ABCDEF";
        memcpy(esc, "\\x", 2);
        esc[2] = hex[c >> 4];
        esc[3] = hex[c & 15];
        esc[4] = 0;
        return 1;
    }
    if (n == 2 && c == 0xC2 && p[1] < 0xA0) { /* U+0080..U+009F: C1 controls */
        static const char hex[] = "0123456789ABCDEF";
        memcpy(esc, "\\u", 2);
        esc[2] = hex[p[1] >> 4];
        esc[3] = hex[p[1] & 15];
        esc[4] = 0;
    }
    return n;
}

/* Bytes at the start of p that surely pass as they are, many at a time:
 * most text does, and a byte-by-byte look would cost more than writing
 * it.  Printable ASCII passes; so, when valid_utf8 (the caller knows the
 * text is valid UTF-8), do bytes >= 0x80 other than 0xC2, which leads
 * the C1 controls.  The first byte that may need an escape stops it. */
static size_t plain_prefix(const unsigned char *p, size_t len, bool valid_utf8)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i below = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F), c2 = _mm_set1_epi8((char)0xC2);
    const __m128i high = valid_utf8 ? _mm_setzero_si128() : _mm_set1_epi8((char)0x80);
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, below), v), _mm_cmpeq_epi8(v, del));
        bad = _mm_or_si128(bad, valid_utf8 ? _mm_cmpeq_epi8(v, c2) : _mm_and_si128(v, high));
        int mask = _mm_movemask_epi8(bad);
        if (mask)
            return i + (size_t)__builtin_ctz((unsigned)mask);
    }
#else
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    if (!valid_utf8)
        for (; i + 8 <= len; i += 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            uint64_t below_space = (w - ones * 0x20) & ~w;                         /* a byte < 0x20 */
            uint64_t is_del = ((w ^ (ones * 0x7F)) - ones) & ~(w ^ (ones * 0x7F)); /* a byte == 0x7F */
            if ((below_space | is_del | w) & highs)
                break;
        }
#endif
    while (i < len && ((p[i] >= 0x20 && p[i] < 0x7F) || (valid_utf8 && p[i] >= 0x80 && p[i] != 0xC2)))
        i++;
    return i;
}

static size_t clean_prefix(const char *s, size_t len, bool keep_layout, bool valid_utf8)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    char esc[8];
    while (i < len) {
        i += plain_prefix(p + i, len - i, valid_utf8);
        if (i >= len)
            break;
        size_t n = escape_at(p + i, len - i, keep_layout, esc);
        if (esc[0])
            break;
        i += n;
    }
    return i;
}

size_t ot_escape_prefix_utf8(const char *s, size_t len, bool keep_layout)
{
    return clean_prefix(s, len, keep_layout, true);
}

size_t ot_escape_prefix(const char *s, size_t len, bool keep_layout)
{
    return clean_prefix(s, len, keep_layout, false);
}

size_t ot_escape_one(const char *s, size_t len, bool keep_layout, char esc[8])
{
    return escape_at((const unsigned char *)s, len, keep_layout, esc);
}

bool ot_escape_clean(const char *s, size_t len, bool keep_layout)
{
    return ot_escape_prefix(s, len, keep_layout) == len;
}

int ot_escape_write(FILE *out, const char *s, size_t len, bool keep_layout)
{
    size_t i = 0;
    char esc[8];
    while (i < len) {
        size_t run = ot_escape_prefix(s + i, len - i, keep_layout);
        if (run && fwrite(s + i, 1, run, out) != run)
            return -1;
        i += run;
        if (i >= len)
            break;
        i += escape_at((const unsigned char *)s + i, len - i, keep_layout, esc);
        if (fputs(esc, out) == EOF)
            return -1;
    }
    return 0;
}

const char *ot_escape_str(ot_buf *b, const char *s)
{
    ot_buf_reset(b);
    if (!s)
        return ot_buf_str(b);
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;
    char esc[8];
    int rc = 0;
    while (i < len && rc == 0) {
        size_t n = escape_at(p + i, len - i, false, esc);
        rc = esc[0] ? ot_buf_puts(b, esc) : ot_buf_append(b, s + i, n);
        i += n;
    }
    if (rc != 0)
        ot_buf_reset(b);
    return ot_buf_str(b);
}
