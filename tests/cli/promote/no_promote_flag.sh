# --no-promote: the gates pass, nothing is sent.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json
cat > policy.yml <<'YML'
version: 1
metrics: metrics.json
model:
  - metric: f1_score
    min: 0.85
promote:
  mlflow: {model: churn, version: 3, alias: champion}
YML
run mlgate check -p policy.yml --no-promote --report json:report.json
python3 -c 'import json; print("promotion:", json.load(open("report.json"))["promotion"])'
reg_requests
finish
