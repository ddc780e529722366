/* The schema migrations compiled into the binary (generated from db/). */
#ifndef OT_MIGRATIONS_H
#define OT_MIGRATIONS_H

typedef struct ot_migration {
    int version;      /* PRAGMA user_version after applying it */
    const char *name; /* file name in db/ */
    const char *sql;
} ot_migration;

extern const ot_migration ot_migrations[];
extern const int ot_migration_count;

#endif
