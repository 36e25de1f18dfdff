# shellcheck shell=bash
# RFC 8259 has no leading zeros; cJSON would read 01 as 1.
printf 'version: 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\n' > policy.yml
printf '{\n  "f1": 01\n}\n' > m.json
mlgate check -p policy.yml
