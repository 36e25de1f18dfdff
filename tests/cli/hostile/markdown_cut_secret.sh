# shellcheck shell=bash
# The Markdown report cuts chart labels (24 characters) and messages (300):
# a credential of the environment is masked before the cut, since the
# scrubbing of the whole file would not know half of one.  Here the secret
# is a category of the data (33 characters) and, in the current data, a
# new one at the end of a long message.
export GITHUB_TOKEN=ghs_MARKER_chart_secret_0003_long
{ echo c; for i in $(seq 40); do echo a; echo "$GITHUB_TOKEN"; done; } > ref.csv
{ echo c; for i in $(seq 10); do echo a; done; for i in $(seq 30); do echo "$GITHUB_TOKEN"; done
  for i in $(seq 12); do echo "new-category-with-a-long-name-number-$i"; echo "x${GITHUB_TOKEN}y"; done; } > cur.csv
printf 'version: 1\ndata:\n  - name: t\n    path: cur.csv\n    reference: ref.csv\n    drift: {method: chi2, min_pvalue: 0.5}\n' > p.yml
mlgate check -p p.yml -q --report markdown:r.md; echo "exit $?"
grep -c '^```mermaid$' r.md
grep -o '"2: \*\*\*"' r.md
if grep -liF marker r.md; then echo "SECRET LEAKED" >&2; exit 97; fi
