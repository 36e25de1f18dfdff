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

mkdir "$T/hooks" && cp "$ROOT/.pre-commit-hooks.yaml" "$T/hooks/" &&
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
expect "pre-commit mlgate: says which gate" grep -q 'FAIL *model.f1_score.min' "$T/log"

cp -r "$ROOT/.githooks" . && git config core.hooksPath .githooks
git_ add -A && git_ commit -qm "worse model" > "$T/log" 2>&1; code=$?
expect "git hook: the commit of a failing model is blocked" test $code != 0
expect "git hook: nothing was committed" test "$(git rev-list --count HEAD)" = 1
git_ commit -q --no-verify -m "worse model, knowingly" > "$T/log" 2>&1; code=$?
expect "git hook: --no-verify commits anyway" test $code = 0
cp "$T/good.json" reports/metrics.json
git_ add -A && git_ commit -qm "better model" > "$T/log" 2>&1; code=$?
expect "git hook: a passing model commits" test $code = 0

if [ $fails -gt 0 ]; then echo "hooks: $fails checks failed"; exit 1; fi
echo "hooks: all checks passed"
