/* XDG base directories: see ofsted-tui/xdg.h. */
#include "config.h"

#include "ofsted-tui/xdg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ofsted-tui/buf.h"

int ot_make_parent_dirs(const char *path, ot_error *err)
{
    char *dir = strdup(path);
    if (!dir) {
        ot_error_set(err, "out of memory");
        return -1;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
        free(dir);
        return 0;
    }
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
                ot_error_set(err, "cannot create directory %s: %s", dir, strerror(errno));
                free(dir);
                return -1;
            }
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    free(dir);
    return 0;
}

char *ot_xdg_path(const char *var, const char *fallback, const char *name, bool make_dirs, ot_error *err)
{
    ot_buf path = OT_BUF_INIT;
    const char *dir = getenv(var);
    const char *home = getenv("HOME");
    if (dir && dir[0] == '/')
        ot_buf_printf(&path, "%s/ofsted-tui/%s", dir, name);
    else if (home && *home)
        ot_buf_printf(&path, "%s/%s/ofsted-tui/%s", home, fallback, name);
    else {
        ot_error_set(err, "no place for %s: set HOME or %s", name, var);
        return NULL;
    }
    if (!path.data) {
        ot_error_set(err, "out of memory");
        return NULL;
    }
    if (make_dirs && ot_make_parent_dirs(path.data, err) < 0) {
        ot_buf_free(&path);
        return NULL;
    }
    return ot_buf_steal(&path);
}
