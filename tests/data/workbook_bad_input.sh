#!/bin/sh
# Bad workbooks and CSVs are refused with the file and the place named, and
# leave the database exactly as it was; good files beside them still import.
. "${OT_SRCDIR:-${srcdir:-.}}/tests/data/workbook_common.sh"

"$bin" import "$ods" >/dev/null 2>&1 || fail "import of the workbook failed"
dump "$OFSTED_TUI_DB" >"$tmp/before.sql"

# A truncated .ods, a zip that is not an .ods, an .ods whose sheet lost its
# header row: made here from the real file rather than committed.
size=$(wc -c <"$ods")
head -c $((size / 2)) "$ods" >"$tmp/truncated.ods"
python3 - "$ods" "$tmp/notods.ods" "$tmp/noheader.ods" <<'PY' || fail "cannot make test files"
import re, sys, zipfile
src, notods, noheader = sys.argv[1:]
with zipfile.ZipFile(notods, 'w') as z:
    z.writestr('readme.txt', 'not a spreadsheet')
zin = zipfile.ZipFile(src)
content = zin.read('content.xml').decode('utf-8')
start = content.index('<table:table table:name="In-year_inspections"')
rows = [m.start() for m in re.finditer('<table:table-row[ >]', content[start:])]
a = start + rows[2]
b = content.index('</table:table-row>', a) + len('</table:table-row>')
assert 'Local authority name' in content[a:b]
content = content[:a] + content[b:]
with zipfile.ZipFile(noheader, 'w') as z:
    z.writestr(zipfile.ZipInfo('mimetype'), zin.read('mimetype'), zipfile.ZIP_STORED)
    for info in zin.infolist():
        if info.filename == 'mimetype':
            continue
        data = content.encode('utf-8') if info.filename == 'content.xml' else zin.read(info)
        z.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
PY

check() { # FILE EXPECTED-MESSAGE
    "$bin" import "$1" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    cat "$tmp/err"
    [ $rc = 1 ] || fail "$1: exit $rc, expected 1"
    expect_in "$tmp/err" "$(basename "$1"): error: $2"
    dump "$OFSTED_TUI_DB" >"$tmp/after.sql"
    cmp -s "$tmp/before.sql" "$tmp/after.sql" || fail "$1 changed the database"
}

check "$tmp/truncated.ods" "damaged or truncated zip archive"
check "$tmp/notods.ods" "a zip archive that is not an OpenDocument spreadsheet"
check "$tmp/noheader.ods" "sheet In-year_inspections: no header row in its first 10 rows; accepted headers:"
check "$fixtures/workbook_missing_column.csv" "line 3: the table's header lacks the column 'Inspection/Visit date'"
check "$fixtures/workbook_unterminated_quote.csv" "line 4: unterminated quote"
check "$fixtures/workbook_unknown_header.csv" "no header row of a known table in the first 10 lines; accepted headers:"

# One bad file does not stop the others.
"$bin" import --new-authority "$tmp/truncated.ods" "$fixtures/workbook_cp1252.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "mixed import: exit $rc, expected 1"
expect_in "$tmp/out" "workbook_cp1252.csv: csv: authorities 1 new"
echo "ok"
