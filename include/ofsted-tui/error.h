/* Errors as values.
 *
 * A failing function returns -1 (or NULL) and fills an ot_error that the
 * caller owns.  Only main() and the command-line layer decide to exit. */
#ifndef OFSTED_TUI_ERROR_H
#define OFSTED_TUI_ERROR_H

#include <stddef.h>

typedef struct ot_error {
    char *msg; /* malloc'd, NULL when no error has been set */
} ot_error;

#define OT_ERROR_INIT { NULL }

/* Replace the message with a printf-style one.  Never fails: on allocation
 * failure the message becomes a static "out of memory". */
void ot_error_set(ot_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prefix the current message: "PREFIX: old message". */
void ot_error_prefix(ot_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The message, or "" when none was set. */
const char *ot_error_msg(const ot_error *err);

/* Forget the message and free it. */
void ot_error_clear(ot_error *err);

#endif
