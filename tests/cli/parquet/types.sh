# One column per logical type: the profile of types.parquet equals that of
# types.expect.csv, the text each value must read as (computed by the
# generator with datetime, decimal and numpy).  The text form shows the
# string columns' values themselves.
p="$FIXTURES/parquet/types.parquet"
mlgate profile --format json "$FIXTURES/parquet/types.expect.csv" | grep -v '"path"' > want.json
mlgate profile --format json "$p" | grep -v '"path"' > got.json
cmp -s want.json got.json && echo "types: same as types.expect.csv" || diff want.json got.json
mlgate profile "$p" | sed 1d
