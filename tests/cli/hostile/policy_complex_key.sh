# shellcheck shell=bash
printf 'version: 1\n? [model]\n: [{metric: f1, min: 0.5}]\n' > policy.yml
mlgate lint policy.yml
