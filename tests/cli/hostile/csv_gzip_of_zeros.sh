# shellcheck shell=bash
. "$ROOT/tests/cli/hostile/timeout.inc"
# 1 GB of zeros in 4 MB of gzip: refused at the first byte, not inflated.
# (tests/cli/prebuild.sh makes it: head -c 1000000000 /dev/zero | gzip -1)
cp "$PREBUILT/zeros-1g.csv.gz" d.csv.gz
tmo 60 mlgate profile d.csv.gz
