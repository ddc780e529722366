#!/bin/sh
# ot_view_inspection_open, as the search results will call it: the report
# opens at a finding with every match of a pattern highlighted, n and N go
# from match to match, q comes back.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"

driver="$(dirname "$OT_BIN")/tests/tui/open_inspection"
check "the driver is built" test -x "$driver"
db="$T/demo.db"
"$OT_BIN" demo --db "$db" >/dev/null || fail "demo"
inspection=$(sqlite3 "$db" "SELECT inspection_id FROM finding WHERE text LIKE '%web page%'")
para5=$(sqlite3 "$db" "SELECT id FROM finding WHERE inspection_id = $inspection AND paragraph = 5")
matches=$(sqlite3 "$db" "SELECT count(*) FROM finding WHERE inspection_id = $inspection AND paragraph >= 5 AND text LIKE '%children%'")
check "paragraph 5 exists and later ones mention children ($matches)" test -n "$para5" -a "$matches" -gt 0

# At a finding, with a pattern: the paragraph under one line of context.
tui_start 100 30 "'$driver' '$db' $inspection $para5 children"
tui_wait_for "Authorities › Ashcombe: ILACS short 2020"
tui_wait_until "paragraph 5 is at the top" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q '^ *5  '"
tui_wait_until "every match highlighted" sh -c "tmux -L $ot_tmux_socket capture-pane -p -e | grep -c '48;5;220m[Cc]hildren' | grep -qv '^0\$'"
tui_send n
tui_wait_for "Match "
first=$(tui_screen | tail -1 | sed -n 's/.*Match \([0-9]*\) of.*/\1/p')
tui_send n
tui_wait_for "Match $((first + 1)) of"
tui_send N N
tui_wait_for "Match $((first - 1)) of"
tui_send q
tui_wait_for "Alderholt Valley"
tui_wait_until "q goes back to the list" sh -c "tmux -L $ot_tmux_socket capture-pane -p | head -1 | grep -q 'Authorities *SAMPLE'"
tui_send q

# At the top, with a pattern: the first match is shown and n finds the next.
tui_start 100 30 "'$driver' '$db' $inspection 0 'web page|a bell'"
tui_wait_for "^[[2J"
tui_send n
tui_wait_for "Match 2 of 2"
tui_send Q

# A pattern that does not compile: PCRE2's message, and the report opens.
tui_start 100 30 "'$driver' '$db' $inspection 0 'chil(dren'"
tui_wait_for "missing closing parenthesis at offset 9"
tui_wait_for "Lead inspector"
tui_send Q
# An inspection that does not exist: a message, and the list stays.
tui_start 100 30 "'$driver' '$db' 999999 0"
tui_wait_for "no inspection with id 999999"
tui_wait_for "Alderholt Valley"
tui_send Q
finish
