# The churn CSVs written as Parquet (every encoding and codec, by
# tests/gen/gen_parquet.py) profile exactly as the CSVs do, apart from path.
csvdir="$EXAMPLES/churn-data/data"
for f in "$FIXTURES"/parquet/churn_*.parquet; do
	base=$(basename "$f")
	case $base in
	churn_reference_*) csv=reference.csv ;;
	churn_current_drifted_*) csv=current_drifted.csv ;;
	*) csv=current.csv ;;
	esac
	mlgate profile --format json "$csvdir/$csv" | grep -v '"path"' > want.json
	mlgate profile --format json "$f" | grep -v '"path"' > got.json
	if cmp -s want.json got.json; then echo "$base: same as $csv"; else echo "$base: DIFFERS from $csv"; diff want.json got.json | head; fi
done
