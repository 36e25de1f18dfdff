# A webhook answering a status outside expect_status fails (exit 4); a 500
# is not retried for a webhook that is not marked idempotent (the hook may
# have deployed already).
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/metrics.json .
start_registry --hook-status 500
export HOOK="$MLFLOW_TRACKING_URI/hook/x"
export MLGATE_ALLOWED_ENV=HOOK
write_policy policy.yml <<'YML'
  webhook: {url: "${HOOK}", body: '{}'}
  retries: 3
  backoff_s: 0.01
YML
run mlgate check -p policy.yml
reg_requests
finish
