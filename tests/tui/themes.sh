#!/bin/sh
# The themes views end to end in tmux on the workbook and every real
# report: T from the authorities list shows national trends per 100
# inspections; T from an authority's history its themes by inspection,
# recurring first; Enter lists a theme's findings in date order; Enter on
# one opens the report at that finding with the match highlighted.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"
need_shared_data

db="$T/ot.db"
real_db "$db" || finish
"$OT_BIN" --db "$db" themes --la Stoke-on-Trent --actions --format csv > "$T/stoke.csv"
"$OT_BIN" --db "$db" themes --format csv > "$T/national.csv"

tui_start 110 34 "'$OT_BIN' --db '$db'; echo \$? > '$T/status'; sleep 60"
tui_wait_for "Authorities"
tui_send T
tui_wait_for "per 100 inspections with a report"
tui_wait_for "supervision"
# supervision's per 100 in 2025, as the command gives it (rounded).
want=$(grep '^supervision,2025,' "$T/national.csv" | cut -d, -f5 | awk '{printf "%.0f", $1}')
tui_wait_until "national trends show years as columns" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q ' 2025'"
line=$(tui_screen | grep '^ supervision ')
years=$(tui_screen | grep '^ Theme' | head -1)
# the value under 2025: same column as the year's heading
pos=$(printf '%s\n' "$years" | awk '{print index($0, "2025")}')
got=$(printf '%s\n' "$line" | cut -c"$((pos - 1))-$((pos + 3))" | tr -d ' ')
check "supervision in 2025 is $want per 100 on screen ($got)" test "$got" = "$want"
tui_send a
tui_wait_for "Inspections whose actions match"
tui_send q
tui_wait_for "Authorities"

# Stoke-on-Trent's history, then its themes.
tui_send /
tui_send -l "Stoke"
tui_send Enter Enter
tui_wait_for "Ratings"
tui_send T
tui_wait_for "Findings that match each theme, in 4 inspections"
tui_send a
tui_wait_for "Actions that match each theme, in 4 inspections"
tui_wait_until "the inspections are columns, oldest first" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q 'run  *2015  *2019  *2022  *2025'"
first=$(sed -n 2p "$T/stoke.csv" | cut -d, -f1)
tui_wait_until "the first row is the command's first theme ($first)" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 5p | grep -q '↻$first  *4/4  *1  *1  *1  *1'"
tui_send Enter
tui_wait_for "4 actions matching /"
tui_wait_until "the actions are in date order" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -o '^ 20[0-9-]*' | tr -d ' ' > '$T/dates'; sort -c '$T/dates' && test \$(wc -l < '$T/dates') -eq 4"
tui_send G Enter
# The latest (2025) report's actions.
tui_wait_for "Management oversight and supervision, to ensure the quality"
tui_send q
tui_wait_for "actions matching"
tui_send q
tui_send a
tui_wait_for "Findings that match each theme"
first=$("$OT_BIN" --db "$db" themes --la Stoke-on-Trent --format csv | sed -n 2p | cut -d, -f1)
pattern=$("$OT_BIN" --db "$db" themes --list --format csv | grep "^$first," | cut -d, -f2)
tui_send Enter
tui_wait_for "findings matching /"
tui_send Enter
tui_wait_gone "findings matching /"
# The report opens at the finding, the theme's match drawn in its own colour.
tui_screen -e > "$T/colours"
check "the report shows a match of '$first' highlighted" python3 -c "
import re, sys
s = open('$T/colours', encoding='utf-8').read()
pat = re.compile(sys.argv[1], re.I)
# text right after an SGR sequence that the theme's pattern matches
sys.exit(0 if any(pat.match(m.group(1)) for m in re.finditer(r'\x1b\[[0-9;]*m([^\x1b]+)', s)) else 1)" "$pattern"
# A bad line in the user's theme file: said in the bottom bar, naming the
# file and line, and no themes view opens.
mkdir -p "$HOME/.config/ofsted-tui"
printf 'fine\tok\nno tab here\n' > "$HOME/.config/ofsted-tui/themes"
tui_send q q q
tui_wait_for "Ratings"
tui_send T
tui_wait_for "themes:2: no tab between"
tui_wait_until "... and the history stays" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q Ratings"
tui_send Q
check "the program exits 0" sh -c "sleep 0.5; test \"\$(cat '$T/status')\" = 0"
finish
