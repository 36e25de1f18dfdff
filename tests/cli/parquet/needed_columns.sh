# Only the columns a policy's gates use are decoded: Apache's
# datapage_v2.snappy.parquet (written by Spark) holds flat columns a-d and
# a list column e, which mlgate cannot read as one value per row.  Its
# rows (as DuckDB and pyarrow read them): a = abc abc abc null abc,
# b = 1..5, c = 2 3 4 5 2, d = true true true false true (mlgate: True,
# False, as pandas prints them).  The null in a fails its null_ratio.  Gates on a-d
# work; a gate on e, or one that needs every column (a dataset-wide
# null_ratio, a reference), is refused naming e.
cp "$ROOT/../shared/parquet-testing/data/datapage_v2.snappy.parquet" d.parquet
cat > p.yml <<'Y'
version: 1
data:
  - name: d
    path: d.parquet
    row_count: {min: 5, max: 5}
    schema: {required: [a, b, c, d]}
    columns:
      a: {allowed: [abc], null_ratio: {max: 0.1}}
      b: {type: number, min: 1, max: 5, unique: true}
      c: {min: 2, max: 5}
      d: {allowed: ["True", "False"]}
Y
mlgate check -p p.yml; echo "exit $?"
printf 'version: 1\ndata:\n  - name: d\n    path: d.parquet\n    columns:\n      e.list.element: {min: 0}\n' > e.yml
mlgate check -p e.yml; echo "exit $?"
printf 'version: 1\ndata:\n  - name: d\n    path: d.parquet\n    null_ratio: {max: 0.5}\n' > all.yml
mlgate check -p all.yml; echo "exit $?"
# mlgate profile reads every column
mlgate profile d.parquet 2>&1; echo "exit $?"
