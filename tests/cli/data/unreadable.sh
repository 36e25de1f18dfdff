# A missing, an empty and a header-only data file: errors, never passes
# (row_count max would be satisfied by an empty file).
printf 'version: 1\ndata:\n  - name: d\n    path: d.csv\n    row_count: {max: 10}\n    null_ratio: {max: 0.5}\n' > p.yml
mlgate check -p p.yml; echo "missing: $?"
: > d.csv
mlgate check -p p.yml; echo "empty: $?"
printf 'a,b\n' > d.csv
mlgate check -p p.yml; echo "header only: $?"
