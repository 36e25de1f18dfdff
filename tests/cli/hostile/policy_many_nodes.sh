# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# 1.5 million list items (3 MB): refused at the node limit.
{ printf 'version: 1\nx: ['; yes '1,' | head -n 1500000 | tr -d '\n'; echo '1]'; } > policy.yml
tmo 20 mlgate lint policy.yml
