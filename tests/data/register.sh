#!/bin/sh
# The register of English local authorities, on the real files: the
# workbook and every report leave exactly the register's authorities, each
# once; every council and trust form of a name on a report's first page
# reaches the right authority through the real report parser; a name the
# register does not know fails the file and leaves the database as it was.
. "$OT_SRCDIR/tests/lib.sh"
need_tool pdftotext

db="$T/real.db"
real_db "$db" || finish
q() { sqlite3 "$1" "$2"; }
WB="$OT_SHARED_DATA/ofsted/LA_Inspection_Outcomes_as_at_31_March_2025.ods"
REPORTS="$OT_SHARED_DATA/ofsted/reports"
IMPORT_TEXT="${OT_BUILDDIR:-.}/tests/import_text"

# --- 1. workbook + every report --------------------------------------------
n=$(q "$db" 'SELECT count(*) FROM authority')
want=$(q "$db" "SELECT count(*) FROM la_register WHERE source LIKE 'workbook%'")
echo "authorities after the workbook and every report: $n (register authorities the workbook names: $want)"
check "exactly the register authorities the files name ($n = $want)" test "$n" -eq "$want"
check "no authority outside the register" \
    test "$(q "$db" 'SELECT count(*) FROM authority WHERE ons_code IS NULL OR ons_code NOT IN (SELECT ons_code FROM la_register)')" -eq 0
check "every authority has an ONS code and a region" \
    test "$(q "$db" 'SELECT count(*) FROM authority WHERE ons_code IS NULL OR region IS NULL')" -eq 0
"$OT_BIN" --db "$db" export authorities --format csv >"$T/auth.csv"
dups=$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
codes = [r["ons_code"] for r in rows]; names = [r["name"].lower() for r in rows]
print(len(codes) - len(set(codes)) + len(names) - len(set(names)), len(rows))' "$T/auth.csv")
echo "export authorities: duplicates, rows = $dups"
check "export authorities lists no authority twice ($dups)" test "${dups% *}" -eq 0
check "export authorities lists them all" test "${dups#* }" -eq "$n"

# --- 2. council and trust forms on a real report's first page ----------------
# pdftotext text of two real Wakefield reports: a SIF report, whose first
# line is the council's name, and an ILACS report titled "Inspection of X".
pdftotext -layout "$REPORTS/80451_wakefield/children's services inspection - 20 september 2016.pdf" "$T/sif.txt"
pdftotext -layout "$REPORTS/80451_wakefield/children's services inspection - 05 january 2022.pdf" "$T/ilacs.txt"
check "the SIF report starts with the council's name" grep -q '^Wakefield Metropolitan District Council$' "$T/sif.txt"
check "the ILACS report starts with its title" grep -q '^Inspection of Wakefield local authority$' "$T/ilacs.txt"

# form|ONS code of the authority it names (names from the register)
cat >"$T/sif-forms" <<'FORMS'
Borough of Calderdale|E08000033
Wakefield Metropolitan District Council|E08000036
Metropolitan Borough of Rotherham|E08000018
Doncaster Metropolitan Borough Council|E08000017
Kirklees Council|E08000034
Leeds City Council|E08000035
Derby City|E06000015
London Borough of Barnet|E09000003
The Royal Borough of Kensington and Chelsea|E09000020
Royal Borough of Windsor and Maidenhead|E06000040
Bedford Borough Council|E06000055
Derbyshire County Council|E10000007
Newcastle City Council|E08000021
Southend Borough Council|E06000033
City of York Council|E06000014
Council of the Isles of Scilly|E06000053
St. Helens Metropolitan Borough Council|E08000013
Kingston upon Hull City Council|E06000010
Bristol City Council|E06000023
FORMS
cat >"$T/ilacs-forms" <<'FORMS'
Bradford Children and Families Trust|E08000032
Birmingham Children's Trust|E08000025
Sandwell Children’s Trust|E08000028
Doncaster Children's Services Trust|E08000017
Slough Children First|E06000039
Northamptonshire Children's Trust|E10000021
the London Borough of Hackney local authority children’s services|E09000012
Stoke-on-Trent City Council local authority children’s services|E06000021
FORMS
i=0
: >"$T/expect"
while IFS='|' read -r form ons; do
    i=$((i + 1))
    { echo "$form"; tail -n +2 "$T/sif.txt"; } >"$T/form$i.txt"
    echo "$T/form$i.txt|$form|$ons" >>"$T/expect"
done <"$T/sif-forms"
while IFS='|' read -r form ons; do
    i=$((i + 1))
    { echo "Inspection of $form"; tail -n +3 "$T/ilacs.txt"; } >"$T/form$i.txt"
    echo "$T/form$i.txt|$form|$ons" >>"$T/expect"
