# A frozen reference profile in the policy: PSI is the same number as with
# the reference CSV; KS needs raw values, so a KS gate on a frozen reference
# is an error that says why (exit 3).
cp -r "$EXAMPLES/churn-data" . && cd churn-data
mlgate profile data/reference.csv --format json -o ref.json || exit 1
cat > csv.yml <<'EOY'
version: 1
data:
  - name: c
    path: data/current.csv
    reference: data/reference.csv
    drift: {method: psi, max: 0.2, exclude: [customer_id]}
EOY
sed 's#data/reference.csv#ref.json#' csv.yml > frozen.yml
mlgate check --only all -p csv.yml --report json -q | grep '"value"' > csv.values
mlgate check --only all -p frozen.yml --report json -q | grep '"value"' > frozen.values
cmp csv.values frozen.values && echo "same psi values: $(wc -l < csv.values)"
printf '      columns:\n        income: {method: ks, max: 0.1}\n' > extra
sed 's#drift: {method: psi, max: 0.2, exclude: \[customer_id\]}#drift:\n      method: psi\n      max: 0.2\n      exclude: [customer_id]#' frozen.yml > ks.yml
cat extra >> ks.yml
mlgate check --only all -p ks.yml
