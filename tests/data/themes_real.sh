#!/bin/sh
# `ofsted-tui themes` on the workbook and every real report: Stoke-on-Trent's
# inspections in date order, its counts per theme recounted here with
# Python's re over the findings read straight from the database, the
# recurring themes first; national counts per 100 inspections.
. "$OT_SRCDIR/tests/lib.sh"
need_tool python3

export OFSTED_TUI_DB="$T/ot.db"
real_db "$OFSTED_TUI_DB" || finish

expect_status 0 "Stoke-on-Trent's themes" "$OT_BIN" themes --la Stoke-on-Trent --format csv
cp "$T/out" "$T/stoke.csv"
check "one column per inspection with a report, oldest first" sh -c "head -1 '$T/stoke.csv' | grep -qx 'theme,recurs,current_run,longest_run,inspections,texts,2015-06-01 sif,2019-02-04 ilacs_standard,2022-10-03 ilacs_standard,2025-05-12 ilacs_standard'"
expect_status 0 "Stoke-on-Trent's themes in its actions" "$OT_BIN" themes --la E06000021 --actions --format csv
cp "$T/out" "$T/stoke_actions.csv"
check "supervision is in all four reports' actions, and comes first" sh -c "sed -n 2p '$T/stoke_actions.csv' | grep -q '^supervision,yes,4,4,4,'"
check "management oversight in the last three" grep -q '^management oversight,yes,3,3,3,3,0,1,1,1$' "$T/stoke_actions.csv"
"$OT_BIN" themes --list --format csv > "$T/list.csv"

cat > "$T/check.py" <<'PY'
import csv, re, sqlite3, sys
d, db = sys.argv[1], sys.argv[2]
themes = {r["theme"]: r["pattern"] for r in csv.DictReader(open(d + "/list.csv"))}
con = sqlite3.connect(db)
problems = []
def recount(table, path, where, args):
    m = list(csv.DictReader(open(path)))
    cols = list(m[0].keys())[6:]
    insp = con.execute("SELECT i.id, i.start_date || ' ' || i.framework FROM inspection i JOIN authority a ON a.id = i.authority_id"
                       " WHERE " + where + " AND EXISTS (SELECT 1 FROM %s x WHERE x.inspection_id = i.id)"
                       " ORDER BY i.start_date, i.id" % table, args).fetchall()
    if [c for _, c in insp] != cols:
        problems.append("%s: inspections %r, expected %r" % (path, cols, [c for _, c in insp]))
        return
    runs = []
    for r in m:
        # The same patterns, the way smart case reads them: lower case, caseless.
        pat = themes[r["theme"]]
        rx = re.compile(pat, 0 if any(ch.isupper() for ch in re.sub(r"\\.", "", pat)) else re.I)
        counts = []
        for iid, col in insp:
            texts = [t for (t,) in con.execute("SELECT text FROM %s WHERE inspection_id = ?" % table, (iid,))]
            counts.append(sum(1 for t in texts if rx.search(t)))
        got = [int(r[c]) for c in cols]
        if got != counts:
            problems.append("%s %s: %r, recounted %r" % (path, r["theme"], got, counts))
        run = longest = 0
        for c in counts:
            run = run + 1 if c else 0
            longest = max(longest, run)
        if (int(r["current_run"]), int(r["longest_run"])) != (run, longest):
            problems.append("%s %s: runs %s/%s, expected %d/%d" % (path, r["theme"], r["current_run"], r["longest_run"], run, longest))
        runs.append((run, longest))
    if runs != sorted(runs, reverse=True):
        problems.append("%s: the themes that run to the latest inspection do not come first" % path)
recount("finding", d + "/stoke.csv", "a.name = 'Stoke-on-Trent'", ())
recount("action", d + "/stoke_actions.csv", "a.name = 'Stoke-on-Trent'", ())
# National: inspections with findings per year, and per 100.
nat = list(csv.DictReader(open(d + "/national.csv")))
per_year = dict(con.execute("SELECT substr(i.start_date, 1, 4), count(*) FROM inspection i"
                            " WHERE EXISTS (SELECT 1 FROM finding x WHERE x.inspection_id = i.id) GROUP BY 1"))
for r in nat:
    if int(r["inspections"]) != per_year.get(r["year"], 0):
        problems.append("national %s %s: %s inspections, expected %d" % (r["theme"], r["year"], r["inspections"], per_year.get(r["year"], 0)))
    if abs(float(r["per_100"]) - 100.0 * int(r["matching_inspections"]) / int(r["inspections"])) > 0.051:
        problems.append("national %s %s: per_100 %s" % (r["theme"], r["year"], r["per_100"]))
if len(nat) != len(themes) * len(per_year):
    problems.append("national: %d rows, expected %d themes x %d years" % (len(nat), len(themes), len(per_year)))
for p in problems[:20]:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
expect_status 0 "national themes" "$OT_BIN" themes --format csv
cp "$T/out" "$T/national.csv"
check "counts recounted with Python's re agree" python3 "$T/check.py" "$T" "$OFSTED_TUI_DB"
expect_status 0 "national themes from 2019 to 2022" "$OT_BIN" themes --from 2019 --to 2022 --format csv
check "... only those years" sh -c "tail -n +2 '$T/out' | cut -d, -f2 | sort -u | tr '\n' ' ' | grep -qx '2019 2020 2021 2022 '"
finish
