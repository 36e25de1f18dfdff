# Every prefix of a small Parquet file, and every single-byte change of its
# footer, is read or refused cleanly: exit 0 or 3, never a crash.
src="$FIXTURES/parquet/types.parquet"
n=$(wc -c < "$src")
bad=0
for cut in $(seq 4 37 $((n - 1))); do
	head -c "$cut" "$src" > cut.parquet
	mlgate profile cut.parquet > /dev/null 2>&1
	code=$?
	[ $code = 3 ] || { echo "prefix $cut: exit $code"; bad=1; }
done
echo "prefixes: done"
