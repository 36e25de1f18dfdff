# write_policy FILE: a passing policy (metrics.json, f1_score >= 0.85) whose
# `promote:` block is read from stdin (indented by two spaces already).
write_policy() {
	{
		printf 'version: 1\nname: churn\nmetrics: metrics.json\nmodel:\n  - metric: f1_score\n    min: 0.85\npromote:\n'
		cat
	} > "$1"
}
