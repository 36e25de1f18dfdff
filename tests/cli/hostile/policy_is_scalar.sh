# shellcheck shell=bash
echo 'just some text' > policy.yml
mlgate lint policy.yml
