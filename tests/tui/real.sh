#!/bin/sh
# The views on the real data: the workbook in ../shared/data and the report
# PDFs imported.  Names with "&" and hyphens, the history of a real
# authority across frameworks and visits, an inspection's header with its
# web link and source file, and (when the reports gave findings) numbered
# paragraphs, find with highlights and re-wrapping.
. "$OT_SRCDIR/tests/lib.sh"
need_shared_data
. "$OT_SRCDIR/tests/tmux.sh"

db="$T/real.db"
# The workbook and every report PDF, imported once per build tree.
real_db "$db" || finish
findings=$(sqlite3 "$db" "SELECT count(*) FROM finding")
echo "findings in the database: $findings"

tui_start 100 30 "'$OT_BIN' --db '$db'"
tui_wait_for "Authorities"
tui_send / christchurch Enter
tui_wait_for "Bournemouth, Christchurch & Poole"
check "no sample-data label on real data" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | head -1 | grep -q SAMPLE"
last=$(sqlite3 "$db" "SELECT name FROM authority ORDER BY name COLLATE NOCASE DESC, id DESC LIMIT 1")
tui_send G
tui_wait_for "$last"
tui_send g
first_region=$(sqlite3 "$db" "SELECT DISTINCT region FROM authority WHERE region IS NOT NULL ORDER BY region LIMIT 1")
tui_send r
tui_wait_for "Authorities: $first_region"
tui_send R
tui_wait_gone "Authorities: $first_region"

# An authority whose latest inspection (2026 reform) gave no overall grade:
# the list shows the area grades it gave, never an older overall grade.
reformed=$(sqlite3 -separator '|' "$db" "SELECT a.name, (SELECT group_concat(j.grade, '') FROM (SELECT grade FROM judgement WHERE inspection_id = i.id AND area IN ('leaders', 'help_protection', 'in_care', 'care_leavers') ORDER BY CASE area WHEN 'leaders' THEN 1 WHEN 'help_protection' THEN 2 WHEN 'in_care' THEN 3 ELSE 4 END) j) FROM inspection i JOIN authority a ON a.id = i.authority_id WHERE i.framework LIKE 'ilacs%' AND NOT EXISTS (SELECT 1 FROM judgement WHERE inspection_id = i.id AND area = 'overall') AND i.start_date = (SELECT max(start_date) FROM inspection WHERE authority_id = a.id AND framework NOT IN ('focused_visit', 'monitoring_visit', 'jtai')) ORDER BY a.name LIMIT 1")
if [ -n "$reformed" ]; then
    name=${reformed%%|*} grades=${reformed#*|}
    letters=$(printf '%s' "$grades" | sed 'y/1234/OGRI/')
    want=$(printf '%s' "$letters" | sed 's/^\(.\)\(.\)\(.\)\(.\)$/– L:\1 H:\2 C:\3 CL:\4/')
    tui_send / "^$name" Enter
    tui_wait_for "$name"
    tui_wait_until "2026 reform: $name shows '$want', no older overall grade" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep '^ $name ' | grep -qF -- '$want'"
    tui_send g
else
    fail "the real reports hold no 2026 reformed inspection without an overall grade"
fi

# Stoke-on-Trent: found by name, its history, its 2019 ILACS inspection.
tui_send / stoke Enter
tui_send Enter
tui_wait_for "Authorities › Stoke-on-Trent"
tui_wait_for "Ratings"
for row in "2024-10-01 Focused visit" "2022-10-03 ILACS" "2019-02-04 ILACS"; do
    tui_wait_until "history row: $row" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q '$row'"
done
tui_wait_until "visit sits between the inspections" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -E '^ (2024-10-01|2022-10-03|2019-02-04)' | cut -c2-11 | tr '\n' ' ' | grep -q '2024-10-01 2022-10-03 2019-02-04'"
tui_send / 2019 Enter
tui_send Enter
tui_wait_for "Authorities › Stoke-on-Trent › ILACS 2019"
tui_wait_for "Lead inspector"
tui_wait_until "web link" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q 'Web link  *https://reports.ofsted.gov.uk/provider/44/861'"
# the workbook, or the report PDF once that is imported
source=$(sqlite3 "$db" "SELECT s.name FROM inspection i JOIN authority a ON a.id = i.authority_id JOIN source_file s ON s.id = i.source_id WHERE a.name = 'Stoke-on-Trent' AND i.start_date = '2019-02-04'" | cut -c1-40)
printf 'Source file      %s\n' "$source" > "$T/source"
tui_wait_until "source file ($source)" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qF -f '$T/source'"
tui_wait_until "judgements with letters and words" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -q 'Overall effectiveness  *I Inadequate'"
tui_send q q

# Findings, when the reports are in: open an inspection that has them.
if [ "$findings" -gt 0 ]; then
    row=$(sqlite3 -separator '|' "$db" "SELECT a.name, i.start_date FROM inspection i JOIN authority a ON a.id = i.authority_id WHERE EXISTS (SELECT 1 FROM finding f WHERE f.inspection_id = i.id AND f.paragraph > 0) ORDER BY (SELECT count(*) FROM finding f WHERE f.inspection_id = i.id) DESC LIMIT 1")
    name=${row%%|*} start=${row#*|}
    tui_send g / "^$(printf '%s' "$name" | sed 's/[][\\.*^$()+?{}|]/\\&/g')\$" Enter Enter
    tui_wait_for "Authorities › $name"
    tui_send / "^ *$start" Enter Enter
    tui_wait_for "Judgements"
    # Section by section (Tab): the summaries come first without numbers,
    # then the numbered paragraphs.
    numbered="^ +[0-9]+  [[:alpha:]“‘(]"
    tries=0
    while [ $tries -lt 12 ] && ! tui_screen | grep -qE "$numbered"; do
        tui_send Tab
        sleep 0.2
        tries=$((tries + 1))
    done
    tui_wait_until "numbered paragraphs" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE '$numbered'"
    tui_send g / children Enter
    tui_wait_for "Match 1 of"
    tui_wait_until "hits highlighted in the report" sh -c "tmux -L $ot_tmux_socket capture-pane -p -e | grep -qi '48;5;220mchildren'"
    tui_resize 61 30
    check "re-wrapped to 61 columns" test "$(tui_screen | wc -L)" -le 61
    tui_resize 100 30
else
    ok "no report PDFs imported by this build: findings checks skipped"
fi
tui_send Q
finish
