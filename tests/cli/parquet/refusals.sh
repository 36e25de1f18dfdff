# Every refusal is an input error (exit 3) with a message naming the file
# and, when it is about one column, the column.
for f in "$FIXTURES"/parquet/refuse_*.parquet; do
	cp "$f" .
	b=$(basename "$f")
	mlgate profile "$b" 2>&1 > /dev/null
	code=$?
	echo "exit $code"
done
