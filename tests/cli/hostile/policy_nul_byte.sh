# shellcheck shell=bash
# A raw NUL byte in the file.
printf 'version: 1\nmodel:\n  - {metric: f1\000, min: 0.5}\n' > policy.yml
mlgate lint policy.yml
