# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# More model entries than the documented limit.
{ printf 'version: 1\nmetrics: m.json\nmodel:\n'; seq 1 20000 | sed 's/.*/  - {metric: m&, min: 0}/'; } > policy.yml
tmo 10 mlgate lint policy.yml
