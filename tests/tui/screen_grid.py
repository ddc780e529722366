#!/usr/bin/env python3
"""Read the year grids of the matrix and compare views off a captured
screen, and compare them with `ofsted-tui ratings`.  Used by the tmux tests
(tests/tui/matrix.sh, tests/tui/compare.sh).

usage:
  screen_grid.py matrix-counts SCREEN OT_BIN DB GROUP [--area A] [--by published]
      The four count rows under GROUP ("England" or a region) equal
      `ratings --as-at YEAR-03-31 --summary` for every year on the screen.
  screen_grid.py compare-in-force SCREEN OT_BIN DB TODAY
      Every band's Overall row (grade in force each year) equals
      `ratings --la NAME --as-at YEAR-12-31` (TODAY for this year).
  screen_grid.py compare-inspected SCREEN OT_BIN DB
      Every band's Overall row (where inspected) has a letter exactly in the
      years of its inspections that graded overall, equal to that grade.
  screen_grid.py distribution SCREEN OT_BIN DB
      The England line of the counts view equals `ratings --summary` on the
      view's date.
"""
import csv
import io
import re
import subprocess
import sys

LETTERS = {'O': 1, 'G': 2, 'R': 3, 'A': 3, 'I': 4}
WORDS = ['outstanding', 'good', 'requires_improvement', 'inadequate']


