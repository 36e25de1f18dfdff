# shellcheck shell=bash
# --untrusted-policy (or MLGATE_UNTRUSTED_POLICY=1): a probe does not run
# and its gate is an error (fail closed, never a silent pass); the
# registry baseline is not fetched and promotion is not attempted (the
# registry receives nothing); ${VAR} reads nothing (a default is used).
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json
export MLFLOW_TRACKING_TOKEN=tok-MARKER-untrusted-77 MODEL_VERSION=3
cat > policy.yml <<'YML'
version: 1
metrics: ${MLGATE_METRICS:-metrics.json}
model:
  - metric: f1_score
    min: 0.85
latency:
  - name: pwn
    command: [touch, pwned]
    runs: 1
    warmup: 0
    p95_ms: {max: 60000}
promote:
  mlflow: {model: churn, version: 3, alias: champion}
YML
run mlgate check -p policy.yml --untrusted-policy
echo "untrusted: exit $RUN_RC"
[ -e pwned ] && echo "the probe ran" >&2
MLGATE_UNTRUSTED_POLICY=1 run mlgate check -p policy.yml --promote
echo "with --promote: exit $RUN_RC"
cat > b.yml <<'YML'
version: 1
metrics: metrics.json
baseline: {mlflow: {model: churn, alias: champion}}
model:
  - metric: f1_score
    baseline: {max_drop: 0.1}
YML
MLGATE_UNTRUSTED_POLICY=1 run mlgate check -p b.yml
echo "registry baseline: exit $RUN_RC"
printf 'version: 1\nname: "${MODEL_VERSION}"\nmetrics: metrics.json\nmodel: [{metric: f1_score, min: 0.5}]\n' > e.yml
run mlgate check -p e.yml --untrusted-policy
echo "expansion: exit $RUN_RC"
MLGATE_UNTRUSTED_POLICY=1 run mlgate promote -p policy.yml
echo "promote command: exit $RUN_RC"
reg_requests
no_secrets MARKER
stop_registry
