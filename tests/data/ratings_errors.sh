#!/bin/sh
# `ofsted-tui ratings` on bad input: exit 2 with a message that names the
# problem, nothing on stdout.  Runs on the fictional demo database.
. "$OT_SRCDIR/tests/lib.sh"

export OFSTED_TUI_DB="$T/demo.db"
expect_status 0 "demo database" "$OT_BIN" demo

bad() {
    # expect_status sets want and desc itself: keep the message apart.
    bad_msg=$1 bad_desc=$2
    shift 2
    expect_status 2 "$bad_desc" "$OT_BIN" ratings "$@"
    check "... says: $bad_msg" contains "$T/err" "$bad_msg"
    check "... writes nothing on stdout" test ! -s "$T/out"
}
bad "'2025-02-30' is not a real date" "no 30 February" --as-at 2025-02-30
bad "'2024-13-01' is not a real date" "no month 13" --as-at 2024-13-01
bad "'31/03/2025' is not a real date" "dates are YYYY-MM-DD" --as-at 31/03/2025
bad "unknown area 'bogus' (known: overall, leaders," "unknown area" --area bogus
bad "unknown region 'Mars' (known: 'East Midlands'" "unknown region" --region Mars
bad "no authority called 'Nowhere'" "unknown authority" --la Ashcombe --la Nowhere
bad "--since '2019-02-30' is not a real date" "no 30 February for --since" --since 2019-02-30
bad "--since 2025-04-01 is after --as-at 2025-03-31" "--since after --as-at" --since 2025-04-01 --as-at 2025-03-31
bad "--by must be start or published, not 'end'" "unknown basis" --by end
bad "--format must be text, csv or json, not 'xml'" "unknown format" --format xml
bad "unexpected argument 'Ashcombe'" "a bare name" Ashcombe
bad "unknown or incomplete option" "--la without a name" --la
bad "unknown or incomplete option '--bogus'" "unknown option" --bogus

expect_status 0 "29 February in a leap year is a date" "$OT_BIN" ratings --as-at 2024-02-29
expect_status 0 "--help" "$OT_BIN" ratings --help
check "... documents --as-at" contains "$T/out" "--as-at DATE"
expect_status 1 "a database that does not exist" "$OT_BIN" --db "$T/none.db" ratings
check "... is named" contains "$T/err" "none.db"

# The demo's reformed 2026 inspections give no overall grade: those
# authorities have none in force, but their other areas stay graded.
expect_status 0 "demo ratings" "$OT_BIN" ratings --format csv --as-at 2026-11-01
check "reformed inspections leave overall not graded" contains "$T/out" ",overall,,,"
check "... with state not_graded" contains "$T/out" ",ilacs_standard,not_graded"
grep ',not_graded$' "$T/out" | cut -d, -f1 | head -1 > "$T/reformed"
la=$(cat "$T/reformed")
expect_status 0 "leaders of $la" "$OT_BIN" ratings --format csv --as-at 2026-11-01 --area leaders --la "$la"
check "... are graded" grep -q ',graded$' "$T/out"
finish
