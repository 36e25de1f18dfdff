# Usage errors exit 2, unreadable or incomparable inputs exit 3.
ref="$FIXTURES/drift/small.ref.csv" cur="$FIXTURES/drift/small.cur.csv"
mlgate drift "$ref"; echo "one file: $?"
mlgate drift "$ref" "$cur" --bins 1 >/dev/null; echo "bins 1: $?"
mlgate drift "$ref" "$cur" --method kss >/dev/null; echo "method: $?"
mlgate drift "$ref" "$cur" --format yaml >/dev/null; echo "format: $?"
mlgate drift "$ref" missing.csv >/dev/null; echo "missing: $?"
mlgate drift "$ref" "$cur" --columns score,nope >/dev/null; echo "absent column: $?"
printf 'score,plan\n1,a\n2,b\n' > nums.csv
printf 'score,plan\nx,a\ny,b\n' > strs.csv
mlgate drift nums.csv strs.csv > all.json; echo "number vs string: $?"
grep -c '"error": "the column holds numbers in the reference but strings in the current data"' all.json
mlgate drift nums.csv strs.csv --columns score >/dev/null; echo "number vs string, asked for: $?"
printf 'score,plan\n1,a\n2\n' > ragged.csv
mlgate drift "$ref" ragged.csv >/dev/null; echo "ragged: $?"
mlgate profile "$ref" --format json -o p.json
mlgate drift "$ref" p.json >/dev/null; echo "json current: $?"
