# A missing and an empty data file: errors (exit 3), never passes.  A
# header-only file was read and has no rows: an implicit row_count.min of 1
# fails (exit 1) and the other gates fail under it ("0 rows"), even though
# row_count max alone would be satisfied by an empty file.
printf 'version: 1\ndata:\n  - name: d\n    path: d.csv\n    row_count: {max: 10}\n    null_ratio: {max: 0.5}\n' > p.yml
mlgate check --only all -p p.yml; echo "missing: $?"
: > d.csv
mlgate check --only all -p p.yml; echo "empty: $?"
printf 'a,b\n' > d.csv
mlgate check --only all -p p.yml; echo "header only: $?"
