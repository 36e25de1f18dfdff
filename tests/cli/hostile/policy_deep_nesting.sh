# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# 10,000 nested flow lists: refused at depth 64, no stack overflow.
{ printf 'version: 1\nx: '; head -c 10000 /dev/zero | tr '\0' '['; head -c 10000 /dev/zero | tr '\0' ']'; echo; } > policy.yml
tmo 10 mlgate lint policy.yml
