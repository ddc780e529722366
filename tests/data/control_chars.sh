#!/bin/sh
# Control characters in data never reach the terminal from the command
# line: ratings and export --format text escape them as the TUI shows them
# (ESC as ^[), as do messages naming a file; CSV and JSON keep the data
# exact.  The data is a real report's, with an escape sequence put into the
# authority's name and a finding, as a crafted file could carry them.
. "$OT_SRCDIR/tests/lib.sh"
need_shared_data
need_tool sqlite3
need_tool pdftotext
report="$OT_SHARED_DATA/ofsted/reports/80564_stoke-on-trent/children's services inspection - 15 july 2025.pdf"
db="$T/ofsted.db"
"$OT_BIN" --db "$db" import "$report" >/dev/null || fail "the real report did not import"
esc=$(printf '\033')
sqlite3 "$db" "UPDATE authority SET name = 'Stoke' || char(27) || '[2J' || char(7) || 'on-Trent';
               UPDATE finding SET text = text || char(27) || ']0;owned' || char(7) WHERE paragraph = 1"

# raw FILE: fails when FILE holds an ESC or BEL byte.
raw() { ! grep -q "[$esc$(printf '\007')]" "$1"; }

expect_status 0 "ratings (text)" "$OT_BIN" --db "$db" ratings --la "Stoke-on-Trent City Council"
cp "$T/out" "$T/ratings"
check "ratings: no raw control characters" raw "$T/ratings"
check "ratings: the name shown escaped" contains "$T/ratings" 'Stoke^[[2J^Gon-Trent'

for table in authorities judgements findings; do
    expect_status 0 "export $table --format text" "$OT_BIN" --db "$db" export "$table" --format text
    check "export $table text: no raw control characters" raw "$T/out"
    check "export $table text: the name shown escaped" contains "$T/out" 'Stoke^[[2J^Gon-Trent'
done
check "export findings text: the finding's escape shown" contains "$T/out" '^[]0;owned^G'

expect_status 0 "export authorities --format csv" "$OT_BIN" --db "$db" export authorities --format csv
check "csv keeps the bytes exactly" contains "$T/out" "Stoke${esc}[2J$(printf '\007')on-Trent"
expect_status 0 "export authorities --format json" "$OT_BIN" --db "$db" export authorities --format json
check "json escapes as JSON does" contains "$T/out" 'Stoke\u001b[2J\u0007on-Trent'

# A file name with an escape sequence, in import's messages.
bad="$T/bad${esc}[31mname.pdf"
: >"$bad"
expect_status 1 "import of an empty file with ESC in its name" "$OT_BIN" --db "$db" import "$bad"
check "import message: no raw control characters" raw "$T/err"
check "import message: the name escaped" contains "$T/err" 'bad^[[31mname.pdf: error: '
expect_status 1 "a database path with ESC in it" "$OT_BIN" --db "$T/no${esc}]0;x/such.db" export authorities
check "database message: no raw control characters" raw "$T/err"
check "database message: the path escaped" contains "$T/err" 'no^[]0;x/such.db'
finish
