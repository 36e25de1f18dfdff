# shellcheck shell=bash
printf '# version: 1\n# model: []\n\n   # indented\n' > policy.yml
mlgate check -p policy.yml
