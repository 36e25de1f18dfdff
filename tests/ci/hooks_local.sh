#!/usr/bin/env bash
# The pre-commit hooks (through `pre-commit try-repo`) and the .githooks
# recipe, in temporary git repositories holding the churn example; mlgate
# must be on PATH.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/mlgate-hooks.XXXXXX")
trap 'rm -rf "$T"' EXIT
export PRE_COMMIT_HOME=$T/pre-commit-home
fails=0
git_() { git -c user.email=ci@example.invalid -c user.name=ci -c init.defaultBranch=main "$@"; }
expect() { local what=$1; shift; if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); cat "$T/log" 2>/dev/null | tail -20; fi; }

mkdir -p "$T/hooks/scripts" && cp "$ROOT/.pre-commit-hooks.yaml" "$T/hooks/" &&
	cp -p "$ROOT/scripts/pre-commit-gate.sh" "$T/hooks/scripts/" &&
	(cd "$T/hooks" && git_ init -q && git_ add -A && git_ commit -qm hooks) || exit 2

P=$T/project
mkdir "$P" && cp -r "$ROOT/examples/churn/." "$P/" && mv "$P/policy.yml" "$P/mlgate.yml" &&
	(cd "$P" && git_ init -q && git_ add -A && git_ commit -qm example) || exit 2
bad='{"accuracy": 0.80, "f1_score": 0.70, "roc_auc": 0.95, "log_loss": 0.2, "latency_ms": {"p95": 10}}'

cd "$P" || exit 2
pre-commit try-repo "$T/hooks" mlgate --all-files > "$T/log" 2>&1; code=$?
expect "pre-commit mlgate: the example passes" test $code = 0
expect "pre-commit mlgate: the hook ran" grep -q 'mlgate quality gate.*Passed' "$T/log"
pre-commit try-repo "$T/hooks" mlgate-lint --all-files > "$T/log" 2>&1; code=$?
expect "pre-commit mlgate-lint: the policy is valid" test $code = 0

cp reports/metrics.json "$T/good.json"
printf '%s' "$bad" > reports/metrics.json
pre-commit try-repo "$T/hooks" mlgate --all-files > "$T/log" 2>&1; code=$?
expect "pre-commit mlgate: a failing gate fails the hook" test $code = 1
expect "pre-commit mlgate: says which gate" grep -q '^  FAIL  *f1_score\.min  *f1_score = 0\.7 < min 0\.85' "$T/log"

cp -r "$ROOT/.githooks" . && git config core.hooksPath .githooks
git_ add -A && git_ commit -qm "worse model" > "$T/log" 2>&1; code=$?
expect "git hook: the commit of a failing model is blocked" test $code != 0
expect "git hook: nothing was committed" test "$(git rev-list --count HEAD)" = 1
git_ commit -q --no-verify -m "worse model, knowingly" > "$T/log" 2>&1; code=$?
expect "git hook: --no-verify commits anyway" test $code = 0
cp "$T/good.json" reports/metrics.json
git_ add -A && git_ commit -qm "better model" > "$T/log" 2>&1; code=$?
expect "git hook: a passing model commits" test $code = 0

# two policies staged: mlgate-lint gets both, checks both
M=$T/mono
mkdir -p "$M/models/churn" "$M/models/other" "$M/docs" &&
	cp -r "$ROOT/examples/churn/." "$M/models/churn/" && mv "$M/models/churn/policy.yml" "$M/models/churn/mlgate.yml" &&
	cp "$M/models/churn/mlgate.yml" "$M/models/other/mlgate.yml" && cp -r "$M/models/churn/reports" "$M/models/other/" &&
	printf 'a,b\n1,2\n' > "$M/docs/table.csv" &&
	(cd "$M" && git_ init -q && git_ add -A && git_ commit -qm mono) || exit 2
cd "$M" || exit 2
pre-commit try-repo "$T/hooks" mlgate-lint --all-files --verbose > "$T/log" 2>&1; code=$?
expect "pre-commit mlgate-lint: two policies staged, both valid" test $code = 0
expect "pre-commit mlgate-lint: both were linted" sh -c "grep -q 'models/churn/mlgate.yml: ok' '$T/log' && grep -q 'models/other/mlgate.yml: ok' '$T/log'"
printf 'version: 1\nmodel:\n  - metric: x\n    mni: 1\n' > models/other/mlgate.yml
pre-commit try-repo "$T/hooks" mlgate-lint --all-files > "$T/log" 2>&1; code=$?
expect "pre-commit mlgate-lint: one of two policies invalid fails the hook" test $code = 1
expect "pre-commit mlgate-lint: says where" grep -q "models/other/mlgate.yml:4:5: unknown key 'mni'" "$T/log"
git checkout -q models/other/mlgate.yml
# a policy in a subdirectory is found from a staged data file; a CSV no
# policy governs is not gated
printf '%s' "$bad" > models/churn/reports/metrics.json
git_ add models/churn/reports/metrics.json
pre-commit try-repo "$T/hooks" mlgate > "$T/log" 2>&1; code=$?
expect "pre-commit mlgate: the policy in a subdirectory gates its staged metrics" test $code = 1
expect "pre-commit mlgate: says which gate" grep -q '^  FAIL  *f1_score\.min  *f1_score = 0\.7 < min 0\.85' "$T/log"
expect "pre-commit mlgate: no 'no policy' error" sh -c "! grep -q 'no policy' '$T/log'"
git_ commit -qm worse --no-verify
printf 'a,b\n3,4\n' > docs/table.csv
git_ add docs/table.csv
pre-commit try-repo "$T/hooks" mlgate > "$T/log" 2>&1; code=$?
expect "pre-commit mlgate: a CSV that no policy governs passes" test $code = 0

if [ $fails -gt 0 ]; then echo "hooks: $fails checks failed"; exit 1; fi
echo "hooks: all checks passed"
