#!/bin/sh
# The grades in force as at 31 March 2025, after importing the official
# workbook, equal the workbook's own Inspections_as_at_31_March sheet: every
# authority's grade in every area, every region's count, and England's
# 36 / 67 / 31 / 19.  The sheet is read independently of the importer.
# Then again with the 169 report PDFs imported too (once this build reads
# them).
. "$OT_SRCDIR/tests/lib.sh"
need_shared_data
need_tool python3

ods=$OT_SHARED_DATA/ofsted/LA_Inspection_Outcomes_as_at_31_March_2025.ods
export OFSTED_TUI_DB="$T/ot.db"
expect_status 0 "import the workbook" "$OT_BIN" import "$ods"

mkdir "$T/ratings"
for area in overall leaders help_protection in_care care_leavers; do
    expect_status 0 "ratings of $area as at 2025-03-31" \
        "$OT_BIN" ratings --as-at 2025-03-31 --area "$area" --format csv
    cp "$T/out" "$T/ratings/$area.csv"
done
expect_status 0 "summary as at 2025-03-31" "$OT_BIN" ratings --as-at 2025-03-31 --summary --format csv
cp "$T/out" "$T/ratings/summary.csv"
check "England's counts are 36 / 67 / 31 / 19" contains "$T/out" "England,153,36,67,31,19,0"
check "every grade and count equals the sheet" \
    python3 "$OT_SRCDIR/tests/data/ratings_compare.py" "$ods" "$T/ratings"

# The same in JSON and text: one row per authority, the same numbers.
expect_status 0 "json" "$OT_BIN" ratings --as-at 2025-03-31 --format json
check "json has 153 rows and 19 inadequate" python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
sys.exit(0 if len(rows) == 153 and sum(r["grade"] == 4 for r in rows) == 19 else 1)' "$T/out"
expect_status 0 "text" "$OT_BIN" ratings --as-at 2025-03-31 --format text
check "text has a header and 153 rows" test "$(wc -l < "$T/out")" -eq 154

# Authorities that no longer existed are left out; named, they say so.
expect_status 0 "Cumbria as at 2025-03-31" "$OT_BIN" ratings --as-at 2025-03-31 --la Cumbria --format csv
check "... did not exist then" contains "$T/out" "Cumbria,E10000006,North West,overall,,,,,,,not_existing"
expect_status 0 "Cumbria as at 2023-03-31" "$OT_BIN" ratings --as-at 2023-03-31 --la cumbria --format csv
check "... was Requires improvement from its 2022 inspection" \
    contains "$T/out" "Cumbria,E10000006,North West,overall,3,Requires improvement to be good,"
check "... from 2022-09-20" contains "$T/out" ",2022-09-20,2022-11-15,ilacs_standard,graded"

# By start date an inspection counts from the day it began; by publication
# date only once its report is out (Blackburn with Darwen: inspected
# 3 March 2025, published 23 April 2025).
expect_status 0 "by start" "$OT_BIN" ratings --as-at 2025-03-31 --la "Blackburn with Darwen" --format csv
check "... the March 2025 inspection is in force" contains "$T/out" ",2025-03-03,2025-04-23,"
expect_status 0 "by published" "$OT_BIN" ratings --as-at 2025-03-31 --by published --la "Blackburn with Darwen" --format csv
check "... the one before it is" sh -c "! grep -q ',2025-03-03,' '$T/out' && grep -q ',graded\$' '$T/out'"
expect_status 0 "all by published" "$OT_BIN" ratings --as-at 2025-03-31 --by published --format csv
check "no row in force by publication is published after the date" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if len(rows) == 153 and all(r["published"] <= "2025-03-31" for r in rows if r["published"]) else 1)' "$T/out"

# Names through the alias key; regions ignoring case.
expect_status 0 "alias names" "$OT_BIN" ratings --as-at 2025-03-31 --la "Bristol" --la "St. Helens" --la "Telford & Wrekin" --format csv
check "... three rows" test "$(wc -l < "$T/out")" -eq 4
check "... Bristol found" contains "$T/out" "Bristol,E06000023,South West,overall,"
expect_status 0 "a region" "$OT_BIN" ratings --as-at 2025-03-31 --region "north west" --summary --format csv
check "... North West counts only, then the total" sh -c "head -1 '$T/out' | grep -q '^region,' && sed -n 2p '$T/out' | grep -q '^North West,24,' && sed -n 3p '$T/out' | grep -q '^Total,24,'"

# Before the first ILACS (Rochdale, January 2018) the workbook gives no
# grades; the authorities that existed then are counted as not graded.
expect_status 0 "as at 2017-12-31" "$OT_BIN" ratings --as-at 2017-12-31 --summary --format csv
check "... England: 150 authorities, none graded" contains "$T/out" "England,150,0,0,0,0,150"
expect_status 0 "as at 2018-03-31" "$OT_BIN" ratings --as-at 2018-03-31 --summary --format csv
check "... England: Rochdale's grade only" contains "$T/out" "England,150,0,0,1,0,149"
# With every report PDF imported as well.  One report changes the picture:
# Wakefield's short inspection began on 24 March 2025 but was published on
# 18 July 2025, after the cut-off of Ofsted's release; it is in force from
# its start here (same overall grade), and --published-by reproduces the
# release exactly.
probe="$OT_SHARED_DATA/ofsted/reports/80418_norfolk/children's services inspection - 20 october 2015.pdf"
"$OT_BIN" --db "$T/probe.db" import "$probe" >/dev/null 2>"$T/err"
if grep -q "not supported by this build" "$T/err"; then
    if [ "${CI:-}" = true ]; then
        fail "this build cannot import report PDFs"
    else
        echo "SKIP (part): this build cannot import report PDFs yet"
    fi
    finish
fi
# The workbook and every report, imported once per build tree.
real_db "$OFSTED_TUI_DB" || finish
rm -rf "$T/ratings"
mkdir "$T/ratings" "$T/cutoff"
for area in overall leaders help_protection in_care care_leavers; do
    "$OT_BIN" ratings --as-at 2025-03-31 --area "$area" --format csv > "$T/ratings/$area.csv"
    "$OT_BIN" ratings --as-at 2025-03-31 --published-by 2025-05-31 --area "$area" --format csv > "$T/cutoff/$area.csv"
done
"$OT_BIN" ratings --as-at 2025-03-31 --summary --format csv > "$T/ratings/summary.csv"
"$OT_BIN" ratings --as-at 2025-03-31 --published-by 2025-05-31 --summary --format csv > "$T/cutoff/summary.csv"
check "with the reports: England is still 36 / 67 / 31 / 19" contains "$T/ratings/summary.csv" "England,153,36,67,31,19,0"
check "with the reports: every authority's overall grade and every count equal the sheet" \
    python3 "$OT_SRCDIR/tests/data/ratings_compare.py" --grades-only "$ods" "$T/ratings"
check "with the reports: Wakefield's March 2025 inspection is in force" \
    grep -q '^Wakefield,.*,2025-03-24,2025-07-18,ilacs_short,graded$' "$T/ratings/overall.csv"
check "with the reports and Ofsted's cut-off: everything equals the sheet" \
    python3 "$OT_SRCDIR/tests/data/ratings_compare.py" "$ods" "$T/cutoff"
finish
