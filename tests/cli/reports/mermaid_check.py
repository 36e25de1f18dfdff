"""Strict checks of mlgate's Markdown report (tests/cli/reports/*.sh).

Usage: mermaid_check.py REPORT.md [REPORT.json]

Every ```mermaid block must be the xychart subset mlgate writes, read the
way mermaid's xychart lexer (xychart.jison) reads it: a quoted string is
"[^"]*" with no escapes, and one that starts with ` opens a Markdown string;
numbers are [+-]?(\\d+(\\.\\d+)?|\\.\\d+), no exponent; mermaid's preprocessing
takes %%{...}%% anywhere for a directive, a line starting with %% for a
comment and #name; for an entity.  Outside the blocks: no @ that would
notify (it must be followed by &#8203;), no raw HTML but mlgate's own
tags, and every table row has as many unescaped pipes as its header.

With the json report, each chart's values are compared with the shares
computed here from the counts in its gate's details (capped as the report
documents: 24 bins, adjacent numeric bins merged, categories beyond the 23
largest summed), to 0.005 percentage points; category labels with the
escaping and cut the report documents, recomputed here.
"""
import json
import math
import re
import sys

NUM = r'[+-]?(?:\d+(?:\.\d+)?|\.\d+)'
STR = r'"([^"\n]*)"'
MAX_CHARTS, MAX_BINS, LABEL_CHARS = 8, 24, 24
fails = []


def fail(msg):
    fails.append(msg)


def check_str(s, where):
    if s.startswith('`'):
        fail(f'{where}: string opens a Markdown string: {s!r}')
    if '%%' in s or re.search(r'#\w+;', s) or re.search(r'[<>\x00-\x1f\x7f]', s):
        fail(f'{where}: string holds a directive, entity, tag or control: {s!r}')


def nums(text, where):
    if not re.fullmatch(rf'{NUM}(?:, {NUM})*', text):
        fail(f'{where}: not a list of mermaid numbers: {text!r}')
        return []
    return [float(x) for x in text.split(', ')]


def parse_block(lines, where):
    """The chart of one block: title, labels, y range, bar, line."""
    want = [
        (r'xychart-beta', None),
        (rf'    title {STR}', 'title'),
        (rf'    x-axis \[(.*)\]', 'x'),
        (rf'    y-axis {STR} ({NUM}) --> ({NUM})', 'y'),
        (r'    bar \[(.*)\]', 'bar'),
        (r'    line \[(.*)\]', 'line'),
    ]
    if len(lines) != len(want):
        fail(f'{where}: {len(lines)} lines, not {len(want)}: {lines!r}')
        return None
    c = {}
    for line, (rx, key) in zip(lines, want):
        m = re.fullmatch(rx, line)
        if not m:
            fail(f'{where}: line does not match {rx!r}: {line!r}')
            return None
        if key == 'title':
            check_str(m.group(1), where)
        elif key == 'x':
            body = m.group(1)
            labels = re.findall(STR, body)
            if ', '.join(f'"{l}"' for l in labels) != body:
                fail(f'{where}: x-axis is not a list of strings: {body!r}')
            for l in labels:
                check_str(l, where)
            if len(set(labels)) != len(labels):
                fail(f'{where}: two x labels read the same (one band): {labels!r}')
            c['x'] = labels
        elif key == 'y':
            check_str(m.group(1), where)
            c['y'] = (float(m.group(2)), float(m.group(3)))
        elif key:
            c[key] = nums(m.group(1), where)
    if not (len(c['x']) == len(c['bar']) == len(c['line'])):
        fail(f"{where}: {len(c['x'])} labels, {len(c['bar'])} bars, {len(c['line'])} points")
    top = max(c['bar'] + c['line'])
    if not (c['y'][0] == 0 and top <= c['y'][1] + 1e-9):
        fail(f"{where}: y axis {c['y']} does not hold {top}")
    return c


def esc_label(s):
    """esc_mermaid, as escape.h states it, then the cut to LABEL_CHARS."""
    cut = s[:LABEL_CHARS]
    out = []
    for i, ch in enumerate(cut):
        if ch in '"`':
            out.append("'")
        elif ch == '#':
            out.append('\uff03')
        elif ch == '%':
            out.append('\uff05' if cut[i + 1:i + 2] == '%' else '%')
        elif ch == '<':
            out.append('\uff1c')
        elif ch == '>':
            out.append('\uff1e')
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append(' ')
        else:
            out.append(ch)
    return ''.join(out) + ('…' if len(s) > LABEL_CHARS else '')


