# shellcheck shell=bash
printf -- '- version: 1\n- model: []\n' > policy.yml
mlgate lint policy.yml
