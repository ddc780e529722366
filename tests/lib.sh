# Shared helpers for the shell tests.  Source it first:
#   . "$OT_SRCDIR/tests/lib.sh"
# It makes a private temporary directory ($T) with its own HOME, pins the
# time zone and locale (again, for tests run by hand), and cleans up.
set -u

: "${OT_BIN:?run the tests with make check}"
: "${OT_SRCDIR:?run the tests with make check}"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset OFSTED_TUI_DB XDG_DATA_HOME NO_COLOR

T=$(mktemp -d "${TMPDIR:-/tmp}/ot-test.XXXXXX")
export HOME="$T/home"
mkdir -p "$HOME"
ot_cleanup_hooks=""
ot_cleanup() {
    for hook in $ot_cleanup_hooks; do "$hook"; done
    chmod -R u+w "$T" 2>/dev/null
    rm -rf "$T"
}
trap ot_cleanup EXIT

ot_failures=0
ot_test_name=$(basename "$0" .sh)

# fail MESSAGE: report a failed check and carry on; the script exits 1 at the end.
fail() {
    printf 'FAIL: %s: %s\n' "$ot_test_name" "$*" >&2
    ot_failures=$((ot_failures + 1))
}

ok() {
    printf 'ok: %s\n' "$*"
}

# check DESCRIPTION COMMAND...: run the command, fail unless it succeeds.
check() {
    desc=$1
    shift
    if "$@"; then ok "$desc"; else fail "$desc"; fi
}

# expect_status N DESCRIPTION COMMAND...: the command must exit with N.
# Its stdout and stderr are kept in $T/out and $T/err.
expect_status() {
    want=$1 desc=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then
        ok "$desc (exit $got)"
    else
        fail "$desc: exit $got, expected $want; stderr: $(head -c 600 "$T/err")"
    fi
}

# contains FILE TEXT: the file holds the fixed string.
contains() {
    grep -qF -- "$2" "$1"
}

# need_shared_data: the real Ofsted files, or skip (fail under CI).
need_shared_data() {
    if [ -d "${OT_SHARED_DATA:-}/ofsted" ]; then
        return 0
    fi
    if [ "${CI:-}" = true ]; then
        echo "FAIL: $ot_test_name: the real data folder ${OT_SHARED_DATA:-?} is missing (configure --with-shared-data=DIR)" >&2
        exit 1
    fi
    echo "SKIP: $ot_test_name: no real data at ${OT_SHARED_DATA:-?}" >&2
    exit 77
}

# need_tool NAME: a program the test needs, or skip (fail under CI).
need_tool() {
    if command -v "$1" >/dev/null 2>&1; then
        return 0
    fi
    if [ "${CI:-}" = true ]; then
        echo "FAIL: $ot_test_name: $1 is not installed" >&2
        exit 1
    fi
    echo "SKIP: $ot_test_name: $1 is not installed" >&2
    exit 77
}

# real_db DEST: a copy of a database with Ofsted's workbook and every real
# report imported.  It is built once per build tree (under a lock, as tests
# run in parallel) and rebuilt when the program is newer.
real_db() {
    need_shared_data
    need_tool sqlite3
    cache="${OT_BUILDDIR:?}/tests/real.db"
    mkdir -p "$(dirname "$cache")"
    (
        flock 9
        if [ ! -s "$cache" ] || [ "$OT_BIN" -nt "$cache" ]; then
            rm -f "$cache" "$cache-search" "$cache.tmp"*
            "$OT_BIN" --db "$cache.tmp" import "$OT_SHARED_DATA/ofsted/LA_Inspection_Outcomes_as_at_31_March_2025.ods" \
                >/dev/null 2>"$cache.log" || true
            find "$OT_SHARED_DATA/ofsted/reports" -name '*.pdf' -print0 | sort -z |
                xargs -0 "$OT_BIN" --db "$cache.tmp" import >/dev/null 2>>"$cache.log" || true
            mv "$cache.tmp" "$cache"
        fi
    ) 9>"$cache.lock"
    cp "$cache" "$1"
    n=$(sqlite3 "$1" "SELECT count(*) FROM inspection")
    if [ "${n:-0}" -lt 400 ]; then
        fail "the real database has only ${n:-0} inspections; see $cache.log"
        return 1
    fi
}

# db_dump DB: the database's full SQL text (for "unchanged" checks).
db_dump() {
    sqlite3 "$1" .dump
}

# finish: exit 0 when every check passed, 1 otherwise.
finish() {
    if [ "$ot_failures" -gt 0 ]; then
        echo "$ot_test_name: $ot_failures check(s) failed" >&2
        exit 1
    fi
    exit 0
}
