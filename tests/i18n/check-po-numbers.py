#!/usr/bin/env python3
"""Every number of a message survives its translation.

    check-po-numbers.py FILE.po...

The guideline's text carries doses, percentages, hazard ratios, confidence intervals,
grades (2B), stages (rT3), trial names (JUPITER-02), reference numbers ([48]) and ids
(E08). A translation that drops or changes one of them misleads a clinician, so every
number token of each msgid must appear in its msgstr at least as often as in the msgid.

A number token is a run of letters and digits that holds a digit, with its decimal part
(0.52, 1,000) and a trailing percent sign (95%). A token written with a percent sign must
keep it; "13 percent" may become "13%". Bracketed references ([19,20]) must appear as
written. Untranslated and fuzzy entries are not compared here (check-po.sh reports them).
"""
import re
import sys
from collections import Counter

TOKEN = re.compile(r'[A-Za-z0-9]*[0-9][A-Za-z0-9]*(?:[.,][0-9]+[A-Za-z0-9]*)*%?')
REFERENCE = re.compile(r'\[[0-9][0-9,\s\u2013-]*\]')
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unescape(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)


def entries(path):
    """(line, msgid, msgstr, fuzzy) for each entry but the header."""
    entry = None
    field = None
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip():
                if entry:
                    yield entry
                entry, field = None, None
                continue
            if entry is None:
                entry = {'line': number, 'msgid': '', 'msgstr': '', 'fuzzy': False, 'obsolete': False}
            if line.startswith('#~'):
                entry['obsolete'] = True
                continue
            if line.startswith('#,') and 'fuzzy' in line:
                entry['fuzzy'] = True
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d+\])\s+', line)
            if m:
                field = m.group(1)
                if field.startswith('msgstr'):
                    field = 'msgstr'
                elif field != 'msgid':
                    field = None
                line = line[m.end():]
            if field:
                for s in STRING.findall(line):
                    entry[field] += unescape(s)
    if entry:
        yield entry


def tokens(text):
    return [t.rstrip('.,') for t in TOKEN.findall(text)]


def problems(msgid, msgstr):
    wanted = Counter(tokens(msgid))
    found = Counter(tokens(msgstr))
    bare = Counter(t.rstrip('%') for t in tokens(msgstr))
    for token, count in sorted(wanted.items()):
        have = found[token] if token.endswith('%') else bare[token]
        if have < count:
            yield 'number %r: %d in the message, %d in the translation' % (token, count, have)
    for ref in sorted(set(REFERENCE.findall(msgid))):
        if ref not in msgstr:
            yield 'reference %r missing from the translation' % ref


def main(paths):
    if not paths:
        print('usage: check-po-numbers.py FILE.po...', file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        compared = bad = 0
        for e in entries(path):
            if e['obsolete'] or e['fuzzy'] or not e['msgid'] or not e['msgstr']:
                continue
            compared += 1
            found = list(problems(e['msgid'], e['msgstr']))
            if found:
                bad += 1
                for p in found:
                    print('%s:%d: %s' % (path, e['line'], p), file=sys.stderr)
        print('%s: %d translations compared, %d lose or change a number' % (path, compared, bad))
        if bad:
            failed = True
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
