#!/bin/sh
# The screen on the real data at 80 and 200 columns and without a UTF-8
# locale, and `e`: the view's table to a CSV file named in a prompt.
. "$OT_SRCDIR/tests/lib.sh"
need_shared_data
. "$OT_SRCDIR/tests/tmux.sh"

db="$T/real.db"
real_db "$db" || finish
work="$T/work"
mkdir -p "$work"
run="cd '$work' && '$OT_BIN' --db '$db'"
screen_has() { tui_screen | grep -qF -- "$1"; }

# 200 columns: whole regions and grade words, no space wasted.
tui_start 200 30 "$run"
tui_wait_for "Authorities"
tui_send / barnsley Enter
tui_wait_for "North East, Yorkshire and the Humber"
check "the full grade word at 200 columns" screen_has "R Requires improvement"

# e: the prompt offers authorities.csv; Enter writes it and says where.
tui_send e
tui_wait_for "Export CSV to: authorities.csv"
tui_send Enter
tui_wait_for "Exported 156 rows to $work/authorities.csv"
check "the CSV has a header and 156 rows" test "$(wc -l < "$work/authorities.csv")" -eq 157
check "the region in full, not as drawn at 80 columns" grep -q '^Barnsley,"North East, Yorkshire and the Humber",current,' "$work/authorities.csv"
check "grades in words" grep -q '^Barnet,London,current,Good,' "$work/authorities.csv"
# a second export does not overwrite the first
tui_send e
tui_wait_for "Export CSV to: authorities-2.csv"
tui_send Escape
tui_wait_for "Export cancelled"
# an unwritable path: the message says why, nothing is written
tui_send e
tui_wait_for "Export CSV to:"
tui_send C-u "$T/no/such/dir/x.csv" Enter
tui_wait_for "Cannot write $T/no/such/dir/x.csv: No such file or directory"

# The matrix: every year in words; before the data, "no data held".
tui_send m
tui_wait_for "Matrix: overall"
tui_wait_for "  Derby  "
tui_wait_until "years before the data show ? (no data held)" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '^  Derby  *?  ?  ? '"
tui_send e
tui_wait_for "Export CSV to: matrix.csv"
tui_send Enter
tui_wait_for "Exported 156 rows to $work/matrix.csv"
check "matrix CSV: a column per year from 2005" grep -q '^authority,region,area,2005-03-31,2006-03-31,' "$work/matrix.csv"
check "matrix CSV: 2010 is 'no data held' for Barnsley" sh -c "grep '^Barnsley,' '$work/matrix.csv' | grep -q ',no data held,'"
check "matrix CSV: and a grade later" sh -c "grep '^Barnsley,' '$work/matrix.csv' | grep -q ',Good,'"
tui_send q
tui_wait_gone "Matrix"

# Compare two: a row per area and authority, every year in words.
tui_send / '^derby$' Enter Space / '^stoke' Enter Space c
tui_wait_for "Compare 2"
tui_wait_until "compare: years before the data show ?" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '^   inspections  *? '"
tui_send e
tui_wait_for "Export CSV to: compare.csv"
tui_send Enter
tui_wait_for "to $work/compare.csv"
check "compare CSV: Stoke-on-Trent's 2019 overall grade" sh -c "grep '^Stoke-on-Trent,West Midlands,overall,where inspected,' '$work/compare.csv' | cut -d, -f19 | grep -qx Inadequate"
tui_send q
tui_wait_gone "Compare 2"


# 80 columns: the report's judgement labels cut short stay distinct; the
# page of the paragraph shows in the bottom bar, the section in the title.
tui_resize 80 30
tui_send / '^stoke' Enter Enter
tui_wait_for "› Stoke-on-Trent"
n_stoke=$(sqlite3 "$db" "SELECT count(*) FROM inspection i JOIN authority a ON a.id = i.authority_id WHERE a.name = 'Stoke-on-Trent'")
tui_send e
tui_wait_for "Export CSV to: history.csv"
tui_send Enter
tui_wait_for "Exported $n_stoke rows to $work/history.csv"
check "history CSV: grades as printed, in full" grep -q '^Stoke-on-Trent,2022-10-03,2022-10-14,.*Requires improvement to be good' "$work/history.csv"
check "80 columns: grades abbreviated, never cut mid-word" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | grep -Eq 'R Requir( |$)|I Inadeq( |$)'"
tui_send / 2019 Enter Enter
tui_wait_for "Judgements"
tui_screen | sed -n '/Judgements/,/^ *$/p' | sed '1d;/^ *$/d' | cut -c1-50 > "$T/labels"
check "four judgement lines ($(wc -l < "$T/labels"))" test "$(wc -l < "$T/labels")" -eq 4
check "no two labels the same at 80 columns" test "$(sort -u "$T/labels" | wc -l)" -eq 4
tui_send ']' ']' ']'
tui_wait_for "p. "
tui_screen | head -1 > "$T/title"
check "the section in the title ($(cat "$T/title"))" grep -q 'ILACS 2019 › [A-Z]' "$T/title"
page=$(tui_screen | tail -1 | sed -n 's/.*p\. \([0-9]*\).*/\1/p')
check "the page is one the report's paragraphs start on ($page)" \
    test "$(sqlite3 "$db" "SELECT count(*) FROM finding f JOIN inspection i ON i.id = f.inspection_id JOIN authority a ON a.id = i.authority_id
                           WHERE a.name = 'Stoke-on-Trent' AND i.start_date = '2019-02-04' AND f.page = '${page:-0}'")" -gt 0
tui_send Q
tui_wait_gone "ofsted-tui" 30

# LANG=C: ASCII stand-ins, never raw UTF-8 bytes or \xNN escapes.
tui_start 80 24 "cd '$work' && LANG=C LC_ALL=C '$OT_BIN' --db '$db'"
tui_wait_for "ofsted-tui > Authorities"
tui_send m
tui_wait_for "Matrix: overall"
tui_screen > "$T/c-screen"
check "no bytes outside ASCII under LANG=C" sh -c "! LC_ALL=C grep -q '[^ -~]' '$T/c-screen'"
check "no \\\\x escapes under LANG=C" sh -c "! grep -qF '\\x' '$T/c-screen'"
check "framework bars as |" grep -q '|' "$T/c-screen"
tui_send q Q
tui_wait_gone "ofsted-tui" 30
# Search hits: all of them, as the command line counts them.
n_hits=$("$OT_BIN" --db "$db" search --count 'unregulated placement')
tui_start 100 30 "$run"
tui_wait_for "Authorities"
tui_send s
tui_wait_for "search:"
tui_send -l "unregulated placement"
tui_wait_for "findings match /unregulated placement/"
tui_send Enter
tui_wait_gone "search:"
tui_send e
tui_wait_for "Export CSV to: search.csv"
tui_send Enter
tui_wait_for "Exported $n_hits rows to $work/search.csv"
check "search CSV: the columns of search --format csv" grep -q '^inspection_id,authority,start_date,section,paragraph,page,text,framework$' "$work/search.csv"
finish
