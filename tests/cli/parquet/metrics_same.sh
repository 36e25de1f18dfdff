# `mlgate metrics` on a predictions file as Parquet gives the metrics of the
# same predictions as CSV (the file name aside).
cp "$FIXTURES/metrics/binary.csv" p.csv
cp "$FIXTURES/parquet/metrics_binary.parquet" p.parquet
mlgate metrics p.csv --label label --prediction pred --score score --by group \
	--bootstrap 50 --seed 7 -o csv.json; echo "csv: $?"
mlgate metrics p.parquet --label label --prediction pred --score score --by group \
	--bootstrap 50 --seed 7 -o pq.json; echo "parquet: $?"
sed 's/p\.parquet/p.csv/g' pq.json | cmp -s csv.json - && echo "metrics: same"
