# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# A device is refused before anything is read (it would never end).
tmo 10 mlgate lint /dev/zero
