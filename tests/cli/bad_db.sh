#!/bin/sh
# Every bad --db gives a one-line error and exit 1, and leaves the file
# byte-for-byte as it was.
. "$OT_SRCDIR/tests/lib.sh"
need_tool sqlite3

one_line_error() {
    [ "$(wc -l < "$T/err")" -eq 1 ] && grep -q 'error' "$T/err"
}

# try_db DESCRIPTION FILE: every command refuses FILE and leaves it alone.
try_db() {
    desc=$1 file=$2
    cp -p "$file" "$T/before" 2>/dev/null
    for cmd in "export authorities" "import $OT_SRCDIR/README.md" "demo"; do
        # shellcheck disable=SC2086
        expect_status 1 "$desc: $cmd" "$OT_BIN" --db "$file" $cmd
        check "$desc: $cmd: one-line error" one_line_error
        check "$desc: $cmd: file unchanged" cmp -s "$T/before" "$file"
        check "$desc: no -wal or -journal left behind" test ! -e "$file-wal" -a ! -e "$file-journal"
    done
}

printf 'name,value\nthis is,not a database\n' > "$T/text.db"
try_db "a text file" "$T/text.db"
check "message says it is not SQLite" contains "$T/err" "not an SQLite database"

head -c 300 /dev/urandom > "$T/random.db"
try_db "random bytes" "$T/random.db"

sqlite3 "$T/other.db" "CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x');"
try_db "another program's SQLite file" "$T/other.db"
check "message names another program" contains "$T/err" "another program"

"$OT_BIN" demo --db "$T/newer.db" >/dev/null || fail "demo"
sqlite3 "$T/newer.db" "PRAGMA user_version = 999; PRAGMA journal_mode = DELETE;" >/dev/null
try_db "a database from a newer version" "$T/newer.db"
check "message says newer" contains "$T/err" "newer ofsted-tui"

mkdir "$T/dir.db"
expect_status 1 "a directory" "$OT_BIN" --db "$T/dir.db" export authorities
check "a directory: one-line error" one_line_error
check "message says directory" contains "$T/err" "is a directory"
check "directory left empty" test -z "$(ls -A "$T/dir.db")"

expect_status 1 "a path whose directory does not exist" "$OT_BIN" --db "$T/missing/dir/x.db" demo
check "missing directory: one-line error" one_line_error
check "no directory was made for an explicit --db" test ! -e "$T/missing"

# An unwritable file and directory (as an unprivileged user when run as root).
mkdir "$T/ro"
"$OT_BIN" demo --db "$T/ro/x.db" >/dev/null
sqlite3 "$T/ro/x.db" "PRAGMA journal_mode = DELETE;" >/dev/null
chmod 444 "$T/ro/x.db"
chmod 555 "$T/ro"
cp -p "$T/ro/x.db" "$T/ro-before"
if [ "$(id -u)" -eq 0 ]; then
    need_tool setpriv
    chmod 755 "$T" "$HOME"
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
    as_user=""
fi
# shellcheck disable=SC2086
expect_status 1 "an unwritable file" $as_user "$OT_BIN" --db "$T/ro/x.db" demo
check "unwritable: one-line error" one_line_error
check "unwritable: message says so" contains "$T/err" "cannot write"
check "unwritable: file unchanged" cmp -s "$T/ro-before" "$T/ro/x.db"
# shellcheck disable=SC2086
expect_status 1 "a new file in an unwritable directory" $as_user "$OT_BIN" --db "$T/ro/new.db" demo
check "no file made" test ! -e "$T/ro/new.db"
chmod 755 "$T/ro"

# A corrupt database: a good header with garbage pages.
"$OT_BIN" demo --db "$T/corrupt.db" >/dev/null
check "demo database is in WAL mode" test "$(sqlite3 "$T/corrupt.db" "PRAGMA journal_mode")" = wal
size=$(wc -c < "$T/corrupt.db")
dd if=/dev/urandom of="$T/corrupt.db" bs=1 seek=4096 count=$((size - 8192)) conv=notrunc 2>/dev/null
cp "$T/corrupt.db" "$T/corrupt-before"
expect_status 1 "a corrupt database" "$OT_BIN" --db "$T/corrupt.db" export findings
check "corrupt: message" grep -qiE 'malformed|corrupt|not a database' "$T/err"
check "corrupt: file unchanged" cmp -s "$T/corrupt-before" "$T/corrupt.db"

# A database locked by another writer: wait, then give up with a message.
# The holder says when it has the lock and keeps it until told to let go
# (a fixed sleep raced with a loaded machine).
"$OT_BIN" demo --db "$T/locked.db" >/dev/null
mkfifo "$T/release"
( printf 'BEGIN IMMEDIATE;\nINSERT INTO meta VALUES ("lock", "held");\n.print held\n'; cat "$T/release"; printf 'ROLLBACK;\n' ) |
    sqlite3 "$T/locked.db" >"$T/holder.out" &
holder=$!
tries=0
until grep -q held "$T/holder.out" 2>/dev/null || [ $tries -ge 600 ]; do sleep 0.1; tries=$((tries + 1)); done
expect_status 1 "a database locked by another writer" "$OT_BIN" --db "$T/locked.db" demo --seed 2
check "locked: message says locked" grep -qi 'locked' "$T/err"
echo >"$T/release"
wait "$holder"

# The default location: made on first use, with its directory.
unset OFSTED_TUI_DB
export XDG_DATA_HOME="$T/xdg"
expect_status 0 "demo into the default database" "$OT_BIN" demo
check "default path under XDG_DATA_HOME" test -f "$T/xdg/ofsted-tui/ofsted.db"
unset XDG_DATA_HOME
expect_status 0 "without XDG_DATA_HOME: ~/.local/share" "$OT_BIN" demo
check "default path under HOME" test -f "$HOME/.local/share/ofsted-tui/ofsted.db"
OFSTED_TUI_DB="$T/env.db" expect_status 0 "OFSTED_TUI_DB overrides the default" "$OT_BIN" demo
check "OFSTED_TUI_DB file made" test -f "$T/env.db"
OFSTED_TUI_DB="$T/env.db" expect_status 0 "--db overrides OFSTED_TUI_DB" "$OT_BIN" --db "$T/flag.db" demo
check "--db file made" test -f "$T/flag.db"
finish
