# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
{ seq -s, 1 70000; seq -s, 1 70000; } > d.csv
tmo 20 mlgate profile d.csv
