# Shared by the report PDF data tests: where the real reports are, and the
# tools built for the tests.  Sourced, not run.
set -eu

# Skip (77) when the real data is missing, except on CI where that fails.
: "${OT_SHARED_DATA:=${OT_SRCDIR:-.}/../shared/data}"
REPORTS="$OT_SHARED_DATA/ofsted/reports"
if [ ! -d "$REPORTS" ]; then
    echo "no real reports at $REPORTS"
    if [ "${CI:-}" = true ]; then exit 1; fi
    exit 77
fi
REPORTS=$(cd "$REPORTS" && pwd)
OT_SHARED_DATA=$(cd "$OT_SHARED_DATA" && pwd)
for tool in pdftotext python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$tool is missing (apt-get install poppler-utils python3)"
        if [ "${CI:-}" = true ]; then exit 1; fi
        exit 77
    fi
done
SRC="${OT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
DUMP="${OT_BUILDDIR:-.}/tests/report_dump"
CHECK="$SRC/tests/data/pdf_check.py"
OT_BIN="${OT_BIN:-./ofsted-tui}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ot-pdf.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Every report PDF, NUL-separated, in a stable order.
all_reports() {
    find "$REPORTS" -name '*.pdf' -print0 | sort -z
}

# Parse every report once into $WORK/dump.jsonl (errors as lines too).
dump_all() {
    all_reports | xargs -0 "$DUMP" --threads=2 -- >"$WORK/dump.jsonl" || true
}
