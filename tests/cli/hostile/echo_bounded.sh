# shellcheck shell=bash
# Values from the metrics and the data are echoed bounded in every report
# format: a string metric (a file read as metrics by mistake, or a secret)
# shows its first 64 bytes and "... (N bytes cut)", lists of data values
# show 10 and "and N more".  By hand: the metric is "S" + 4,999 x's =
# 5,000 bytes, 64 shown, 4,936 cut; the column of 1,000-byte strings
# "bbb..." shows 64 bytes, 936 cut; 300 new categories show 10, 290 more;
# 500 new columns show 10, 490 more (new categories in byte order).
# dotenv and openmetrics carry no messages: nothing to cut there.
long=$(printf 'x%.0s' $(seq 4999))
printf '{"f1": "S%s"}' "$long" > m.json
b1000=$(printf 'b%.0s' $(seq 1000))
{ echo k,c; for i in 1 2 3; do echo "$i,$b1000"; done; echo "4,a"; } > cur.csv
{ echo c; for i in $(seq 300); do echo "new$i"; done; } > s.csv # 300 rows
{ echo c; for i in $(seq 40); do echo old; done; } > sref.csv
{ for i in $(seq 500); do printf 'n%d,' "$i"; done; echo c; \
  for i in $(seq 500); do printf '1,'; done; echo x; } > wide.csv
cat > p.yml <<'YML'
version: 1
metrics: m.json
model:
  - metric: f1
    min: 0.5
data:
  - name: allowed
    path: cur.csv
    columns:
      c: {allowed: [a]}
  - name: cats
    path: s.csv
    reference: sref.csv
    drift:
      columns:
        c: {method: chi2, max: 1e9}
  - name: wide
    path: wide.csv
    reference: sref.csv
YML
formats="text json junit github markdown codequality sarif html dotenv openmetrics azure tap"
args=()
for f in $formats; do args+=(--report "$f:r.$f"); done
mlgate check -p p.yml -q "${args[@]}"; echo "exit $?"
for f in $formats; do
	grep -q "${long:0:100}" "r.$f" && echo "r.$f: 100 bytes of the metric"
	grep -q "${b1000:0:100}" "r.$f" && echo "r.$f: 100 bytes of a data value"
	grep -q 'bytes cut' "r.$f" && echo "r.$f: cut"
done
x64=${long:0:63} b64=${b1000:0:64}
grep -qF "is a string (\"S$x64... (4936 bytes cut)\"), not a number" r.text && echo "metric: 64 bytes shown"
grep -qF "e.g. '$b64... (936 bytes cut)')" r.text && echo "allowed: 64 bytes shown"
grep -qF "new categories: 'new1', 'new10', 'new100', 'new101', 'new102', 'new103', 'new104', 'new105', 'new106', 'new107' and 290 more" r.text && echo "new categories: 10 shown"
grep -qF "'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10' and 490 more" r.text && echo "new columns: 10 shown"
grep -qF '"bytes_cut":936' r.json && echo "json: the value's cut counted"
grep -qF '"new_categories_more":200' r.json && echo "json: 100 new categories listed, 200 counted"
true
