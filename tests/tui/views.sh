#!/bin/sh
# The views end to end in tmux on the demo data: the authorities list
# (sorts, region filter, find with n/N), an authority's history, an
# inspection (sections, scrolling, find with highlights, wrapping and
# re-wrapping), help, every key the help lists, the control-character
# finding, NO_COLOR and a terminal without colours, and the exit paths.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"

db="$T/demo.db"
"$OT_BIN" demo --db "$db" >/dev/null || fail "demo"
run="'$OT_BIN' --db '$db'"

# The row drawn in the selection colour, without escapes and blanks runs.
selected() {
    tmux_cmd capture-pane -p -e | grep '48;5;153m' | head -1 | sed 's/\x1b\[[0-9;]*m//g; s/\x1b(B//g; s/▸/ /; s/  */ /g; s/^ //'
}
title() {
    tui_screen | head -1
}
bottom() {
    tui_screen | tail -1
}
# wait_selected TEXT: the selected row starts with TEXT (polls).
wait_selected() {
    deadline=$(( $(date +%s) + 10 ))
    while :; do
        case "$(selected)" in "$1"*) ok "selected: $1"; return 0 ;; esac
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail "expected '$1' selected, got '$(selected)'"
            tui_screen | sed 's/^/  | /' >&2
            return 1
        fi
        sleep 0.05
    done
}
# wait_title TEXT: the title line holds TEXT.
wait_title() {
    deadline=$(( $(date +%s) + 10 ))
    until title | grep -qF -- "$1"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail "expected '$1' in the title, got '$(title)'"
            return 1
        fi
        sleep 0.05
    done
    ok "title: $1"
}

# exited_with: the status the program left in $T/status (the shell in the
# pane writes it: tmux is at times slow to reap the program itself).
exited_with() {
    deadline=$(( $(date +%s) + 10 ))
    until [ -s "$T/status" ]; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo timeout
            tui_screen | sed 's/^/  | /' >&2
            return 1
        fi
        sleep 0.05
    done
    cat "$T/status"
    rm -f "$T/status"
}
recorded="$run; echo \$? > '$T/status'"

# ---------------------------------------------------------------- authorities
tui_start 100 30 "$recorded"
tui_wait_for "Alderholt Valley"
wait_selected "Alderholt Valley"
tui_wait_until "bottom bar names the sort keys" sh -c "tmux -L $ot_tmux_socket capture-pane -p | tail -1 | grep -q '1 by name  2 by region  3 by grade  4 by date'"
tui_wait_until "direction arrows are shown" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '▲'"
tui_send j;     wait_selected "Ashcombe"
tui_send Down;  wait_selected "Blackwater Levels"
tui_send k;     wait_selected "Ashcombe"
tui_send Up;    wait_selected "Alderholt Valley"
tui_send NPage; wait_selected "Ravensholt"
tui_send PPage; wait_selected "Alderholt Valley"
# In this list Space marks for comparison (PgDn pages): mark, unmark.
tui_send Space; wait_selected "Ashcombe"
tui_wait_for "(1 marked)"
tui_send k Space; wait_selected "Ashcombe"
tui_wait_gone "marked)"
tui_send k NPage; wait_selected "Ravensholt"
tui_send b;     wait_selected "Alderholt Valley"
tui_send End;   wait_selected "Zennor Reach"
tui_send Home;  wait_selected "Alderholt Valley"
tui_send G;     wait_selected "Zennor Reach"
tui_send g;     wait_selected "Alderholt Valley"
# sorts keep the selection and reorder the list
tui_send 3
tui_wait_for "Sort by latest overall grade"
tui_wait_until "grade sort puts Outstanding first" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q 'O Outstanding'"
tui_send 4
tui_wait_for "Sort by date of the latest inspection"
tui_wait_until "date sort puts the newest first" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q '2026-05-1'"
tui_send 2
tui_wait_for "Sort by region"
tui_wait_until "region sort starts with East Midlands" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q 'East Midlands'"
tui_send 1
tui_wait_for "Sort by name"
tui_wait_until "name sort starts with Alderholt Valley" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q 'Alderholt Valley'"
# region filter
tui_send r
wait_title "Authorities: East Midlands"
check "filter shows only that region" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | grep -q 'South West'"
tui_send r
wait_title "Authorities: East of England"
tui_send R
tui_wait_for "South West"
check "R shows every region" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | head -1 | grep -q 'Authorities:'"
# find as you type, smart case, n and N
tui_send g
wait_selected "Alderholt Valley"
tui_send /
tui_send o r
wait_selected "Brackenford"
tui_send Enter
tui_send n;  wait_selected "Eldermoor"
tui_send n;  wait_selected "Greystoke Moor"
tui_send N;  wait_selected "Eldermoor"
tui_wait_until "matches are highlighted" sh -c "tmux -L $ot_tmux_socket capture-pane -p -e | grep -q '48;5;220mor'"
tui_send / x BSpace c o l d
wait_selected "Coldharbour Lane"
tui_wait_for "Search wrapped round"
tui_send Escape
wait_selected "Eldermoor"
tui_send / O l d Enter
wait_selected "Old Sarnford"
tui_send / W O L D Enter
tui_wait_for "No authority matches /WOLD"
tui_send / f o "(" 
tui_wait_for "missing closing parenthesis at offset 3"
tui_send Escape
tui_send g / ash Enter
wait_selected "Ashcombe"

