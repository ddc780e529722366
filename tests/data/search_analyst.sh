#!/bin/sh
# `ofsted-tui search` on the real reports for the questions "how often,
# where, when": --count-by, --overall against --grade, --sort, the folding
# of quotes and dashes (and --exact), the extra csv/json columns, PCRE2
# start options, and control characters kept out of the terminal.  Counts
# are checked against ripgrep over the same paragraphs one per line and
# against the database itself (sqlite3).
. "$OT_SRCDIR/tests/lib.sh"
need_tool rg
need_tool python3

db="$T/real.db"
real_db "$db" || finish
s() { "$OT_BIN" search --db "$db" "$@"; }
"$OT_BIN" export findings --db "$db" --format json | python3 -c "
import json, sys
for r in json.load(sys.stdin):
    print(r['text'].replace('\n', ' ').replace('\r', ' '))
" > "$T/text.txt"
rgc() { rg -P -S -c -- "$1" "$T/text.txt" || echo 0; }

# ---------------------------------------------------------------- folding
straight=$(s --count "children's social care")
curly=$(s --count "children’s social care")
both=$(rgc "children['‘’]s social care")
check "a straight apostrophe finds the curly ones too ($straight)" test "$straight" = "$both"
check "a curly apostrophe finds the same ($curly)" test "$curly" = "$both"
check "--exact: only the straight apostrophe ($(s --exact --count "children's social care" || true))" \
    test "$(s --exact --count "children's social care" || echo 0)" = "$(rgc "children's social care")"
check "--exact: only the curly one" test "$(s --exact --count "children’s social care")" = "$(rgc "children’s social care")"
check "the curly form is the common one, so the test means something" test "$curly" -gt "$(rgc "children's social care")"
dash=$(s --count 'multi-agency')
check "a hyphen finds the dashes too ($dash)" test "$dash" = "$(rgc 'multi[-‐‑‒–—―]agency')"
check "an en dash finds hyphens too" test "$(s --count 'multi–agency')" = "$dash"
check "... and there are both in the reports" test "$(rgc 'multi–agency')" -gt 0 -a "$(rgc 'multi-agency')" -gt "$(rgc 'multi–agency')"
check "a single quote in a class folds" test "$(s --count "[']staying put")" = "$(rgc "[‘’']staying put")"
check "a class range is left alone" test "$(s --count "[a-z]-agency")" = "$(rgc '[a-z][-‐‑‒–—―]agency')"

# ---------------------------------------------------------------- start options
for pattern in '(*NO_JIT)supervision' '(*UCP)\bsupervision\b' '(*UTF)(*NO_JIT)(?i)THRESHOLD' '(*LIMIT_MATCH=1000000)oversight'; do
    check "start option: $pattern ($(s --count "$pattern" 2>&1))" test "$(s --count "$pattern" 2>&1)" = "$(rgc "$pattern")"
done

# ---------------------------------------------------------------- csv columns
expect_status 0 "--format csv with the inspection's columns" s --format csv supervision
cp "$T/out" "$T/sup.csv"
check "csv: the fixed columns first and in order, then region, overall grade, published, link" \
    test "$(head -1 "$T/sup.csv")" = "inspection_id,authority,start_date,section,paragraph,page,text,framework,match_offsets,region,overall_grade,published,web_link"
