# The Markdown report's drift charts, on hostile category names (pipes,
# backticks, `]"`, a line break, <script>, @user, a Mermaid directive and
# entity) and on more bins and drift gates than a comment shows.  Every
# Mermaid block is read back by a strict checker of the xychart grammar
# mermaid's lexer has (tests/cli/reports/mermaid_check.py), and every bar and
# line value is compared with the share computed here from the counts in
# the json report's details, to 0.005 percentage points (two decimals).
python3 - <<'PY'
import csv, random
random.seed(7)
cats = ['a|b', '``x``', ']"', 'line\nbreak', '<script>alert(1)</script>', '@user',
        '%%{init: {"theme": "dark"}}%%', '#quot;', 'ok']
def write(path, n, shift):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'cat', 'many', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9'])
        for i in range(n):
            # the current data skewed towards the first categories
            c = cats[int(random.random() ** (3 if shift else 1) * len(cats))]
            if shift and i % 50 == 0:
                c = '@octocat|`x`<b>new</b>\n]"'   # only in the current data
            m = 'm%02d' % int(random.random() ** (2 if shift else 1) * 40)
            xs = ['%.3f' % (random.gauss(0.5 if shift else 0, 1)) for _ in range(9)]
            w.writerow([i, c, m] + xs)
write('ref.csv', 400, False)
write('cur.csv', 300, True)
PY
cat > p.yml <<'YML'
version: 1
name: charts
data:
  - name: t
    path: cur.csv
    reference: ref.csv
    drift:
      method: psi
      max: 0.05
      bins: 60
      exclude: [id]
      columns:
        cat: {method: chi2, min_pvalue: 0.5}
YML
mlgate check -p p.yml -q --report markdown:r.md --report json:r.json; echo "exit $?"
python3 "$ROOT/tests/cli/reports/mermaid_check.py" r.md r.json
# the example's drifted run (doc/reports.md shows it): problems, passes folded
mkdir examples && cp -r "$EXAMPLES/churn-data" examples/
mlgate check -p examples/churn-data/policy.yml -q --set data.customers.path=data/current_drifted.csv \
	--report markdown:demo.md --report json:demo.json; echo "demo exit $?"
python3 "$ROOT/tests/cli/reports/mermaid_check.py" demo.md demo.json
# doc/reports.md shows this report whole, as it is
sed -n '/^````markdown$/,/^````$/p' "$ROOT/doc/reports.md" | sed '1d;$d' > doc-sample.md
cmp -s doc-sample.md demo.md && echo "doc/reports.md has the demo report as it is" || diff doc-sample.md demo.md | head -5
# the new category in the message: no mention, no tag, one cell, one line
grep -F "new categories: '@&#8203;octocat\\|\\\`x\\\`&lt;b&gt;new&lt;/b&gt;<br>\\]\"'" r.md > /dev/null && echo "new category escaped in its message"
# the checker itself refuses what would break: a raw quote in a label, a
# raw >, a number with an exponent, a bar off by 0.01 point, an @mention,
# a table row with a pipe too many
refuse() { if python3 "$ROOT/tests/cli/reports/mermaid_check.py" bad.md r.json > /dev/null; then echo "checker accepts $1"; else echo "checker refuses $1"; fi; }
sed '0,/x-axis \["/s//x-axis ["a"b", "/' r.md > bad.md; refuse 'a raw quote'
sed '0,/"＞ /s//"> /' r.md > bad.md; refuse 'a raw >'
sed '0,/ --> \([0-9]*\)$/s// --> 1e2/' r.md > bad.md; refuse 'an exponent'
python3 -c 'import re,sys; t=open("r.md").read(); m=re.search(r"    bar \[([0-9.]+)", t); v=float(m.group(1)); sys.stdout.write(t[:m.start(1)] + "%g" % (v + 0.01) + t[m.end(1):])' > bad.md; refuse 'a wrong share'
sed '0,/^<details>/s//cc @octocat\n&/' r.md > bad.md; refuse 'a mention'
sed '0,/^| ❌ fail | data.t.x1/s//| ❌ fail | a|b | data.t.x1/' r.md > bad.md; refuse 'a pipe too many'
