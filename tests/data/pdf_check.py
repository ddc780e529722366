#!/usr/bin/env python3
"""Checks of the report importer's output against the real reports.

Usage: pdf_check.py CHECK DUMP.jsonl SHARED_DATA
  CHECK is one of: workbook, judgements, actions, sequence, paragraphs.
DUMP.jsonl is what tests/report_dump printed for every report (one JSON
object per inspection).  The workbook is read here independently of the
importer (zipfile + ElementTree, no extra packages).  Exit 0 on success,
1 with a list of differences.
"""
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
import zipfile
import xml.etree.ElementTree as ET

T = '{urn:oasis:names:tc:opendocument:xmlns:table:1.0}'
X = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}'

GRADES = {'outstanding': 1, 'good': 2, 'requires improvement to be good': 3,
          'requires improvement': 3, 'inadequate': 4}

# Reports whose paragraph numbers do not run 1..N, with what the PDF shows.
SEQUENCE_EXCEPTIONS = {
    "80546_windsor & maidenhead/children's services inspection - 24 february 2020.pdf":
        'the PDF skips paragraph 15: 14 is followed by the care heading and 16',
}
# Graded inspections that print no improvement actions, with the reason.
NO_ACTIONS = {
    "80527_north lincolnshire/children's services inspection - 25 november 2022.pdf":
        '"What needs to improve?" holds one prose paragraph and no bullets',
}


def sheet_rows(path, name):
    z = zipfile.ZipFile(path)
    root = ET.fromstring(z.read('content.xml'))
    for t in root.iter(T + 'table'):
        if t.get(T + 'name') != name:
            continue
        for row in t.iter(T + 'table-row'):
            cells = []
            for c in row.findall(T + 'table-cell'):
                rep = min(int(c.get(T + 'number-columns-repeated', '1')), 64)
                txt = ' '.join(''.join(p.itertext()) for p in c.findall(X + 'p'))
                cells += [txt] * rep
            yield cells


def norm_name(s):
    s = s.lower().replace('&', ' and ')
    s = re.sub(r'[^a-z ]', ' ', s)
    return ' '.join(s.split())


def load_dump(path):
    recs = []
    errors = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('{'):
                recs.append(json.loads(line))
            elif line.strip():
                errors.append(line.strip())
    return recs, errors


def rel(shared, f):
    return os.path.relpath(f, os.path.join(shared, 'ofsted', 'reports'))


def check_workbook(recs, shared):
    wb = os.path.join(shared, 'ofsted', 'LA_Inspection_Outcomes_as_at_31_March_2025.ods')
    rows = list(sheet_rows(wb, 'ILACS_inspection_history'))
    hdr = next(i for i, r in enumerate(rows) if r and r[0] == 'Web link')
    h = rows[hdr]
    col = {k: h.index(k) for k in h if k}
    areas = [('overall', 'Overall effectiveness'),
             ('leaders', 'The impact of leaders on social work practice with children and families'),
             ('help_protection', 'The experiences and progress of children who need help and protection'),
             ('in_care', 'The experiences and progress of children in care'),
             ('care_leavers', 'The experiences and progress of care leavers')]
    ilacs = [r for r in recs if r['framework'].startswith('ilacs')]
    fails = []
    compared = 0
    for row in rows[hdr + 1:]:
        if len(row) < 8 or not row[col['Inspection date']]:
            continue
        d, m, y = row[col['Inspection date']].split('/')
        start = f'{y}-{m}-{d}'
        la = norm_name(row[col['Local authority name']])
        cands = [r for r in ilacs if r['start'] == start and
                 (norm_name(os.path.basename(os.path.dirname(r['file'])).split('_', 1)[1]) in la or
                  la in norm_name(r['la']))]
        if not cands:
            continue
        compared += 1
        r = cands[0]
        where = f"{rel(shared, r['file'])} (workbook {row[col['Local authority name']]} {start})"
        kind = 'ilacs_short' if 'Short' in row[col['Inspection type']] else 'ilacs_standard'
        if r['framework'] != kind:
            fails.append(f'{where}: framework {r["framework"]}, workbook {kind}')
        got = {j['area']: j['grade'] for j in r['judgements']}
        for key, name in areas:
            want = row[col[name]].strip().lower() if col[name] < len(row) else ''
            if not want:
                if key in got and key == 'care_leavers':
                    fails.append(f'{where}: care_leavers {got[key]} but workbook has none')
                continue
            if got.get(key) != GRADES[want]:
                fails.append(f'{where}: {key} {got.get(key)}, workbook {want}')
    print(f'compared {compared} ILACS inspections with the workbook')
    if compared < 80:
        fails.append(f'only {compared} inspections matched the workbook')
    return fails


