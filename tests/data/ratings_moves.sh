#!/bin/sh
# `ofsted-tui ratings --since D1 --as-at D2` on the workbook and every real
# report: the transition table for England counts every authority that
# existed on either date once, its regions add up to it, its columns agree
# with the counts on D2, and it agrees with the per-authority rows.
. "$OT_SRCDIR/tests/lib.sh"
need_tool python3

export OFSTED_TUI_DB="$T/ot.db"
real_db "$OFSTED_TUI_DB" || finish

since=2019-03-31 as_at=2025-03-31
expect_status 0 "transition table $since -> $as_at" "$OT_BIN" ratings --since $since --as-at $as_at --summary --format csv
cp "$T/out" "$T/table.csv"
check "... has the documented columns" sh -c "head -1 '$T/table.csv' | grep -qx 'region,grade_then,authorities,outstanding,good,requires_improvement,inadequate,none'"
expect_status 0 "rows $since -> $as_at" "$OT_BIN" ratings --since $since --as-at $as_at --format csv
cp "$T/out" "$T/rows.csv"
check "... has the documented columns first" sh -c "head -1 '$T/rows.csv' | grep -q '^ons_code,authority,region,grade_then,grade_now,change,'"
expect_status 0 "grades on $since" "$OT_BIN" ratings --as-at $since --format csv
cp "$T/out" "$T/then.csv"
expect_status 0 "grades on $as_at" "$OT_BIN" ratings --as-at $as_at --format csv
cp "$T/out" "$T/now.csv"
expect_status 0 "counts on $as_at" "$OT_BIN" ratings --as-at $as_at --summary --format csv
cp "$T/out" "$T/counts.csv"

cat > "$T/check.py" <<'PY'
import csv, sys
d = sys.argv[1]
table = list(csv.DictReader(open(d + "/table.csv")))
rows = list(csv.DictReader(open(d + "/rows.csv")))
then = {r["ons_code"]: r for r in csv.DictReader(open(d + "/then.csv"))}
now = {r["ons_code"]: r for r in csv.DictReader(open(d + "/now.csv"))}
counts = {r["region"]: r for r in csv.DictReader(open(d + "/counts.csv"))}
cols = ["outstanding", "good", "requires_improvement", "inadequate", "none"]
key = {"1": "outstanding", "2": "good", "3": "requires_improvement", "4": "inadequate", "": "none"}
eng = [r for r in table if r["region"] == "England"]
problems = []
def want(what, got, expected):
    if got != expected:
        problems.append("%s: %r, expected %r" % (what, got, expected))
total = sum(int(r[c]) for r in eng for c in cols)
# every authority that existed on either date, once
union = set(then) | set(now)
want("England's table sums to the authorities of either date", total, len(union))
want("... which are the rows", total, len(rows))
want("... and no authority twice", len({r["ons_code"] for r in rows}), len(rows))
for r in eng:
    want("England %s: authorities is the sum of its row" % r["grade_then"], int(r["authorities"]), sum(int(r[c]) for c in cols))
# the regions add up to England, cell by cell
for r in eng:
    for c in cols:
        s = sum(int(x[c]) for x in table if x["region"] != "England" and x["grade_then"] == r["grade_then"])
        want("regions add up to England (%s -> %s)" % (r["grade_then"], c), s, int(r[c]))
# the columns of graded authorities are the counts on the later date
for c, g in (("outstanding", "outstanding"), ("good", "good"), ("requires_improvement", "requires_improvement"), ("inadequate", "inadequate")):
    want("column %s equals the count on the later date" % c, sum(int(r[c]) for r in eng), int(counts["England"][g]))
# each cell is the number of rows that moved that way
for r in eng:
    for c in cols:
        n = sum(1 for x in rows if key[x["grade_then"]] == r["grade_then"] and key[x["grade_now"]] == c)
        want("cell %s -> %s equals the rows" % (r["grade_then"], c), int(r[c]), n)
# and each row's grades are the ones in force on each date
for x in rows:
    want("%s then" % x["authority"], x["grade_then"], then[x["ons_code"]]["grade"] if x["ons_code"] in then else "")
    want("%s now" % x["authority"], x["grade_now"], now[x["ons_code"]]["grade"] if x["ons_code"] in now else "")
for p in problems[:20]:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
check "the transition table agrees with the rows and the counts" python3 "$T/check.py" "$T"

# Stoke-on-Trent: inadequate in February 2019, requires improvement from October 2022.
check "Stoke-on-Trent moved from inadequate to requires improvement" \
    grep -q '^E06000021,Stoke-on-Trent,West Midlands,4,3,improved,' "$T/rows.csv"
# Northamptonshire was abolished in 2021; its successors were created.
check "Northamptonshire is abolished" grep -q '^E10000021,Northamptonshire,.*,abolished,' "$T/rows.csv"
check "North Northamptonshire is created" grep -q '^E06000061,North Northamptonshire,.*,created,' "$T/rows.csv"

expect_status 0 "one region's table" "$OT_BIN" ratings --since $since --as-at $as_at --summary --region 'West Midlands' --format json
check "... is valid JSON with Total last" python3 -c "import json,sys; v=json.load(open('$T/out')); sys.exit(0 if v[-1]['region']=='Total' and len(v)==10 else 1)"
expect_status 0 "text format" "$OT_BIN" ratings --since $since --as-at $as_at --summary
check "... one line per grade then, for 8 regions and England, plus the header" test "$(wc -l < "$T/out")" -eq 46
finish
