#!/bin/sh
# Numbered paragraphs of the real reports: in at least 99% of reports they
# run 1..N (the exceptions are named in pdf_check.py with the reason), and
# 30 paragraphs picked at random equal, whitespace aside, the text that
# pdftotext reads from the PDF in its default (non-layout) mode.
. "${OT_SRCDIR:-$(dirname "$0")/../..}/tests/data/pdf_lib.sh"
dump_all
status=0
python3 "$CHECK" sequence "$WORK/dump.jsonl" "$OT_SHARED_DATA" || status=1
python3 "$CHECK" paragraphs "$WORK/dump.jsonl" "$OT_SHARED_DATA" || status=1
exit $status
