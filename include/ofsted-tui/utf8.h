/* UTF-8 decoding and checks, the one copy for the readers (CSV, reports),
 * the regex module, the scan and the views. */
#ifndef OFSTED_TUI_UTF8_H
#define OFSTED_TUI_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 when text[0, len) is valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF); otherwise 0 and *bad_offset (when not NULL) is the
 * offset of the first byte of the first bad sequence. */
int ot_utf8_valid(const char *text, size_t len, size_t *bad_offset);

/* Decode the character at s, of which len > 0 bytes may be read.  Returns
 * its length (1 to 4) with its code point in *cp; an invalid, overlong or
 * truncated sequence counts as one byte standing for U+FFFD, so a caller
 * can always move on by the length returned.  ot_utf8_bad tells the two
 * apart. */
size_t ot_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* True when the character ot_utf8_decode read at s was not valid UTF-8. */
static inline int ot_utf8_bad(const char *s, size_t n, uint32_t cp)
{
    return n == 1 && (unsigned char)s[0] >= 0x80 && cp == 0xFFFD;
}

#endif
