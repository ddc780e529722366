#!/bin/sh
# Turn the numbered migrations db/NNN_*.sql into a C array so that an
# installed program needs no data files.  Usage: embed-sql.sh FILE... > out.c
set -e
echo '/* Generated from the numbered SQL files in db/ by db/embed-sql.sh: edit those instead. */'
echo '#include "store/migrations.h"'
echo 'const ot_migration ot_migrations[] = {'
for f in "$@"; do
    base=$(basename "$f")
    num=$(printf '%s' "$base" | sed 's/^0*\([0-9][0-9]*\)_.*/\1/')
    printf '    { %s, "%s",\n' "$num" "$base"
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/      "/' -e 's/$/\\n"/' "$f"
    echo '    },'
done
echo '};'
echo "const int ot_migration_count = $#;"
