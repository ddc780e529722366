/* Growable strings: see ofsted-tui/buf.h. */
#include "config.h"

#include "ofsted-tui/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int buf_reserve(ot_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *data = realloc(b->data, cap);
    if (!data)
        return -1;
    b->data = data;
    b->cap = cap;
    return 0;
}

int ot_buf_append(ot_buf *b, const void *data, size_t len)
{
    if (buf_reserve(b, len) < 0)
        return -1;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int ot_buf_puts(ot_buf *b, const char *s)
{
    return ot_buf_append(b, s, strlen(s));
}

int ot_buf_putc(ot_buf *b, char c)
{
    return ot_buf_append(b, &c, 1);
}

int ot_buf_vprintf(ot_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || buf_reserve(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int ot_buf_printf(ot_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ot_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void ot_buf_reset(ot_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

const char *ot_buf_str(const ot_buf *b)
{
    return b->data ? b->data : "";
}

char *ot_buf_steal(ot_buf *b)
{
    char *s = b->data ? b->data : strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void ot_buf_free(ot_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int ot_grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    while (ncap <= n)
        ncap *= 2;
    if (size && ncap > SIZE_MAX / size)
        return -1;
    char *p = realloc(*items, ncap * size);
    if (!p)
        return -1;
    memset(p + *cap * size, 0, (ncap - *cap) * size);
    *items = p;
    *cap = ncap;
    return 0;
}
