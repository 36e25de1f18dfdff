# A registry baseline without its own tracking_uri is read where promotion
# goes (promote.mlflow.tracking_uri), not from $MLFLOW_TRACKING_URI, which
# is unset here.  Every request reaches that one registry.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json
export REG="$MLFLOW_TRACKING_URI" MLGATE_ALLOWED_ENV=REG MLGATE_ALLOWED_HOSTS=127.0.0.1
unset MLFLOW_TRACKING_URI
cat > policy.yml <<'YML'
version: 1
metrics: metrics.json
baseline: {mlflow: {model: churn, alias: champion}}
model:
  - metric: f1_score
    baseline: {max_drop: 0.01}
promote:
  mlflow: {tracking_uri: "${REG}", model: churn, version: 3, alias: champion}
YML
run mlgate check -p policy.yml
reg_requests | cut -d' ' -f1,2 | sed 's/?.*//'
finish
