# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# An endless input stops at the size limit.
tmo 10 mlgate lint /dev/zero
