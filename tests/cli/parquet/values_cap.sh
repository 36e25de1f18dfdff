# The cap on kept numeric values (MLGATE_MAX_VALUES) is met in reading
# order, and a profile reads Parquet column by column: in groups.parquet
# (tests/gen/gen_duckdb_parquet.mjs) the first column 'i' has a number in
# every row, so with a cap of 100 its values on lines 2..101 are kept and
# the one on line 102 is the first refused.  The file keeps 29,090 values
# (i and x: 10,000 each; n: 10,000 less 910 nulls): that many fit, one
# fewer does not.
cp "$FIXTURES/parquet/duckdb/groups.parquet" g.parquet
MLGATE_MAX_VALUES=100 mlgate profile --threads 1 g.parquet 2>&1; echo "exit $?"
MLGATE_MAX_VALUES=29090 mlgate profile --threads 1 g.parquet > /dev/null; echo "29090: exit $?"
MLGATE_MAX_VALUES=29089 mlgate profile --threads 1 g.parquet > /dev/null 2>&1; echo "29089: exit $?"
