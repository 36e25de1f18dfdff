#!/usr/bin/env bash
# Run one libFuzzer target (built by `make fuzz`) for SECONDS, niced, with a
# scratch corpus seeded from fuzz/corpus/NAME; crashes land in
# fuzz/findings/NAME/ (not committed: minimise, then move to
# fuzz/regressions/NAME/ with the fix).
# Usage: fuzz/run.sh NAME [SECONDS] [extra libFuzzer flags...]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
name=$1 secs=${2:-600}
shift; [ $# -gt 0 ] && shift
bin=$ROOT/build-fuzz/bin/fuzz_$name
[ -x "$bin" ] || { echo "run 'make fuzz' first" >&2; exit 2; }
work=${FUZZ_WORK:-$ROOT/build-fuzz/work}/$name
mkdir -p "$work" "$ROOT/fuzz/findings/$name"
dict=()
[ -f "$ROOT/fuzz/dict/$name.dict" ] && dict=(-dict="$ROOT/fuzz/dict/$name.dict")
exec nice -n 19 "$bin" "$work" "$ROOT/fuzz/corpus/$name" "${dict[@]}" \
	-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	-artifact_prefix="$ROOT/fuzz/findings/$name/" -print_final_stats=1 "$@"
