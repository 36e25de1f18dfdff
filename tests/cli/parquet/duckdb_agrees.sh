# Parquet written by another writer (DuckDB: every codec, pages v1 and v2,
# decimals up to 30 digits, dates, timestamps, unsigned and small integers,
# a struct; five row groups, read on two threads by halves of them) reads as DuckDB reads it: the profile of each file equals that
# of DuckDB's own CSV of it (tests/gen/gen_duckdb_parquet.mjs).
d="$FIXTURES/parquet/duckdb"
for f in "$d"/churn_*.parquet "$d"/types.parquet "$d"/groups.parquet; do
	b=$(basename "$f" .parquet)
	case $b in churn_*) want=churn.expect.csv ;; *) want=$b.expect.csv ;; esac
	mlgate profile --format json "$d/$want" | grep -v '"path"' > want.json
	mlgate profile --format json "$f" | grep -v '"path"' > got.json
	cmp -s want.json got.json && echo "$b: as DuckDB reads it" || { echo "$b: DIFFERS"; diff want.json got.json | head; }
done