# ---------------------------------------------------------------- history
tui_send Enter
wait_title "Authorities › Ashcombe"
tui_wait_for "Ratings"
tui_wait_until "strip has a year axis" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q 'Ratings  *06 07 08 09 10'"
tui_wait_until "visit between inspections" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '2022-09-01 Focused visit'"
wait_selected "2023-04-13 ILACS"
tui_wait_until "framework change is named in its row" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '2020-09-14 ILACS short.*SIF → ILACS'"
tui_send j j j
wait_selected "2015-03-09 SIF"
tui_wait_for "SIF 2015-03-09 to 2015-04-02; 48 findings; SLAC → SIF; Adequate → Requires improvement"
tui_send g
tui_resize 180 30
tui_wait_for "2015-03-09 2015-04-02 SIF"
tui_wait_until "wide: the note in full in its row" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '2015-03-09 2015-04-02 SIF.*SLAC → SIF; Adequate → Requires improvement'"
tui_wait_until "grades as printed when wide" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '2010-02-12 2010-02-23 SLAC  *R Adeq'"
tui_resize 100 30
tui_send / short Enter
wait_selected "2020-09-14 ILACS short"
tui_send N
wait_selected "2020-09-14 ILACS short"
tui_wait_for "Search wrapped round"

# ---------------------------------------------------------------- inspection
tui_send Enter
wait_title "Authorities › Ashcombe › ILACS short 2020"
tui_wait_for "Lead inspector"
tui_wait_until "header: inspector with her accent and curly apostrophe" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q 'Máire O’Connell'"
for field in Authority Framework Dates Published "Web link" "Source file" Judgements "What needs to improve"; do
    tui_wait_until "header shows $field" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '$field'"
done
tui_wait_until "actions are numbered" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '^ 1\\.  +[A-Z]'"
tui_send ']'
tui_wait_for "Judgements"
tui_wait_until "] puts Judgements at the top" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q Judgements"
tui_send Tab Tab
tui_wait_for "The impact of leaders"
tui_wait_until "Tab goes to the first findings section" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q 'The impact of leaders'"
tui_wait_until "paragraph numbers" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '^ +1  [A-Z]'"
tui_send '['
tui_wait_for "What needs to improve"
tui_wait_until "[ goes back a section" sh -c "tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q 'What needs to improve'"
tui_send BTab
check "Shift-Tab goes back again" sh -c "sleep 0.3; tmux -L $ot_tmux_socket capture-pane -p | sed -n 3p | grep -q 'Judgements'"
tui_send ']' ']'

# The finding with ESC [ 2 J and BEL: shown escaped, screen not cleared.
tui_wait_for "^[[2J"
tui_wait_for "^G here."
tui_wait_until "the title survives the escape sequence" sh -c "tmux -L $ot_tmux_socket capture-pane -p | head -1 | grep -q 'ILACS short 2020'"
check "the escape reached the screen as text, not as a control" sh -c "! tmux -L $ot_tmux_socket capture-pane -p -e | grep -q \"$(printf '\033')\\[2J\""

# Paragraph 3 on screen, joined back, is the finding's text (escaped): the
# wrap keeps every word and re-wraps to the new width.
expected=$(sqlite3 "$db" "SELECT text FROM finding WHERE text LIKE '%web page%'" | sed 's/\x1b/^[/g; s/\x07/^G/g')
para3() {
    tui_screen | awk '/^ +3  /{on=1} on && /^ +4  /{exit} on' | sed 's/^ *3  //; s/^ *//; s/ *$//' | tr '\n' ' ' | sed 's/ $//'
}
check "paragraph 3 wraps at 100 columns with every word" test "$(para3)" = "$expected"
tui_resize 60 30
tui_wait_gone "Senior leaders have an accurate understanding of the quality of practice. Threshold"
check "every line fits 60 columns" test "$(tui_screen | wc -L)" -le 60
check "paragraph 3 re-wraps at 60 columns" test "$(para3)" = "$expected"
tui_wait_until "wrapped lines break at words" sh -c "tmux -L $ot_tmux_socket capture-pane -p | awk '/^ +3  /{on=1} on && /^ +4  /{exit} on' | grep -qv '[a-z]-\$'"
tui_resize 30 6
tui_wait_for "too small"
tui_resize 100 30
tui_wait_gone "too small"
tui_wait_for "^[[2J"

