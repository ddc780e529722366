#!/bin/sh
# The workbook and every real report together: one authority per council
# whatever the spelling, one record per inspection, every report's
# inspection completed rather than duplicated.
. "$OT_SRCDIR/tests/lib.sh"

db="$T/real.db"
real_db "$db" || finish
q() { sqlite3 "$db" "$1"; }
check "still 156 authorities after 167 reports ($(q 'SELECT count(*) FROM authority'))" test "$(q 'SELECT count(*) FROM authority')" -eq 156
check "every authority has an ONS code and a region" test "$(q 'SELECT count(*) FROM authority WHERE ons_code IS NULL OR region IS NULL')" -eq 0
check "167 reports imported" test "$(q "SELECT count(*) FROM source_file WHERE kind = 'report'")" -eq 167
check "each report is the source of exactly one inspection" \
    test "$(q "SELECT count(*) FROM inspection i JOIN source_file s ON s.id = i.source_id WHERE s.kind = 'report'")" -eq 167
check "reports of inspections the workbook knows completed them (no second record)" \
    test "$(q "SELECT count(*) FROM inspection i JOIN inspection j ON j.authority_id = i.authority_id AND j.id < i.id
              AND abs(julianday(j.start_date) - julianday(i.start_date)) < 14
              AND j.framework NOT LIKE '%visit' AND i.framework NOT LIKE '%visit'")" -eq 0
check "the URN from a report's folder reached its authority" \
    test "$(q "SELECT count(*) FROM authority WHERE urn IS NOT NULL")" -ge 50
check "findings and actions present" test "$(q 'SELECT count(*) FROM finding')" -gt 10000 -a "$(q 'SELECT count(*) FROM action')" -gt 1000
finish
