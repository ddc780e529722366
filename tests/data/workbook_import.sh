#!/bin/sh
# Import Ofsted's official statistics workbook as published and check it
# against the sheets read independently; a second import changes nothing.
. "${OT_SRCDIR:-${srcdir:-.}}/tests/data/workbook_common.sh"

start=$(date +%s%N)
"$bin" import "$ods" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "import failed"; }
end=$(date +%s%N)
echo "imported the workbook in $(( (end - start) / 1000000 )) ms"
cat "$tmp/out"
expect_in "$tmp/out" "authorities 156 new, 0 updated, 0 unchanged"
expect_in "$tmp/out" "inspections 331 new, 0 updated, 0 unchanged"
expect_in "$tmp/out" "judgements 1187 new, 0 updated, 0 unchanged"
[ -s "$tmp/err" ] && { cat "$tmp/err"; fail "unexpected messages on stderr"; }

"$bin" export authorities --format csv >"$tmp/authorities.csv" || fail "export authorities"
"$bin" export inspections --format csv >"$tmp/inspections.csv" || fail "export inspections"
"$bin" export judgements --format csv >"$tmp/judgements.csv" || fail "export judgements"

python3 - "$tmp/authorities.csv" "$tmp/inspections.csv" <<'PY' || fail "counts"
import collections, csv, sys
auth = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
status = collections.Counter(a['status'] for a in auth)
bad = [a['name'] for a in auth if not a['ons_code'] or not a['region']]
gone = sorted(a['name'] for a in auth if a['status'] == 'no longer exists')
insp = list(csv.DictReader(open(sys.argv[2], encoding='utf-8')))
fw = collections.Counter(i['framework'] for i in insp)
print('authorities', len(auth), dict(status), 'no longer exist:', gone)
print('inspections', dict(fw))
ok = (len(auth) == 156 and status['current'] == 153 and status['no longer exists'] == 3
      and not bad and gone == ['Bournemouth', 'Cumbria', 'Northamptonshire']
      and fw == {'ilacs_standard': 171, 'ilacs_short': 100, 'focused_visit': 36,
                 'monitoring_visit': 24}
      and all(i['start_date'][4] == '-' and i['published'][4] == '-' for i in insp))
if bad:
    print('without ONS code or region:', bad)
sys.exit(0 if ok else 1)
PY

python3 "$here/workbook_compare.py" "$ods" "$tmp/inspections.csv" "$tmp/judgements.csv" ||
    fail "exported judgements differ from the sheets"

dump "$OFSTED_TUI_DB" >"$tmp/before.sql"
"$bin" import "$ods" >"$tmp/out2" 2>"$tmp/err2" || { cat "$tmp/err2"; fail "second import failed"; }
cat "$tmp/out2"
expect_in "$tmp/out2" "authorities 0 new, 0 updated, 156 unchanged"
expect_in "$tmp/out2" "inspections 0 new, 0 updated, 331 unchanged"
expect_in "$tmp/out2" "judgements 0 new, 0 updated, 1187 unchanged"
dump "$OFSTED_TUI_DB" >"$tmp/after.sql"
cmp -s "$tmp/before.sql" "$tmp/after.sql" || { diff "$tmp/before.sql" "$tmp/after.sql" | head -20; fail "a re-import changed the database"; }
echo "ok"
