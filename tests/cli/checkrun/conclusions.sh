# The conclusion follows the verdict: every gate passed -> success; passed
# with a warning -> neutral (GitHub counts it as passing, as mlgate exits
# 0); a failure -> failure (the churn example's metrics made worse).  On a
# pull_request event the run goes on the PR's head commit, not GITHUB_SHA
# (the merge commit).  Paths are relative to GITHUB_WORKSPACE: mlgate ran
# in ws/sub, the policy is ws/models/churn/policy.yml.
. "$ROOT/tests/servers/forge.sh"
mkdir -p ws/sub ws/models && cp -r "$EXAMPLES/churn" ws/models/churn
export GITHUB_WORKSPACE=$PWD/ws
cd ws/sub
printf 'version: 1\nname: ok\nmetrics: m.json\nmodel:\n  - metric: a\n    min: 0.5\n' > p.yml
printf '{"a": 0.75}' > m.json
mlgate check -p p.yml -q --report json:pass.json; echo "pass: check exit $?"
mlgate check -p ../models/churn/policy.yml -q --report json:warn.json; echo "warn: check exit $?"
printf '{"accuracy": 0.80, "f1_score": 0.70, "roc_auc": 0.95, "log_loss": 0.2, "latency_ms": {"p95": 10}}' > bad.json
mlgate check -p ../models/churn/policy.yml --metrics bad.json -q --report json:fail.json; echo "fail: check exit $?"
start_forge
export GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh GITHUB_SHA=1111111111111111111111111111111111111111
printf '{"pull_request": {"number": 3, "head": {"sha": "2222222222222222222222222222222222222222"}}}' > event.json
GITHUB_REPOSITORY=o/pass mlgate check-run pass.json; echo "exit $?"
GITHUB_REPOSITORY=o/warn GITHUB_EVENT_PATH=$PWD/event.json mlgate check-run warn.json; echo "exit $?"
GITHUB_REPOSITORY=o/fail mlgate check-run --sha 3333333333333333333333333333333333333333 fail.json; echo "exit $?"
for r in pass warn fail; do forge_check_run o/$r 4; done
