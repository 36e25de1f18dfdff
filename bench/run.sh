#!/usr/bin/env bash
# `make bench`: time mlgate's data path against the physical floor and the
# anchors on the churn pairs of 1M rows (224 MB) and 5M rows (1.12 GB), in
# one run.
#   data:  ../shared/bench/gen_data.py with Debian's python3-numpy + pandas
#          (byte-identical to the anchors' files), else bench/gen_churn.c
#          (same shape, not the same bytes); made on demand, kept in
#          bench/data/ (ref_1m.csv, cur_1m.csv, ref_5m.csv, cur_5m.csv).
#   floor: ../shared/bench/floor_scan.c (memchr per hit), else bench/floor_scan.c.
#   timed: floor_scan ref cur; mlgate profile ref; mlgate profile cur;
#          mlgate drift ref cur (the whole job: both profiles and every
#          drift statistic); then the anchors of ../shared/bench doing the
#          same job: DuckDB and Polars (from npm, bench/node.sh) and pandas
#          + scipy (Debian's python3-pandas, python3-scipy), each when it
#          can be had; the table says which could not and why.
# mlgate and the floor run once as warm-up (page cache), then RUNS times;
# the anchors ANCHOR_RUNS times (they are slow; the files are cached by
# then).  Tables show medians (GNU time: wall, user+sys, peak RSS), x floor
# (wall over the floor's wall, and CPU over the floor's CPU) and
# anchor/mlgate (the anchor's wall over mlgate drift's).  Benchmarks print,
# never assert.
# Then bench/parquet.sh: the 1M pair as Parquet, mlgate beside DuckDB and Polars.
# Environment: SIZES ("1m 5m"), RUNS (5), ANCHOR_RUNS (3), ANCHORS
# ("duckdb polars pandas"; empty: none), MLGATE_BIN, BASE_BIN (another
# mlgate, e.g. a build of an older commit: its profile ref and drift are
# timed right after this one's, as "before" rows), DATA_DIR, SHARED_BENCH,
# PARQUET (1; 0 skips the Parquet part).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
DATA=${DATA_DIR:-$ROOT/bench/data}
OUT=$ROOT/bench/out
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
RUNS=${RUNS:-5}
ANCHOR_RUNS=${ANCHOR_RUNS:-3}
SIZES=${SIZES:-1m 5m}
ANCHORS=${ANCHORS-duckdb polars pandas}
PY=${PYTHON:-/usr/bin/python3}
NODE=${NODE:-node}
CC=${CC:-cc}
TIME=/usr/bin/time
NM=$OUT/node
[ -x "$BIN" ] || { echo "bench: $BIN not built" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench: GNU time ($TIME) is needed: apt-get install time" >&2; exit 2; }
mkdir -p "$DATA" "$OUT"

rows_of() { case $1 in 1m) echo 1000000 ;; 5m) echo 5000000 ;; *[0-9]) echo "$1" ;; *) echo "bench: unknown size $1" >&2; exit 2 ;; esac; }

# make NAME ROWS: the pair ref_NAME.csv, cur_NAME.csv unless there already
make_pair() {
	local tag=$1 rows=$2 ref=$DATA/ref_$1.csv cur=$DATA/cur_$1.csv
	[ -s "$ref" ] && [ -s "$cur" ] && return 0
	if [ -f "$SHARED/gen_data.py" ] && "$PY" -c 'import numpy, pandas' 2>/dev/null; then
		echo "generating the $rows-row pair with $SHARED/gen_data.py ..." >&2
		"$PY" "$SHARED/gen_data.py" --rows "$rows" --seed 1 --out "$ref.tmp"
		"$PY" "$SHARED/gen_data.py" --rows "$rows" --seed 2 --shift --out "$cur.tmp"
	else
		echo "generating the $rows-row pair with bench/gen_churn.c (no numpy/pandas) ..." >&2
		$CC -O2 -o "$OUT/gen_churn" "$ROOT/bench/gen_churn.c" -lm
		"$OUT/gen_churn" "$rows" 1 > "$ref.tmp"
		"$OUT/gen_churn" "$rows" 2 --shift > "$cur.tmp"
	fi
	mv "$ref.tmp" "$ref" && mv "$cur.tmp" "$cur"
}

