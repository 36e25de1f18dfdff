# Fairness gates by hand: F rows y=1,1,0,0 p=1,0,0,0 -> F1 2/3; M rows
# y=1,1,0,0 p=1,1,0,1 -> F1 0.8; overall TP 3, FP 1, FN 1 -> F1 0.75.
# The F1 gap 0.8 - 2/3 (0.13333333333333341 in doubles) is over 0.1: the run fails (exit 1).
mkdir reports
cat > reports/preds.csv <<'CSV'
y,p,gender
1,1,F
1,0,F
0,0,F
0,0,F
1,1,M
1,1,M
0,0,M
0,1,M
CSV
cat > policy.yml <<'YML'
version: 1
predictions:
  path: reports/preds.csv
  label: y
  prediction: p
  gates:
    - metric: f1
      min: 0.7
    - metric: f1
      by: gender
      min: 0.6
      max_gap: 0.1
    - metric: accuracy
      by: gender
      max_gap: 0.05
YML
mlgate check --only all -p policy.yml --report text --report json:r.json
code=$?
grep -o '"message": "[^"]*"' r.json
grep -o '"details": {"column":"gender","groups":{[^]]*"gap":[0-9.e-]*}' r.json | head -1
exit $code
