# shellcheck shell=bash
printf 'version: 1\nmetrics: m.json\nmodel:\n  - {metric: f1, min: 1e999}\n' > policy.yml
mlgate lint policy.yml
