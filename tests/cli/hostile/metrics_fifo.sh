# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# A FIFO with no writer as the metrics file: refused at once (it blocked
# forever), never read.
printf 'version: 1\nmetrics: m.json\nmodel: [{metric: f1, min: 0.5}]\n' > policy.yml
mkfifo m.json
tmo 10 mlgate check -p policy.yml
