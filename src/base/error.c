/* Errors as values: see ofsted-tui/error.h. */
#include "config.h"

#include "ofsted-tui/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char out_of_memory[] = "out of memory";

static void error_replace(ot_error *err, char *msg)
{
    if (err->msg != out_of_memory)
        free(err->msg);
    err->msg = msg ? msg : out_of_memory;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void ot_error_set(ot_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    error_replace(err, msg);
}

void ot_error_prefix(ot_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *prefix = vformat(fmt, ap);
    va_end(ap);
    if (!prefix) {
        error_replace(err, NULL);
        return;
    }
    const char *old = err->msg ? err->msg : "";
    size_t n = strlen(prefix) + strlen(old) + 3;
    char *msg = malloc(n);
    if (msg)
        snprintf(msg, n, "%s: %s", prefix, old);
    free(prefix);
    error_replace(err, msg);
}

const char *ot_error_msg(const ot_error *err)
{
    return err && err->msg ? err->msg : "";
}

void ot_error_clear(ot_error *err)
{
    if (!err)
        return;
    if (err->msg != out_of_memory)
        free(err->msg);
    err->msg = NULL;
}
