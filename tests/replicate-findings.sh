#!/bin/sh
# replicate-findings.sh DB COPIES: make DB's findings COPIES + 1 times as
# many, for searching at scale.  Every authority with findings gets COPIES
# copies named "NAME 1", "NAME 2", ..., each with copies of its inspections,
# judgements and findings (new ids), and meta 'findings_generation' is
# bumped so that the search corpus is rebuilt.  Journalling is off: DB is a
# scratch copy.  Needs sqlite3.
set -eu
db=$1
copies=$2
sqlite3 "$db" > /dev/null <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE copy(n INTEGER PRIMARY KEY);
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < $copies)
INSERT INTO copy SELECT n FROM r;
CREATE TEMP TABLE base AS SELECT
    (SELECT max(id) FROM authority) + 1 AS a, (SELECT max(id) FROM inspection) + 1 AS i,
    (SELECT max(id) FROM finding) + 1 AS f;
CREATE TEMP TABLE src_inspection AS
    SELECT DISTINCT inspection_id AS id FROM finding;
INSERT INTO authority(id, name, region, status)
    SELECT a.id + copy.n * base.a, a.name || ' ' || copy.n, a.region, a.status
    FROM copy, authority a, base
    WHERE a.id IN (SELECT authority_id FROM inspection WHERE id IN (SELECT id FROM src_inspection));
INSERT INTO inspection(id, authority_id, framework, start_date, end_date, published, lead_inspector)
    SELECT i.id + copy.n * base.i, i.authority_id + copy.n * base.a, i.framework, i.start_date,
           i.end_date, i.published, i.lead_inspector
    FROM copy, inspection i, base WHERE i.id IN (SELECT id FROM src_inspection);
INSERT INTO judgement(inspection_id, area, area_label, grade, grade_label)
    SELECT j.inspection_id + copy.n * base.i, j.area, j.area_label, j.grade, j.grade_label
    FROM copy, judgement j, base WHERE j.inspection_id IN (SELECT id FROM src_inspection);
INSERT INTO finding(id, inspection_id, seq, section, section_label, paragraph, page, text)
    SELECT f.id + copy.n * base.f, f.inspection_id + copy.n * base.i, f.seq, f.section,
           f.section_label, f.paragraph, f.page, f.text
    FROM copy, finding f, base WHERE f.id < base.f;
UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'findings_generation';
COMMIT;
EOF
