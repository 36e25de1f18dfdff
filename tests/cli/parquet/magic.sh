# Parquet is recognised by its magic bytes, not by the file name.
cp "$FIXTURES/parquet/types.parquet" looks_like.csv
mlgate profile looks_like.csv | head -1
printf 'a,b\n1,x\n' > not_really.parquet
mlgate profile not_really.parquet | head -1
# an encrypted footer starts the file with PARE: named, not read as CSV
printf 'PARE\001\002\003\004\005\006\007\010PARE' > secret.parquet
mlgate profile secret.parquet 2>&1; echo "exit $?"
# standard input: held in memory (up to MLGATE_MAX_STDIN), then read as
# the file is: the same profile apart from path
mlgate profile --format json "$FIXTURES/parquet/types.parquet" | grep -v '"path"' > want.json
mlgate profile --format json - < "$FIXTURES/parquet/types.parquet" | grep -v '"path"' | cmp - want.json && echo "stdin: same"
MLGATE_MAX_STDIN=1K mlgate profile - < "$FIXTURES/parquet/types.parquet" 2>&1; echo "exit $?"
# a pipe that hands the magic over a byte at a time is still Parquet (the
# pauses only make the writes separate reads; the outcome does not depend
# on them)
{ head -c 1 "$FIXTURES/parquet/types.parquet"; sleep 0.2
  tail -c +2 "$FIXTURES/parquet/types.parquet" | head -c 1; sleep 0.2
  tail -c +3 "$FIXTURES/parquet/types.parquet"; } |
	mlgate profile --format json - | grep -v '"path"' | cmp - want.json && echo "stdin in pieces: same"