def ratings(ot_bin, db, *args):
    out = subprocess.run([ot_bin, '--db', db, 'ratings', '--format', 'csv'] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return list(csv.DictReader(io.StringIO(out.stdout.decode('utf-8'))))


def year_columns(lines):
    """{year: column of the year's first digit} from the header line."""
    for line in lines:
        if re.match(r'^ (Authority|◆)', line):
            cols = {}
            for m in re.finditer(r'(?<= )(\d\d)(?= |$)', line):
                cols[2000 + int(m.group(1))] = m.start()
            return cols
    raise SystemExit('no year header on the screen')


def matrix_counts(screen, ot_bin, db, group, extra):
    lines = screen.split('\n')
    cols = year_columns(lines)
    at = next((i for i, l in enumerate(lines) if l.strip() == group), None)
    if at is None:
        raise SystemExit('no %r heading on the screen' % group)
    rows = [l for l in lines[at + 1:] if re.match(r'^   [OGRI] ', l)][:4]
    if len(rows) != 4:
        raise SystemExit('no count rows under %r' % group)
    problems = 0
    for year, col in sorted(cols.items()):
        summary = {r['region']: r for r in ratings(ot_bin, db, '--as-at', '%d-03-31' % year, '--summary', *extra)}
        want = summary.get(group)
        for g, row in enumerate(rows):
            cell = row.replace('│', ' ')[col - 1:col + 2].strip()
            have = int(cell) if cell else None
            need = int(want[WORDS[g]]) if want else 0
            if have != need:
                print('%s %d %s: screen %r, ratings %d' % (group, year, WORDS[g], cell, need))
                problems += 1
    print('%s: %d years x 4 grades compared, %d differences' % (group, len(cols), problems))
    return 1 if problems else 0


def bands(lines):
    """(name, overall row line) of every band on the screen."""
    out = []
    for i, line in enumerate(lines):
        m = re.match(r'^ (\S.*?) — ', line)
        if m:
            for j in range(i + 1, min(i + 4, len(lines))):
                if lines[j].startswith('   Overall'):
                    out.append((m.group(1), lines[j], lines[i + 1]))
                    break
    return out


def first_inspections(ot_bin, db):
    """The earliest start date of an inspection (not a visit) of each authority."""
    out = subprocess.run([ot_bin, '--db', db, 'export', 'inspections', '--format', 'csv'],
                         stdout=subprocess.PIPE, check=True)
    first = {}
    for i in csv.DictReader(io.StringIO(out.stdout.decode('utf-8'))):
        if i['framework'] in ('focused_visit', 'monitoring_visit', 'jtai'):
            continue
        if i['authority'] not in first or i['start_date'] < first[i['authority']]:
            first[i['authority']] = i['start_date']
    return first


def compare_in_force(screen, ot_bin, db, today):
    lines = screen.split('\n')
    cols = year_columns(lines)
    found = bands(lines)
    first = first_inspections(ot_bin, db)
    problems = 0
    for name, row, _ in found:
        for year, col in sorted(cols.items()):
            date = today if year == int(today[:4]) else '%d-12-31' % year
            r = ratings(ot_bin, db, '--la', name, '--as-at', date)[0]
            cell = row[col] if col < len(row) else ' '
            want = {'graded': None, 'none': '·', 'not_graded': '–', 'not_existing': ' '}[r['state']]
            # before anything the database holds of the authority: "?",
            # no data held, rather than "·", not yet inspected
            if want == '·' and (name not in first or date < first[name]):
                want = '?'

            if want is None:
                ok = LETTERS.get(cell) == int(r['grade'])
            else:
                ok = cell == want
            if not ok:
                print('%s %s: screen %r, ratings %s %s' % (name, date, cell, r['state'], r['grade']))
                problems += 1
    print('%d bands x %d years compared, %d differences' % (len(found), len(cols), problems))
    return 1 if problems or len(found) < 2 else 0


def compare_inspected(screen, ot_bin, db):
    lines = screen.split('\n')
    cols = year_columns(lines)
    found = bands(lines)
    out = subprocess.run([ot_bin, '--db', db, 'export', 'judgements', '--format', 'csv'],
                         stdout=subprocess.PIPE, check=True)
    graded = {}
    for j in csv.DictReader(io.StringIO(out.stdout.decode('utf-8'))):
        if j['area'] == 'overall' and j['grade']:
            key = (j['authority'], int(j['start_date'][:4]))
            if key not in graded or j['start_date'] > graded[key][0]:
                graded[key] = (j['start_date'], int(j['grade']))
    problems = 0
    for name, row, events in found:
        for year, col in sorted(cols.items()):
            cell = row[col] if col < len(row) else ' '
            want = graded.get((name, year))
            if want is None and cell.strip():
                print('%s %d: %r on the screen but no inspection graded overall' % (name, year, cell))
                problems += 1
            elif want is not None and LETTERS.get(cell) != want[1]:
                print('%s %d: screen %r, inspection of %s graded %d' % (name, year, cell, want[0], want[1]))
                problems += 1
            if want is not None and events[col] != '◆':
                print('%s %d: no inspection mark' % (name, year))
                problems += 1
    print('%d bands compared where inspected, %d differences' % (len(found), problems))
    return 1 if problems or len(found) < 2 else 0


def distribution(screen, ot_bin, db):
    m = re.search(r'As at (\d{4}-\d\d-\d\d): grade in force for (\S+) \(inspections dated by (\w+)', screen)
    if not m:
        raise SystemExit('no date on the screen')
    date, area, by = m.groups()
    lines = screen.split('\n')
    at = next(i for i, l in enumerate(lines) if l.startswith(' England'))
    text = ' '.join(lines[at:at + 2])
    have = [int(n) for n in re.findall(r'\b[OGRI]\s*(\d+)\s+\d+%', text)]
    extra = ['--by', 'published'] if by == 'publication' else []
    summary = {r['region']: r for r in ratings(ot_bin, db, '--as-at', date, '--area', area, '--summary', *extra)}
    need = [int(summary['England'][w]) for w in WORDS]
    print('counts as at %s (%s): screen %s, ratings %s' % (date, area, have, need))
    return 0 if have == need else 1


def main(argv):
    if len(argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    what, screen = argv[1], open(argv[2], encoding='utf-8').read()
    if what == 'matrix-counts':
        return matrix_counts(screen, argv[3], argv[4], argv[5], argv[6:])
    if what == 'compare-in-force':
        return compare_in_force(screen, argv[3], argv[4], argv[5])
    if what == 'compare-inspected':
        return compare_inspected(screen, argv[3], argv[4])
    if what == 'distribution':
        return distribution(screen, argv[3], argv[4])
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
