#!/bin/sh
# The TUI search on the real reports: quotes folded in the prompt (and
# exact:yes), overall: against grade:, sort:, a bad filter value with its
# caret, and `c` counting the matches by year, region, ... -- each the same
# answer as the command line's.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"

db="$T/real.db"
real_db "$db" || finish
cli() { "$OT_BIN" search --db "$db" "$@" || true; }

tui_start 120 30 "'$OT_BIN' --db '$db'"
tui_wait_for "Authorities"
tui_send s
tui_wait_for "search:"

# Folding: a straight apostrophe finds the curly ones.
n=$(cli --count "children's social care")
tui_send -l "children's social care"
tui_wait_for "$n findings match /children's social care/"
check "the straight apostrophe found as many as the curly one ($n)" test "$n" = "$(cli --count "children’s social care")"
tui_send C-u
n=$(cli --exact --count "children's social care")
tui_send -l "exact:yes children's social care"
tui_wait_for "$n finding"
check "exact:yes finds only the straight one ($n)" test "$n" -lt "$(cli --count "children's social care")"

# Newest first, as the command line lists them.
tui_send C-u
tui_send -l "supervision"
tui_wait_for "$(cli --count supervision) findings match /supervision/"
first=$(cli --color never supervision | sed -n 1p | awk -F'  ' '{ print $2 }')
tui_wait_until "newest first: the first row is dated $first" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -qF '$first'"

# sort:authority: the first row is the command line's first.
tui_send C-u
tui_send -l "sort:authority supervision"
tui_wait_for "findings match /supervision/ with filters"
la=$(cli --sort authority --color never supervision | sed -n 1p | awk -F'  ' '{ print $1 }' | cut -c1-14)
tui_wait_until "sort:authority: the first row is $la" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -qF '$la'"

# overall: is the inspection's grade, grade: the finding's section's.
tui_send C-u
n=$(cli --count --overall 3 supervision)
tui_send -l "overall:3 supervision"
tui_wait_for "$n findings match /supervision/ with filters"
check "overall:3 and grade:3 differ ($n)" test "$n" != "$(cli --count --grade 3 supervision)"
tui_send C-u
tui_send -l "overall:9 supervision"
tui_wait_for "overall takes 1 (Outstanding) to 4 (Inadequate), not '9'"
col=$(tmux_cmd capture-pane -p | grep -n "overall takes" | head -1 | cut -d: -f2- | awk '{ print index($0, "^") }')
check "caret under the bad value (column $col)" test "$col" -eq 17

# c: counts by year, then region.
tui_send C-u
tui_send -l "supervision"
tui_send Enter
tui_wait_gone "search:"
tui_send c
tui_wait_for "by year"
y=$(cli --count-by year --format csv supervision | sed -n 2p)
tui_wait_until "by year: ${y%,*} has ${y#*,}" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '^ ${y%,*} +${y#*,} '"
tui_send c
tui_wait_for "by region"
r=$(cli --count-by region --format csv supervision | sed -n 2p)
region=$(echo "$r" | python3 -c "import csv, sys; print(next(csv.reader(sys.stdin))[0])")
count=$(echo "$r" | python3 -c "import csv, sys; print(next(csv.reader(sys.stdin))[1])")
tui_wait_until "by region: the most hits first ($region, $count)" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -qF '$region' && tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -qE ' $count '"
tui_send c c c c
tui_wait_gone "by section"
tui_wait_until "c past section shows the hits again" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '¶[0-9]+ '"
tui_send q
tui_wait_for "Authorities"
finish
