# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# A duplicate key 100,000 lines after the first is still found.
{ printf 'version: 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\nx:\n'; seq 1 100000 | sed 's/^/  k/; s/$/: 1/'; echo '  k7: 2'; } > policy.yml
tmo 20 mlgate lint policy.yml
