#!/bin/sh
# The moves view end to end in tmux on the workbook and every real report:
# from the counts view, t opens the table of moves; its dates move with
# [ ] < >; its England table is the one `ofsted-tui ratings --since
# --summary` prints; Enter on a cell lists those authorities and Enter on
# one opens its history.  Also from the matrix view.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"
need_shared_data

db="$T/ot.db"
real_db "$db" || finish

tui_start 110 32 "'$OT_BIN' --db '$db'; echo \$? > '$T/status'; sleep 60"
tui_wait_for "Authorities"
tui_send d
tui_wait_for "As at "
tui_send t
tui_wait_for "then \\ now"
# Walk the dates to 31 March 2019 -> 31 March 2025 from wherever today is.
date_now=$(tui_screen | sed -n 's/.*and on \([0-9-]*\) (columns).*/\1/p' | head -1)
year_now=${date_now%%-*}
since_year=$(tui_screen | sed -n 's/.*overall on \([0-9]*\)-.*/\1/p' | head -1)
i=$since_year
while [ "$i" -gt 2019 ]; do tui_send '['; i=$((i - 1)); done
i=$year_now
while [ "$i" -gt 2025 ]; do tui_send '<'; i=$((i - 1)); done
tui_wait_for "overall on 2019-03-31 (rows) and on 2025-03-31 (columns): England"
tui_screen > "$T/screen"
"$OT_BIN" --db "$db" ratings --since 2019-03-31 --as-at 2025-03-31 --summary --format csv > "$T/table.csv"
# The screen's rows in drawing order (O, G, R, I, none), cells O G R I none.
for g in outstanding good requires_improvement inadequate none; do
    grep "^England,$g," "$T/table.csv" | cut -d, -f4-8 | tr ',' ' '
done > "$T/want"
sed -n '/then \\ now/,/^ total/p' "$T/screen" | sed '1d;$d' | awk '{print $(NF-5), $(NF-4), $(NF-3), $(NF-2), $(NF-1)}' > "$T/got"
check "the screen's table is the command's" diff "$T/want" "$T/got"
total=$(grep '^England,' "$T/table.csv" | cut -d, -f3 | paste -sd+ | bc)
check "the authorities counted are named ($total)" grep -q "England, $total authorities" "$T/screen"

# Inadequate then (row 4), requires improvement now (column 3).
tui_send j j j l l
tui_send Enter
n=$(grep '^England,inadequate,' "$T/table.csv" | cut -d, -f6)
tui_wait_for "$n authorities: Inadequate on 2019-03-31, Req. improvement on 2025-03-31"
tui_wait_for "Stoke-on-Trent"
tui_wait_until "rows say how they moved" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q 'I Inadequate (2019-02-04)  *R Req. improvement (2022-10-03)  *improved'"
# Select Stoke-on-Trent and open its history.
row=$(tui_screen | grep -n 'Stoke-on-Trent' | head -1 | cut -d: -f1)
i=4
while [ "$i" -lt "$row" ]; do tui_send j; i=$((i + 1)); done
tui_send Enter
tui_wait_for "Ratings"
tui_wait_until "Enter opens Stoke-on-Trent's history" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '^ 2022-10-03 .*ILACS'"
tui_send q
tui_wait_for "Change"
tui_send q
tui_wait_for "then \\ now"
# One region.
tui_send r
tui_wait_for "(columns): East Midlands,"
tui_send R
tui_wait_for "(columns): England,"
tui_send q q
tui_wait_for "Authorities"
# From the matrix: since the first year shown.
tui_send m
tui_wait_for "Matrix"
tui_send t
tui_wait_for "then \\ now"
tui_send Q
check "the program exits 0" sh -c "sleep 0.5; test \"\$(cat '$T/status')\" = 0"
finish