def capped(b):
    """The bins the report draws: (labels or None, ref counts, cur counts)."""
    ref, cur = b['reference_counts'], b['current_counts']
    n, nr, nc = len(ref), sum(ref), sum(cur)
    cats = b.get('categories')
    if n <= MAX_BINS:
        return cats, ref, cur
    if cats:
        big = lambda i: max(ref[i] / nr if nr else 0, cur[i] / nc if nc else 0)
        order = sorted(range(n), key=lambda i: (-big(i), i))[:MAX_BINS - 1]
        keep = sorted(order)
        rest = [i for i in range(n) if i not in keep]
        return ([cats[i] for i in keep] + [f'{len(rest)} others'],
                [ref[i] for i in keep] + [sum(ref[i] for i in rest)],
                [cur[i] for i in keep] + [sum(cur[i] for i in rest)])
    g = -(-n // MAX_BINS)
    return (None, [sum(ref[i:i + g]) for i in range(0, n, g)],
            [sum(cur[i:i + g]) for i in range(0, n, g)])


def main():
    md = open(sys.argv[1], encoding='utf-8').read()
    lines = md.split('\n')
    charts, outside, i = [], [], 0
    while i < len(lines):
        if lines[i] == '```mermaid':
            j = lines.index('```', i + 1)
            cap = next((l for l in reversed(lines[:i]) if l), '')
            c = parse_block(lines[i + 1:j], f'block at line {i + 1}')
            if c:
                c['caption'] = cap
                charts.append(c)
            i = j + 1
            continue
        if lines[i].startswith('```'):
            fail(f'line {i + 1}: a code fence that is no mermaid block: {lines[i]!r}')
        outside.append((i + 1, lines[i]))
        i += 1
    header_pipes = None
    for no, l in outside:
        if re.search(r'@(?!&#8203;)', l):
            fail(f'line {no}: an @ that notifies: {l!r}')
        for tag in re.findall(r'<[^>]*>', l):
            if tag not in ('<details>', '<summary>', '</summary>', '</details>', '<br>',
                           '<!-- mlgate-report -->'):
                fail(f'line {no}: raw HTML {tag!r}')
        pipes = len(re.findall(r'(?<!\\)\|', l))
        if not l.startswith('|'):
            header_pipes = None
        elif header_pipes is None:
            header_pipes = pipes
        elif pipes != header_pipes:
            fail(f'line {no}: {pipes} pipes, the header has {header_pipes}: {l!r}')
    print(f'mermaid blocks: {len(charts)}, all in the grammar: {not fails}')
    if len(sys.argv) > 2:
        compare(json.load(open(sys.argv[2])), charts, md)
    for f in fails:
        print('FAIL', f)
    sys.exit(1 if fails else 0)


def compare(report, charts, md):
    drift = [g for g in report['gates'] if g['kind'] == 'drift' and 'bins' in (g['details'] or {})]
    by_id = {g['id']: g for g in drift}
    seen = []
    for c in charts:
        m = re.search(r'\*\*(.+?)\*\*', c['caption'])
        gid = m.group(1).replace('\\', '') if m else None
        if gid not in by_id:
            fail(f'chart without a drift gate: {c["caption"]!r}')
            continue
        seen.append(gid)
        b = by_id[gid]['details']['bins']
        cats, ref, cur = capped(b)
        nr, nc = sum(ref), sum(cur)
        for name, got, counts, tot in (('bar', c['bar'], ref, nr), ('line', c['line'], cur, nc)):
            want = [100 * x / tot if tot else 0 for x in counts]
            if len(got) != len(want) or any(abs(a - w) > 0.005 + 1e-9 for a, w in zip(got, want)):
                fail(f'{gid} {name}: {got} != {[round(w, 2) for w in want]}')
        if cats is not None and c['x'] != [esc_label(s) for s in cats]:
            fail(f'{gid} labels: {c["x"]} != {[esc_label(s) for s in cats]}')
        n = len(b['reference_counts'])
        shown = len(ref)
        note = f"; {n} {'categories' if 'categories' in b else 'bins'} shown as {shown}"
        if (n > shown) != (note in c['caption']):
            fail(f'{gid}: cap note {note!r} and caption {c["caption"]!r} disagree')
    # problems first (most severe first), then passes; at most MAX_CHARTS
    status = {g['id']: g['status'] for g in drift}
    flags = [status[g] == 'pass' for g in seen]
    if flags != sorted(flags):
        fail(f'a passing gate charted before a problem: {seen}')
    if len(seen) != min(len(drift), MAX_CHARTS):
        fail(f'{len(seen)} charts for {len(drift)} drift gates')
    left = len(drift) - len(seen)
    said = sum(int(k) for k in re.findall(r'^(\d+) more drift charts? not drawn here', md, re.M))
    if said != left:
        fail(f'{left} charts left out, and the report says {said}')
    print(f'charts compared with the json details: {len(seen)} of {len(drift)} drift gates,'
          f' {left} left out')


main()
