# shellcheck shell=bash
# A tree of 20,000 files (plus a hard link and a symlinked directory, each
# counted once) is measured exactly; files and directories reached twice
# are found through a hash set, so the walk is linear (it scanned a list
# per file: 150,000 files took seconds).  File i holds i % 7 bytes: 19,999
# files are 2,857 whole periods of 0+1+...+6 = 21 bytes, 59,997 bytes, and
# file 19,999 holds 19999 % 7 = 0 more.
. "$ROOT/tests/cli/hostile/timeout.inc"
mkdir -p model
for d in $(seq 0 19); do mkdir "model/d$d"; done
fill=("" x xx xxx xxxx xxxxx xxxxxx)
for ((i = 0; i < 20000; i++)); do
	printf '%s' "${fill[i % 7]}" > "model/d$((i % 20))/f$i"
done
ln model/d6/f6 model/hard6     # the same inode: not counted again
ln -s d3 model/again3          # a directory reached twice
cat > p.yml <<'YML'
version: 1
artifacts:
  - path: model
    max_size_mb: 0.059997
    min_size_mb: 0.059997
YML
tmo 60 mlgate check -p p.yml
