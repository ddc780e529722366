#!/bin/sh
# Nothing held is damaged by an import.  A damaged copy of a report already
# imported (bytes of its later pages flipped: pdftotext still exits 0, with
# a fraction of the text) is refused with what it would remove, and the
# database's .dump is unchanged; --replace lets it through and says what
# went.  A FIFO and a pipe are refused at once instead of hanging.  SIGINT
# during a batch of real reports ends it at once: the current file is
# rolled back and the summary counts the files never tried.
. "${OT_SRCDIR:-$(dirname "$0")/../..}/tests/data/pdf_lib.sh"
for tool in qpdf sqlite3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$tool is missing (apt-get install $tool)"
        if [ "${CI:-}" = true ]; then exit 1; fi
        exit 77
    fi
done
good="$REPORTS/80451_wakefield/children's services inspection - 17 july 2018.pdf"
db="$WORK/ofsted.db"
"$OT_BIN" --db "$db" import "$good" >"$WORK/out"
held=$(sqlite3 "$db" "SELECT count(*) FROM finding")
held_actions=$(sqlite3 "$db" "SELECT count(*) FROM action")
[ "$held" -gt 20 ] || { echo "expected the report's findings, found $held"; exit 1; }

# The damaged copy: uncompressed streams (qpdf --qdf), then the string
# delimiters of every page's text from page 3 on flipped, as a transfer
# that corrupts bytes would.  The copy lives only in this test's folder.
qpdf --qdf --object-streams=disable "$good" "$WORK/qdf.pdf"
python3 - "$WORK/qdf.pdf" "$WORK/damaged.pdf" 3 <<'PY'
import re, sys
src, dst, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = bytearray(open(src, "rb").read())
for m in re.finditer(rb"%% Contents for page (\d+)\n", bytes(d)):
    if int(m.group(1)) < first:
        continue
    s = d.index(b"stream\n", m.end()) + 7
    e = d.index(b"endstream", s)
    for i in range(s, e):
        if d[i] in b"()":
            d[i] ^= 0x80
open(dst, "wb").write(d)
PY
full=$(pdftotext -layout "$good" - | wc -c)
part=$(pdftotext -layout "$WORK/damaged.pdf" - 2>/dev/null | wc -c)
echo "text: $full bytes in the report, $part in the damaged copy"
[ "$part" -gt 0 ] && [ "$part" -lt $((full / 2)) ] || { echo "the copy is not damaged as intended"; exit 1; }

sqlite3 "$db" .dump >"$WORK/before.sql"
set +e
"$OT_BIN" --db "$db" import "$WORK/damaged.pdf" >"$WORK/out" 2>"$WORK/err"
rc=$?
set -e
cat "$WORK/out" "$WORK/err"
[ "$rc" -eq 1 ] || { echo "damaged copy: exit $rc, expected 1"; exit 1; }
grep -Eq "damaged.pdf: error: would remove [0-9]+ of $held findings" "$WORK/err" ||
    { echo "no message saying how many findings would go"; exit 1; }
grep -q "import --replace" "$WORK/err" || { echo "the message does not say how to replace"; exit 1; }
sqlite3 "$db" .dump | cmp - "$WORK/before.sql" || { echo "the refused import changed the database"; exit 1; }
echo "ok: refused, database unchanged"

# Importing the good file again still changes nothing (no false alarm).
"$OT_BIN" --db "$db" import "$good" >"$WORK/out"
grep -q "findings 0 new, 0 updated, $held unchanged" "$WORK/out" || { cat "$WORK/out"; exit 1; }
sqlite3 "$db" .dump | cmp - "$WORK/before.sql"

# --replace: the user asked for it; the summary says what was removed.
"$OT_BIN" --db "$db" import --replace "$WORK/damaged.pdf" >"$WORK/out"
cat "$WORK/out"
now=$(sqlite3 "$db" "SELECT count(*) FROM finding")
[ "$now" -lt "$held" ] || { echo "--replace did not replace ($now findings)"; exit 1; }
# The paragraphs held that the copy lacks: what the refusal said would go.
gone=$(sed -n 's/.*would remove \([0-9]*\) of [0-9]* findings.*/\1/p' "$WORK/err")
grep -q "findings .*, $gone removed" "$WORK/out" || { echo "summary does not count the $gone removed findings"; exit 1; }
echo "ok: --replace replaced $held findings by $now and said so"

# A FIFO with no writer and a pipe: refused at once, not read.
mkfifo "$WORK/fifo.pdf"
set +e
timeout 20 "$OT_BIN" --db "$db" import "$WORK/fifo.pdf" >"$WORK/out" 2>"$WORK/err"
rc=$?
echo "some text" | timeout 20 "$OT_BIN" --db "$db" import /dev/stdin >>"$WORK/out" 2>>"$WORK/err"
rc2=$?
set -e
cat "$WORK/err"
[ "$rc" -eq 1 ] && [ "$rc2" -eq 1 ] || { echo "FIFO: exit $rc, pipe: exit $rc2, expected 1 and 1"; exit 1; }
grep -q "fifo.pdf: error: not a regular file (a FIFO or pipe)" "$WORK/err" || { echo "no message for the FIFO"; exit 1; }
grep -q "/dev/stdin: error: not a regular file" "$WORK/err" || { echo "no message for the pipe"; exit 1; }

# SIGINT during a batch of every real report into a new database: the
# batch stops after the file in hand, which is either imported whole or
# rolled back.
db2="$WORK/batch.db"
all_reports >"$WORK/list"
python3 - "$OT_BIN" "$db2" "$WORK/list" "$WORK/batch" <<'PY'
import signal, subprocess, sys, time
prog, db, listing, out = sys.argv[1:5]
paths = [p.decode() for p in open(listing, "rb").read().split(b"\0") if p]
with open(out + ".out", "wb") as o, open(out + ".err", "wb") as e:
    proc = subprocess.Popen([prog, "--db", db, "import"] + paths, stdout=o, stderr=e)
    deadline = time.monotonic() + 120
    while b": report: " not in open(out + ".out", "rb").read():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            sys.exit("the batch ended or stalled before importing a file")
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    try:
        rc = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        sys.exit("SIGINT did not end the import")
print("files:", len(paths), "exit:", rc)
open(out + ".rc", "w").write("%d %d\n" % (rc, len(paths)))
PY
read -r rc n_files <"$WORK/batch.rc"
cat "$WORK/batch.err"
[ "$rc" -eq 130 ] || { echo "interrupted import: exit $rc, expected 130"; exit 1; }
tail -n 1 "$WORK/batch.err" | grep -Eq "interrupted by SIGINT: [0-9]+ of $n_files files imported, [0-9]+ failed, [1-9][0-9]* not tried" ||
    { echo "no summary counting the files not tried"; exit 1; }
done_n=$(grep -c ": report: " "$WORK/batch.out")
imported=$(tail -n 1 "$WORK/batch.err" | sed 's/.*: \([0-9]*\) of .*/\1/')
in_db=$(sqlite3 "$db2" "SELECT count(*) FROM source_file")
echo "interrupted after $done_n of $n_files files; the database holds $in_db source files"
[ "$done_n" -lt "$n_files" ] || { echo "the batch ran to the end"; exit 1; }
[ "$imported" -eq "$done_n" ] || { echo "summary says $imported imported, $done_n summary lines"; exit 1; }
[ "$in_db" -eq "$done_n" ] || { echo "the database holds $in_db files, the summary says $done_n"; exit 1; }
echo ok