def check_judgements(recs, shared):
    want = {
        'sif_lscb': {'overall', 'help_protection', 'in_care', 'adoption', 'care_leavers', 'leaders', 'lscb'},
        'sif': {'overall', 'help_protection', 'in_care', 'adoption', 'care_leavers', 'leaders'},
        'sif_reinspection': {'overall', 'help_protection', 'in_care', 'adoption', 'care_leavers', 'leaders'},
        'lac2013': {'overall', 'capacity', 'outcomes', 'provision', 'leaders'},
        'lscb_review': {'lscb'},
    }
    fails = []
    n = 0
    for r in recs:
        if r['kind'] == 'ilacs':
            w = {'leaders', 'help_protection', 'in_care'}
            if r['start'] >= '2023-01-01':
                w.add('care_leavers')
            if r['start'] < '2026-04-27':
                w.add('overall')
        else:
            w = want[r['kind']]
        n += 1
        got = {j['area'] for j in r['judgements']}
        if got != w:
            fails.append(f"{rel(shared, r['file'])}: areas {sorted(got)}, expected {sorted(w)}")
        for j in r['judgements']:
            if not (0 <= j['grade'] <= 4) or not j['grade_label']:
                fails.append(f"{rel(shared, r['file'])}: bad grade {j}")
            elif j['grade'] == 0 and 'judged' not in j['grade_label'].lower():
                fails.append(f"{rel(shared, r['file'])}: grade 0 labelled {j['grade_label']}")
    print(f'checked the judgements of {n} inspections')
    return fails


def check_actions(recs, shared):
    fails = []
    for r in recs:
        name = rel(shared, r['file'])
        if not r['judgements']:
            continue
        if len(r['actions']) == 0 and name not in NO_ACTIONS:
            fails.append(f'{name}: no improvement actions')
        if len(r['actions']) > 0 and name in NO_ACTIONS:
            fails.append(f'{name}: listed as having no actions but has {len(r["actions"])}')
        for a in r['actions']:
            if len(a) < 15 or 'priority and immediate action' in a.lower():
                fails.append(f'{name}: suspicious action {a[:60]!r}')
    print(f'checked the actions of {len(recs)} inspections')
    return fails


def check_sequence(recs, shared):
    fails = []
    files = {}
    for r in recs:
        files.setdefault(r['file'], []).append(r)
    good = 0
    for f, rs in files.items():
        name = rel(shared, f)
        ok = True
        for r in rs:
            nums = [x['n'] for x in r['findings']]
            if nums != list(range(1, len(nums) + 1)) or len(nums) < 10:
                ok = False
        if ok:
            good += 1
            if name in SEQUENCE_EXCEPTIONS:
                fails.append(f'{name}: listed as an exception but runs 1..N')
        elif name not in SEQUENCE_EXCEPTIONS:
            fails.append(f'{name}: paragraph numbers do not run 1..N: {nums[:3]}...')
    share = good / len(files)
    print(f'{good} of {len(files)} reports run 1..N ({share:.1%})')
    if share < 0.99:
        fails.append(f'only {share:.1%} of reports run 1..N')
    return fails


def squash(s):
    s = unicodedata.normalize('NFC', s)
    # Private-use bullet glyphs are written as U+2022 by the importer.
    s = re.sub('[\ue000-\uf8ff\u0336]', '\u2022', s)
    # pdftotext's default mode drops a hyphen at a line end ("multi-" /
    # "agency" reads "multiagency"), where the importer keeps it: compare
    # without hyphens.
    return re.sub(r'[\s\-\u2011]+', '', s)


def check_paragraphs(recs, shared, n=30, seed=None):
    rnd = random.Random(seed if seed is not None else os.environ.get('OT_SEED', '4'))
    pool = [(r, x) for r in recs for x in r['findings']]
    fails = []
    for r, x in rnd.sample(pool, n):
        # The paragraph's page and the next one, straight from the PDF,
        # in pdftotext's default reading order rather than -layout.
        out = subprocess.run(['pdftotext', '-f', str(x['page']), '-l', str(x['page'] + 1),
                              r['file'], '-'], capture_output=True, check=True).stdout
        pages = out.decode('utf-8').split('\f')
        want = squash(x['text'])
        a = squash(pages[0])
        b = squash(pages[1]) if len(pages) > 1 else ''
        # The text must follow the paragraph number on its page, possibly
        # continuing at the start of the body of the next page.
        start = a.find(str(x['n']) + want[:40])
        if start < 0:
            start = a.find(str(x['n']) + '.' + want[:40])
        if start < 0:
            fails.append(f"{rel(shared, r['file'])} paragraph {x['n']} page {x['page']}: start not found")
            continue
        body = a[start:]
        i = body.find(want[:40])
        rest = body[i:]
        k = 0
        while k < len(want) and k < len(rest) and want[k] == rest[k]:
            k += 1
        if k < len(want) and b.find(want[k:]) < 0 and not (k >= len(rest) and want[k:] in b):
            fails.append(f"{rel(shared, r['file'])} paragraph {x['n']} page {x['page']}: differs "
                         f"after {k} of {len(want)} characters: ...{want[max(0, k - 20):k + 30]}")
    print(f'compared {n} random paragraphs with the PDF text')
    return fails


def main():
    check, dump, shared = sys.argv[1:4]
    recs, errors = load_dump(dump)
    fn = {'workbook': check_workbook, 'judgements': check_judgements,
          'actions': check_actions, 'sequence': check_sequence,
          'paragraphs': check_paragraphs}[check]
    fails = fn(recs, shared)
    for f in fails:
        print('FAIL', f)
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
