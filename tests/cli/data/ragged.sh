# A ragged row is an input error naming its line; with on_bad_rows: skip it
# is counted and reported as a warning.
printf 'a,b\n1,x\n2\n3,z\n' > d.csv
printf 'version: 1\ndata:\n  - name: d\n    path: d.csv\n    row_count: {min: 1}\n' > p.yml
mlgate check --only all -p p.yml; echo "error: $?"
printf 'version: 1\ndata:\n  - name: d\n    path: d.csv\n    on_bad_rows: skip\n    row_count: {min: 1}\n' > p.yml
mlgate check --only all -p p.yml; echo "skip: $?"
mlgate check --only all -p p.yml --fail-on-warn > /dev/null; echo "skip, --fail-on-warn: $?"
