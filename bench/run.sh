#!/usr/bin/env bash
# `make bench`: time mlgate's data path against the physical floor on the
# 1M-row churn pair (224 MB), in one run.
#   data:  ../shared/bench/gen_data.py with Debian's python3-numpy + pandas
#          (byte-identical to the anchors' files), else bench/gen_churn.c
#          (same shape, not the same bytes); kept in bench/data/.
#   floor: ../shared/bench/floor_scan.c (memchr per hit), else bench/floor_scan.c.
#   timed: floor_scan ref cur; mlgate profile ref; mlgate profile cur;
#          mlgate drift ref cur (once that command exists: it profiles both
#          files and computes every drift statistic, i.e. the whole job).
# Each command runs once as warm-up (page cache), then RUNS times; the
# table shows medians (GNU time: wall, user+sys, peak RSS).
# Then bench/parquet.sh: the pair as Parquet, mlgate beside DuckDB and Polars.
# Environment: RUNS (5), ROWS (1000000), MLGATE_BIN, DATA_DIR, SHARED_BENCH,
# PARQUET (1; 0 skips the Parquet part).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
DATA=${DATA_DIR:-$ROOT/bench/data}
OUT=$ROOT/bench/out
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
RUNS=${RUNS:-5}
ROWS=${ROWS:-1000000}
PY=${PYTHON:-/usr/bin/python3}
CC=${CC:-cc}
TIME=/usr/bin/time
[ -x "$BIN" ] || { echo "bench: $BIN not built" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench: GNU time ($TIME) is needed: apt-get install time" >&2; exit 2; }
mkdir -p "$DATA" "$OUT"
TAG=$ROWS; [ "$ROWS" = 1000000 ] && TAG=1m
REF=$DATA/ref_$TAG.csv CUR=$DATA/cur_$TAG.csv

if [ ! -s "$REF" ] || [ ! -s "$CUR" ]; then
	if [ -f "$SHARED/gen_data.py" ] && "$PY" -c 'import numpy, pandas' 2>/dev/null; then
		echo "generating $ROWS-row pair with $SHARED/gen_data.py ..." >&2
		"$PY" "$SHARED/gen_data.py" --rows "$ROWS" --seed 1 --out "$REF"
		"$PY" "$SHARED/gen_data.py" --rows "$ROWS" --seed 2 --shift --out "$CUR"
	else
		echo "generating $ROWS-row pair with bench/gen_churn.c (no numpy/pandas) ..." >&2
		$CC -O2 -o "$OUT/gen_churn" "$ROOT/bench/gen_churn.c" -lm
		"$OUT/gen_churn" "$ROWS" 1 > "$REF"
		"$OUT/gen_churn" "$ROWS" 2 --shift > "$CUR"
	fi
fi
FLOOR_SRC=$ROOT/bench/floor_scan.c
[ -f "$SHARED/floor_scan.c" ] && FLOOR_SRC=$SHARED/floor_scan.c
$CC -O2 -o "$OUT/floor_scan" "$FLOOR_SRC"
BYTES=$(( $(stat -c %s "$REF") + $(stat -c %s "$CUR") ))

# Does this build have `mlgate drift`?
printf 'x\n1\n' > "$OUT/tiny.csv"
HAVE_DRIFT=0
"$BIN" drift "$OUT/tiny.csv" "$OUT/tiny.csv" > /dev/null 2>&1 && HAVE_DRIFT=1

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# run NAME CMD...: warm-up + RUNS timed runs; leaves "wall cpu rss" medians in $OUT/NAME.med
run() {
	local name=$1; shift
	: > "$OUT/$name.runs"
	for i in $(seq 0 "$RUNS"); do
		if ! "$TIME" -f '%e %U %S %M' -o "$OUT/one" "$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr"; then
			echo "bench: $name failed:" >&2; cat "$OUT/$name.stderr" >&2; exit 1
		fi
		[ "$i" -gt 0 ] && tail -1 "$OUT/one" >> "$OUT/$name.runs"
	done
	printf '%s %s %s\n' "$(awk '{print $1}' "$OUT/$name.runs" | median)" \
		"$(awk '{print $2 + $3}' "$OUT/$name.runs" | median)" \
		"$(awk '{print $4 / 1024}' "$OUT/$name.runs" | median)" > "$OUT/$name.med"
}

run floor "$OUT/floor_scan" "$REF" "$CUR"
run profile_ref "$BIN" profile "$REF" --format json -o "$OUT/ref.json"
run profile_cur "$BIN" profile "$CUR" --format json -o "$OUT/cur.json"
[ $HAVE_DRIFT = 1 ] && run drift "$BIN" drift "$REF" "$CUR" --format json

FLOOR=$(awk '{print $1}' "$OUT/floor.med")
row() { # name label bytes
	awk -v l="$2" -v b="$3" -v f="$FLOOR" '{
		printf "| %s | %.3f | %.0f | %.3f | %.0f | %.2f |\n", l, $1, ($1 > 0 ? b / 1e6 / $1 : 0), $2, $3, ($1 > 0 && f > 0 ? $1 / f : 0) }' "$OUT/$1.med"
}
echo
echo "mlgate bench: $(basename "$REF") + $(basename "$CUR"), $(awk -v b="$BYTES" 'BEGIN{printf "%.0f", b/1e6}') MB, $RUNS runs after a warm-up, medians; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| step | wall s | MB/s | user+sys s | peak RSS MiB | x floor |"
echo "|---|---|---|---|---|---|"
row floor "floor_scan (memchr) ref+cur" "$BYTES"
row profile_ref "mlgate profile ref" "$(stat -c %s "$REF")"
row profile_cur "mlgate profile cur" "$(stat -c %s "$CUR")"
if [ $HAVE_DRIFT = 1 ]; then
	row drift "mlgate drift ref cur (whole job)" "$BYTES"
else
	echo "| mlgate drift | (not in this build) | | | | |"
fi
# profile both + drift as three separate commands
awk -v f="$FLOOR" -v b="$BYTES" '{w += $1; c += $2; if ($3 > r) r = $3} END {
	printf "| profile ref + profile cur%s (sum) | %.3f | %.0f | %.3f | %.0f | %.2f |\n",
		(NR > 2 ? " + drift" : ""), w, b / 1e6 / w, c, r, w / f }' \
	"$OUT/profile_ref.med" "$OUT/profile_cur.med" $([ $HAVE_DRIFT = 1 ] && echo "$OUT/drift.med")
# memory: the exact statistics hold 8 bytes per non-null numeric value
"$PY" - "$OUT/ref.json" "$OUT/profile_ref.med" 2>/dev/null <<'EOF' || true
import json, sys
p = json.load(open(sys.argv[1]))
n = sum(c["count"] for c in p["columns"] if c["type"] == "number")
rss = float(open(sys.argv[2]).read().split()[2])
print(f"\nprofile ref: {n} numeric values = {n * 8 / 2**20:.0f} MiB at 8 bytes each; peak RSS {rss:.0f} MiB")
EOF

# The same job on the Parquet form of the pair, beside DuckDB and Polars
# (bench/parquet.sh; needs node and npm; PARQUET=0 leaves it out).
if [ "${PARQUET:-1}" = 1 ]; then
	TAG=$TAG RUNS=$RUNS MLGATE_BIN=$BIN DATA_DIR=$DATA SHARED_BENCH=$SHARED "$ROOT/bench/parquet.sh"
fi
