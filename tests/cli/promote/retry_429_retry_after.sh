# 429 with Retry-After: waited for, then retried; a 503 that outlasts the
# retries fails with the registry's message and the attempt count.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json \
	--fault '{"path": "model-versions/get", "kind": "status", "status": 429, "retry_after": "1", "times": 1, "body": "{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"slow down\"}"}' \
	--fault '{"path": "registered-models/alias", "method": "POST", "kind": "status", "status": 503}'
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  retries: 2
  backoff_s: 0.01
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 -c 'import json; r = json.load(open("report.json"))["promotion"]["requests"]; print("first:", r[0]["step"], r[0]["status"], "attempts", r[0]["attempts"]); print("last:", r[-1]["step"], r[-1]["status"], "attempts", r[-1]["attempts"])'
reg_requests
finish
