/* Text from files on its way to a terminal.
 *
 * Reports, workbooks and file names may hold control characters (an ESC
 * starts a terminal escape sequence that can rewrite the screen or the
 * title).  Everything the command line prints as text goes through here,
 * written the way the TUI draws it: C0 controls and DEL as ^X (ESC as ^[,
 * DEL as ^?), C1 controls as \uXX, bytes that are not UTF-8 as \xNN.
 * CSV and JSON output keep the data exact instead (JSON escapes controls
 * its own way). */
#ifndef OFSTED_TUI_ESCAPE_H
#define OFSTED_TUI_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ofsted-tui/buf.h"

/* Write len bytes of s to out with control characters escaped; tab and
 * newline pass through when keep_layout is true (multi-line text), else
 * they are escaped too (^I, ^J).  Returns 0, or -1 on a write error. */
int ot_escape_write(FILE *out, const char *s, size_t len, bool keep_layout);

/* Append the escaped form of the C string s (NULL: "") to b; tab and
 * newline escaped.  For one-line messages, e.g. a file name:
 *     fprintf(stderr, "%s: error: ...", ot_escape_str(&b, path));
 * Returns b's string (valid until b changes), "" when out of memory. */
const char *ot_escape_str(ot_buf *b, const char *s);

/* True when s (len bytes) holds nothing that ot_escape_write would
 * change: a fast path for the common case. */
bool ot_escape_clean(const char *s, size_t len, bool keep_layout);

/* The pieces the functions above are made of, for writers with their own
 * buffers.  ot_escape_prefix: how many bytes at the start of s (len bytes)
 * pass as they are.  ot_escape_one: the escape of the character at s
 * (len > 0), NUL-terminated in esc, or esc[0] = 0 when it passes; returns
 * the bytes it covers. */
size_t ot_escape_prefix(const char *s, size_t len, bool keep_layout);
/* ot_escape_prefix for text known to be valid UTF-8 (the search corpus):
 * faster, since characters outside ASCII need no look of their own. */
size_t ot_escape_prefix_utf8(const char *s, size_t len, bool keep_layout);
size_t ot_escape_one(const char *s, size_t len, bool keep_layout, char esc[8]);

#endif
