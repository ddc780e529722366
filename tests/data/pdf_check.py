#!/usr/bin/env python3
"""Checks of the report importer's output against the real reports.

Usage: pdf_check.py CHECK DUMP.jsonl SHARED_DATA
  CHECK is one of: workbook, judgements, actions, sequence, paragraphs,
  textends, summaries, sifactions.
DUMP.jsonl is what tests/report_dump printed for every report (one JSON
object per inspection).  The workbook is read here independently of the
importer (zipfile + ElementTree, no extra packages).  Exit 0 on success,
1 with a list of differences.
"""
import concurrent.futures
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

# Findings that end without sentence punctuation because the PDF's own
# paragraph does (checked by eye against the PDF), with what it shows.
SENTENCE_END_EXCEPTIONS = {
    ("80418_norfolk/children's services inspection,  pdf - 16 august 2013.pdf", 2):
        '"About this inspection": a list of the evidence, the last item unpunctuated',
    ("80418_norfolk/children's services inspection,  pdf - 16 august 2013.pdf", 3):
        '"About this inspection": ends with the four-point grade table',
    ("80418_norfolk/children's services inspection,  pdf - 16 august 2013.pdf", 15):
        'the lead-in to the improvement list; its last bullet has no full stop',
    ("80549_sandwell/children's services inspection,  pdf - 02 august 2013.pdf", 1):
        '"...Education and Inspections Act 2006" without a full stop',
    ("80549_sandwell/children's services inspection,  pdf - 02 august 2013.pdf", 2):
        '"About this inspection": a list of the evidence, the last item unpunctuated',
    ("80549_sandwell/children's services inspection,  pdf - 02 august 2013.pdf", 3):
        '"About this inspection": ends with the four-point grade table',
    ("80445_cambridgeshire/children's services inspection - 08 august 2014.pdf", 140):
        '"... child sexual exploitation and domestic abuse", no full stop, then 141',
    ("80448_cheshire west and chester/children's services inspection - 19 february 2016.pdf", 115):
        '"... were seen during the inspection", no full stop, then 116',
    ("80462_doncaster/children's services inspection - 27 november 2015.pdf", 38):
        '"... overall the pace is too slow", no full stop, then 39',
    ("80462_doncaster/children's services inspection - 27 november 2015.pdf", 153):
        'recommendation "... and monitoring of activities" without a full stop',
    ("80472_hampshire/children's services inspection - 22 april 2014.pdf", 98):
        '"... than comparable local authorities", no full stop, then 99',
    ("80478_kirklees/children's services inspection - 25 november 2016.pdf", 7):
        'recommendation "... across the whole service" without a full stop',
    ("80503_hounslow/children's services inspection - 21 march 2014.pdf", 93):
        '"... the national figure at 35.5%", no full stop, then 94',
    ("80549_sandwell/children's services inspection - 05 june 2015.pdf", 30):
        '"... placed at home reduce drift", no full stop, then 31',
    ("80555_somerset/children's services inspection - 27 march 2015.pdf", 22):
        'the paragraph ends with a comma: "... for children and families,"',
    ("80558_southampton/children's services inspection - 15 september 2014.pdf", 7):
        'summary bullet numbered in the sequence, printed without a full stop',
    ("80558_southampton/children's services inspection - 15 september 2014.pdf", 44):
        'recommendation "... drive improvements in service quality" without a full stop',
    ("80567_surrey/children's services inspection - 03 june 2015.pdf", 9):
        'recommendation "... and in reducing risk" without a full stop',
}
# List items (area statistics, summaries for children) are printed
# without full stops: a finding that starts with a bullet is not checked.
LIST_GLYPHS = '\u2022\u25fc\u2212\u2013\u2500\u2015\u25aa\u25cf\u25a0'
# Ofsted's closing page, never report text.
CLOSING_PAGE = re.compile(r'Crown copyright|enquiries@ofsted\.gov\.uk|Piccadilly Gate|'
                          r'Textphone|Open Government Licence|www\.gov\.uk/ofsted|'
                          r'Any complaints about the inspection or the report')


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
            nums = [x['n'] for x in r['findings'] if x['n'] > 0]
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
    numbered = [(r, x) for r in recs for x in r['findings'] if x['n'] > 0]
    unnumbered = [(r, x) for r in recs for x in r['findings'] if x['n'] == 0]
    sample = rnd.sample(numbered, n) + rnd.sample(unnumbered, min(n, len(unnumbered)))
    fails = []
    for r, x in sample:
        # The paragraph's page and the next one, straight from the PDF,
        # in pdftotext's default reading order rather than -layout.
        # Unnumbered text is mostly list items, which the default mode reads
        # out of order beside their headings: read those in layout order.
        layout = [] if x['n'] else ['-layout']
        out = subprocess.run(['pdftotext'] + layout + ['-f', str(x['page']), '-l', str(x['page'] + 1),
                              r['file'], '-'], capture_output=True, check=True).stdout
        pages = out.decode('utf-8').split('\f')
        want = squash(x['text'])
        a = squash(pages[0])
        b = squash(pages[1]) if len(pages) > 1 else ''
        # The text must follow the paragraph number on its page, possibly
        # continuing at the start of the body of the next page.
        # An unnumbered paragraph (a summary) is found by its text alone.
        num = str(x['n']) if x['n'] else ''
        start = a.find(num + want[:40])
        if start < 0 and num:
            start = a.find(num + '.' + want[:40])
        if start < 0:
            fails.append(f"{rel(shared, r['file'])} paragraph {x['n']} page {x['page']}: start not found")
            continue
        # List items may share their first words: take the occurrence that
        # matches longest.
        k, rest = -1, ''
        while start >= 0:
            body = a[start:]
            cand = body[body.find(want[:40]):]
            kk = 0
            while kk < len(want) and kk < len(cand) and want[kk] == cand[kk]:
                kk += 1
            if kk > k:
                k, rest = kk, cand
            start = a.find(num + want[:40], start + 1)
        if k < len(want) and b.find(want[k:]) < 0 and not (k >= len(rest) and want[k:] in b):
            fails.append(f"{rel(shared, r['file'])} paragraph {x['n']} page {x['page']}: differs "
                         f"after {k} of {len(want)} characters: ...{want[max(0, k - 20):k + 30]}")
    print(f'compared {len(sample)} random paragraphs ({n} numbered) with the PDF text')
    return fails


