# write_policy FILE: a passing policy (metrics.json, f1_score >= 0.85) whose
# `promote:` block is read from stdin (indented by two spaces already).
write_policy() {
	{
		printf 'version: 1\nname: churn\nmetrics: metrics.json\nmodel:\n  - metric: f1_score\n    min: 0.85\npromote:\n'
		cat
	} > "$1"
}
# register_policy FILE RUN_ID MLFLOW: metrics from MLflow run RUN_ID
# (f1_score >= 0.85) and `promote.mlflow` as the flow mapping MLFLOW.
register_policy() {
	printf 'version: 1\nmetrics: {mlflow: {run_id: %s}}\nmodel:\n  - metric: f1_score\n    min: 0.85\npromote:\n  mlflow: %s\n' \
		"$2" "$3" > "$1"
}
# register_state JSON: tests/fixtures/register/state.json with its
# "register" behaviour replaced by JSON, as ./state.json.
register_state() {
	python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); s["register"] = json.loads(sys.argv[2]); json.dump(s, open("state.json", "w"))' \
		"$FIXTURES/register/state.json" "$1"
}
