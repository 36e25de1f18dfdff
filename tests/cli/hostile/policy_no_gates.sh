# shellcheck shell=bash
printf 'version: 1\nname: nothing\n' > policy.yml
mlgate check -p policy.yml
