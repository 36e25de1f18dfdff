# A first promotion (if_missing: skip) is guarded too: when the alias it
# found missing exists by the time promotion starts (another pipeline
# promoted meanwhile), nothing is changed and the run exits 4.  Without
# the race, the same policy promotes and says the baseline gate was
# skipped.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json --fault '{"path": "registered-models/alias", "method": "GET", "times": 1, "kind": "move_alias", "model": "churn", "alias": "first", "version": "2"}'
cat > policy.yml <<'YML'
version: 1
metrics: metrics.json
baseline: {mlflow: {model: churn, alias: first, if_missing: skip}}
model:
  - metric: f1_score
    min: 0.85
    baseline: {max_drop: 0.01}
promote:
  mlflow: {model: churn, version: 3, alias: first}
YML
run mlgate check -p policy.yml
echo "raced: exit $RUN_RC"
reg_state | grep alias
stop_registry
start_registry --state state.json
run mlgate check -p policy.yml
echo "alone: exit $RUN_RC"
reg_state | grep alias
finish
