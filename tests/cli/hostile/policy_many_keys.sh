# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# 300,000 keys in one mapping: duplicate detection stays linear (this took
# minutes before keys were hashed).
{ printf 'version: 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\nx:\n'; seq 1 300000 | sed 's/^/  k/; s/$/: 1/'; } > policy.yml
tmo 20 mlgate lint policy.yml
