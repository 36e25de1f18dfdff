# shellcheck shell=bash
# A report is checked before anything runs: never over an input (the
# metrics, the policy, a data file the policy names), never two on one
# file; each refusal is exit 2 and leaves every file as it was.  A link to
# an input is replaced by the report, not followed (the input stays).
echo '{"f1": 0.9}' > m.json
printf 'a\n1\n' > d.csv
printf 'version: 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\ndata:\n  - name: d\n    path: d.csv\n    row_count: {min: 1}\n' > p.yml
cp m.json m.orig; cp p.yml p.orig; cp d.csv d.orig
mlgate check -p p.yml --report json:m.json; echo "over metrics: exit $?"
mlgate check -p p.yml --report text:p.yml; echo "over policy: exit $?"
mlgate check -p p.yml --report junit:d.csv; echo "over data: exit $?"
ln -s m.json alias.json
mlgate check -p p.yml --report json:alias.json; echo "over a link to metrics: exit $?"
mlgate check -p p.yml --report json:r.json --report sarif:./r.json; echo "two on one file: exit $?"
cmp -s m.json m.orig && cmp -s p.yml p.orig && cmp -s d.csv d.orig && echo "inputs unchanged"
[ -e r.json ] && echo "r.json written" >&2
mlgate check -p p.yml --warn-exit-code 4; echo "warn exit 4: exit $?"
