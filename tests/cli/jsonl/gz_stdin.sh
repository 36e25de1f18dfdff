# JSON Lines compressed with gzip (*.jsonl.gz, *.ndjson.gz: inflated on
# the fly, twice) and on standard input (recognised by its first '{',
# gzip or not; held in memory up to MLGATE_MAX_STDIN) profile as the
# CSV of the same data does, apart from path.
d="$EXAMPLES/churn-data/data" j="$FIXTURES/jsonl"
mlgate profile --format json "$d/reference.csv" | grep -v '"path"' > want.json
gzip -c "$j/reference_null.jsonl" > r.jsonl.gz
cp r.jsonl.gz r.ndjson.gz
# two gzip members, as `cat a.gz b.gz` makes: one stream
head -300 "$j/reference_null.jsonl" | gzip -c > two.jsonl.gz
tail -n +301 "$j/reference_null.jsonl" | gzip -c >> two.jsonl.gz
for f in r.jsonl.gz r.ndjson.gz two.jsonl.gz; do
	mlgate profile --format json "$f" | grep -v '"path"' | cmp -s - want.json && echo "$f: same"
done
mlgate profile --format json - < "$j/reference_null.jsonl" | grep -v '"path"' | cmp -s - want.json && echo "stdin: same"
mlgate profile --format json - < r.jsonl.gz | grep -v '"path"' | cmp -s - want.json && echo "stdin gzip: same"
# drift with the current data on stdin
mlgate drift "$d/reference.csv" "$d/current_drifted.csv" --format json | grep -v '"reference"\|"current"' > want.json
mlgate drift r.jsonl.gz - --format json < "$j/current_drifted_absent.ndjson" | grep -v '"reference"\|"current"' | cmp -s - want.json && echo "drift from stdin: same"
# refused: cut short, not gzip at all, over the stdin bound
head -c 3000 r.jsonl.gz > cut.jsonl.gz
mlgate profile cut.jsonl.gz 2>&1; echo "exit $?"
cp "$j/reference_null.jsonl" plain.jsonl.gz
mlgate profile plain.jsonl.gz 2>&1; echo "exit $?"
MLGATE_MAX_STDIN=4K mlgate profile - < r.jsonl.gz 2>&1; echo "exit $?"
MLGATE_MAX_INFLATE=10K mlgate profile r.jsonl.gz 2>&1; echo "exit $?"
# a bad line on stdin is named by its line number
printf '{"a": 1}\n[1]\n' | mlgate profile - 2>&1; echo "exit $?"
