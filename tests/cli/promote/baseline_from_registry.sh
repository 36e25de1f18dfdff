# baseline: {mlflow: {model, alias}}: the baseline metrics are the metrics
# of the run behind the version the alias points at (champion -> 2 ->
# run-two: f1_score 0.88).  The candidate (0.885) passes max_drop 0.01; the
# alias is re-read before it moves, and moves.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
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
run mlgate check --only all -p policy.yml
reg_requests
reg_state
finish
