/* File hashing for provenance.  nettle provides a vetted SHA-256. */
#include "config.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

#include "ofsted-tui/import.h"

int ot_sha256_file(const char *path, char out[65], ot_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ot_error_set(err, "%s", strerror(errno));
        return -1;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sha256_update(&ctx, n, chunk);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        ot_error_set(err, "read error");
        return -1;
    }
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    return 0;
}
