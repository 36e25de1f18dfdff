#!/usr/bin/env bash
# The Dask example end to end, against the single-machine profile of the
# same data: a LocalCluster of 2 worker processes on 127.0.0.1 profiles 4
# shards, mlgate merge combines them, and the merged profile must equal
# `mlgate profile` of the whole file (counts, nulls, min/max, categories,
# top and the string distinct counts exactly; mean and std to 1e-12
# relative; quantiles within the sketch's stated rank error, checked
# against the raw values; with --bins-from, the bins exactly).  Then
# `mlgate check` gates two batches against it: one like the reference
# passes, a shifted one fails.  Needs python3 and python3-distributed, so
# it is not part of `make check`; .ci/run runs it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${MLGATE_BIN:-$ROOT/build/mlgate}
PY=${PYTHON:-/usr/bin/python3}
[ -x "$BIN" ] || { echo "dask test: $BIN not built" >&2; exit 2; }
"$PY" -c 'import distributed' 2>/dev/null ||
	{ echo "dask test: python3-distributed is missing (apt-get install python3-distributed)" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-dask.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" && ln -s "$BIN" "$T/bin/mlgate" && export PATH="$T/bin:$PATH"
cd "$T"

"$PY" "$HERE/make_data.py" data 200000 4
timeout 600 "$PY" "$HERE/profile_shards.py" --workers 2 --partials parts \
	--out merged.json data/shard-*.csv 2> dask.log || { cat dask.log; exit 1; }
grep -q "profiled 4 shards on 2 workers" dask.log || { echo "FAIL: not spread over 2 workers"; cat dask.log; exit 1; }
echo "ok   4 shards profiled on 2 Dask worker processes, merged"

{ cat data/shard-0.csv; for s in 1 2 3; do tail -n +2 "data/shard-$s.csv"; done; } > all.csv
mlgate profile --format json -o single.json all.csv
timeout 600 "$PY" "$HERE/profile_shards.py" --workers 2 --bins-from single.json \
	--out merged-bins.json data/shard-*.csv 2> dask2.log || { cat dask2.log; exit 1; }

"$PY" - <<'PY'
import csv, json, math, sys
single = json.load(open("single.json"))
merged = json.load(open("merged.json"))
frozen = json.load(open("merged-bins.json"))
fails = 0
def check(ok, what):
    global fails
    print(("ok   " if ok else "FAIL ") + what)
    fails += not ok
check(merged["rows"] == single["rows"] and merged["partial"]["parts"] == 4, "rows and parts")
values = {}
with open("all.csv", newline="") as f:
    for row in csv.DictReader(f):
        for k, v in row.items():
            if v != "":
                values.setdefault(k, []).append(v)
for s, m, fz in zip(single["columns"], merged["columns"], frozen["columns"]):
    name = s["name"]
    exact = ["name", "type", "count", "nulls", "null_ratio", "n"]
    if s["type"] == "number":
        exact += ["min", "max"]
    else:
        exact += ["distinct", "top", "categories"]
    bad = [k for k in exact if s.get(k) != m.get(k)]
    check(not bad, "%s: exact fields equal%s" % (name, " (not: %s)" % bad if bad else ""))
    if s["type"] != "number":
        continue
    for k in ("mean", "std"):
        check(abs(s[k] - m[k]) <= 1e-12 * abs(s[k]), "%s: %s within 1e-12 (%r vs %r)" % (name, k, s[k], m[k]))
    eps = m["sketch_rank_error"]
    x = sorted(float(v) for v in values[name])
    n = len(x)
    for q in ("p05", "p25", "p50", "p75", "p95"):
        p = float(q[1:]) / 100
        lo = x[max(0, math.floor((p - eps) * (n - 1)) - 1)]
        hi = x[min(n - 1, math.ceil((p + eps) * (n - 1)) + 1)]
        check(lo <= m[q] <= hi, "%s: %s = %r within rank error %.4g of the data's [%r, %r]" % (name, q, m[q], eps, lo, hi))
    check(fz["hist"] == s["hist"], "%s: --bins-from bins and counts equal the single profile's" % name)
    check(fz["hist_frozen"] is True, "%s: hist_frozen" % name)
sys.exit(1 if fails else 0)
PY

cp "$HERE/policy.yml" policy.yml
cp data/batch-ok.csv batch.csv
# (the note is read from the json report: the text report wraps messages
# to the width and lists passes only with --only all)
mlgate check -p policy.yml --only all --report text --report json:ok.json > ok.txt &&
	echo "ok   the batch drawn like the reference passes" ||
	{ echo "FAIL the good batch"; cat ok.txt; exit 1; }
grep -q "approximate: sketch rank error <= " ok.json && echo "ok   KS from the sketch says it is approximate" ||
	{ echo "FAIL no approximation note"; cat ok.txt; exit 1; }
cp data/batch-drifted.csv batch.csv
set +e
mlgate check -p policy.yml > bad.txt
code=$?
set -e
[ "$code" = 1 ] && echo "ok   the shifted batch fails (exit 1)" || { echo "FAIL shifted batch: exit $code"; cat bad.txt; exit 1; }
