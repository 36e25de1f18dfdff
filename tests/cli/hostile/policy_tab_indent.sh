# shellcheck shell=bash
printf 'version: 1\nmodel:\n\t- {metric: f1, min: 0.5}\n' > policy.yml
mlgate lint policy.yml