FLOOR_SRC=$ROOT/bench/floor_scan.c
[ -f "$SHARED/floor_scan.c" ] && FLOOR_SRC=$SHARED/floor_scan.c
$CC -O2 -o "$OUT/floor_scan" "$FLOOR_SRC"

# Which anchors can run, and why not
declare -A ANCHOR_OK=() ANCHOR_WHY=()
for a in $ANCHORS; do
	case $a in
	duckdb | polars)
		if [ -z "${NODE_DONE:-}" ]; then
			NODE_DONE=1 NODE_OK=0
			. "$ROOT/bench/node.sh"
			bench_node_install "$NM" "$SHARED" 2> "$OUT/node.why" && NODE_OK=1
		fi
		if [ "$NODE_OK" = 1 ]; then
			cp "$SHARED/anchor_$a.mjs" "$NM/"
			ANCHOR_OK[$a]=1
		else
			ANCHOR_WHY[$a]="not run: $(tr '\n' ' ' < "$OUT/node.why")"
		fi
		;;
	pandas)
		if [ ! -f "$SHARED/anchor_pandas.py" ]; then
			ANCHOR_WHY[$a]="not run: $SHARED/anchor_pandas.py is missing"
		elif "$PY" -c 'import numpy, pandas, scipy' 2>/dev/null; then
			ANCHOR_OK[$a]=1
		else
			ANCHOR_WHY[$a]="not run: $PY cannot import numpy, pandas and scipy (apt-get install python3-pandas python3-scipy)"
		fi
		;;
	*) echo "bench: unknown anchor $a" >&2; exit 2 ;;
	esac
done

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# run NAME WARMUP N CMD...: WARMUP (0/1) untimed runs, then N timed runs;
# leaves "wall cpu rss" medians in $OUT/NAME.med (1 on failure, reported)
run() {
	local name=$1 warm=$2 n=$3; shift 3
	: > "$OUT/$name.runs"
	rm -f "$OUT/$name.med"
	for i in $(seq $((1 - warm)) "$n"); do
		if ! "$TIME" -f '%e %U %S %M' -o "$OUT/one" "$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr"; then
			echo "bench: $name failed:" >&2; tail -5 "$OUT/$name.stderr" >&2; return 1
		fi
		[ "$i" -gt 0 ] && tail -1 "$OUT/one" >> "$OUT/$name.runs"
	done
	printf '%s %s %s\n' "$(awk '{print $1}' "$OUT/$name.runs" | median)" \
		"$(awk '{print $2 + $3}' "$OUT/$name.runs" | median)" \
		"$(awk '{print $4 / 1024}' "$OUT/$name.runs" | median)" > "$OUT/$name.med"
}

# row TAG NAME LABEL: one table row; x floor from TAG's floor, anchor/mlgate
# against TAG's drift
row() {
	local f=$OUT/$1_floor.med d=$OUT/$1_drift.med
	[ -s "$d" ] || d=/dev/null
	if [ ! -s "$OUT/$1_$2.med" ]; then
		echo "| $3 | failed | | | | | |"
		return
	fi
	awk -v l="$3" -v anchor="${4:-0}" 'FNR == 1 {k++}
		k == 1 {fw = $1; fc = $2; next}
		k == 2 {dw = $1; next}
		{ printf "| %s | %.3f | %.3f | %.0f | %.2f | %.2f | %s |\n", l, $1, $2, $3,
			(fw > 0 ? $1 / fw : 0), (fc > 0 ? $2 / fc : 0),
			(anchor && dw > 0 ? sprintf("%.1f", $1 / dw) : "") }' \
		"$f" "$d" "$OUT/$1_$2.med"
}

for tag in $SIZES; do
	make_pair "$tag" "$(rows_of "$tag")"
