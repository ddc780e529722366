/* Checking the files derived from the database (the search files): a
 * check word for their headers, and stamps that remember a file was
 * verified whole.
 *
 * The search files beside the database are checked byte by byte before
 * they are believed (corpus.c, hit_rows.c), which costs a pass over a
 * gigabyte.  Once a file has passed, a stamp beside it ("FILE.checked")
 * records the file's identity as the kernel keeps it: device, inode, size,
 * and the modification and status-change times.  Any write to the file,
 * a rename over it or a truncation changes its status-change time, which no
 * user can set, so while the stamp matches, the file holds the bytes that
 * passed and the pass is skipped.
 *
 * Timestamps have the file system's granularity (a few milliseconds): a
 * write within the same tick as the check could go unseen.  So a file is
 * stamped only when its last change is at least two seconds old; a fresh
 * file is checked in full again at the next open. */
#ifndef OFSTED_TUI_FILE_CHECK_H
#define OFSTED_TUI_FILE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofsted-tui/buf.h"

/* A check word over n bytes (a file header but its own check word field):
 * FNV-1a, then mixed, so that a header with a flipped bit is not believed. */
uint64_t ot_check_word(const void *p, size_t n);

/* True when path's stamp matches the file open on fd, now. */
bool ot_file_stamp_fresh(const char *path, int fd);

/* Record that the file open on fd (at path) has just been verified whole,
 * when its last change is old enough (see above).  Best effort: a stamp
 * that cannot be written only means checking again next time. */
void ot_file_stamp_save(const char *path, int fd);

/* Put in out (reset first) the name a new version of file is written
 * under before it is renamed into place: "FILE.tmpPID".  Temporary files
 * of file left by processes that are gone (a rebuild stopped by Ctrl-C,
 * a crash) are removed first.  Returns 0, or -1 when out of memory. */
int ot_file_temp_path(ot_buf *out, const char *file);

/* Forget path's stamp (e.g. before replacing the file). */
void ot_file_stamp_drop(const char *path);

/* Map the file at path read-only when it is at least min_size bytes:
 * returns the mapping (*size bytes) with the file still open on *fd (for
 * ot_file_verified; the caller closes it), or NULL. */
void *ot_file_map(const char *path, size_t min_size, size_t *size, int *fd);

/* Whether the file open on fd (at path), whose header passed, is sound:
 * yes when its stamp is fresh; otherwise content_ok(data) decides, and a
 * pass is stamped. */
bool ot_file_verified(const char *path, int fd, bool (*content_ok)(const void *data), const void *data);

#endif
