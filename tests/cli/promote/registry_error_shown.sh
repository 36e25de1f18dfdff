# The registry's own error (JSON error_code and message) is shown; a 404 is
# not retried; exit 4.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json --auth bearer:tok-never-shown-aaa
export MLFLOW_TRACKING_TOKEN=tok-never-shown-aaa
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 99, alias: champion}
  backoff_s: 0.01
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 -c 'import json; p = json.load(open("report.json")); print("exit_code:", p["exit_code"], "ok:", p["promotion"]["ok"]); print("request:", p["promotion"]["requests"][0])'
reg_requests
no_secrets tok-never-shown-aaa
finish
