#!/bin/sh
# Incremental search in the TUI: results as you type (the same count as the
# command line), filters in the prompt, bad and runaway patterns, opening a
# hit in its report, n across hits, actions, and the pattern history kept
# between runs.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"

db="$T/demo.db"
"$OT_BIN" demo --db "$db" >/dev/null || fail "demo"
count() { "$OT_BIN" search --db "$db" --count "$@" || true; }

tui_start 120 30 "'$OT_BIN' --db '$db'"
tui_wait_for "Authorities"
tui_send s
tui_wait_for "search:"
tui_wait_for "Type a regular expression"
# The first search builds the search files beside the new database, and
# says so: on a large database that takes seconds.
tui_send -l "z"
tui_wait_for "Search index built in"
tui_send C-u
tui_send -l "supervisio"
tui_wait_for "findings match /supervisio/"
tui_send -l "n"
n=$(count supervision)
tui_wait_for "$n findings match /supervision/"
tui_wait_until "results listed with paragraph numbers" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '¶[0-9]+ +.*[Ss]upervision'"

# Matches are highlighted (the match role is drawn, not only plain text).
tui_wait_until "matches highlighted" sh -c "tmux -L $ot_tmux_socket capture-pane -p -e | grep -q \"\$(printf '\\033')\\[[0-9;]*m[Ss]upervision\""

# A bad pattern: PCRE2's message and a caret under the pattern.
tui_send C-u
tui_send -l "a(b"
tui_wait_for "missing closing parenthesis"
col=$(tmux_cmd capture-pane -p | grep -n 'missing closing parenthesis' | head -1 | cut -d: -f2- | awk '{ print index($0, "^") }')
check "caret under the offending place (column $col)" test "$col" -eq 12
# A runaway pattern stops with a message.
tui_send C-u
tui_send -l '(\w+\s?)+$'
tui_wait_for "pattern too complex"

# Filters in the prompt.
tui_send C-u
tui_send -l "la:Ashcombe threshold"
n=$(count --la Ashcombe threshold)
tui_wait_for "$n findings match /threshold/ with filters"
tui_wait_until "filtered rows are Ashcombe's" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n '3,20p' | grep -v '^ *\$' | grep -v 'Ashcombe' | grep -vq 'q back' && exit 1 || exit 0"
tui_send C-u
tui_send -l "supervision"
tui_send Enter
tui_wait_gone "search:"

# Open a hit: the report scrolled to that paragraph.
tui_send Enter
tui_wait_for "Search findings ›"
tui_send n
tui_wait_for "Match "
k=$(tui_screen | sed -n 's/.*Match \([0-9]*\) of.*/\1/p' | head -1)
tui_send n
tui_wait_for "Match $((k + 1)) of"
tui_send q
tui_wait_for "findings match /supervision/"

# n in the list opens the next hit; past a report's last match n goes on
# to the next report.
tui_send g n
tui_wait_for "Search findings ›"
tui_send q
tui_wait_for "findings match /supervision/"

# Actions instead of findings.
tui_send a
n=$(count --actions supervision)
tui_wait_for "$n actions match /supervision/"
tui_send a
tui_wait_for "findings match /supervision/"

# History: the pattern comes back with Up, also after a restart.
tui_send q
tui_wait_for "Authorities"
tui_send Q
tui_start 120 30 "'$OT_BIN' --db '$db'"
tui_wait_for "Authorities"
tui_send s
tui_wait_for "search:"
tui_send Up
tui_wait_for "search: supervision"
tui_send Escape
tui_wait_for "Search findings"
tui_send q
tui_wait_for "Authorities"
check "history file kept" test -s "$HOME/.local/state/ofsted-tui/search-history"

# Too small while searching, then back.
tui_send s
tui_send -l "threshold"
tui_wait_for "findings match /threshold/"
tui_resize 30 6
tui_wait_for "too small"
tui_resize 120 30
tui_wait_for "findings match /threshold/"
finish
