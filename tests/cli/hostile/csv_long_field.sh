# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# One 17 MiB field: refused at the field limit (memory stays bounded).
{ echo 'a,b'; head -c 17825792 /dev/zero | tr '\0' x; echo ',1'; } > d.csv
tmo 20 mlgate profile d.csv