# scrolling by line and page, first and last
tui_send g
tui_wait_for "Lead inspector"
tui_send j j j
check "j scrolls by a line" sh -c "sleep 0.3; tmux -L $ot_tmux_socket capture-pane -p | sed -n 2p | grep -q 'Published'"
tui_send k
check "k scrolls back" sh -c "sleep 0.3; tmux -L $ot_tmux_socket capture-pane -p | sed -n 2p | grep -q 'Dates'"
tui_send Down Up
tui_send G
tui_wait_gone "Lead inspector"
tui_wait_until "G shows the last paragraph" sh -c "tmux -L $ot_tmux_socket capture-pane -p | tail -3 | grep -qE '[a-z]\\.'"
tui_send Home
tui_wait_for "Lead inspector"
tui_send NPage
tui_wait_gone "Lead inspector"
tui_send PPage
tui_wait_for "Lead inspector"
tui_send Space
tui_wait_gone "Lead inspector"
tui_send b
tui_wait_for "Lead inspector"
tui_send End
tui_wait_gone "Lead inspector"
tui_send C-l
tui_wait_gone "Lead inspector"

# find in the report: every hit highlighted, n and N with wrap round
tui_send Home / "social workers" Enter
tui_wait_for "Match 1 of"
hits=$(tmux_cmd capture-pane -p -e | grep -o '48;5;220m[^[]*' | head -1)
check "hits highlighted ($hits)" sh -c "echo '$hits' | grep -qi 'social workers'"
tui_send n
tui_wait_for "Match 2 of"
tui_send N N
tui_wait_for "(search wrapped round)"
tui_send / "web [a-z]" Enter
tui_wait_for "Match 1 of 1"
tui_send / "(" 
tui_wait_for "missing closing parenthesis at offset 1"
tui_send Escape
tui_wait_gone "missing closing"

# ---------------------------------------------------------------- help
tui_send '?'
wait_title "› Help"
tui_wait_for "Everywhere"
: > "$T/help.txt"
for page in 1 2 3 4; do
    tui_screen >> "$T/help.txt"
    tui_send Space
    sleep 0.2
done
"$OT_BIN" keys > "$T/keys"
while IFS="$(printf '\t')" read -r view key help; do
    check "help lists '$key' ($view): $help" grep -qF -- "$help" "$T/help.txt"
done < "$T/keys"
check "help names the inspection keys" grep -qF "], Tab" "$T/help.txt"
tui_send F1
tui_send q
wait_title "ILACS short 2020"
check "F1 inside help stays one level" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | head -1 | grep -q Help"
tui_send F1
wait_title "› Help"
tui_send Escape
wait_title "ILACS short 2020"

# ---------------------------------------------------------------- exit paths
tui_send q
wait_title "Authorities › Ashcombe"
check "back in history: the inspection's crumb is gone" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | head -1 | grep -q 'ILACS short'"
tui_send Escape
wait_title "Authorities"
tui_send Escape
sleep 0.3
tui_wait_until "Esc on the first view does not quit" sh -c "tmux -L $ot_tmux_socket capture-pane -p | head -1 | grep -q 'Authorities'"
tui_send q
status=$(exited_with)
check "q on the first view quits with 0 ($status)" test "$status" = 0

tui_start 100 30 "$recorded"
tui_wait_for "Alderholt Valley"
tui_send Enter
tui_wait_for "Ratings"
tui_send Enter
tui_wait_for "Lead inspector"
tui_send Q
status=$(exited_with)
check "Q quits from deep in the stack with 0 ($status)" test "$status" = 0

# ---------------------------------------------------------------- no colours
for mode in NO_COLOR vt100; do
    if [ "$mode" = NO_COLOR ]; then
        tui_start 100 30 "env NO_COLOR=1 $run"
    else
        tui_start 100 30 "env TERM=vt100 $run"
    fi
    tui_wait_for "Alderholt Valley"
    for word in "O Outstanding" "G Good" "R Req. improvement" "I Inadequate"; do
        tui_wait_until "$mode: grade shown as '$word'" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '$word'"
    done
    check "$mode: no colour sequences" sh -c "! tmux -L $ot_tmux_socket capture-pane -p -e | grep -q '\\[3[0-9];5;\\|\\[38;5\\|\\[48;5\\|\\[3[1-7]m'"
    tui_send j Enter
    tui_wait_for "Ratings"
    tui_wait_until "$mode: history grades as letters" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '2023-04-13 ILACS +[OGRI] '"
    tui_send Enter
    tui_wait_for "Judgements"
    tui_wait_until "$mode: judgement words" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '[OGRI] (Outstanding|Good|Requires improvement|Inadequate)'"
    tui_send / social Enter
    tui_wait_for "Match 1 of"
    tui_wait_until "$mode: hits still marked (bold/underline)" sh -c "tmux -L $ot_tmux_socket capture-pane -p -e | grep -q '\\[1m\\|\\[4m\\|\\[1;4m\\|;4m'"
    pid=$(tui_pid)
    tui_send Q
    # The program must end; its status was checked above (tmux is at times
    # slow to reap a program started through env, so look at the process).
    deadline=$(( $(date +%s) + 10 ))
    while stat=$(ps -o stat= -p "$pid") && [ "${stat#Z}" = "$stat" ]; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail "$mode: Q did not end the program"
            break
        fi
        sleep 0.05
    done
done
finish
