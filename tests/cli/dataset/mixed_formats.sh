# One dataset, three formats (detected per file, by magic and name): the
# churn reference as Parquet, current.csv as CSV, current_drifted as JSON
# Lines (nulls written as null) -- the same profile as the three CSVs
# concatenated into one, apart from path.
d="$EXAMPLES/churn-data/data"
mkdir mix
cp "$FIXTURES/parquet/churn_reference_dict_snappy.parquet" mix/a.parquet
cp "$d/current.csv" mix/b.csv
cp "$FIXTURES/jsonl/current_drifted_null.jsonl" mix/c.jsonl
{ cat "$d/reference.csv"; tail -n +2 "$d/current.csv"; tail -n +2 "$d/current_drifted.csv"; } > one.csv
mlgate profile --format json one.csv | grep -v '"path"' > want.json
for t in 1 2; do
	mlgate profile --threads $t --format json mix | grep -v '"path"' > got.json
	cmp -s want.json got.json && echo "--threads $t: same as one.csv" || diff want.json got.json | head -5
done
grep -m1 '"rows"' want.json
