# Parquet is recognised by its magic bytes, not by the file name.
cp "$FIXTURES/parquet/types.parquet" looks_like.csv
mlgate profile looks_like.csv | head -1
printf 'a,b\n1,x\n' > not_really.parquet
mlgate profile not_really.parquet | head -1