done
for tag in $SIZES; do
	REF=$DATA/ref_$tag.csv CUR=$DATA/cur_$tag.csv
	BYTES=$(( $(stat -c %s "$REF") + $(stat -c %s "$CUR") ))
	LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
	run "${tag}_floor" 1 "$RUNS" "$OUT/floor_scan" "$REF" "$CUR"
	run "${tag}_profile_ref" 1 "$RUNS" "$BIN" profile "$REF" --format json -o "$OUT/${tag}_ref.json" || true
	run "${tag}_profile_cur" 1 "$RUNS" "$BIN" profile "$CUR" --format json -o "$OUT/${tag}_cur.json" || true
	run "${tag}_drift" 1 "$RUNS" "$BIN" drift "$REF" "$CUR" --format json || true
	if [ -n "${BASE_BIN:-}" ]; then
		run "${tag}_base_profile_ref" 1 "$RUNS" "$BASE_BIN" profile "$REF" --format json -o "$OUT/${tag}_base_ref.json" || true
		run "${tag}_base_drift" 1 "$RUNS" "$BASE_BIN" drift "$REF" "$CUR" --format json || true
	fi
	for a in $ANCHORS; do
		[ -n "${ANCHOR_OK[$a]:-}" ] || continue
		case $a in
		pandas) run "${tag}_$a" 0 "$ANCHOR_RUNS" "$PY" "$SHARED/anchor_pandas.py" "$REF" "$CUR" || true ;;
		*) run "${tag}_$a" 0 "$ANCHOR_RUNS" "$NODE" "$NM/anchor_$a.mjs" "$REF" "$CUR" || true ;;
		esac
	done
	echo
	echo "mlgate bench, $tag: $(basename "$REF") + $(basename "$CUR"), $(awk -v b="$BYTES" 'BEGIN{printf "%.0f", b/1e6}') MB; mlgate and floor: $RUNS runs after a warm-up, anchors: $ANCHOR_RUNS runs; medians; $(nproc) CPUs, load $LOAD0 before, $(cut -d' ' -f1-3 /proc/loadavg) after"
	echo
	echo "| step | wall s | user+sys s | peak RSS MiB | x floor (wall) | x floor (CPU) | anchor/mlgate (wall) |"
	echo "|---|---|---|---|---|---|---|"
	row "$tag" floor "floor_scan (memchr) ref+cur"
	row "$tag" profile_ref "mlgate profile ref"
	row "$tag" profile_cur "mlgate profile cur"
	row "$tag" drift "mlgate drift ref cur (whole job)"
	if [ -n "${BASE_BIN:-}" ]; then
		row "$tag" base_profile_ref "before (BASE_BIN): mlgate profile ref"
		row "$tag" base_drift "before (BASE_BIN): mlgate drift ref cur"
	fi
	for a in $ANCHORS; do
		if [ -n "${ANCHOR_OK[$a]:-}" ]; then
			row "$tag" "$a" "$a anchor (whole job)" 1
		else
			echo "| $a anchor | ${ANCHOR_WHY[$a]} | | | | | |"
		fi
	done
	# memory: 8 bytes per non-null numeric value, except in columns of at
	# most 4,096 distinct values, which are counted (doc/data-profile.md)
	"$PY" - "$OUT/${tag}_ref.json" "$OUT/${tag}_cur.json" "$OUT/${tag}_drift.med" 2>/dev/null <<'EOF' || true
import json, sys
n = one = ncols = 0
for f in sys.argv[1:3]:
    p = json.load(open(f))
    for c in p["columns"]:
        if c["type"] != "number":
            continue
        n += c["count"]
        if c["distinct"] > 4096:
            one += c["count"]
        else:
            ncols += 1
rss = float(open(sys.argv[3]).read().split()[2])
print(f"\ndrift ref cur keeps {n} numeric values: {one} one by one = {one * 8 / 2**20:.0f} MiB at 8 bytes each, "
      f"{n - one} counted, in {ncols} columns of the two files with at most 4,096 distinct values; "
      f"peak RSS {rss:.0f} MiB ({(rss * 2**20 - one * 8) / 2**20:.0f} MiB more)")
EOF
done
# linearity: the whole job at 5M against 1M
if [ -s "$OUT/1m_drift.med" ] && [ -s "$OUT/5m_drift.med" ]; then
	awk 'NR == 1 {w1 = $1; c1 = $2} NR == 2 {printf "\nmlgate drift, 5M over 1M (5x the rows): wall %.2fx, CPU %.2fx\n", $1 / w1, $2 / c1}' \
		"$OUT/1m_drift.med" "$OUT/5m_drift.med"
fi

# The same job on the Parquet form of the 1M pair, beside DuckDB and Polars
# (bench/parquet.sh; needs node and npm; PARQUET=0 leaves it out).
if [ "${PARQUET:-1}" = 1 ] && [ -s "$DATA/ref_1m.csv" ]; then
	TAG=1m RUNS=$RUNS MLGATE_BIN=$BIN DATA_DIR=$DATA SHARED_BENCH=$SHARED "$ROOT/bench/parquet.sh"
fi
