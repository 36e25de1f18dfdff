# Someone moves the champion alias (to 5) after mlgate read the baseline:
# the guard re-reads it before the move and refuses ("baseline moved",
# exit 4); the alias stays where the other party put it.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json \
	--fault '{"path": "registered-models/alias", "method": "GET", "kind": "move_alias", "model": "churn", "alias": "champion", "version": "5", "times": 1}'
cat > policy.yml <<'YML'
version: 1
metrics: metrics.json
baseline: {mlflow: {model: churn, alias: champion}}
model:
  - metric: f1_score
    baseline: {max_drop: 0.01}
promote:
  mlflow: {model: churn, version: 3, alias: champion, stage: Production}
YML
run mlgate check --only all -p policy.yml --report text --report json:report.json
python3 -c 'import json; r = json.load(open("report.json"))["promotion"]; print("steps:", " ".join(q["step"] for q in r["requests"]))'
reg_requests
reg_state
finish
