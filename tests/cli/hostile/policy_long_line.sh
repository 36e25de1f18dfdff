# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# A 3 MB metric name is a valid (absent) metric, not a crash.
{ printf 'version: 1\nmetrics: m.json\nmodel:\n  - {min: 0.5, metric: '; head -c 3000000 /dev/zero | tr '\0' b; printf '}\n'; } > policy.yml
tmo 10 mlgate check -p policy.yml
