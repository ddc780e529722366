#!/bin/sh
# Paragraphs of the real reports: in at least 99% of reports the numbered
# ones run 1..N (the exceptions are named in pdf_check.py with the
# reason); random numbered and unnumbered paragraphs equal, whitespace
# aside, the text that pdftotext reads from the PDF in its default
# (non-layout) mode; every finding ends a sentence unless the PDF's own
# paragraph does not, and none holds a running header, footer or Ofsted's
# closing page; the headline and executive summaries are imported without
# a number; the early SIF improvement lists are read item by item.
. "${OT_SRCDIR:-$(dirname "$0")/../..}/tests/data/pdf_lib.sh"
dump_all
status=0
for check in sequence paragraphs textends summaries sifactions; do
    python3 "$CHECK" $check "$WORK/dump.jsonl" "$OT_SHARED_DATA" || status=1
done
exit $status
