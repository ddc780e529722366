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
echo "ok"
