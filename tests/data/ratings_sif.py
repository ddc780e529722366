#!/usr/bin/env python3
"""The Single Inspection Framework grades in force as at 31 March 2016.

Reads the first page of every SIF report among the shared PDFs on its own
(pdftotext, then the report's own words: "Inspection date: 6 July 2015 -
30 July 2015", "Children's services in Norfolk are inadequate" or "The
overall judgement is good"), picks for each authority its latest SIF
inspection that started on or before the date, and checks that
`ofsted-tui ratings --as-at DATE --la NAME` gives that inspection and its
grade.

usage: ratings_sif.py OT_BIN REPORTS_DIR [DATE]   (DATE: 2016-03-31)
--list prints what the reports say without running the program.
"""
import csv
import io
import os
import re
import subprocess
import sys

MONTHS = {m: i + 1 for i, m in enumerate(
    'january february march april may june july august september october november december'.split())}


def first_page(path):
    out = subprocess.run(['pdftotext', '-l', '2', '-enc', 'UTF-8', path, '-'],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return out.stdout.decode('utf-8', 'replace') if out.returncode == 0 else ''


def start_date(text):
    m = re.search(r'Inspection dates?\s*:\s*([^\n]*)', text)
    if not m:
        return None
    line = m.group(1)
    d = re.match(r'\s*(\d{1,2})/(\d{1,2})/(\d{4})', line)
    if d:
        return '%s-%02d-%02d' % (d.group(3), int(d.group(2)), int(d.group(1)))
    day = re.search(r'\b(\d{1,2})\b', line)
    month = re.search(r'\b(' + '|'.join(MONTHS) + r')\b', line, re.I)
    year = re.search(r'\b(\d{4})\b', line)
    if not (day and month and year):
        return None
    return '%s-%02d-%02d' % (year.group(1), MONTHS[month.group(1).lower()], int(day.group(1)))


def overall(text):
    flat = ' '.join(text.split())
    m = re.search(r"overall judgement is (?:that children.s services are )?"
                  r"(outstanding|good|requires improvement|inadequate)", flat, re.I)
    if not m:
        m = re.search(r"Children.s services in .{1,90}? (?:are|is) (outstanding|good|inadequate)\b", flat)
    if not m and re.search(r"(?:Children.s services in .{1,90}?|overall judgement is that children.s services)"
                           r" requires? improvement", flat):
        return 3
    if not m:
        return None
    return {'outstanding': 1, 'good': 2, 'requires improvement': 3, 'inadequate': 4}[m.group(1).lower()]


def sif_reports(reports):
    """(folder, file, start date, grade) of every SIF report."""
    found = []
    for folder in sorted(os.listdir(reports)):
        path = os.path.join(reports, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith('.pdf'):
                continue
            text = first_page(os.path.join(path, name))
            # The SIF's title; ILACS reports are "Inspection of ... children's
            # social care services".
            if not re.search(r'help\s+and\s+protection,\s+children\s+looked\s+after\s+and\s+care\s+leavers', text):
                continue
            found.append((folder, name, start_date(text), overall(text)))
    return found


def main(argv):
    listing = len(argv) > 1 and argv[1] == '--list'
    if listing:
        argv = argv[1:]
    if len(argv) < 2 + (not listing) or len(argv) > 4:
        sys.stderr.write(__doc__)
        return 2
    if listing:
        reports, date = argv[1], (argv[2] if len(argv) > 2 else '2016-03-31')
    else:
        ot_bin, reports, date = argv[1], argv[2], (argv[3] if len(argv) > 3 else '2016-03-31')
    found = sif_reports(reports)
    problems = []
    for folder, name, start, grade in found:
        if start is None or grade is None:
            problems.append('%s/%s: could not read the date or grade (%s, %s)' % (folder, name, start, grade))
    latest = {}
    for folder, name, start, grade in found:
        if start and start <= date and (folder not in latest or start > latest[folder][1]):
            latest[folder] = (name, start, grade)
    print('%d SIF reports; %d authorities with one started by %s' % (len(found), len(latest), date))
    for folder, (name, start, grade) in sorted(latest.items()):
        la = folder.split('_', 1)[1]
        if listing:
            print('%s: %s started %s, grade %s' % (la, name, start, grade))
            continue
        run = subprocess.run([ot_bin, 'ratings', '--as-at', date, '--la', la, '--format', 'csv'],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if run.returncode != 0:
            problems.append('%s: ratings failed: %s' % (la, run.stderr.decode().strip()))
            continue
        rows = list(csv.DictReader(io.StringIO(run.stdout.decode('utf-8'))))
        if len(rows) != 1:
            problems.append('%s: %d rows' % (la, len(rows)))
            continue
        r = rows[0]
        got = (r['framework'], r['start_date'], r['grade'])
        if r['framework'] not in ('sif', 'sif_reinspection') or r['start_date'] != start or \
                r['grade'] != str(grade):
            problems.append('%s: the report %r (started %s) says grade %s; ratings gives %s' % (
                la, name, start, grade, got))
        else:
            print('ok: %s: %s from the SIF of %s' % (r['authority'], r['grade_label'], start))
    for p in problems:
        print('DIFF:', p)
    if not latest:
        problems.append('no SIF report found')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
