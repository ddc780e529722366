#!/bin/sh
# The demo database: fictional, deterministic, and exported with the fixed columns.
. "$OT_SRCDIR/tests/lib.sh"
need_tool sqlite3

db="$T/demo.db"
expect_status 0 "demo" "$OT_BIN" demo --db "$db"
check "demo reports what it wrote" grep -q 'fictional sample data' "$T/out"

"$OT_BIN" export authorities --db "$db" > "$T/auth.csv"
check "authorities header" test "$(head -1 "$T/auth.csv")" = "ons_code,urn,name,region,status"
n=$(($(wc -l < "$T/auth.csv") - 1))
check "at least 30 authorities ($n)" test "$n" -ge 30
check "only Ofsted's real regions" sh -c "tail -n +2 '$T/auth.csv' | grep -vE ',(\"North East, Yorkshire and the Humber\"|North West|East Midlands|West Midlands|East of England|London|South East|South West),' | grep . && exit 1 || exit 0"
check "a former authority" grep -q ',no longer exists$' "$T/auth.csv"
check "no real council name" sh -c "! grep -qiE ',(Bristol|Kent|Leeds|Manchester|Surrey|Devon|Norfolk|Stoke-on-Trent|Birmingham),' '$T/auth.csv'"

"$OT_BIN" export inspections --db "$db" > "$T/insp.csv"
check "inspections header" test "$(head -1 "$T/insp.csv" | cut -d, -f1-9)" = "inspection_id,authority,ons_code,framework,start_date,end_date,published,lead_inspector,source"
for fw in slac sif ilacs_standard ilacs_short focused_visit monitoring_visit; do
    check "framework $fw present" grep -q ",$fw," "$T/insp.csv"
done
first=$(cut -d, -f5 "$T/insp.csv" | tail -n +2 | grep -v '"' | sort | head -1)
last=$(cut -d, -f5 "$T/insp.csv" | tail -n +2 | grep -v '"' | sort | tail -1)
check "inspections from 2006 ($first)" test "${first%%-*}" -le 2007
check "to 2026 ($last)" test "${last%%-*}" -eq 2026

"$OT_BIN" export judgements --db "$db" > "$T/judg.csv"
check "judgements header" test "$(head -1 "$T/judg.csv" | cut -d, -f1-8)" = "inspection_id,authority,framework,start_date,area,grade,grade_label,area_label"
check "an older framework says Adequate" grep -q ',slac,.*,3,Adequate,' "$T/judg.csv"
check "ILACS says Requires improvement to be good" grep -q ',3,Requires improvement to be good,' "$T/judg.csv"
check "a reformed 2026 inspection without overall" sh -c "
    sqlite3 '$db' \"SELECT count(*) FROM inspection i WHERE start_date >= '2026-04-27' AND framework LIKE 'ilacs%'
        AND NOT EXISTS (SELECT 1 FROM judgement j WHERE j.inspection_id = i.id AND j.area = 'overall')\" | grep -qv '^0$'"
check "visits have no judgements" test "$(sqlite3 "$db" "SELECT count(*) FROM judgement j JOIN inspection i ON i.id = j.inspection_id WHERE i.framework LIKE '%visit'")" -eq 0

"$OT_BIN" export actions --db "$db" > "$T/act.csv"
check "actions header" test "$(head -1 "$T/act.csv" | cut -d, -f1-5)" = "inspection_id,authority,start_date,ordinal,text"
check "actions present" test "$(wc -l < "$T/act.csv")" -gt 100
"$OT_BIN" export findings --db "$db" > "$T/find.csv"
check "findings header" test "$(head -1 "$T/find.csv" | cut -d, -f1-7)" = "inspection_id,authority,start_date,section,paragraph,page,text"
check "findings present" test "$(wc -l < "$T/find.csv")" -gt 1000

"$OT_BIN" export judgements --db "$db" --format json > "$T/judg.json"
check "JSON parses, same rows as CSV" python3 -c "
import json,csv,sys
j=json.load(open('$T/judg.json')); c=list(csv.DictReader(open('$T/judg.csv')))
assert len(j)==len(c), (len(j),len(c))
assert list(j[0].keys())[:8]==['inspection_id','authority','framework','start_date','area','grade','grade_label','area_label']
assert all(isinstance(r['grade'],int) for r in j)
assert all(str(a['grade'])==b['grade'] and a['area']==b['area'] for a,b in zip(j,c))"
"$OT_BIN" export findings --db "$db" --format json > "$T/f.json"
check "JSON findings keep a hostile escape sequence as data" python3 -c "
import json; rows=json.load(open('$T/f.json')); assert any('\x1b[2J' in r['text'] for r in rows)"

# Deterministic: the same seed gives the same data; another seed differs.
"$OT_BIN" demo --db "$T/again.db" >/dev/null
check "same seed, same exports" sh -c "'$OT_BIN' export findings --db '$T/again.db' | cmp -s - '$T/find.csv'"
"$OT_BIN" demo --db "$T/other.db" --seed 7 >/dev/null
check "another seed, other data" sh -c "! '$OT_BIN' export judgements --db '$T/other.db' | cmp -s - '$T/judg.csv'"

# Writing the demo twice changes nothing.
db_dump "$db" > "$T/dump1"
expect_status 0 "demo again" "$OT_BIN" demo --db "$db"
db_dump "$db" > "$T/dump2"
check "second demo leaves the database as it was" cmp -s "$T/dump1" "$T/dump2"
finish
