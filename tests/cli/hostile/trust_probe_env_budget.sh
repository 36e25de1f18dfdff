# shellcheck shell=bash
# A probe is the policy's code: it runs without the job's credential
# variables, and all probes together within --probe-budget, whatever
# their timeout_s (a probe must not hold the job for a day).
. "$ROOT/tests/cli/hostile/timeout.inc"
export MLFLOW_TRACKING_TOKEN=tok-MARKER-probe-1 GITHUB_TOKEN=ghs_MARKER_probe_2
export DEPLOY_PASSWORD=MARKER-probe-pass-3 MODEL_NAME=churn
cat > p.yml <<'YML'
version: 1
latency:
  - name: env
    command: 'env > seen.env'
    shell: true
    runs: 1
    warmup: 0
    p95_ms: {max: 60000}
  - name: slow
    command: [sleep, "30"]
    timeout_s: 86400
    runs: 1
    warmup: 0
    p95_ms: {max: 86400000}
YML
start=$(date +%s)
tmo 20 mlgate check -p p.yml --probe-budget 2 > out.txt; echo "exit $?"
sed -E 's/[0-9]+(\.[0-9]+)? (ms|s\b)/N \2/g; s/(min|p50|p90|p95|p99|max|mean|=) [0-9.]+/\1 N/g' out.txt
took=$(( $(date +%s) - start ))
[ "$took" -lt 15 ] || echo "the budget did not stop the probe (${took}s)" >&2
grep -c '^MODEL_NAME=churn$' seen.env
echo "credentials seen: $(grep -c MARKER seen.env)"
