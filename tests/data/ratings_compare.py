#!/usr/bin/env python3
"""Check `ofsted-tui ratings --as-at 2025-03-31` against the official
workbook's Inspections_as_at_31_March sheet, read here on its own with the
standard library (zipfile + xml.etree, through workbook_sheet.py), never
through the program's importer.

usage: ratings_compare.py [--grades-only] FILE.ods DIR
DIR holds the program's output: AREA.csv for each area of the sheet
(overall, leaders, help_protection, in_care, care_leavers) and summary.csv
(--summary of overall).  Prints what differs; exits 1 when anything does.
With --grades-only only the overall grades and the counts are compared (not
the other areas, nor which inspection a grade comes from).
"""
import collections
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workbook_sheet import sheet_rows  # noqa: E402

SHEET = 'Inspections_as_at_31_March'
# The sheet's grade columns, by header, and the area key each one is.
AREAS = [
    ('Overall effectiveness', 'overall'),
    ('The impact of leaders on social work practice with children and families', 'leaders'),
    ('The experiences and progress of children who need help and protection', 'help_protection'),
    ('The experiences and progress of children in care', 'in_care'),
    ('The experiences and progress of care leavers', 'care_leavers'),
]
GRADES = {'Outstanding': 1, 'Good': 2, 'Requires improvement to be good': 3, 'Inadequate': 4}
WORDS = {1: 'outstanding', 2: 'good', 3: 'requires_improvement', 4: 'inadequate'}


def iso(d):
    dd, mm, yyyy = d.split('/')
    return '%s-%s-%s' % (yyyy, mm, dd)


def main(ods, out_dir, grades_only=False):
    rows = sheet_rows(ods, SHEET)
    header_at = next(i for i, r in enumerate(rows) if 'Local authority area code' in r)
    header = rows[header_at]
    col = {name: header.index(name) for name in header}
    sheet = {}
    for r in rows[header_at + 1:]:
        r = r + [''] * (len(header) - len(r))
        code = r[col['Local authority area code']]
        if code:
            sheet[code] = r
    problems = []

    def problem(msg):
        problems.append(msg)

    for title, area in (AREAS[:1] if grades_only else AREAS):
        path = os.path.join(out_dir, area + '.csv')
        got = {row['ons_code']: row for row in csv.DictReader(open(path, encoding='utf-8'))}
        if set(got) != set(sheet):
            problem('%s: authorities differ: only in the sheet %s, only in ratings %s' % (
                area, sorted(set(sheet) - set(got)), sorted(set(got) - set(sheet))))
        for code, r in sheet.items():
            g = got.get(code)
            if g is None:
                continue
            name = r[col['Local authority name']]
            label = r[col[title]].strip()
            want = GRADES.get(label)
            if label and want is None:
                problem('%s %s: the sheet has an unknown grade %r' % (name, area, label))
            have = int(g['grade']) if g['grade'] else None
            if have != want or (want and g['grade_label'] != label):
                problem('%s %s: sheet %r, ratings %r (%s)' % (name, area, label, g['grade_label'], g['grade']))
            if grades_only:
                continue
            if g['region'] != r[col['Ofsted region']]:
                problem('%s: region %r, sheet %r' % (name, g['region'], r[col['Ofsted region']]))
            if g['start_date'] != iso(r[col['Inspection date']]):
                problem('%s %s: in force from the inspection of %s, sheet %s' % (
                    name, area, g['start_date'], r[col['Inspection date']]))
            if g['published'] != iso(r[col['Publication date']]):
                problem('%s %s: published %s, sheet %s' % (name, area, g['published'], r[col['Publication date']]))

    # Counts of the overall grade per region and for England.
    want = collections.defaultdict(collections.Counter)
    for r in sheet.values():
        g = GRADES.get(r[col['Overall effectiveness']])
        for region in (r[col['Ofsted region']], 'England'):
            want[region][g] += 1
            want[region]['all'] += 1
    summary = {row['region']: row for row in csv.DictReader(open(os.path.join(out_dir, 'summary.csv'), encoding='utf-8'))}
    if set(summary) != set(want):
        problem('summary regions %s, sheet %s' % (sorted(summary), sorted(want)))
    for region, counts in sorted(want.items()):
        s = summary.get(region)
        if not s:
            continue
        have = {k: int(s[w]) for k, w in WORDS.items()}
        need = {k: counts[k] for k in WORDS}
        if have != need or int(s['authorities']) != counts['all'] or int(s['not_graded']) != counts[None]:
            problem('summary %s: ratings %s, sheet %s' % (region, dict(s), dict(counts)))
    england = [want['England'][g] for g in (1, 2, 3, 4)]
    print('sheet, England as at 31 March 2025: %d Outstanding, %d Good, %d Requires improvement, %d Inadequate'
          % tuple(england))
    if england != [36, 67, 31, 19]:
        problem('the sheet itself no longer says 36/67/31/19: %s' % england)

    for p in problems[:40]:
        print('DIFF:', p)
    if len(problems) > 40:
        print('... and %d more' % (len(problems) - 40))
    print('%d authorities, %d areas compared%s, %d differences' % (
        len(sheet), 1 if grades_only else len(AREAS), ' (grades only)' if grades_only else '', len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    args = sys.argv[1:]
    only = args[:1] == ['--grades-only']
    if only:
        args = args[1:]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(args[0], args[1], only))
