# A version still registering is not promoted.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 4, alias: champion}
YML
run mlgate check -p policy.yml
reg_requests
finish
