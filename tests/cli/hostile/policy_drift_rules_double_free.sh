# shellcheck shell=bash
# Two invalid drift rules in a row: the second reused the first one's freed
# method string (a double free, found by fuzz_data); now two messages.
cat > policy.yml <<'Y'
version: 1
data:
  - name: d
    path: d.csv
    drift:
      columns:
        a: {method: ks}
        b: {method: chi3, min_pvalue: 0.01}
Y
mlgate lint policy.yml
