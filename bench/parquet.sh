#!/usr/bin/env bash
# `make bench`, Parquet part (bench/run.sh calls it after the CSV table):
# the 1M-row churn pair written as Parquet (snappy) by DuckDB, then the
# whole job -- mlgate profile ref, profile cur and drift ref cur -- beside
# the DuckDB and Polars anchors of ../shared/bench reading the same
# Parquet files (their loader switched from read_csv / readCSV to
# read_parquet / readParquet; the rest of the job unchanged), in one run.
# Then a cross-check: the current file written by Polars is profiled by
# mlgate and by DuckDB (the anchor's SQL), and the numbers must agree.
# DuckDB and Polars come from npm (../shared/bench's package.json and lock
# file, installed into bench/out/node); they are never part of mlgate.
# Environment: as bench/run.sh (RUNS, MLGATE_BIN, DATA_DIR, SHARED_BENCH),
# NODE (node), NPM (npm).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
DATA=${DATA_DIR:-$ROOT/bench/data}
OUT=$ROOT/bench/out
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
RUNS=${RUNS:-5}
TAG=${TAG:-1m}
NODE=${NODE:-node}
NPM=${NPM:-npm}
PY=${PYTHON:-/usr/bin/python3}
TIME=/usr/bin/time
REF=$DATA/ref_$TAG.csv CUR=$DATA/cur_$TAG.csv
NM=$OUT/node
[ -s "$REF" ] && [ -s "$CUR" ] || { echo "bench/parquet: $REF and $CUR are made by bench/run.sh" >&2; exit 2; }
. "$ROOT/bench/node.sh"
bench_node_install "$NM" "$SHARED" || exit 2
# the anchors, reading Parquet (the loader line is all that changes)
sed "s|read_csv(\${lit(p)}, header = true, nullstr = \['', 'NA'\])|read_parquet(\${lit(p)})|" \
	"$SHARED/anchor_duckdb.mjs" > "$NM/anchor_duckdb_pq.mjs"
sed "s|pl.readCSV(p, { nullValues: \['NA'\] })|pl.readParquet(p)|" \
	"$SHARED/anchor_polars.mjs" > "$NM/anchor_polars_pq.mjs"
grep -q read_parquet "$NM/anchor_duckdb_pq.mjs" && grep -q readParquet "$NM/anchor_polars_pq.mjs" ||
	{ echo "bench/parquet: the anchors' loaders changed; update the sed lines" >&2; exit 2; }

PREF=$DATA/ref_$TAG.parquet PCUR=$DATA/cur_$TAG.parquet PPOL=$DATA/cur_${TAG}_polars.parquet
cat > "$NM/write.mjs" <<'JS'
// node write.mjs REF.csv CUR.csv REF.parquet CUR.parquet POLARS.parquet
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
const [rc, cc, rp, cp, pp] = process.argv.slice(2);
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
for (const [c, p] of [[rc, rp], [cc, cp]])
  await con.run(`COPY (SELECT * FROM read_csv(${lit(c)}, header = true, nullstr = ['', 'NA']))
    TO ${lit(p)} (FORMAT parquet, COMPRESSION snappy)`);
pl.readCSV(cc, { nullValues: ['NA'] }).writeParquet(pp, { compression: 'snappy' });
JS
if [ ! -s "$PREF" ] || [ ! -s "$PCUR" ] || [ ! -s "$PPOL" ]; then
	echo "writing the Parquet pair with DuckDB (and cur with Polars) ..." >&2
	(cd "$NM" && "$NODE" write.mjs "$REF" "$CUR" "$PREF" "$PCUR" "$PPOL")
