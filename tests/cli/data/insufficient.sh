# Fewer non-null values than min_rows (default 30) on a side: the drift gate
# is an error with the counts, never a pass (exit 3).
printf 'x\n1\n2\n3\n4\n5\n' > ref.csv
printf 'x\n1\n2\n\n4\n5\n' > cur.csv
printf 'version: 1\ndata:\n  - name: d\n    path: cur.csv\n    reference: ref.csv\n    drift: {method: psi, max: 0.2}\n' > p.yml
mlgate check -p p.yml
