# The registry baseline cannot be read: an alias that does not exist (MLflow
# answers 400, not 404) and a version without a run.  The baseline gate is
# an error (exit 3), never a pass, and nothing is promoted.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json
for alias in challenger norun; do
cat > policy.yml <<YML
version: 1
metrics: metrics.json
baseline: {mlflow: {model: churn, alias: $alias}}
model:
  - metric: f1_score
    baseline: {max_drop: 0.01}
promote:
  mlflow: {model: churn, version: 3, alias: champion}
YML
run mlgate check -p policy.yml
echo "exit $RUN_RC"
done
reg_requests
finish
