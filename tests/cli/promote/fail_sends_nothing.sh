# A failing gate: promotion is skipped and the registry gets no request.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics_fail.json .
start_registry --state state.json
export MLFLOW_TRACKING_TOKEN=tok-never-shown-456
cat > policy.yml <<'YML'
version: 1
metrics: metrics_fail.json
model:
  - metric: f1_score
    min: 0.85
promote:
  mlflow: {model: churn, version: 3, alias: champion}
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 -c 'import json; p = json.load(open("report.json"))["promotion"]; print("attempted:", p["attempted"], "requests:", len(p["requests"]))'
reg_requests
reg_state
no_secrets tok-never-shown-456
finish
