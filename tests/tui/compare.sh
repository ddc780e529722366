#!/bin/sh
# The compare view end to end in tmux on the workbook and every real report: marking in the
# authorities list, the bands, both modes equal to what the ratings and
# export commands say, the publication-date toggle, resizing.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"
need_shared_data
need_tool python3

db="$T/ot.db"
# The workbook and every report, imported once per build tree.
real_db "$db" || finish
today=$(date +%Y-%m-%d)
grid() {
    python3 "$OT_SRCDIR/tests/tui/screen_grid.py" "$@"
}
shot() {
    tui_screen > "$T/screen"
}
screen_has() {
    tui_screen | grep -q -- "$1"
}

tui_start 100 30 "'$OT_BIN' --db '$db'; echo \$? > '$T/status'; sleep 60"
tui_wait_for "Barking and Dagenham"

# Nothing marked: c says how to mark.
tui_send c
tui_wait_for "Mark 2 to 8 authorities"
# Space marks and moves down; marked rows show a * in the first column.
tui_send Space
tui_wait_for "(1 marked)"
check "a marked row shows *" screen_has '^\*Barking and Dagenham'
check "Space moved to the next row" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | grep -q '^\\*Barnet'"
tui_send k Space
tui_wait_gone "marked)"
check "Space again unmarks" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | grep -q '^\\*'"
tui_send c
tui_wait_for "Mark 2 to 8 authorities"
# Mark nine: the ninth is refused.
tui_send g Space Space Space Space Space Space Space Space
tui_wait_for "(8 marked)"
tui_send Space
tui_wait_for "At most 8 authorities"
# Keep three: unmark the last five (Space moves down after each).
tui_send k Space k k Space k k Space k k Space k k Space
tui_wait_for "(3 marked)"
check "three marks on screen" test "$(tmux -L $ot_tmux_socket capture-pane -p | grep -c '^\*')" -eq 3

tui_send c
tui_wait_for "Compare 3: only where inspected"
tui_wait_for "Barking and Dagenham — London"
tui_wait_for "Barnet — London"
tui_wait_for "Barnsley — North East"
check "inspections are marked" screen_has '◆'
check "a visit is marked" screen_has '◇'
tui_wait_until "one row per area" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -c '^   Help & protection' | grep -q 3"
check "the year axis starts in 2005" screen_has '^ ◆insp ◇visit ?none  *05 06 07 '
shot
check "where inspected: letters exactly where an inspection graded overall" grid compare-inspected "$T/screen" "$OT_BIN" "$db"

tui_send t
tui_wait_for "Compare 3: grade in force each year"
shot
check "in force: every year equals the ratings command's" grid compare-in-force "$T/screen" "$OT_BIN" "$db" "$today"
check "in force: before anything held, ? (no data held)" sh -c "grep '^   Overall' '$T/screen' | head -1 | grep -q '?  ?  ?'"
check "care leavers not graded before 2023 shows –" sh -c "grep '^   Care leavers' '$T/screen' | head -1 | grep -q '–'"
tui_send p
tui_wait_for "by publication"
tui_send t
tui_wait_for "only where inspected, by publication"
tui_send p t
tui_wait_for "Compare 3: grade in force each year"
tui_wait_gone "by publication"

# Scrolling and resizing: narrower years, the bands stay readable.
tui_send G
tui_wait_for "Barnsley — North East"
tui_send g
tui_wait_for "Barking and Dagenham — London"
tui_resize 70 24
tui_wait_for "Barking and Dagenham"
shot
check "narrow: every year still shown, two columns each" grep -q '^ ◆insp ◇visit ?none  *06  08  10 .* 26$' "$T/screen"
check "narrow: still equal to the ratings command's" grid compare-in-force "$T/screen" "$OT_BIN" "$db" "$today"
tui_resize 20 5
tui_wait_for "too small"
tui_resize 100 30
tui_wait_for "Compare 3"
tui_wait_gone "too small"
shot
check "after resizing back: still equal to the ratings command's" grid compare-in-force "$T/screen" "$OT_BIN" "$db" "$today"

# Back in the list the marks are kept.
tui_send q
tui_wait_for "(3 marked)"
tui_send Q
deadline=$(( $(date +%s) + 20 ))
while [ ! -s "$T/status" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
check "Q quits with status 0" test "$(cat "$T/status" 2>/dev/null)" = 0
finish
