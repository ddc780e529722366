#!/bin/sh
# `ofsted-tui search` on the demo database: matches, filters, formats, exit
# codes (grep's), bad patterns and bad filters; and the set of matching
# findings equals ripgrep's (rg -P -S) over the same paragraphs.
. "$OT_SRCDIR/tests/lib.sh"
need_tool rg

db="$T/demo.db"
"$OT_BIN" demo --db "$db" >/dev/null || fail "demo"
s() { "$OT_BIN" search --db "$db" "$@"; }

expect_status 0 "a pattern that matches" s supervision
check "one line per finding, with authority, date, framework, section, paragraph" \
    grep -qE '^[A-Z][^ ].*  [0-9]{4}-[0-9]{2}-[0-9]{2}  [a-z_]+  [a-z_]+  ¶[0-9]+  .*[Ss]upervision' "$T/out"
check "no colour when piped" sh -c "! grep -q \"\$(printf '\\033')\" '$T/out'"
expect_status 0 "colour on request" s --color always supervision
check "matches marked in colour" grep -q "$(printf '\033')\[1;31m[Ss]upervision" "$T/out"
check "control characters escaped in piped text output too" sh -c "'$OT_BIN' search --db '$db' 'copied from a web page' | grep -q '\\^\\[\\[2J'"
check "... no escape byte reaches the terminal" sh -c "! '$OT_BIN' search --db '$db' 'copied from a web page' | grep -q \"\$(printf '\\033')\""
check "csv keeps the control characters exact" sh -c "'$OT_BIN' search --db '$db' --format csv 'copied from a web page' | grep -q \"\$(printf '\\033')\\[2J\""
check "control characters escaped in coloured output" sh -c "'$OT_BIN' search --db '$db' --color always 'copied from a web page' | grep -q '\\^\\[\\[2J'"

expect_status 0 "--count" s --count supervision
n=$(cat "$T/out")
check "--count equals the number of lines ($n)" test "$n" -eq "$(s supervision | wc -l)"
expect_status 1 "no match: exit 1" s --count 'zzz-no-such-words'
check "no match: count 0" test "$(cat "$T/out")" = 0
expect_status 1 "no match without --count prints nothing" s 'zzz-no-such-words'
check "... nothing" test ! -s "$T/out"

# Smart case.
lower=$(s --count 'the “front door”')
upper=$(s --count 'The “front door”')
check "lower-case pattern ignores case ($lower)" test "$lower" -gt 0
check "(?-i) makes it case-sensitive" test "$(s --count '(?-i)the “front door”' || true)" = 0
check "(?i) makes it caseless" test "$(s --count '(?i)THE “FRONT DOOR”')" = "$lower"
check "capitals make it case-sensitive ($upper)" test "$upper" -gt 0 -a "$upper" -le "$lower"

# Filters.
all=$(s --count threshold)
ash=$(s --count --la Ashcombe threshold)
check "--la narrows ($ash of $all)" test "$ash" -gt 0 -a "$ash" -lt "$all"
check "--la lines are all that authority" sh -c "'$OT_BIN' search --db '$db' --la Ashcombe threshold | grep -v '^Ashcombe  ' | grep -q . && exit 1 || exit 0"
two=$(s --count --la Ashcombe --la 'Castlemere' threshold)
check "--la twice adds authorities ($two)" test "$two" -gt "$ash"
check "--region" sh -c "'$OT_BIN' search --db '$db' --region London threshold | cut -d' ' -f1-3 | grep -qE '^(Harrowgate|Juniper|Coldharbour|St. Wilfrith|Ivybridge)'"
check "--framework" sh -c "'$OT_BIN' search --db '$db' --framework ilacs_short threshold | grep -v '  ilacs_short  ' | grep -q . && exit 1 || exit 0"
check "--section" sh -c "'$OT_BIN' search --db '$db' --section in_care threshold | grep -v '  in_care  ' | grep -q . && exit 1 || exit 0"
check "--from/--to" sh -c "'$OT_BIN' search --db '$db' --from 2019 --to 2020 threshold | awk -F'  ' '{ y = substr(\$2, 1, 4); if (y < 2019 || y > 2020) bad = 1 } END { exit bad }'"
g4=$(s --count --grade 4 threshold || true)
g1=$(s --count --grade 1 threshold || true)
check "--grade splits the hits ($g4 inadequate, $g1 outstanding of $all)" test "$((g4 + g1))" -le "$all" -a "$g4" -gt 0
check "--grade rows are graded so" sh -c "
    '$OT_BIN' search --db '$db' --grade 4 --format csv threshold | python3 -c '
