#!/bin/sh
# Judgements and improvement actions of the 167 real reports: ILACS grades,
# start dates and short/standard against Ofsted's official workbook (read
# independently by pdf_check.py); every SIF and 2013 judgement present;
# every graded inspection has its actions.
. "${OT_SRCDIR:-$(dirname "$0")/../..}/tests/data/pdf_lib.sh"
dump_all
n=$(grep -c '^{' "$WORK/dump.jsonl")
echo "parsed $n inspections"
[ "$n" -eq 167 ] || { echo "expected 167 inspections"; grep -v '^{' "$WORK/dump.jsonl"; exit 1; }
status=0
for check in workbook judgements actions; do
    python3 "$CHECK" "$check" "$WORK/dump.jsonl" "$OT_SHARED_DATA" || status=1
done
exit $status
