# A header-only current file was read and has no rows: data that is bad,
# exit 1.  One headline (the row count) says what is wrong; every gate that
# needs rows fails under it ("0 rows"), the per-column expansions (null
# ratio, drift of every column) once each; the schema, known from the
# header, is still judged.
cp -r "$EXAMPLES/churn-data" . && cd churn-data
head -1 data/current.csv > empty.csv
mlgate check --only all -p policy.yml --set data.customers.path=empty.csv; echo "exit $?"