import csv, sqlite3, sys
db = sqlite3.connect(\"$db\")
for r in csv.DictReader(sys.stdin):
    g = db.execute(\"SELECT grade FROM judgement WHERE inspection_id = ? AND area = ?\", (r[\"inspection_id\"], r[\"section\"])).fetchone()
    assert g and g[0] == 4, r'"
expect_status 0 "--actions searches improvement actions" s --actions --count oversight
check "--actions finds some" test "$(cat "$T/out")" -gt 0

# Formats.
expect_status 0 "--format csv" s --format csv --la Ashcombe '£\d'
check "csv header: the findings columns, then framework, match offsets, region, overall grade, published, link" \
    test "$(head -1 "$T/out")" = "inspection_id,authority,start_date,section,paragraph,page,text,framework,match_offsets,region,overall_grade,published,web_link"
expect_status 0 "--format json" s --format json 'unregulated placements?'
check "json offsets point at the matches" python3 -c "
import json, re
rows = json.load(open('$T/out'))
assert rows
for r in rows:
    b = r['text'].encode()
    for s, e in r['match_offsets']:
        assert re.fullmatch(r'unregulated placements?', b[s:e].decode(), re.I), b[s:e]
"

# Errors: exit 2 with a clear message.
expect_status 2 "an invalid pattern" s 'a(b'
check "invalid: PCRE2's message with the offset" grep -q 'missing closing parenthesis at offset 3' "$T/err"
check "invalid: a caret under the pattern" grep -qE '^ +\^$' "$T/err"
check "invalid: the caret under the place" test "$(sed -n 3p "$T/err")" = "     ^"
# The caret counts columns, not bytes; a byte that is not UTF-8 is shown
# escaped, never sent to the terminal as it is.
expect_status 2 "an invalid pattern after a character of three bytes" s 'children’s ('
check "multibyte: the caret under the end" test "$(sed -n 3p "$T/err")" = "              ^"
expect_status 2 "a pattern that is not UTF-8" s "$(printf 'ab\377(')"
check "not UTF-8: the byte escaped" test "$(sed -n 2p "$T/err")" = '  ab\xFF('
check "not UTF-8: no raw byte on the terminal" sh -c "! LC_ALL=C grep -q \"\$(printf '\\377')\" '$T/err'"
check "not UTF-8: the caret under the byte" test "$(sed -n 3p "$T/err")" = "    ^"
expect_status 2 "a pathological pattern is stopped" s '(\w+\s?)+$'
check "pathological: pattern too complex" grep -q 'pattern too complex' "$T/err"
expect_status 2 "an unknown authority" s --la 'Atlantis' x
check "unknown authority named" grep -q "Atlantis" "$T/err"
expect_status 2 "an unknown region" s --region 'Mars' x
expect_status 2 "an unknown framework" s --framework 'ofsted9' x
expect_status 2 "an unknown section" s --section 'nowhere' x
expect_status 2 "a bad grade" s --grade 7 x
expect_status 2 "a bad year" s --from 20x9 x
expect_status 2 "years the wrong way round" s --from 2020 --to 2010 x
expect_status 2 "no pattern" s
expect_status 2 "a missing database" "$OT_BIN" search --db "$T/none.db" x

# A rebuild stopped half way (Ctrl-C, a crash) leaves its temporary file;
# the next rebuild removes those of processes that are gone, and only those.
sleep 60 & live=$!
: > "$db-search.tmp$live"
dead=$(sh -c 'echo $$')
: > "$db-search.tmp$dead"
rm -f "$db-search"
expect_status 0 "a search after the search file was removed" s --count supervision
check "the search file was rebuilt" test -s "$db-search"
check "a dead process's temporary file is removed" test ! -e "$db-search.tmp$dead"
check "a live process's temporary file is kept" test -e "$db-search.tmp$live"
kill "$live" 2>/dev/null
rm -f "$db-search.tmp$live"

# Differential: the same paragraphs, one per line, through ripgrep.
"$OT_BIN" export findings --db "$db" --format json | python3 -c "
import json, sys
for r in json.load(sys.stdin):
    print('%d:%d:%d\t%s' % (r['inspection_id'], r['paragraph'], r['page'], r['text'].replace('\n', ' ')))
" > "$T/paras.txt"
cut -f2- "$T/paras.txt" > "$T/text.txt"
while IFS= read -r pattern; do
    ours=$(s --exact --count "$pattern" 2>/dev/null || true)
    theirs=$(rg -P -S -c -- "$pattern" "$T/text.txt" || echo 0)
    check "same count as rg -P -S for '$pattern' ($ours / $theirs)" test "$ours" = "$theirs"
done <<'PATTERNS'
supervision
unregulated placements?
(?i)\bthreshold
inadequate|requires improvement
\b[A-Z][a-z]+ly\b
child(ren)?’?s? sexual exploitation
£\d+(\.\d+)? million
“front door”
children’s
^Some children
too long\.$
[Ss]trategy discussions
PATTERNS
finish
