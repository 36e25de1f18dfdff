# The registry drops the connection without an answer once: setting a tag
# is idempotent, so it is sent again and promotion completes.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json \
	--fault '{"path": "model-versions/set-tag", "kind": "close", "times": 1}'
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  backoff_s: 0.01
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 -c 'import json; r = json.load(open("report.json"))["promotion"]["requests"][2]; print("tag:", r["step"], r["status"], "attempts", r["attempts"])'
reg_state
finish