done <"$T/ilacs-forms"
# A database with the workbook alone, so that each form's inspection is new.
forms="$T/forms.db"
"$OT_BIN" --db "$forms" import "$WB" >/dev/null
before=$(q "$forms" 'SELECT count(*) FROM authority')
while IFS='|' read -r file form ons; do
    "$IMPORT_TEXT" "$forms" "$file" >"$T/out" 2>&1
    got=$(q "$forms" "SELECT a.ons_code FROM inspection i JOIN authority a ON a.id = i.authority_id
                       JOIN source_file s ON s.id = i.source_id WHERE s.name = '$file'")
    if [ "$got" = "$ons" ]; then ok "'$form' -> $ons"; else fail "'$form' -> '${got:-nothing}', expected $ons: $(cat "$T/out")"; fi
done <"$T/expect"
check "the forms created no authority" test "$(q "$forms" 'SELECT count(*) FROM authority')" -eq "$before"

# --- 3. a name the register does not know ---------------------------------
{ echo "Inspection of Borsetshire County Council local authority"; tail -n +2 "$T/ilacs.txt"; } >"$T/unknown.txt"
db_dump "$forms" >"$T/before.sql"
"$IMPORT_TEXT" "$forms" "$T/unknown.txt" >"$T/out" 2>&1
check "an unknown authority fails the file" test $? -eq 1
check "the message names the file, page 1 and the authority" \
    grep -qF "$T/unknown.txt: error: page 1: authority 'Borsetshire County Council' is not in the register" "$T/out"
check "a hint line follows" grep -q '^hint: .*--new-authority' "$T/out"
db_dump "$forms" >"$T/after.sql"
check "the database is as it was" cmp -s "$T/before.sql" "$T/after.sql"
"$IMPORT_TEXT" --new-authority "$forms" "$T/unknown.txt" >"$T/out" 2>&1
check "--new-authority adds it" test "$(q "$forms" "SELECT count(*) FROM authority WHERE name = 'Borsetshire County Council'")" -eq 1

# The command line: a CSV row with an unknown name fails with its row.
{
    echo 'Web link,Local authority area code,Local authority name,Region,Inspection/Visit date,Publication date,Inspection/Visit type,Overall effectiveness,The impact of leaders on social work practice with children and families,The experiences and progress of children who need help and protection,The experiences and progress of children in care,The experiences and progress of care leavers,Visit Theme'
    echo 'Ofsted Local Authority Webpage,,Borsetshire,South West,01/04/2024,02/05/2024,ILACS Standard Inspection,Good,Good,Good,Good,Good,'
} >"$T/unknown.csv"
expect_status 1 "import of a CSV row naming an unknown authority" "$OT_BIN" --db "$db" import "$T/unknown.csv"
check "the CSV error names the line" grep -q "unknown.csv: error: line 2: authority 'Borsetshire' is not in the register" "$T/err"
expect_status 0 "import --new-authority of the same CSV" "$OT_BIN" --db "$db" import --new-authority "$T/unknown.csv"

# --- 4. statistical neighbours ----------------------------------------------
LOOKUP="$OT_SHARED_DATA/lookup/Provider_data_lookup.csv"
expect_status 0 "import the authorities lookup" "$OT_BIN" --db "$db" import "$LOOKUP"
check "recognised by its content as the lookup" grep -q "lookup: neighbour lists 153 new" "$T/out"
expect_status 0 "re-import changes nothing" "$OT_BIN" --db "$db" import "$LOOKUP"
check "153 lists unchanged" grep -q "neighbour lists 0 new, 0 updated, 153 unchanged" "$T/out"
expect_status 0 "ratings --neighbours-of Wakefield (csv)" \
    "$OT_BIN" --db "$db" ratings --neighbours-of 'Wakefield Metropolitan District Council' --as-at 2025-03-31 --format csv
cp "$T/out" "$T/neigh.csv"
check "stable columns" test "$(head -1 "$T/neigh.csv")" = \
    "rank,authority,ons_code,region,area,grade,grade_label,inspection_id,start_date,published,framework,state,latest_inspection_id,latest_start_date,latest_framework"
# Expected: the lookup's list for Wakefield, in order, as register codes.
q "$db" "SELECT code || ' ' || ons_code FROM la_register_code" >"$T/codes"
python3 - "$LOOKUP" "$T/codes" "$T/neigh.csv" <<'PY' >"$T/py.out" 2>&1
import csv, sys
rows = {r["la_code_new"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
earlier = dict(l.split() for l in open(sys.argv[2]))
want = ["E08000036"] + [earlier.get(c.strip(), c.strip()) for c in rows["E08000036"]["stat_neighbours_la_code"].split(",")]
got = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))
assert [r["ons_code"] for r in got] == want, ([r["ons_code"] for r in got], want)
assert [r["rank"] for r in got] == [str(i) for i in range(11)], [r["rank"] for r in got]
assert all(r["state"] in ("graded", "not_graded", "none") for r in got)
assert sum(1 for r in got if r["grade"]) >= 8, got
print("ok")
PY
check "the ten neighbours in the lookup's order: $(tail -1 "$T/py.out")" grep -qx ok "$T/py.out"
# The grade in force is the ratings rule's own.
"$OT_BIN" --db "$db" ratings --la Dudley --as-at 2025-03-31 --format csv | sed -n 2p | cut -d, -f5 >"$T/dudley"
check "a neighbour's grade is the one ratings --la gives" \
    test "$(grep '^1,' "$T/neigh.csv" | cut -d, -f6)" = "$(cat "$T/dudley")"
expect_status 0 "json" "$OT_BIN" --db "$db" ratings --neighbours-of E08000036 --format json
check "json parses, 11 rows" python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 11' "$T/out"
expect_status 2 "--neighbours-of with --summary is a usage error" "$OT_BIN" --db "$db" ratings --neighbours-of Wakefield --summary
expect_status 2 "an unknown authority is a usage error" "$OT_BIN" --db "$db" ratings --neighbours-of Borchester
finish
