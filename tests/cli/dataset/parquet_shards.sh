# A dataset of Parquet shards in Hive folders (tests/gen/gen_parquet_shards.py:
# four files each, decimals, nulls, "NA", strings dictionary-encoded in some
# shards, not in others, and in one for two pages of each row group then
# PLAIN (a writer's fallback), 10,600 distinct names -- past the 10,000
# categories kept --, a column that turns string in the last shard) is read
# column at a time, and profiles and drifts exactly as (a) the same rows as
# one CSV and (b) the same shards read row by row as text
# (MLGATE_PARQUET_ROWS=1), apart from path.  onegroup/: two one-group files
# whose dictionaries differ (what a file's dictionary gave is not reused
# for the next file's).
cp -r "$FIXTURES/parquet/shards/." .
same() { cmp -s "$1" "$2" && echo "$3: same" || { echo "$3: DIFFERS"; diff "$1" "$2" | head -5; }; }
mlgate profile --format json shards_ref.csv.gz | grep -v '"path"' > csv.json
for spec in ref 'ref/**/*.parquet' 'ref/year=*/region=*/part-0.parquet'; do
	for t in 1 2; do
		mlgate profile --threads $t --format json "$spec" | grep -v '"path"' > runs.json
		MLGATE_PARQUET_ROWS=1 mlgate profile --threads $t --format json "$spec" | grep -v '"path"' > rows.json
		same csv.json runs.json "$spec --threads $t, as the CSV"
		same rows.json runs.json "$spec --threads $t, as by row"
	done
done
# by hand: 4 shards of 2700 rows; year is 2024 x2, 2025, default (null)
grep '"rows"' runs.json
mlgate profile ref | grep -A1 '^year\|^region\|^name'
drift() { grep -v '"path"\|"reference"\|"current"'; }
mlgate drift shards_ref.csv.gz shards_cur.csv.gz --format json | drift > csv.json
mlgate drift ref 'cur/**/*.parquet' --format json | drift > runs.json
MLGATE_PARQUET_ROWS=1 mlgate drift ref 'cur/**/*.parquet' --format json | drift > rows.json
same csv.json runs.json "drift, as the CSVs"
same rows.json runs.json "drift, as by row"
# a CSV shard among Parquet ones: the default partition's rows as CSV
mkdir -p mixed
cp -r ref/year=2024 ref/year=2025 mixed/
mkdir -p mixed/year=__HIVE_DEFAULT_PARTITION__/region=eu
gzip -dc shards_ref.csv.gz | sed -n '1p;8102,$p' | cut -d, -f1-7 > mixed/year=__HIVE_DEFAULT_PARTITION__/region=eu/part-0.csv
mlgate profile --format json shards_ref.csv.gz | grep -v '"path"' > csv.json
for t in 1 2; do
	mlgate profile --threads $t --format json mixed | grep -v '"path"' > runs.json
	same csv.json runs.json "mixed --threads $t, as the CSV"
done
# two files of one row group: their number dictionaries sit at the same
# place in each file and differ (1,2,3 then 10..40); by hand v's mean is
# that of the CSV, and the min and max are 1 and 40
mlgate profile --format json onegroup.csv | grep -v '"path"' > csv.json
for t in 1 2; do
	mlgate profile --threads $t --format json onegroup | grep -v '"path"' > runs.json
	same csv.json runs.json "onegroup --threads $t, as the CSV"
done
awk -F, 'NR > 1 { s += $1; if (min == "" || $1 < min) min = $1; if ($1 > max) max = $1 }
	END { printf "by hand: v mean %.10g min %d max %d\n", s / (NR - 1), min, max }' onegroup.csv
mlgate profile --threads 1 onegroup | grep -A2 '^v ' | sed -n '2,3p'
# a shard of another schema is refused, naming it, both ways
mkdir -p other/k=1 other/k=2
cp ref/year=2025/region=eu/part-0.parquet other/k=1/
cp "$FIXTURES/parquet/duckdb/types.parquet" other/k=2/part-0.parquet
for t in 1 2; do
	mlgate profile --threads $t other > /dev/null 2> err; echo "exit $? $(cat err)"
	MLGATE_PARQUET_ROWS=1 mlgate profile --threads $t other > /dev/null 2> err; echo "rows: exit $? $(cat err)"
done
# shards the reader refuses: the same message read either way, naming the
# first one
for r in refuse_list refuse_dict_index refuse_crc; do
	rm -rf bad; mkdir -p bad/k=1 bad/k=2
	cp "$FIXTURES/parquet/$r.parquet" bad/k=1/part-0.parquet
	cp "$FIXTURES/parquet/$r.parquet" bad/k=2/part-0.parquet
	mlgate profile --threads 1 bad > /dev/null 2> err; echo "$r: exit $? $(cat err)"
	MLGATE_PARQUET_ROWS=1 mlgate profile --threads 1 bad > /dev/null 2> err2
	cmp -s err err2 && echo "$r: the same by row"
done
