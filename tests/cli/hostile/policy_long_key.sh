# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# A 1 MB key: libyaml refuses keys over 1024 characters; one clear message, quickly.
{ printf 'version: 1\n'; head -c 1000000 /dev/zero | tr '\0' a; printf ': 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\n'; } > policy.yml
tmo 10 mlgate lint policy.yml
