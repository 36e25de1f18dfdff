# shellcheck shell=bash
# a NaN threshold would make every comparison false -- or true
printf 'version: 1\nmetrics: m.json\nmodel:\n  - {metric: f1, max: .nan}\n  - {metric: auc, min: -.inf}\n' > policy.yml
mlgate lint policy.yml
