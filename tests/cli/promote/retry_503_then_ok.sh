# 503 twice on the alias move, then 200: retried with backoff, promotion ok;
# the report records 3 attempts.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json \
	--fault '{"path": "registered-models/alias", "method": "POST", "kind": "status", "status": 503, "times": 2}'
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  retries: 3
  backoff_s: 0.01
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 -c 'import json; r = json.load(open("report.json"))["promotion"]["requests"][-2]; print("last:", r["step"], r["status"], "attempts", r["attempts"])'
reg_requests
reg_state
finish
