/* Word wrapping by display width.
 *
 * Widths are the ones ot_draw_text draws: wide characters take two
 * columns, control characters their escaped form ("^[" two, "\xNN" four),
 * so wrapped lines fit the window exactly, whatever the text holds. */
#ifndef OT_TUI_WRAP_H
#define OT_TUI_WRAP_H

#include <stdbool.h>
#include <stddef.h>

/* The character at p (left > 0 bytes): returns the bytes it takes (>= 1)
 * and sets *cols to its display width and *kind to how it is drawn.
 * OT_CHAR_ASCII: a valid UTF-8 character that the locale's character set
 * cannot show (LANG=C), drawn as one ASCII stand-in (ot_wrap_ascii). */
enum { OT_CHAR_PLAIN, OT_CHAR_CONTROL, OT_CHAR_C1, OT_CHAR_INVALID, OT_CHAR_ASCII };
size_t ot_wrap_char(const char *p, size_t left, int *cols, int *kind);

/* Whether the locale's character set is UTF-8 (else the text's UTF-8 is
 * decoded here and drawn with ASCII stand-ins). */
bool ot_wrap_utf8_locale(void);

/* The ASCII stand-in (one character) for the UTF-8 character p[0, n):
 * "|" for a box bar, "." for a middle dot, "?" for what has none. */
const char *ot_wrap_ascii(const char *p, size_t n);

/* Display width of text[0, len). */
int ot_wrap_width(const char *text, size_t len);

/* One wrapped line: bytes [start, end) of the text, trailing blanks left
 * out. */
typedef struct ot_wrap_line {
    size_t start, end;
} ot_wrap_line;

typedef struct ot_wrap_lines {
    ot_wrap_line *v;
    size_t len, cap;
} ot_wrap_lines;

#define OT_WRAP_LINES_INIT { NULL, 0, 0 }

/* Append to out the lines of text[0, len) wrapped at word boundaries to
 * width columns (width < 1 counts as 1).  Spaces between words are break
 * points; a word longer than the width is cut between characters; a
 * newline always breaks.  Empty text gives one empty line.  Returns the
 * number of lines appended, or -1 when memory ran out (out then keeps what
 * it had). */
long ot_wrap(const char *text, size_t len, int width, ot_wrap_lines *out);

void ot_wrap_lines_free(ot_wrap_lines *l);

#endif
