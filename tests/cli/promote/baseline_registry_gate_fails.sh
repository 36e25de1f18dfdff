# A candidate worse than the registry's champion fails the baseline gate:
# the registry is only read (alias, run), nothing is written.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json .
echo '{"f1_score": 0.86}' > metrics.json
start_registry --state state.json
cat > policy.yml <<'YML'
version: 1
metrics: metrics.json
baseline: {mlflow: {model: churn, alias: champion}}
model:
  - metric: f1_score
    baseline: {max_drop: 0.01}
promote:
  mlflow: {model: churn, version: 3, alias: champion}
YML
run mlgate check -p policy.yml
reg_requests
finish
