# Candidate metrics from MLflow (real MLflow 2.10.2): the best run of an
# experiment as search_runs picks it (filter and order_by), one run by id,
# a version's run by models:/NAME@ALIAS and models:/NAME/VERSION.  The
# run's latest value of each metric is gated; the run and its experiment
# are in the text and JSON reports.  Promoting the version whose run was
# gated needs no second read of its metrics.
. "$ROOT/tests/servers/real_mlflow.sh"
start_mlflow
exp=$(new_experiment churn)
ra=$(new_run "$exp" f1_score=0.70 roc_auc=0.95)
rb=$(new_run "$exp" f1_score=0.50 roc_auc=0.93)
# a later value of f1_score on run B: the latest one counts
api POST runs/log-metric "{\"run_id\": \"$rb\", \"key\": \"f1_score\", \"value\": 0.92, \"timestamp\": 1700000005000, \"step\": 1}" > /dev/null
rc=$(new_run "$exp" f1_score=0.97 roc_auc=0.85)
vb=$(new_version churn "$rb")
api POST registered-models/alias "{\"name\": \"churn\", \"alias\": \"candidate\", \"version\": \"$vb\"}" > /dev/null
gates='model:
  - metric: f1_score
    min: 0.9'
cat > best.yml <<YML
version: 1
metrics:
  mlflow: {experiment: churn, order_by: "metrics.f1_score DESC", filter: "metrics.roc_auc > 0.9"}
$gates
YML
mlgate check --only all -p best.yml --report text --report json:best.json
echo "best run: exit $?"
python3 -c 'import json, sys; e = json.load(open("best.json"))["evidence"]
print("json run is B:", e["run_id"] == sys.argv[1], "experiment:", e["experiment_id"] == sys.argv[2])' "$rb" "$exp"
sed 's/, filter: .*}/}/' best.yml > nofilter.yml
mlgate check --only all -p nofilter.yml --report json:nofilter.json > /dev/null
echo "no filter: exit $?"
python3 -c 'import json, sys; print("json run is C:", json.load(open("nofilter.json"))["evidence"]["run_id"] == sys.argv[1])' "$rc"
printf 'version: 1\nmetrics: {mlflow: {run_id: %s}}\n%s\n' "$ra" "$gates" > byid.yml
mlgate check --only all -p byid.yml --report text | sed "s/$ra/RUN_A/"
echo "run A by id: exit ${PIPESTATUS[0]}"
printf 'version: 1\nmetrics: {mlflow: {model: "models:/churn@candidate"}}\n%s\n' "$gates" > alias.yml
mlgate check --only all -p alias.yml --report text | sed "s/$rb/RUN_B/"
echo "models:/churn@candidate: exit ${PIPESTATUS[0]}"
printf 'version: 1\nmetrics: {mlflow: {model: "models:/churn/%s"}}\n%s\npromote:\n  mlflow: {model: churn, version: "%s", alias: champion}\n' "$vb" "$gates" "$vb" > promote.yml
mlgate check --only all -p promote.yml --report text --report json:promote.json | sed "s/$rb/RUN_B/"
echo "models:/churn/N, promoted: exit ${PIPESTATUS[0]}"
python3 -c 'import json; print("steps:", " ".join(q["step"] for q in json.load(open("promote.json"))["promotion"]["requests"]))'
version_state churn "$vb"
printf 'version: 1\nmetrics: {mlflow: {experiment: nosuch, order_by: "metrics.f1_score DESC"}}\n%s\n' "$gates" > missing.yml
mlgate check --only all -p missing.yml > /dev/null
echo "missing experiment: exit $?"
printf 'version: 1\nmetrics: {mlflow: {experiment: churn}}\n%s\n' "$gates" > bad.yml
mlgate check --only all -p bad.yml
echo "no order_by: exit $?"
