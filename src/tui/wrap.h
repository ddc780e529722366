/* Word wrapping by display width.
 *
 * Widths are the ones ot_draw_text draws: wide characters take two
 * columns, control characters their escaped form ("^[" two, "\xNN" four),
 * so wrapped lines fit the window exactly, whatever the text holds. */
#ifndef OT_TUI_WRAP_H
#define OT_TUI_WRAP_H

#include <stddef.h>

/* The character at p (left > 0 bytes): returns the bytes it takes (>= 1)
 * and sets *cols to its display width and *kind to how it is drawn. */
enum { OT_CHAR_PLAIN, OT_CHAR_CONTROL, OT_CHAR_C1, OT_CHAR_INVALID };
size_t ot_wrap_char(const char *p, size_t left, int *cols, int *kind);

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
