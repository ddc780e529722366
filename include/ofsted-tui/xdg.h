/* Where the program keeps its files, after the XDG base directory spec. */
#ifndef OFSTED_TUI_XDG_H
#define OFSTED_TUI_XDG_H

#include <stdbool.h>

#include "ofsted-tui/error.h"

/* $VAR/ofsted-tui/NAME when the environment variable VAR (e.g.
 * "XDG_STATE_HOME") holds an absolute path (the spec says a relative one
 * is invalid and must be ignored), else $HOME/FALLBACK/ofsted-tui/NAME
 * (FALLBACK e.g. ".local/state").  With make_dirs, the directories up to
 * the file are made (mode 0700) when missing.  Returns a malloc'd path, or
 * NULL with err set when neither VAR nor HOME is set, on no memory, or
 * when a directory cannot be made ("cannot create /x/y: Permission
 * denied"). */
char *ot_xdg_path(const char *var, const char *fallback, const char *name, bool make_dirs, ot_error *err);

/* mkdir -p of path's parent directory (mode 0700).  Returns 0, or -1
 * with err naming the directory that could not be made. */
int ot_make_parent_dirs(const char *path, ot_error *err);

#endif
