# Gates on bootstrap bounds.  The expected bounds are those of the
# independent Python resampling in tests/fixtures/metrics/expected.json
# (binary, 200 resamples, seed 42).
cp "$FIXTURES/metrics/binary.csv" .
cat > policy.yml <<'YML'
version: 1
predictions:
  path: binary.csv
  label: label
  prediction: pred
  score: score
  bootstrap: {replicates: 200, seed: 42}
  gates:
    - metric: f1_ci_low
      min: 0.68
    - metric: roc_auc_ci_high
      max: 0.99
YML
mlgate check --only all -p policy.yml --report text --report json:r.json
code=$?
# every digit of the bounds is in the json report
grep -o '"message": "[^"]*"' r.json
# a bound without bootstrap, or per group, is a policy error
cat > bad.yml <<'YML'
version: 1
predictions:
  path: binary.csv
  label: label
  prediction: pred
  gates:
    - metric: f1_ci_low
      min: 0.5
    - metric: recall_ci_high
      by: group
      max: 0.9
YML
mlgate check --only all -p bad.yml
echo "bad policy: exit $?"
exit $code
