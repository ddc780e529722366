#!/bin/sh
# `ofsted-tui import` of every real report: the two HTML pages named .pdf
# are refused by name with a reason, exit 1, everything else is stored;
# importing the same files again changes nothing.
. "${OT_SRCDIR:-$(dirname "$0")/../..}/tests/data/pdf_lib.sh"
db="$WORK/ofsted.db"
set +e
all_reports | xargs -0 "$OT_BIN" --db "$db" import >"$WORK/out" 2>"$WORK/err"
rc=$?
set -e
cat "$WORK/err"
[ "$rc" -ne 0 ] || { echo "import of a batch with HTML files exited 0"; exit 1; }
errors=$(grep -c ': error: ' "$WORK/err" || true)
[ "$errors" -eq 2 ] || { echo "expected 2 refused files, got $errors"; exit 1; }
grep -q "80490_bromley/children's services inspection - 17 august 2012.pdf: error: .*HTML" "$WORK/err"
grep -q "80543_rotherham/children's services inspection - 10 august 2012.pdf: error: .*HTML" "$WORK/err"
n=$("$OT_BIN" --db "$db" export inspections --format csv | tail -n +2 | wc -l)
echo "$n inspections stored"
[ "$n" -eq 167 ] || { echo "expected 167 inspections"; exit 1; }
f=$("$OT_BIN" --db "$db" export findings --format csv | tail -n +2 | wc -l)
a=$("$OT_BIN" --db "$db" export actions --format csv | tail -n +2 | wc -l)
echo "$f findings, $a actions stored"
if [ "$f" -lt 13000 ] || [ "$a" -lt 1200 ]; then echo "too few findings or actions"; exit 1; fi
"$OT_BIN" --db "$db" export judgements --format csv >"$WORK/j1"
"$OT_BIN" --db "$db" export findings --format csv >"$WORK/f1"
# Again: nothing new, nothing changed.
set +e
all_reports | xargs -0 "$OT_BIN" --db "$db" import >"$WORK/out2" 2>/dev/null
set -e
if grep -E '(inspections|judgements|findings) [1-9][0-9]* (new|updated)' "$WORK/out2"; then
    echo "re-import changed something"; exit 1
fi
"$OT_BIN" --db "$db" export judgements --format csv | cmp - "$WORK/j1"
"$OT_BIN" --db "$db" export findings --format csv | cmp - "$WORK/f1"
echo ok
