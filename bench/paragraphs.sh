#!/bin/sh
# Print the text of Ofsted report PDFs as pseudo-paragraphs, one per line:
# `pdftotext -layout` output cut at blank lines, page breaks and numbered
# paragraphs ("12. "), each line trimmed, runs of blanks squeezed, the lines of a block joined by one
# space.  Deterministic, so that a search over it can be compared with
# ripgrep over the same lines.
#
# usage: paragraphs.sh [-n EVERY] REPORTS_DIR > paragraphs.txt
#   -n EVERY   take only every EVERY-th PDF (in sorted order)
set -eu
every=1
if [ "${1:-}" = "-n" ]; then
    every=$2
    shift 2
fi
dir=${1:?usage: paragraphs.sh [-n EVERY] REPORTS_DIR}
command -v pdftotext >/dev/null 2>&1 || {
    echo "paragraphs.sh: pdftotext not found (Debian: apt-get install poppler-utils)" >&2
    exit 77
}
find "$dir" -name '*.pdf' | LC_ALL=C sort | awk -v every="$every" '(NR - 1) % every == 0' |
while IFS= read -r pdf; do
    # Some files named .pdf are not PDFs (an HTML error page): skip them.
    pdftotext -layout -enc UTF-8 "$pdf" - 2>/dev/null ||
        echo "paragraphs.sh: $pdf: not a readable PDF, skipped" >&2
    printf '\n'
done | LC_ALL=C awk '
    { gsub(/\f/, "\n"); n = split($0, parts, "\n") }
    {
        for (k = 1; k <= n; k++) {
            line = parts[k]
            gsub(/[ \t\r\v]+/, " ", line)
            sub(/^ /, "", line)
            sub(/ $/, "", line)
            if (line == "" || line ~ /^[0-9]+\. /) {
                if (para != "") print para
                para = line
            } else {
                para = (para == "") ? line : para " " line
            }
        }
    }
    END { if (para != "") print para }
'
