# A live waiver turns a failing drift gate into 'waived' (exit 0); errors,
# such as insufficient data, are never waived.
cp -r "$EXAMPLES/churn-data" . && cd churn-data
cat >> policy.yml <<'EOY'
waivers:
  - gate: data.customers.*.drift.*
    until: 2099-12-31
    reason: "pricing change; reference refresh in JIRA-123"
  - gate: data.customers.*.allowed
    until: 2099-12-31
    reason: "trial plan launched"
  - gate: data.customers.age.null_ratio.max
    until: 2099-12-31
    reason: "age optional since v2"
EOY
mlgate check -p policy.yml --set data.customers.path=data/current_drifted.csv; echo "exit $?"
mlgate check -p policy.yml --set data.customers.path=data/current_drifted.csv --set data.customers.drift.min_rows=1000; echo "exit $?"
