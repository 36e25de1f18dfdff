# shellcheck shell=bash
# RFC 8259 wants a digit after the decimal point; cJSON would read 1. as 1.
printf 'version: 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\n' > policy.yml
printf '{"f1": 1., "n": [-.5]}' > m.json
mlgate check -p policy.yml
