/* UTF-8 checks shared by the readers (CSV, reports) and the regex engine. */
#ifndef OFSTED_TUI_UTF8_H
#define OFSTED_TUI_UTF8_H

#include <stddef.h>

/* 1 when text[0, len) is valid UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF); otherwise 0 and *bad_offset (when not NULL) is the
 * offset of the first byte of the first bad sequence. */
int ot_utf8_valid(const char *text, size_t len, size_t *bad_offset);

#endif
