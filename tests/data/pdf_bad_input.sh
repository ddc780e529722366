#!/bin/sh
# Bad input among good: an empty file, a truncated PDF, an encrypted PDF, a
# valid PDF that is not an Ofsted report and an HTML page named .pdf are
# each refused with a clear message naming the file; the good report in
# the same batch is imported; exit 1; a second batch of only bad files
# leaves the database exactly as it was.
. "${OT_SRCDIR:-$(dirname "$0")/../..}/tests/data/pdf_lib.sh"
good="$REPORTS/80564_stoke-on-trent/children's services inspection - 15 july 2025.pdf"
bad="$WORK/bad"
mkdir "$bad"
: >"$bad/empty.pdf"
size=$(wc -c <"$good")
head -c $((size / 2)) "$good" >"$bad/truncated.pdf"
cp "$REPORTS/80490_bromley/children's services inspection - 17 august 2012.pdf" "$bad/html page.pdf"
# A small valid PDF with one page of text that is not a report.
python3 - "$bad/minutes.pdf" <<'PY'
import sys
text = b"BT /F1 12 Tf 72 720 Td (Minutes of the parish council, 3 May 2021) Tj ET"
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
out = bytearray(b"%PDF-1.4\n")
offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
pdftotext "$bad/minutes.pdf" - | grep -q "parish council"
encrypted=
if command -v qpdf >/dev/null 2>&1; then
    qpdf --encrypt secret secret 256 -- "$good" "$bad/encrypted.pdf"
    encrypted="$bad/encrypted.pdf"
elif [ "${CI:-}" = true ]; then
    echo "qpdf is missing (apt-get install qpdf)"; exit 1
else
    echo "qpdf is missing: the encrypted-PDF case is not run"
fi
db="$WORK/ofsted.db"
set +e
"$OT_BIN" --db "$db" import "$bad/empty.pdf" "$bad/truncated.pdf" "$bad/html page.pdf" \
    "$bad/minutes.pdf" ${encrypted:+"$encrypted"} "$good" >"$WORK/out" 2>"$WORK/err"
rc=$?
set -e
cat "$WORK/out" "$WORK/err"
[ "$rc" -eq 1 ] || { echo "exit $rc, expected 1"; exit 1; }
expect() {
    grep -q "$1: error: .*$2" "$WORK/err" || { echo "no message for $1 matching '$2'"; exit 1; }
}
expect "empty.pdf" "empty"
expect "truncated.pdf" "truncated PDF"
expect "html page.pdf" "HTML"
expect "minutes.pdf" "not an Ofsted local-authority report"
[ -z "$encrypted" ] || expect "encrypted.pdf" "encrypted PDF"
n=$("$OT_BIN" --db "$db" export inspections --format csv | tail -n +2 | wc -l)
[ "$n" -eq 1 ] || { echo "expected the good report only, found $n inspections"; exit 1; }
# Only bad files: the database does not change at all.
for t in authorities inspections judgements actions findings; do
    "$OT_BIN" --db "$db" export $t --format csv >"$WORK/before.$t"
done
set +e
"$OT_BIN" --db "$db" import "$bad/empty.pdf" "$bad/truncated.pdf" "$bad/minutes.pdf" \
    ${encrypted:+"$encrypted"} >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ]
for t in authorities inspections judgements actions findings; do
    "$OT_BIN" --db "$db" export $t --format csv | cmp - "$WORK/before.$t"
done
echo ok
