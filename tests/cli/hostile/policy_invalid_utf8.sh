# shellcheck shell=bash
# Invalid UTF-8 in a key.
printf 'version: 1\nmodel:\n  - {metric: f1, m\377n: 0.5}\n' > policy.yml
mlgate lint policy.yml