check "csv: region, overall grade, published and link are the database's" python3 -c "
import csv, sqlite3
db = sqlite3.connect('$db')
rows = list(csv.DictReader(open('$T/sup.csv')))
assert len(rows) > 100, len(rows)
graded = 0
for r in rows:
    region, published, link = db.execute('SELECT a.region, i.published, i.web_link FROM inspection i JOIN authority a ON a.id = i.authority_id WHERE i.id = ?', (r['inspection_id'],)).fetchone()
    g = db.execute(\"SELECT grade FROM judgement WHERE inspection_id = ? AND area = 'overall'\", (r['inspection_id'],)).fetchone()
    assert r['region'] == (region or ''), (r['region'], region)
    assert r['published'] == (published or ''), (r['published'], published)
    assert r['web_link'] == (link or ''), (r['web_link'], link)
    assert r['overall_grade'] == (str(g[0]) if g and g[0] else ''), (r['overall_grade'], g)
    graded += bool(r['overall_grade'])
assert graded > 50, graded
"
la=$(python3 -c "import csv; print(next(csv.DictReader(open('$T/sup.csv')))['authority'])")
region=$(python3 -c "import csv; print(next(csv.DictReader(open('$T/sup.csv')))['region'])")
expect_status 0 "--format json" s --format json --la "$la" supervision
check "json: overall_grade a number, region a string ($la, $region)" python3 -c "
import json
rows = json.load(open('$T/out'))
assert rows and all(isinstance(r['overall_grade'], (int, type(None))) for r in rows)
assert all(r['region'] == '$region' for r in rows), set(r['region'] for r in rows)
assert list(rows[0])[:9] == ['inspection_id', 'authority', 'start_date', 'section', 'paragraph', 'page', 'text', 'framework', 'match_offsets']
"

# ---------------------------------------------------------------- sort
check "default: newest inspection first" python3 -c "
import csv
d = [r['start_date'] for r in csv.DictReader(open('$T/sup.csv'))]
assert d == sorted(d, reverse=True), d[:5]
assert d[0] > d[-1]
"
s --sort authority --format csv supervision > "$T/by_la.csv"
check "--sort authority: A to Z, newest first within one" python3 -c "
import csv
rows = list(csv.DictReader(open('$T/by_la.csv')))
keys = [(r['authority'].lower(), r['start_date']) for r in rows]
for a, b in zip(keys, keys[1:]):
    assert a[0] < b[0] or (a[0] == b[0] and a[1] >= b[1]), (a, b)
"
s --sort grade --format csv supervision > "$T/by_grade.csv"
check "--sort grade: overall grade 1 to 4, ungraded last" python3 -c "
import csv
g = [int(r['overall_grade']) if r['overall_grade'] else 9 for r in csv.DictReader(open('$T/by_grade.csv'))]
assert g == sorted(g), g[:20]
assert g[0] == 1 and 4 in g
"
check "every sort finds the same set" test "$(sort "$T/by_grade.csv" | md5sum)" = "$(sort "$T/by_la.csv" | md5sum)"
expect_status 2 "--sort of something else" s --sort size x
check "--sort error names the choices" grep -q 'sort takes date, authority or grade' "$T/err"

# ---------------------------------------------------------------- overall vs grade
all=$(s --count supervision)
sum=0
for g in 1 2 3 4; do
    n=$(s --count --overall $g supervision || echo 0)
    sum=$((sum + n))
done
check "--overall 1..4 split the graded inspections' hits ($sum of $all)" test "$sum" -gt 0 -a "$sum" -le "$all"
s --overall 4 --format csv supervision > "$T/o4.csv"
check "--overall 4: every hit's inspection was graded inadequate overall" python3 -c "
import csv, sqlite3
db = sqlite3.connect('$db')
rows = list(csv.DictReader(open('$T/o4.csv')))
assert rows
for r in rows:
    assert r['overall_grade'] == '4'
    assert db.execute(\"SELECT grade FROM judgement WHERE inspection_id = ? AND area = 'overall'\", (r['inspection_id'],)).fetchone()[0] == 4
"
check "--overall differs from --grade (the finding's own section)" \
    test "$(s --count --overall 4 supervision)" != "$(s --count --grade 4 supervision)"
expect_status 2 "--overall out of range" s --overall 5 x
check "--overall error says what it takes" grep -q 'overall takes 1 (Outstanding) to 4 (Inadequate)' "$T/err"

# ---------------------------------------------------------------- count-by
for key in year region authority framework section; do
    s --count-by "$key" --format csv supervision > "$T/by.csv"
    check "--count-by $key: the counts add up to --count ($all)" python3 -c "
import csv, collections
rows = list(csv.DictReader(open('$T/by.csv')))
assert list(rows[0]) == ['$key', 'count'], list(rows[0])
assert sum(int(r['count']) for r in rows) == $all
col = {'year': 'start_date', 'region': 'region', 'authority': 'authority', 'framework': 'framework', 'section': 'section'}['$key']
want = collections.Counter((r[col][:4] if '$key' == 'year' else r[col]) or '(none)' for r in csv.DictReader(open('$T/sup.csv')))
got = {r['$key']: int(r['count']) for r in rows}
assert got == dict(want), (got, want)
"
done
check "--count-by year: years in order" sh -c "'$OT_BIN' search --db '$db' --count-by year --format csv supervision | sed 1d | cut -d, -f1 | sort -c"
y=$(s --count-by year --format csv supervision | sed -n 2p)
year=${y%,*}
check "--count-by year: $year's count equals --from $year --to $year" test "${y#*,}" = "$(s --count --from "$year" --to "$year" supervision)"
expect_status 0 "--count-by text" s --count-by region supervision
check "--count-by text: a header and one line a region" test "$(sed -n 1p "$T/out")" = "$(printf 'region\tcount')"
expect_status 0 "--count-by json" s --count-by framework --format json supervision
check "--count-by json: numbers" python3 -c "
import json
rows = json.load(open('$T/out'))
assert rows and all(isinstance(r['count'], int) for r in rows)
"
expect_status 2 "--count-by of something else" s --count-by colour x
expect_status 1 "--count-by with no match" s --count-by year 'zzz-no-such-words'

# ---------------------------------------------------------------- streaming order
check "hits print in the order --format csv lists them" sh -c "
    '$OT_BIN' search --db '$db' --color never supervision | cut -d' ' -f1 > '$T/t1'
    python3 -c \"import csv; [print(r['authority'].split(' ')[0]) for r in csv.DictReader(open('$T/sup.csv'))]\" > '$T/t2'
    cmp -s '$T/t1' '$T/t2'"
finish
