# shellcheck shell=bash
# $${ writes a literal ${ (nothing is read from the environment).
export HOME=/nowhere
echo '{"f1": 0.9}' > m.json
printf 'version: 1\nname: "cost $${HOME} and $$ and $${"\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\n' > p.yml
mlgate check -p p.yml --report json:r.json -q
grep '"name"' r.json
