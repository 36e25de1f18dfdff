# A policy's path: and reference: take globs and folders.  The churn
# reference split into two shards and the drifted current into a Hive
# folder layout gives the gates of the single files (row counts 600 and
# 400); the report names the files read, in the first gate's message and
# in every gate's details.
d="$EXAMPLES/churn-data/data"
mkdir -p data/ref "data/cur/day=2024-01-01" "data/cur/day=2024-01-02"
head -301 "$d/reference.csv" > data/ref/a.csv
{ head -1 "$d/reference.csv"; tail -n +302 "$d/reference.csv"; } > data/ref/b.csv
head -201 "$d/current_drifted.csv" > "data/cur/day=2024-01-01/x.csv"
{ head -1 "$d/current_drifted.csv"; tail -n +202 "$d/current_drifted.csv"; } > "data/cur/day=2024-01-02/x.csv"
cat > p.yml <<'Y'
version: 1
data:
  - name: churn
    path: data/cur
    reference: data/ref/*.csv
    row_count: {min: 400, max: 400}
    schema: {required: [tenure_months, day]}
    columns:
      customer_id: {unique: true}
    drift:
      method: psi
      max: 0.2
      exclude: [customer_id, day]
Y
mlgate check -p p.yml; echo "exit $?"
mlgate check -p p.yml -q --report json:r.json; echo "exit $?"
grep -o '"files":{"count":2,"first":\["data/cur/day=2024-01-01/x.csv","data/cur/day=2024-01-02/x.csv"\]}' r.json | sort | uniq -c | sed 's/^ *//'
grep -c '"reference_files":{"count":2' r.json
# the same policy on the single files: the same drift values
sed -e "s|path: data/cur|path: $d/current_drifted.csv|" -e "s|reference: data/ref/\*.csv|reference: $d/reference.csv|" -e 's/, day\]/]/' p.yml > one.yml
mlgate check -p one.yml -q --report json:one.json --allow-path "$d"
vals() { awk '/"id": "data.churn.[a-z_]*.drift.psi"/ { id = $2 } /"value":/ && id { print id, $2; id = "" }' "$1"; }
vals r.json > a; vals one.json > b
cmp -s a b && echo "drift values: same as the single files ($(wc -l < a) columns)"
