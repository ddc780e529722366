# Set-up shared by the workbook import tests (sourced, not run).
set -u
srcdir=${OT_SRCDIR:-${srcdir:-.}}
bin=${OT_BIN:-./ofsted-tui}
data=${OT_SHARED_DATA:-$srcdir/../shared/data}
ods=$data/ofsted/LA_Inspection_Outcomes_as_at_31_March_2025.ods
fixtures=$srcdir/tests/fixtures
here=$srcdir/tests/data

skip() {
    echo "SKIP: $*"
    if [ "${CI:-}" = true ]; then exit 1; fi
    exit 77
}
fail() {
    echo "FAIL: $*"
    exit 1
}

[ -r "$ods" ] || skip "real workbook not found at $ods (set OT_SHARED_DATA)"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ot-workbook.XXXXXX") || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
OFSTED_TUI_DB=$tmp/ot.db
export OFSTED_TUI_DB

# A full SQL dump of a database, without needing the sqlite3 shell.
dump() {
    python3 -c 'import sqlite3, sys
for line in sqlite3.connect(sys.argv[1]).iterdump():
    print(line)' "$1"
}

# expect_in FILE TEXT: FILE contains TEXT (fixed string).
expect_in() {
    grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "expected '$2' in $1"; }
}
