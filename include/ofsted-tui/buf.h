/* Length-tracked growable byte strings.
 *
 * Report paragraphs, SQL and patterns have no useful upper bound, so text is
 * built in an ot_buf rather than in fixed arrays.  The data is always
 * NUL-terminated (when len > 0 or after any append), so it can be handed to
 * C string functions; it may also hold NUL bytes, counted in len. */
#ifndef OFSTED_TUI_BUF_H
#define OFSTED_TUI_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ot_buf {
    char *data; /* NULL until the first append */
    size_t len;
    size_t cap;
} ot_buf;

#define OT_BUF_INIT { NULL, 0, 0 }

/* Each append returns 0, or -1 when memory ran out (the buffer is then
 * unchanged). */
int ot_buf_append(ot_buf *b, const void *data, size_t len);
int ot_buf_puts(ot_buf *b, const char *s);
int ot_buf_putc(ot_buf *b, char c);
int ot_buf_printf(ot_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int ot_buf_vprintf(ot_buf *b, const char *fmt, va_list ap);

/* Empty the buffer but keep its memory. */
void ot_buf_reset(ot_buf *b);

/* The text as a C string: "" for an empty buffer, never NULL. */
const char *ot_buf_str(const ot_buf *b);

/* Hand the malloc'd string to the caller (who frees it) and empty the
 * buffer.  Returns a malloc'd "" for an empty buffer, NULL on no memory. */
char *ot_buf_steal(ot_buf *b);

void ot_buf_free(ot_buf *b);

/* Make room for element n of the array *items (of *cap elements of size
 * bytes each): when n >= *cap the array doubles (16 at first) and the new
 * elements are zeroed.  Returns 0, or -1 when memory ran out (the array is
 * then unchanged). */
int ot_grow(void **items, size_t *cap, size_t n, size_t size);

#endif
