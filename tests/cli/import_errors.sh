#!/bin/sh
# Files that are not what import takes are refused by name, with the reason,
# exit 1, and the database exactly as it was.
. "$OT_SRCDIR/tests/lib.sh"
need_tool sqlite3

db="$T/db.sqlite"
"$OT_BIN" demo --db "$db" >/dev/null || fail "demo"
db_dump "$db" > "$T/before.sql"

unchanged() {
    db_dump "$db" > "$T/after.sql"
    cmp -s "$T/before.sql" "$T/after.sql"
}

# refused DESCRIPTION FILE REASON
refused() {
    expect_status 1 "$1" "$OT_BIN" --db "$db" import "$2"
    check "$1: message names the file and the reason" contains "$T/err" "$2: error: $3"
    check "$1: database unchanged" unchanged
}

: > "$T/empty.pdf"
refused "an empty file" "$T/empty.pdf" "empty file"

printf '<!DOCTYPE html>\n<html><head><title>Report not found</title></head></html>\n' > "$T/page.pdf"
refused "an HTML page saved as .pdf" "$T/page.pdf" "an HTML page"

printf '\357\273\277  <html><body>x</body></html>' > "$T/bom.csv"
refused "HTML behind a byte-order mark" "$T/bom.csv" "an HTML page"

( cd "$T" && printf 'hello' > a.txt && python3 -c "import zipfile; z=zipfile.ZipFile('notods.ods','w'); z.write('a.txt'); z.close()" )
refused "a zip that is not an .ods" "$T/notods.ods" "a zip archive that is not an OpenDocument spreadsheet"

printf 'abc\000def' > "$T/binary.csv"
refused "a binary file" "$T/binary.csv" "a binary file"

refused "a file that does not exist" "$T/nope.pdf" "No such file"

mkdir "$T/folder.pdf"
refused "a directory" "$T/folder.pdf" "is a directory"

# Several bad files in one go: each is named, exit 1, nothing changes.
expect_status 1 "a batch of bad files" "$OT_BIN" --db "$db" import "$T/empty.pdf" "$T/page.pdf" "$T/notods.ods"
check "batch: every file named" sh -c "grep -c ': error: ' '$T/err' | grep -qx 3"
check "batch: a count at the end" contains "$T/err" "3 of 3 files failed"
check "batch: database unchanged" unchanged
finish
