# Policy problems in a data section: exit 2 with file:line:col, all at once.
cat > p.yml <<'EOY'
version: 1
data:
  - name: d
    path: d.csv
    row_cont: {min: 1}
    columns:
      age: {min: 10, max: 5, type: numbr}
    drift: {method: kss, max: 0.1}
EOY
mlgate lint p.yml
