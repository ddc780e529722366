#!/bin/sh
# The matrix and counts views end to end in tmux on the workbook and every real report: the
# counts per year equal `ofsted-tui ratings --summary`, sorting, areas,
# the publication-date toggle, scrolling and resizing.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"
need_shared_data
need_tool python3

db="$T/ot.db"
# The workbook and every report, imported once per build tree.
real_db "$db" || finish
grid() {
    python3 "$OT_SRCDIR/tests/tui/screen_grid.py" "$@"
}
shot() {
    tui_screen > "$T/screen"
}

# The exit status goes to a file: more robust than asking tmux for it.
tui_start 100 30 "'$OT_BIN' --db '$db'; echo \$? > '$T/status'; sleep 60"
tui_wait_for "Authorities"
tui_send m
tui_wait_for "Matrix: overall at 31 March, by region"
tui_wait_for "East Midlands"
tui_wait_until "the first region comes first" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 4p | grep -q '^ East Midlands'"
tui_wait_until "every year from 2005 is a column" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '^ Authority  *05 06 07 '"
tui_wait_until "the ILACS era is named" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q 'ILACS'"
tui_wait_until "grades are letters" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '^  Derby  .* O  O '"

# The first region's counts, then (last rows) England's, year by year.
shot
check "East Midlands' counts per year equal the ratings command's" grid matrix-counts "$T/screen" "$OT_BIN" "$db" "East Midlands"
tui_send G
tui_wait_for " England"
shot
check "England's counts per year equal the ratings command's" grid matrix-counts "$T/screen" "$OT_BIN" "$db" England
check "as at 31 March 2025: 36 / 67 / 31 / 19" sh -c "grep -A4 '^ England' '$T/screen' | tail -4 | awk '{print \$(NF-1)}' | tr '\n' ' ' | grep -q '^36 67 31 19 \$'"

# Sorting.
tui_send 1
tui_wait_for "by name"
tui_wait_until "by name: Barking and Dagenham first" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 4p | grep -q '^ Barking and Dagenham'"
tui_send 3
tui_wait_for "by latest grade"
tui_wait_until "by latest grade: an inadequate authority first" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 4p | grep -qE ' I  *[0-9]+\\.[0-9]\$'"
tui_send 4
tui_wait_for "by years inadequate"
shot
check "by years inadequate: longest first" python3 -c '
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[3:28]
years = [float(l.split()[-1]) for l in lines if l.strip() and l.split()[-1].replace(".", "").isdigit()]
sys.exit(0 if len(years) > 10 and years == sorted(years, reverse=True) and years[0] > 3 else 1)' "$T/screen"
tui_send 2
tui_wait_for "by region"

# Another area, and dating by publication.
tui_send a
tui_wait_for "Matrix: leaders"
tui_send G
tui_wait_for " England"
shot
check "leaders: England's counts equal the ratings command's" grid matrix-counts "$T/screen" "$OT_BIN" "$db" England --area leaders
# Round the areas back to overall (how many depends on the data).
n=0
while ! tmux -L "$ot_tmux_socket" capture-pane -p | grep -q "Matrix: overall" && [ $n -lt 12 ]; do
    tui_send a
    sleep 0.2
    n=$((n + 1))
done
tui_wait_for "Matrix: overall"
tui_send p
tui_wait_for "by publication"
tui_send G
tui_wait_for " England"
shot
check "by publication: England's counts equal the ratings command's" grid matrix-counts "$T/screen" "$OT_BIN" "$db" England --by published
tui_send p
tui_wait_gone "by publication"

# Scrolling at keystroke speed: 300 moves and back to the top.
tui_send g
i=0
while [ $i -lt 30 ]; do tui_send j j j j j j j j j j; i=$((i + 1)); done
tui_send g
tui_wait_for "East Midlands"

# Resizing: fewer years fit, the latest stay; h and l scroll.
tui_resize 60 20
tui_wait_for "h: earlier"
tui_wait_until "narrow: the latest year is still shown" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '^ Authority .* 26 Yrs I'"
tui_send h
tui_wait_for "25 Yrs I"
tui_wait_until "h shows an earlier year" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '^ Authority .* 25 Yrs I'"
tui_send l l l
tui_resize 20 5
tui_wait_for "too small"
tui_resize 100 30
tui_wait_for "Matrix: overall"
tui_wait_gone "too small"

# The counts view on the latest 31 March, a year earlier, a month on.
tui_send q
tui_wait_for "Authorities"
tui_send d
tui_wait_for "Counts: overall as at"
shot
check "counts: England equals the ratings command's" grid distribution "$T/screen" "$OT_BIN" "$db"
tui_send h
tui_wait_for "as at 20"
shot
check "counts a year earlier" grid distribution "$T/screen" "$OT_BIN" "$db"
tui_send "[" "<" "<"
tui_wait_for "-02-2"
shot
check "counts a month and two days earlier" grid distribution "$T/screen" "$OT_BIN" "$db"
tui_send a
tui_wait_for "Counts: leaders"
shot
check "counts of leaders" grid distribution "$T/screen" "$OT_BIN" "$db"
tui_send Q
deadline=$(( $(date +%s) + 20 ))
while [ ! -s "$T/status" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
check "Q quits with status 0" test "$(cat "$T/status" 2>/dev/null)" = 0
finish
