# Drift between Parquet files (and a Parquet file against a CSV) is the
# drift between the CSVs; the policy's data: section reads Parquet too.
d="$EXAMPLES/churn-data/data" p="$FIXTURES/parquet"
mlgate drift "$d/reference.csv" "$d/current_drifted.csv" --format json | grep -v '"path"\|"reference"\|"current"' > want.json; echo "csv: $?"
mlgate drift "$p/churn_reference_delta_zstd_v2.parquet" "$p/churn_current_drifted_dict_snappy.parquet" --format json | grep -v '"path"\|"reference"\|"current"' > got.json; echo "parquet: $?"
cmp -s want.json got.json && echo "drift: same"
mlgate drift "$p/churn_reference_plain.parquet" "$d/current_drifted.csv" --format json | grep -v '"path"\|"reference"\|"current"' > mixed.json; echo "mixed: $?"
cmp -s want.json mixed.json && echo "drift, parquet against csv: same"
cp -r "$EXAMPLES/churn-data" ex
cp "$p/churn_reference_dict_snappy.parquet" ex/data/reference.parquet
cp "$p/churn_current_dict_snappy.parquet" ex/data/current.parquet
cp "$p/churn_current_drifted_dict_snappy.parquet" ex/data/current_drifted.parquet
cd ex
mlgate check -p policy.yml > csv.txt; echo "check csv: $?"
mlgate check -p policy.yml --set data.customers.path=data/current.parquet \
	--set data.customers.reference=data/reference.parquet > pq.txt; echo "check parquet: $?"
sed 's/current\.parquet/current.csv/g; s/reference\.parquet/reference.csv/g' pq.txt | cmp -s csv.txt - && echo "check: same report"
mlgate check -p policy.yml --set data.customers.path=data/current_drifted.parquet \
	--set data.customers.reference=data/reference.parquet > /dev/null; echo "check drifted parquet: $?"
