# A redirect to another host is not followed (the credentials would go
# with it): exit 4, and the other host gets nothing.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json \
	--fault '{"path": "model-versions/get", "kind": "redirect", "location": "http://localhost:9/elsewhere"}'
export MLFLOW_TRACKING_TOKEN=tok-never-shown-redirect
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  backoff_s: 0.01
YML
run mlgate check -p policy.yml
reg_requests
no_secrets tok-never-shown-redirect
finish
