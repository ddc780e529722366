#!/usr/bin/env python3
"""Read one sheet of an .ods workbook on its own, with nothing but the
standard library, and write it out as CSV the way a spreadsheet program
saves a sheet (cells as displayed, dates as dd/mm/yyyy, all rows from the
title down).

Tests use it twice: to make the CSV editions of the workbook's sheets, and
as an independent reading of the sheet to check the importer against.

usage: workbook_sheet.py FILE.ods SHEET [OUT.csv]   (stdout without OUT)
       workbook_sheet.py --list FILE.ods
"""
import csv
import sys
import xml.etree.ElementTree as ET
import zipfile

T = '{urn:oasis:names:tc:opendocument:xmlns:table:1.0}'
TX = '{urn:oasis:names:tc:opendocument:xmlns:text:1.0}'


def para_text(p):
    out = [p.text or '']
    for child in p:
        if child.tag == TX + 's':
            out.append(' ' * int(child.get(TX + 'c', '1')))
        elif child.tag == TX + 'tab':
            out.append('\t')
        elif child.tag == TX + 'line-break':
            out.append('\n')
        else:
            out.append(para_text(child))
        out.append(child.tail or '')
    return ''.join(out)


def cell_text(c):
    return '\n'.join(para_text(p) for p in c.findall(TX + 'p'))


def sheet_rows(path, name):
    root = ET.fromstring(zipfile.ZipFile(path).read('content.xml'))
    for t in root.iter(T + 'table'):
        if t.get(T + 'name') != name:
            continue
        rows = []
        for row in t.iter(T + 'table-row'):
            cells = []
            for c in row:
                if c.tag not in (T + 'table-cell', T + 'covered-table-cell'):
                    continue
                n = int(c.get(T + 'number-columns-repeated', '1'))
                v = cell_text(c)
                cells.extend([v] * (n if v else min(n, 64)))
            while cells and cells[-1] == '':
                cells.pop()
            rep = int(row.get(T + 'number-rows-repeated', '1'))
            rows.extend([cells] * (rep if cells else min(rep, 4)))
        while rows and not rows[-1]:
            rows.pop()
        return rows
    raise SystemExit('no sheet %r in %s' % (name, path))


def main(argv):
    if len(argv) == 3 and argv[1] == '--list':
        root = ET.fromstring(zipfile.ZipFile(argv[2]).read('content.xml'))
        for t in root.iter(T + 'table'):
            print(t.get(T + 'name'))
        return 0
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    rows = sheet_rows(argv[1], argv[2])
    out = open(argv[3], 'w', newline='', encoding='utf-8') if len(argv) == 4 else sys.stdout
    w = csv.writer(out, lineterminator='\r\n')
    for r in rows:
        w.writerow(r)
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