fi

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
run() { # NAME CMD...: warm-up + RUNS timed runs -> $OUT/NAME.med "wall cpu rss"
	local name=$1; shift
	: > "$OUT/$name.runs"
	for i in $(seq 0 "$RUNS"); do
		if ! "$TIME" -f '%e %U %S %M' -o "$OUT/one" "$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr"; then
			echo "bench/parquet: $name failed:" >&2; cat "$OUT/$name.stderr" >&2; exit 1
		fi
		[ "$i" -gt 0 ] && tail -1 "$OUT/one" >> "$OUT/$name.runs"
	done
	printf '%s %s %s\n' "$(awk '{print $1}' "$OUT/$name.runs" | median)" \
		"$(awk '{print $2 + $3}' "$OUT/$name.runs" | median)" \
		"$(awk '{print $4 / 1024}' "$OUT/$name.runs" | median)" > "$OUT/$name.med"
}
run pq_profile_ref "$BIN" profile "$PREF" --format json -o "$OUT/pq_ref.json"
run pq_profile_cur "$BIN" profile "$PCUR" --format json -o "$OUT/pq_cur.json"
run pq_drift "$BIN" drift "$PREF" "$PCUR" --format json
run pq_duckdb "$NODE" "$NM/anchor_duckdb_pq.mjs" "$PREF" "$PCUR"
run pq_polars "$NODE" "$NM/anchor_polars_pq.mjs" "$PREF" "$PCUR"

BYTES=$(( $(stat -c %s "$PREF") + $(stat -c %s "$PCUR") ))
row() { awk -v l="$2" '{ printf "| %s | %.3f | %.3f | %.0f |\n", l, $1, $2, $3 }' "$OUT/$1.med"; }
echo
echo "Parquet (DuckDB-written, snappy): $(basename "$PREF") + $(basename "$PCUR"), $(awk -v b="$BYTES" 'BEGIN{printf "%.0f", b/1e6}') MB, $RUNS runs after a warm-up, medians; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| step | wall s | user+sys s | peak RSS MiB |"
echo "|---|---|---|---|"
row pq_profile_ref "mlgate profile ref.parquet"
row pq_profile_cur "mlgate profile cur.parquet"
row pq_drift "mlgate drift ref.parquet cur.parquet (whole job)"
awk '{w += $1; c += $2; if ($3 > r) r = $3} END {
	printf "| mlgate profile ref + profile cur + drift (sum) | %.3f | %.3f | %.0f |\n", w, c, r }' \
	"$OUT/pq_profile_ref.med" "$OUT/pq_profile_cur.med" "$OUT/pq_drift.med"
row pq_duckdb "DuckDB anchor on the Parquet pair (whole job)"
row pq_polars "Polars anchor on the Parquet pair (whole job)"

# Cross-check: Polars' Parquet, read by mlgate and by DuckDB
(cd "$NM" && "$NODE" anchor_duckdb_pq.mjs "$PPOL" "$PPOL") > "$OUT/pq_polars_by_duckdb.json" 2> /dev/null
"$BIN" profile "$PPOL" --format json -o "$OUT/pq_polars_by_mlgate.json"
"$PY" - "$OUT/pq_polars_by_mlgate.json" "$OUT/pq_polars_by_duckdb.json" <<'PYEOF'
import json, math, sys
m = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))["ref"]
cols = {c["name"]: c for c in m["columns"]}
bad = checked = 0
def same(a, b):
    if isinstance(b, str) or isinstance(a, str):
        return str(a) == str(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
if m["rows"] != d["rows"]:
    print(f"rows: mlgate {m['rows']} duckdb {d['rows']}"); bad += 1
for name, dc in d["columns"].items():
    mc = cols.get(name)
    if mc is None:
        print(f"{name}: not in mlgate's profile"); bad += 1; continue
    for k, v in dc.items():
        got = mc.get(k)
        if isinstance(v, str):
            continue  # signup_date's min/max: a DATE is a string to mlgate (doc/data-parquet.md)
        checked += 1
        if got is None or not same(got, v):
            print(f"{name}.{k}: mlgate {got} duckdb {v}"); bad += 1
print(f"\nPolars-written cur.parquet: {checked} numbers of DuckDB's profile compared with mlgate's (rtol 1e-9): "
      f"{'all agree' if not bad else str(bad) + ' DISAGREE'}")
sys.exit(1 if bad else 0)
PYEOF
