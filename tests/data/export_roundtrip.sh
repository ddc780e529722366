#!/bin/sh
# The exports import back: every table of the real database, exported as
# CSV, imported into an empty database (recognised by content, whatever
# the file names) and exported again, byte for byte the same.  The example
# history file (doc/examples) adds a 2006 assessment to the real data; a
# bad export is refused with its line and leaves the database as it was.
. "$OT_SRCDIR/tests/lib.sh"

db="$T/real.db"
real_db "$db" || finish
tables="authorities inspections judgements actions findings"
for t in $tables; do
    "$OT_BIN" --db "$db" export "$t" > "$T/a-$t.csv" || fail "export $t"
done
# names that say nothing of the content: the importer reads the header
i=0
files=""
for t in $tables; do
    i=$((i + 1))
    cp "$T/a-$t.csv" "$T/part$i.txt"
    files="$files $T/part$i.txt"
done
# shellcheck disable=SC2086
expect_status 0 "the five exports import into an empty database" "$OT_BIN" --db "$T/new.db" import $files
for t in $tables; do
    "$OT_BIN" --db "$T/new.db" export "$t" > "$T/b-$t.csv"
    check "export $t again: byte-identical ($(wc -l < "$T/a-$t.csv") lines)" cmp -s "$T/a-$t.csv" "$T/b-$t.csv"
done
check "the restored inspections name their report files" \
    test "$(sqlite3 "$T/new.db" "SELECT count(*) FROM inspection i JOIN source_file s ON s.id = i.source_id WHERE s.kind = 'report'")" -eq \
         "$(sqlite3 "$db" "SELECT count(*) FROM inspection i JOIN source_file s ON s.id = i.source_id WHERE s.kind = 'report'")"
expect_status 0 "importing the same files again" "$OT_BIN" --db "$T/new.db" import $files
check "changes nothing" cmp -s "$T/a-findings.csv" "$T/b-findings.csv"

# History before 2013 from the example file.
ex="$OT_SRCDIR/doc/examples/history-2006-2012.csv"
expect_status 0 "the example history imports into the real database" "$OT_BIN" --db "$db" import "$ex"
q() { sqlite3 "$db" "$1"; }
check "Stockton-on-Tees has its 2006 APA with three judgements" \
    test "$(q "SELECT count(*) FROM judgement j JOIN inspection i ON i.id = j.inspection_id JOIN authority a ON a.id = i.authority_id
               WHERE a.name = 'Stockton-on-Tees' AND i.framework = 'apa' AND i.start_date = '2006-11-01'")" -eq 3
check "still 156 authorities (the name resolved)" test "$(q 'SELECT count(*) FROM authority')" -eq 156
"$OT_BIN" --db "$db" export judgements | grep -q '^[0-9]*,Stockton-on-Tees,apa,2006-11-01,overall,1,4 (excellent/outstanding),' ||
    fail "the APA's overall grade is in the judgements export"

# Bad input: the line named, nothing changed.
before=$(db_dump "$T/new.db" | sha256sum)
{ head -n 3 "$T/a-judgements.csv"; echo "1,Barnet,ilacs_standard,2024-06-10,overall,7,Good,Overall"; } > "$T/bad.csv"
expect_status 1 "a grade of 7 is refused" "$OT_BIN" --db "$T/new.db" import "$T/bad.csv"
check "the message names the file and line 4 ($(head -c 200 "$T/err"))" grep -q "bad.csv.*line 4.*grade '7'" "$T/err"
{ head -n 1 "$T/a-inspections.csv"; echo "1,Barnet,E09000003,sif,2014-13-45,,,,,,,"; } > "$T/bad2.csv"
expect_status 1 "an impossible date is refused" "$OT_BIN" --db "$T/new.db" import "$T/bad2.csv"
check "the message names line 2 ($(head -c 200 "$T/err"))" grep -q "bad2.csv.*line 2.*2014-13-45" "$T/err"
check "the database is as it was" test "$(db_dump "$T/new.db" | sha256sum)" = "$before"
finish
