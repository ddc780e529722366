#!/bin/sh
# As at 31 March 2016 every authority whose SIF report is among the shared
# PDFs has that report's grade in force.  The reports are read on their own
# here (pdftotext and the report's own words) and compared with
# `ofsted-tui ratings --as-at 2016-03-31` after importing the workbook and
# every report.  Skips (fails under CI=true) while this build cannot import
# report PDFs.
. "$OT_SRCDIR/tests/lib.sh"
need_shared_data
need_tool python3
need_tool pdftotext
need_tool sqlite3

reports=$OT_SHARED_DATA/ofsted/reports
export OFSTED_TUI_DB="$T/ot.db"

# Can this build read reports at all?  Try one SIF report.
probe="$reports/80418_norfolk/children's services inspection - 20 october 2015.pdf"
"$OT_BIN" --db "$T/probe.db" import "$probe" >"$T/out" 2>"$T/err"
if grep -q "not supported by this build" "$T/err"; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL: $ot_test_name: this build cannot import report PDFs: $(cat "$T/err")" >&2
        exit 1
    fi
    echo "SKIP: $ot_test_name: this build cannot import report PDFs yet" >&2
    exit 77
fi

# The workbook and every report, imported once per build tree.
real_db "$OFSTED_TUI_DB" || finish

check "every SIF grade in force as at 2016-03-31" \
    python3 "$OT_SRCDIR/tests/data/ratings_sif.py" "$OT_BIN" "$reports" 2016-03-31

# The count of those authorities' grades agrees with a summary of them.
expect_status 0 "summary as at 2016-03-31" "$OT_BIN" ratings --as-at 2016-03-31 --summary --format csv
check "... England is counted" grep -q '^England,' "$T/out"
finish
