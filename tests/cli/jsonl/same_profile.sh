# The churn CSVs as JSON Lines (tests/gen/gen_jsonl.py: nulls written as
# null or left out, one nested object) profile and drift exactly as the
# CSVs do, apart from path and the nested column's name.
d="$EXAMPLES/churn-data/data" j="$FIXTURES/jsonl"
same() { # csv jsonl [sed]
	mlgate profile --format json "$1" | grep -v '"path"' > want.json
	mlgate profile --format json "$2" | grep -v '"path"' | sed "${3:-}" > got.json
	cmp -s want.json got.json && echo "$(basename "$2"): same as $(basename "$1")" || diff want.json got.json | head
}
same "$d/reference.csv" "$j/reference_null.jsonl"
same "$d/current_drifted.csv" "$j/current_drifted_null.jsonl"
same "$d/current_drifted.csv" "$j/current_drifted_absent.ndjson"
same "$d/reference.csv" "$j/reference_nested.jsonl" 's/"plan_info\.plan"/"plan"/'
mlgate drift "$d/reference.csv" "$d/current_drifted.csv" --format json | grep -v '"path"\|"reference"\|"current"' > want.json
mlgate drift "$j/reference_null.jsonl" "$j/current_drifted_absent.ndjson" --format json | grep -v '"path"\|"reference"\|"current"' > got.json
cmp -s want.json got.json && echo "drift: same"
