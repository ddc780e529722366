#!/usr/bin/env python3
"""Check every judgement cell of the workbook's sheets against what the
database exports, reading the sheets independently of the importer.

usage: workbook_compare.py FILE.ods INSPECTIONS.csv JUDGEMENTS.csv

INSPECTIONS.csv and JUDGEMENTS.csv are `ofsted-tui export inspections
--format csv` and `ofsted-tui export judgements --format csv`.  Exits 1 and
names each disagreement when one is found.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workbook_sheet import sheet_rows  # noqa: E402

SHEETS = ['Inspections_as_at_31_March', 'In-year_inspections', 'ILACS_inspection_history']
AREAS = {
    'Overall effectiveness': ('overall', 1),
    'The impact of leaders on social work practice with children and families': ('leaders', 2),
    'The experiences and progress of children who need help and protection':
        ('help_protection', 3),
    'The experiences and progress of children in care': ('in_care', 4),
    'The experiences and progress of care leavers': ('care_leavers', 5),
}
GRADES = {'Outstanding': '1', 'Good': '2', 'Requires improvement to be good': '3',
          'Inadequate': '4'}
TYPES = {'ILACS Standard Inspection': 'ilacs_standard', 'ILACS Short Inspection': 'ilacs_short',
         'ILACS Focused Visit': 'focused_visit', 'LA Monitoring visit': 'monitoring_visit'}


def iso(d):
    day, month, year = d.split('/')
    return '%s-%s-%s' % (year, month, day)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    ods, insp_csv, judg_csv = argv[1:]
    ons_of = {}
    framework_of = {}
    for r in csv.DictReader(open(insp_csv, encoding='utf-8')):
        ons_of[r['inspection_id']] = r['ons_code']
        framework_of[r['inspection_id']] = r['framework']
    exported = {}
    for r in csv.DictReader(open(judg_csv, encoding='utf-8')):
        key = (ons_of[r['inspection_id']], r['start_date'], r['area'])
        if key in exported:
            print('duplicate exported judgement %s' % (key,))
            return 1
        exported[key] = r
    problems = 0
    checked = 0
    seen = set()
    for sheet in SHEETS:
        rows = sheet_rows(ods, sheet)
        h = next(i for i, r in enumerate(rows) if 'Local authority name' in r)
        header = rows[h]
        col = {name: i for i, name in enumerate(header)}
        date_col = col.get('Inspection date', col.get('Inspection/Visit date'))
        type_col = col.get('Inspection type', col.get('Inspection/Visit type'))
        for n, row in enumerate(rows[h + 1:], start=h + 2):
            row = row + [''] * (len(header) - len(row))
            if not row[col['Local authority name']]:
                continue
            ons = row[col['Local authority area code']]
            start = iso(row[date_col])
            visit = type_col is not None and TYPES[row[type_col]] in ('focused_visit',
                                                                     'monitoring_visit')
            for label, (area, _) in AREAS.items():
                if label not in col:
                    continue
                cell = row[col[label]]
                got = exported.get((ons, start, area))
                where = '%s row %d, %s' % (sheet, n, label)
                if cell == '' or visit:
                    if got is not None:
                        print('%s: blank in the sheet, exported %r' % (where, got['grade_label']))
                        problems += 1
                    continue
                checked += 1
                seen.add((ons, start, area))
                if got is None:
                    print('%s: %r in the sheet, not exported' % (where, cell))
                    problems += 1
                elif (got['grade_label'] != cell or got['grade'] != GRADES[cell] or
                      got['area_label'] != label):
                    print('%s: sheet %r, exported %r grade %s label %r' %
                          (where, cell, got['grade_label'], got['grade'], got['area_label']))
                    problems += 1
                if type_col is not None and got is not None:
                    fw = framework_of[got['inspection_id']]
                    if fw != TYPES[row[type_col]]:
                        print('%s: framework %s exported as %s' % (where, row[type_col], fw))
                        problems += 1
    extra = set(exported) - seen
    for key in sorted(extra):
        print('exported judgement %s is in no sheet' % (key,))
        problems += 1
    print('%d judgement cells checked, %d exported judgements, %d problems' %
          (checked, len(exported), problems))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
