#!/bin/sh
# Every finding of the real reports, searched by ofsted-tui and by ripgrep
# in PCRE2 mode with smart case over the same paragraphs one per line:
# the sets of matching findings must be identical.  Also: a phrase that
# wraps in the PDF is found, because paragraphs are stored joined.
. "$OT_SRCDIR/tests/lib.sh"
need_tool rg
need_tool python3

db="$T/real.db"
real_db "$db" || finish
"$OT_BIN" export findings --db "$db" --format json > "$T/findings.json"
# One paragraph a line, keyed by finding position; the text as stored.
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
rows = json.load(open(t + '/findings.json'))
with open(t + '/text.txt', 'w') as text, open(t + '/keys.txt', 'w') as keys:
    for r in rows:
        text.write(r['text'].replace('\n', ' ').replace('\r', ' ') + '\n')
        keys.write('%s|%s|%s\n' % (r['inspection_id'], r['paragraph'], r['text'][:40]))
print(len(rows), 'findings', file=sys.stderr)
PY
check "thousands of findings exported" test "$(wc -l < "$T/text.txt")" -gt 10000

# same_set PATTERN: ofsted-tui's matching findings = rg's matching lines.
same_set() {
    "$OT_BIN" search --db "$db" --exact --format json "$1" > "$T/ours.json" 2>"$T/ours.err"
    rc=$?
    if [ "$rc" -gt 1 ]; then
        fail "'$1': ofsted-tui failed: $(cat "$T/ours.err")"
        return
    fi
    rg -P -S -n --no-filename -- "$1" "$T/text.txt" | cut -d: -f1 > "$T/rg.lines" || true
    python3 - "$T" "$1" <<'PY'
import json, sys
t, pattern = sys.argv[1], sys.argv[2]
keys = [l.rstrip('\n') for l in open(t + '/keys.txt')]
theirs = sorted(keys[int(n) - 1] for n in open(t + '/rg.lines') if n.strip())
ours = sorted('%s|%s|%s' % (r['inspection_id'], r['paragraph'], r['text'][:40]) for r in json.load(open(t + '/ours.json')))
if ours != theirs:
    only_ours = sorted(set(ours) - set(theirs))[:3]
    only_rg = sorted(set(theirs) - set(ours))[:3]
    print('differ for %r: %d vs rg %d; only ours %s; only rg %s' % (pattern, len(ours), len(theirs), only_ours, only_rg))
    sys.exit(1)
print('%r: %d findings, same as rg' % (pattern, len(ours)))
PY
    if [ $? -eq 0 ]; then ok "same set as rg -P -S: $1"; else fail "different set from rg -P -S: $1"; fi
}

while IFS= read -r pattern; do
    [ -n "$pattern" ] && same_set "$pattern"
done <<'PATTERNS'
supervision
unregulated placements?
(?i)\bthreshold
inadequate|requires improvement
\b[A-Z][a-z]+ly\b
child(ren)?’?s? sexual exploitation
children’s
children's
care leavers’
£\d
£[0-9.,]+ ?(million|m)\b
\bmulti-agency\b
[Ss]trategy (meeting|discussion)s?
(?i)front door
Ofsted|OFSTED
\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d
^Leaders
\.$
(?-i)Social workers
(?i)SOCIAL WORKERS
\bcorporate parent(ing|s)?\b
[“”]
missing from (home|care)
\bLADO\b
(?i)private fostering
PATTERNS

# A phrase that wraps across lines in the PDF is found whole: take phrases
# that pdftotext splits over a line end ("... multi-" / "agency ...") and
# search for them as one.
check "no paragraph keeps a line break" sh -c "! grep -q \"\$(printf '\\r')\" '$T/text.txt'"
python3 - "$OT_SHARED_DATA" > "$T/wrapped.txt" <<'PY'
import glob, subprocess, sys, re
found = 0
for f in sorted(glob.glob(sys.argv[1] + '/ofsted/reports/*/*.pdf')):
    out = subprocess.run(['pdftotext', '-layout', f, '-'], capture_output=True).stdout.decode('utf-8', 'replace')
    for m in re.finditer(r'(\w+ \w+ [a-z]+-)\n\s*([a-z]+ \w+)', out):
        print(m.group(1) + m.group(2))
        found += 1
        break
    if found >= 5:
        break
PY
check "found phrases that wrap in the PDFs" test "$(wc -l < "$T/wrapped.txt")" -ge 3
while IFS= read -r phrase; do
    check "wrapped phrase found whole: '$phrase'" sh -c "'$OT_BIN' search --db '$db' --count -- '$(printf '%s' "$phrase" | sed 's/[][\\.*^$()+?{}|]/\\&/g')' >/dev/null"
done < "$T/wrapped.txt"
finish
