# The scalar, SSE2 and default (AVX2 where the CPU has it) scans of the CSV
# reader give byte-identical profiles and the same errors (MLGATE_CSV_SCAN).
# Rows are long enough (> 64 bytes) for the 64-byte windows of the SIMD
# scans; quoted delimiters, doubled quotes, quoted newlines, CRLF and NA.
awk 'BEGIN {
	print "id,note,x,y,city\r"
	for (i = 1; i <= 3000; i++) {
		note = (i % 3 == 0) ? "\"a, b \"\"q\"\" and a long tail of words to pass 64 bytes\"" : \
		       (i % 7 == 0) ? "\"two\nlines\"" : "plain text that is long enough to span a window"
		y = (i % 11 == 0) ? "NA" : sprintf("%.2f", i / 8)
		printf "%d,%s,%d,%s,c%d\r\n", i, note, i % 97, y, i % 13
	}
}' > d.csv
for s in scalar sse2 default; do
	if [ $s = default ]; then unset MLGATE_CSV_SCAN; else export MLGATE_CSV_SCAN=$s; fi
	mlgate profile d.csv --format json -o p_$s.json || echo "profile failed with $s"
done
cmp p_scalar.json p_sse2.json && cmp p_scalar.json p_default.json && echo "profiles identical"
grep -o '"rows": *[0-9]*' p_scalar.json
# the same error, on the same line, whichever scan finds it: the line
# after the last newline of the first 5000 bytes
echo "expected line $(( $(head -c 5000 d.csv | wc -l) + 1 ))"
{ head -c 5000 d.csv; printf 'x\0y\n'; } > nul.csv
{ head -c 5000 d.csv; printf '1,"open,2,3,c\n4,5,6,7,c\n'; } > open.csv
for f in nul.csv open.csv; do
	for s in scalar sse2 default; do
		if [ $s = default ]; then unset MLGATE_CSV_SCAN; else export MLGATE_CSV_SCAN=$s; fi
		mlgate profile $f --format json -o /dev/null 2> e_$s.txt
		echo "exit $?" >> e_$s.txt
	done
	cmp e_scalar.txt e_sse2.txt && cmp e_scalar.txt e_default.txt && cat e_scalar.txt
done
