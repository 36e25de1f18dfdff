# shellcheck shell=bash
# What a .csv.gz may inflate to is capped (64 GiB, MLGATE_MAX_INFLATE):
# past the cap, an input error naming it, not an hour of inflating.
. "$ROOT/tests/cli/hostile/timeout.inc"
{ echo x; yes 1 | head -n 200000; } | gzip -9 > d.csv.gz
MLGATE_MAX_INFLATE=64K tmo 20 mlgate profile d.csv.gz