def ends_sentence(t):
    t = t.rstrip()
    t = re.sub(r'(?<=[^\w\s])\d$', '', t)  # a footnote mark after the stop
    if re.search(r'\((paragraph|page|outcome|recommendation)[^()]*\)$', t, re.I):
        return True  # a cross-reference closes a recommendation
    t = t.rstrip(')]"\'\u2019\u201d')
    return t[-1:] in ('.', '?', '!', ':', ';')


def furniture_lines(path):
    """Lines that recur at the top or foot of many pages of the PDF (running
    headers and footers, page numbers), digits written as '#'; read here
    with pdftotext independently of the importer."""
    out = subprocess.run(['pdftotext', '-layout', path, '-'], capture_output=True).stdout
    pages = out.decode('utf-8', 'replace').split('\f')
    count = {}
    for pg in pages:
        lines = [' '.join(l.split()) for l in pg.split('\n') if l.strip()]
        for l in set(lines[:2] + lines[-3:]):
            k = re.sub(r'\d+', '#', l)
            count[k] = count.get(k, 0) + 1
    need = max(3, len(pages) * 2 // 5)
    return {k for k, v in count.items() if v >= need and len(k.replace('#', '').strip()) >= 12}


def check_textends(recs, shared):
    fails = []
    total = bad = 0
    seen = set()
    for r in recs:
        name = rel(shared, r['file'])
        for x in r['findings']:
            total += 1
            key = (name, x['n'])
            if x['text'][:1] in LIST_GLYPHS:
                continue
            if ends_sentence(x['text']):
                if x['n'] and key in SENTENCE_END_EXCEPTIONS:
                    fails.append(f'{name} paragraph {x["n"]}: listed as an exception but ends a sentence')
                continue
            bad += 1
            seen.add(key)
            if key not in SENTENCE_END_EXCEPTIONS:
                fails.append(f'{name} paragraph {x["n"]} page {x["page"]}: ends without a full stop: '
                             f'...{x["text"][-70:]!r}')
    for key in SENTENCE_END_EXCEPTIONS:
        if key not in seen:
            fails.append(f'{key[0]} paragraph {key[1]}: exception no longer needed')
    print(f'{bad} of {total} findings end without sentence punctuation '
          f'({len(SENTENCE_END_EXCEPTIONS)} as printed in the PDF)')
    files = sorted({r['file'] for r in recs})
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        furn = dict(zip(files, ex.map(furniture_lines, files)))
    for r in recs:
        name = rel(shared, r['file'])
        for x in r['findings']:
            m = CLOSING_PAGE.search(x['text'])
            if m:
                fails.append(f'{name} paragraph {x["n"]} page {x["page"]}: holds Ofsted\'s closing page '
                             f'({m.group(0)!r})')
            t = re.sub(r'\d+', '#', ' '.join(x['text'].split()))
            for k in furn[r['file']]:
                if k in t:
                    fails.append(f'{name} paragraph {x["n"]} page {x["page"]}: holds the page furniture {k!r}')
    print(f'checked {total} findings for {sum(len(v) for v in furn.values())} running header and '
          f'footer lines of {len(files)} PDFs')
    return fails


def check_summaries(recs, shared):
    """Every ILACS and SIF LA report has unnumbered summary text: the ILACS
    headline summary on page 1, the SIF executive summary or summary of
    findings.  Closing boilerplate is never imported."""
    fails = []
    files = set()
    n = 0
    for r in recs:
        name = rel(shared, r['file'])
        un = [x for x in r['findings'] if x['n'] == 0]
        n += len(un)
        if un:
            files.add(r['file'])
        if r['kind'] == 'ilacs':
            if not any(x['page'] == 1 and x['section'] == 'summary' and len(x['text']) > 150 for x in un):
                fails.append(f'{name}: no headline summary on page 1')
        elif r['kind'] in ('sif', 'sif_lscb', 'sif_reinspection'):
            if not any(x['section'] == 'summary' and x['page'] <= 4 and len(x['text']) > 150 for x in un):
                fails.append(f'{name}: no unnumbered summary in the first pages')
        for x in un:
            low = x['text'].lower()
            if x['section'] == 'other' or 'the inspection judgements mean' in low or \
                    re.match(r'(lead|deputy lead|team) inspectors?:', low):
                fails.append(f'{name} page {x["page"]}: boilerplate imported: {x["text"][:60]!r}')
    print(f'{n} unnumbered findings in {len(files)} of {len(recs)} inspections')
    return fails


IMPROVE_HEADS = ('what does the local authority need to improve', 'priority and immediate action',
                 'areas for improvement')
IMPROVE_ENDS = re.compile(r"(the local authority's strengths|the local authority has the following "
                          r"strengths|summary for children|information about this|inspection judgements "
                          r"about|progress since the last inspection)")
PLACEHOLDER = re.compile(r'no areas for priority|not find any areas for priority|'
                         r'no priority (and|or) immediate action|no areas for immediate action')


def check_sifactions(recs, shared):
    """Early SIF reports (2014 to mid 2015, generations A and B): every item
    under "Priority and immediate action" and "Areas for improvement" is an
    action, numbered in the document-wide sequence or bulleted.  Counted
    here from the PDF text itself, in layout order."""
    fails = []
    checked = with_heads = 0
    for r in recs:
        if r['kind'] not in ('sif', 'sif_lscb') or r['start'] >= '2015-06-01':
            continue
        out = subprocess.run(['pdftotext', '-layout', r['file'], '-'], capture_output=True).stdout
        # Pages without the contents page, whose lines look like headings.
        pages = out.decode('utf-8', 'replace').split('\f')
        lines = [l for pg in pages if not re.search(r'^\s*Contents\s*$', pg, re.M)
                 for l in pg.split('\n')]
        start = next((i for i, l in enumerate(lines)
                      if l.strip().lower().replace('\u2019', "'").startswith(IMPROVE_HEADS)), None)
        if start is None:
            continue
        items = []
        heads = 0
        for l in lines[start:]:
            t = l.strip()
            low = t.lower().replace('\u2019', "'")
            if IMPROVE_ENDS.match(low):
                break
            if low.startswith(IMPROVE_HEADS[1:]):
                heads += 1
            m = re.match(r'(\d+)\.\s+(\S.*)', t)
            bullet = t[:1] and ord(t[0]) in (0xF06E, 0xF0A7, 0x2022, 0x25FC) and len(l) - len(l.lstrip()) <= 6
            if m or bullet:
                body = m.group(2) if m else t[1:].strip()
                if not PLACEHOLDER.search(body.lower()):
                    items.append(body)
        checked += 1
        with_heads += heads > 0
        acts = r['actions']
        if len(acts) != len(items):
            fails.append(f'{rel(shared, r["file"])}: {len(acts)} actions, the PDF lists {len(items)}')
            continue
        for a, b in zip(acts, items):
            if ' '.join(a.split())[:20] != ' '.join(b.split())[:20]:
                fails.append(f'{rel(shared, r["file"])}: action {a[:40]!r} where the PDF has {b[:40]!r}')
                break
    print(f'checked the improvement lists of {checked} early SIF reports '
          f'({with_heads} under "Priority and immediate action" / "Areas for improvement")')
    if checked < 15:
        fails.append(f'only {checked} early SIF reports with an improvement list')
    return fails


def main():
    check, dump, shared = sys.argv[1:4]
    recs, errors = load_dump(dump)
    fn = {'workbook': check_workbook, 'judgements': check_judgements,
          'actions': check_actions, 'sequence': check_sequence,
          'paragraphs': check_paragraphs, 'textends': check_textends,
          'summaries': check_summaries, 'sifactions': check_sifactions}[check]
    fails = fn(recs, shared)
    for f in fails:
        print('FAIL', f)
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
