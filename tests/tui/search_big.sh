#!/bin/sh
# Typing fast over a search of about a gigabyte of findings: each key
# cancels the search before it, the first screen of a long search shows
# while it carries on counting, and what ends on screen is the last
# pattern's full result.  Builds the big database (the real import's
# findings replicated, as bench/search does; a few minutes, 2.5 GB of disk)
# only when OT_BIG_TESTS=1, which `make check-big` sets (it is not part of
# make check):
#
#   make check-big
#
# The search trace (OFSTED_TUI_TRACE) tells which searches were cancelled.
. "$OT_SRCDIR/tests/lib.sh"

if [ "${OT_BIG_TESTS:-}" != 1 ]; then
    echo "SKIP: $ot_test_name: set OT_BIG_TESTS=1 to build a 1 GB database and type over it" >&2
    exit 77
fi
. "$OT_SRCDIR/tests/tmux.sh"

# The big database, cached beside the real one and rebuilt with it.
real_db "$T/real.db"
big="$OT_BUILDDIR/tests/big.db"
if [ ! -s "$big" ] || [ "$OT_BUILDDIR/tests/real.db" -nt "$big" ]; then
    rm -f "$big" "$big"-*
    bytes=$(sqlite3 "$T/real.db" 'SELECT sum(length(CAST(text AS BLOB))) + count(*) FROM finding')
    cp "$T/real.db" "$big.tmp"
    "$OT_SRCDIR/tests/replicate-findings.sh" "$big.tmp" $((1000000000 / bytes)) || fail "replicating the findings"
    mv "$big.tmp" "$big"
fi
mb=$(sqlite3 "$big" 'SELECT sum(length(CAST(text AS BLOB))) / 1000000 FROM finding')
check "the big database holds about a gigabyte of findings ($mb MB)" test "$mb" -ge 900
# Build the search corpus before timing anything that types.
"$OT_BIN" --db "$big" search --count zzzz >/dev/null
slow='\b[A-Z][a-z]+ly\b'
slow_n=$("$OT_BIN" --db "$big" search --count "$slow")
fast_n=$("$OT_BIN" --db "$big" search --count supervision)

trace="$T/trace"
tui_start 120 30 "OFSTED_TUI_TRACE='$trace' '$OT_BIN' --db '$big'"
tui_wait_for "Authorities"
tui_send s
tui_wait_for "search:"

# 1. The slow pattern one key at a time, as fast as tmux sends them.
set -f # the pattern's [A-Z] is not a file name pattern
for k in $(printf '%s' "$slow" | sed 's/./& /g'); do
    tui_send -l "$k"
done
set +f
tui_wait_for "$slow_n findings match /$slow/" 60
last=$(tail -1 "$trace")
check "the last search ran to the end ($last)" sh -c "printf '%s\n' '$last' | grep -qF \"$(printf 'search\t%s\tdone\t%s' "$slow" "$slow_n")\""
cancelled=$(grep -c "	cancelled	" "$trace" || true)
check "typing cancelled searches on the way ($cancelled of $(grep -c . "$trace"))" test "$cancelled" -ge 1

# 2. A long search shows its first screen while it counts on ...
tui_send C-u
tui_wait_for "Type a regular expression"
: > "$trace"
tui_send -l "$slow"
tui_wait_for "+ findings match /$slow/  (searching…)" 30
check "hits listed while the search runs" sh -c "tmux -L $ot_tmux_socket -f /dev/null capture-pane -p | grep -qE '¶[0-9]+ +.*ly'"
# ... and typing over it cancels it: the new pattern's result, not the old.
tui_send C-u
tui_send -l supervision
tui_wait_for "$fast_n findings match /supervision/" 60
check "the slow search was cancelled by typing" grep -qF "$(printf 'search\t%s\tcancelled' "$slow")" "$trace"
check "the slow search never finished" sh -c "! grep -qF \"$(printf 'search\t%s\tdone' "$slow")\" '$trace'"
check "supervision finished with every hit" grep -qF "$(printf 'search\tsupervision\tdone\t%s' "$fast_n")" "$trace"

# 3. Enter keeps the finished result rather than searching again.
lines=$(grep -c . "$trace")
tui_send Enter
tui_wait_gone "search:"
check "Enter on a finished search does not run it again" test "$(grep -c . "$trace")" -eq "$lines"
tui_send q
finish
