#!/bin/sh
# c in an authority's history opens the compare view with the authority and
# its ten statistical neighbours (real workbook, reports and lookup), in the
# lookup's order; without the lookup it says what to import.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"
need_shared_data

db="$T/ot.db"
real_db "$db" || finish
screen_has() {
    tui_screen | grep -q -- "$1"
}

# Without neighbours: a message, and the history stays.
tui_start 100 30 "'$OT_BIN' --db '$db'; echo \$? > '$T/status'; sleep 60"
tui_wait_for "Barking and Dagenham"
tui_send / W a k e f i e l d Enter
tui_wait_for "Wakefield"
tui_send Enter
tui_wait_for "c neighbours"
check "the history view lists the key in its bar" screen_has "c neighbours"
tui_send c
tui_wait_for "No statistical neighbours of Wakefield"
tui_send Q
wait_status() {
    deadline=$(( $(date +%s) + 20 ))
    while [ ! -s "$T/status" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
    check "Q quits with status 0" test "$(cat "$T/status" 2>/dev/null)" = 0
    rm -f "$T/status"
}
wait_status

"$OT_BIN" --db "$db" import "$OT_SHARED_DATA/lookup/Provider_data_lookup.csv" >/dev/null || fail "importing the lookup"
tui_start 100 30 "'$OT_BIN' --db '$db'; echo \$? > '$T/status'; sleep 60"
tui_wait_for "Barking and Dagenham"
tui_send / W a k e f i e l d Enter
tui_wait_for "Wakefield"
tui_send Enter
tui_wait_for "c neighbours"
tui_send c
tui_wait_for "Wakefield and 10 statistical neighbours"
tui_wait_for "Wakefield — North East"
# The first bands, in the lookup's order: Wakefield, Dudley, Barnsley.
tui_screen >"$T/screen"
order=$(sed -n 's/^ *\([A-Z][^—]*\) — .*/\1/p' "$T/screen" | head -3 | tr '\n' ',')
check "bands in rank order ($order)" test "$order" = "Wakefield,Dudley,Barnsley,"
check "grades drawn" grep -q '◆' "$T/screen"
tui_send G
tui_wait_for "Lancashire — North West"
check "the tenth neighbour is the last band" screen_has "Lancashire — North West"
# q goes back to the history, q again to the list.
tui_send q
tui_wait_for "c neighbours"
tui_send q
tui_wait_for "1 by name"
tui_send Q
wait_status
finish
