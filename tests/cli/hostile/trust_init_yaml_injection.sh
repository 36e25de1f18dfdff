# shellcheck shell=bash
# A metric and a column name crafted to add sections to the policy that
# `mlgate init` writes (a latency probe running `touch pwned`, a key that
# expands ${HOME}) stay names: the policy declares only the gates init
# meant, nothing runs, and the names read back as written.
export HOME=/nowhere
printf '{"f1\\"\\n    min: 0\\nlatency:\\n  - name: p\\n    command: [touch, pwned]\\n#": 0.9, "${HOME}": 1}\n' > m.json
printf '"a""\n  - name: x\n    path: ${HOME}/etc/passwd\n#",b\n' > d.csv
for i in $(seq 40); do echo "$i,$i"; done >> d.csv
mlgate init --metrics m.json --data d.csv --reference d.csv 2>/dev/null || exit 10
grep -c '^latency:' mlgate.yml
grep -c '^  - name: ' mlgate.yml
sed -i 's/min: ~ .*/min: 0/; s/max: ~ .*/max: 100/' mlgate.yml
mlgate check --report json:r.json > out.txt; echo "exit $?"
test ! -e pwned || echo "the probe ran"
grep -c '/nowhere' mlgate.yml r.json out.txt
grep -F '"target": "/f1\"\n    min: 0\nlatency:\n  - name: p\n    command: [touch, pwned]\n#"' r.json
grep -F '"id": "data.dataset.a\"\n  - name: x\n    path: ${HOME}/etc/passwd\n#.type"' r.json
