/* Removing a test's temporary database with every file the program keeps
 * beside it (the journal, the search files and their stamps, the theme
 * trends), so that no test leaves files behind. */
#ifndef OT_TEST_TEMP_DB_H
#define OT_TEST_TEMP_DB_H

#include <stdio.h>
#include <unistd.h>

static inline void temp_db_remove(const char *path)
{
    static const char *const beside[] = {"", "-wal", "-shm", "-search", "-search.checked", "-search-rows",
                                         "-search-rows.checked", "-themes", "-themes-actions"};
    for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
        char name[512];
        if (snprintf(name, sizeof name, "%s%s", path, beside[i]) < (int)sizeof name)
            unlink(name);
    }
}

#endif
