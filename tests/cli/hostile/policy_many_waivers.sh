# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
{ printf 'version: 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\nwaivers:\n'; seq 1 10001 | sed 's/.*/  - {gate: "model.&.*", until: 2030-01-01, reason: r}/'; } > policy.yml
tmo 10 mlgate lint policy.yml
