# The registry answers later than timeout_s: each attempt times out, a GET is
# retried (idempotent), then promotion fails with exit 4.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json \
	--fault '{"path": "model-versions/get", "kind": "slow", "seconds": 1.5}'
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  timeout_s: 0.3
  retries: 1
  backoff_s: 0.01
YML
run mlgate check -p policy.yml
reg_requests
finish
