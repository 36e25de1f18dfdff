# shellcheck shell=bash
echo '~' > policy.yml
mlgate lint policy.yml
