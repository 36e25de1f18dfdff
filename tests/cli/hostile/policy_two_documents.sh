# shellcheck shell=bash
printf 'version: 1\nmodel: [{metric: f1, min: 0.5}]\n---\nversion: 1\n' > policy.yml
mlgate lint policy.yml
