#!/bin/sh
# The workbook's sheets saved as CSV import to the same judgements as the
# .ods, add nothing after it, and a Windows-1252 CSV is stored as UTF-8.
. "${OT_SRCDIR:-${srcdir:-.}}/tests/data/workbook_common.sh"

for s in ILACS_inspection_history In-year_inspections Inspections_as_at_31_March; do
    python3 "$here/workbook_sheet.py" "$ods" "$s" "$tmp/$s.csv" || fail "cannot save $s as CSV"
done
csvs="$tmp/ILACS_inspection_history.csv $tmp/In-year_inspections.csv $tmp/Inspections_as_at_31_March.csv"

# From CSV alone.
# shellcheck disable=SC2086
"$bin" import $csvs >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "CSV import failed"; }
cat "$tmp/out" "$tmp/err"
expect_in "$tmp/out" "ILACS_inspection_history.csv: csv: authorities 156 new, 0 updated, 0 unchanged; inspections 271 new"
expect_in "$tmp/out" "In-year_inspections.csv: csv: authorities 0 new, 0 updated, 99 unchanged; inspections 60 new, 0 updated, 52 unchanged"
"$bin" export inspections --format csv >"$tmp/inspections.csv" || fail "export"
"$bin" export judgements --format csv >"$tmp/judgements.csv" || fail "export"
python3 "$here/workbook_compare.py" "$ods" "$tmp/inspections.csv" "$tmp/judgements.csv" ||
    fail "judgements imported from CSV differ from the sheets"

# After the .ods, the CSVs bring nothing new and change nothing.
OFSTED_TUI_DB=$tmp/both.db
"$bin" import "$ods" >/dev/null 2>&1 || fail "ods import failed"
dump "$OFSTED_TUI_DB" | grep -v '^INSERT INTO "*source_file' >"$tmp/before.sql"
# shellcheck disable=SC2086
"$bin" import $csvs >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "CSV import failed"; }
cat "$tmp/out"
[ "$(grep -c ' 0 new, 0 updated,.* 0 new, 0 updated,.* 0 new, 0 updated,' "$tmp/out")" = 3 ] ||
    fail "CSV after the .ods reported something new or updated"
dump "$OFSTED_TUI_DB" | grep -v '^INSERT INTO "*source_file' >"$tmp/after.sql"
cmp -s "$tmp/before.sql" "$tmp/after.sql" || { diff "$tmp/before.sql" "$tmp/after.sql" | head; fail "CSVs changed the database"; }

# Windows-1252: a warning naming the lines, the text stored as UTF-8 (the
# fixture's authority is fictional: --new-authority).
OFSTED_TUI_DB=$tmp/cp1252.db
"$bin" import --new-authority "$fixtures/workbook_cp1252.csv" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "cp1252 import failed"; }
cat "$tmp/out" "$tmp/err"
expect_in "$tmp/err" "workbook_cp1252.csv: warning: line 1: not valid UTF-8; read as Windows-1252"
expect_in "$tmp/err" "workbook_cp1252.csv: warning: line 3: not valid UTF-8; read as Windows-1252"
"$bin" export authorities --format csv >"$tmp/authorities.csv" || fail "export"
name=$(printf 'C\305\223urville & St Th\303\251r\303\250se\342\200\231s')
expect_in "$tmp/authorities.csv" "E06999901,,$name,South West"
"$bin" export inspections --format csv >"$tmp/inspections.csv" || fail "export"
expect_in "$tmp/inspections.csv" "$name,E06999901,focused_visit,2025-02-03"

# Old Mac line ends (CR alone) and Windows ones (CRLF): the same sheet
# imports the same, never as one empty record.
for ends in cr crlf; do
    OFSTED_TUI_DB=$tmp/$ends.db
    python3 -c 'import sys; d = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n")
open(sys.argv[2], "wb").write(d.replace(b"\n", b"\r" if sys.argv[3] == "cr" else b"\r\n"))' \
        "$tmp/ILACS_inspection_history.csv" "$tmp/history-$ends.csv" "$ends"
    "$bin" import "$tmp/history-$ends.csv" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "$ends CSV import failed"; }
    cat "$tmp/out"
    expect_in "$tmp/out" "history-$ends.csv: csv: authorities 156 new, 0 updated, 0 unchanged; inspections 271 new"
done

# A grade column renamed (here "Overall effectiveness"): its judgements
# cannot be read, and the import says so instead of dropping them quietly.
OFSTED_TUI_DB=$tmp/renamed.db
sed '3s/Overall effectiveness/Overall grade/' "$tmp/ILACS_inspection_history.csv" >"$tmp/history-renamed.csv"
"$bin" import "$tmp/history-renamed.csv" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "renamed CSV import failed"; }
cat "$tmp/out" "$tmp/err"
expect_in "$tmp/err" "history-renamed.csv: warning: line 3: no 'Overall effectiveness' column found in the header (renamed?): no overall judgements are read from this table"
# The same in the .ods: every sheet's heading renamed.
OFSTED_TUI_DB=$tmp/renamed-ods.db
python3 - "$ods" "$tmp/renamed.ods" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w") as zo:
    for info in zi.infolist():
        data = zi.read(info.filename)
        if info.filename == "content.xml":
            data = data.replace(b">Overall effectiveness<", b">Overall grade<")
        zo.writestr(info, data)
PY
"$bin" import "$tmp/renamed.ods" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "renamed .ods import failed"; }
cat "$tmp/out" "$tmp/err"
expect_in "$tmp/err" "renamed.ods: warning: sheet ILACS_inspection_history, row"
expect_in "$tmp/err" "no 'Overall effectiveness' column found in the header (renamed?): no overall judgements are read"
echo "ok"
