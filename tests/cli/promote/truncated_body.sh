# The connection closes in the middle of the body: a transport error,
# retried, and once it clears the promotion goes on.  When it does not clear,
# exit 4 with "truncated".
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json \
	--fault '{"path": "model-versions/get", "kind": "truncate", "times": 1}' \
	--fault '{"path": "registered-models/alias", "method": "POST", "kind": "truncate"}'
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  retries: 1
  backoff_s: 0.01
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 -c 'import json; r = json.load(open("report.json"))["promotion"]["requests"]; print("first:", r[0]["step"], r[0]["status"], r[0]["attempts"])'
reg_state
finish
