#!/bin/sh
# The search files beside a real database (DB-search, DB-search-rows) are
# data from disk like
# any other: one flipped byte in its text, a line end turned into '\r', or
# every line end made CRLF, and the search still gives the right count (the
# file is checked when opened and rebuilt), instead of crashing in the
# regex JIT or miscounting silently.
. "$OT_SRCDIR/tests/lib.sh"
need_tool python3

db="$T/real.db"
real_db "$db" || finish
search() { "$OT_BIN" --db "$db" search --count "$@"; }
want=$(search 'children')
want_ci=$(search 'care leaver')
check "the search file was written" test -s "$db-search"
cp "$db-search" "$T/good-search"
echo "counts on the sound file: $want, $want_ci"

# damage KIND: change the search file in place, keeping its size.
damage() {
    python3 - "$db-search" "$1" <<'PY'
import struct, sys
path, kind = sys.argv[1], sys.argv[2]
d = bytearray(open(path, "rb").read())
text_len = struct.unpack_from("=Q", d, 64)[0]
mid = 4096 + text_len // 2
if kind == "flip":          # one byte of a letter, as a bad disk would
    i = d.index(b"children", mid)
    d[i + 2] ^= 0x80       # 'i' becomes a stray continuation byte
elif kind == "letter":      # still valid UTF-8: only a hash can tell
    i = d.index(b"children", mid)
    d[i + 2] = ord("a")
elif kind == "cr":          # one line end in the middle turned into '\r'
    d[d.index(b"\n", mid)] = ord("\r")
open(path, "wb").write(d)
PY
}

for kind in flip letter cr; do
    cp "$T/good-search" "$db-search"
    damage "$kind"
    if cmp -s "$db-search" "$T/good-search"; then fail "$kind: the damage did not change the file"; fi
    got=$(search 'children'); rc=$?
    check "$kind: search exits 0 (exit $rc)" test "$rc" -eq 0
    check "$kind: the count is right ($got, expected $want)" test "$got" = "$want"
    check "$kind: the file was rebuilt as it was" cmp -s "$db-search" "$T/good-search"
    check "$kind: a second pattern counts right too" test "$(search 'care leaver')" = "$want_ci"
done

# A file that passed its check is stamped (DB-search.checked) once it is a
# few seconds old, and later opens skip the check; a change made after that
# is still caught, since any write moves the file's change time.
cp "$T/good-search" "$db-search"
sleep 3
search 'children' > /dev/null
check "a checked file old enough is stamped" test -s "$db-search.checked"
got=$(search 'children')
check "a stamped file serves the right count ($got)" test "$got" = "$want"
damage flip
got=$(search 'children'); rc=$?
check "flip after the stamp: the count is right ($got, exit $rc)" test "$got" = "$want" -a "$rc" -eq 0
check "flip after the stamp: the file was rebuilt as it was" cmp -s "$db-search" "$T/good-search"

# The table of what each hit shows (DB-search-rows): damaged, it is rebuilt
# too, and hits print as before.
first_lines() { "$OT_BIN" --db "$db" search --color never 'children' | sed -n '1,40p'; }
want_lines=$(first_lines)
check "the rows file was written" test -s "$db-search-rows"
cp "$db-search-rows" "$T/good-rows"
# One byte changed in the header, the paragraphs, the inspections, the
# orders and the strings (the last byte ends them).
for where in 100 1/3 1/2 9/10 -1; do
    cp "$T/good-rows" "$db-search-rows"
    python3 - "$db-search-rows" "$where" <<'PY'
import sys
path, where = sys.argv[1], sys.argv[2]
d = bytearray(open(path, "rb").read())
if "/" in where:
    a, b = where.split("/")
    i = len(d) * int(a) // int(b)
else:
    i = int(where) % len(d)
d[i] ^= 0x5A
open(path, "wb").write(d)
PY
    if cmp -s "$db-search-rows" "$T/good-rows"; then fail "rows at $where: the damage did not change the file"; fi
    check "rows damaged at $where: hits print as before" test "$(first_lines)" = "$want_lines"
    check "rows damaged at $where: the file was rebuilt as it was" cmp -s "$db-search-rows" "$T/good-rows"
done

# Every line end made CRLF (a transfer in text mode): the file grows.
cp "$T/good-search" "$db-search"
python3 - "$db-search" <<'PY'
import struct, sys
path = sys.argv[1]
d = open(path, "rb").read()
text_len = struct.unpack_from("=Q", d, 64)[0]
text = d[4096:4096 + text_len].replace(b"\n", b"\r\n")
open(path, "wb").write(d[:4096] + text + d[4096 + text_len:])
PY
got=$(search 'children'); rc=$?
check "CRLF: search exits 0 (exit $rc)" test "$rc" -eq 0
check "CRLF: the count is right ($got, expected $want)" test "$got" = "$want"
check "CRLF: the file was rebuilt as it was" cmp -s "$db-search" "$T/good-search"
finish
