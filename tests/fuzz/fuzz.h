/* Shared by the libFuzzer targets in tests/fuzz (built by tests/fuzz/run.sh).
 *
 * A target checks the module's documented promises as well as memory
 * safety: FUZZ_CHECK aborts with the broken promise, which libFuzzer
 * reports as a crash and saves the input for. */
#ifndef OT_FUZZ_H
#define OT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond, ...)                                                      \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                          \
            fputc('\n', stderr);                                                   \
            abort();                                                               \
        }                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
