# A deploy webhook after the MLflow moves: method, headers (a secret token
# from the environment), a body template with ${VAR}, an expected status.
# The hook checks the header it got without logging it.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
export DEPLOY_TOKEN=deploy-secret-0123456789 MODEL_VERSION=3
# the operator lets the policy read the hook and its secret
export MLGATE_ALLOWED_ENV=DEPLOY_TOKEN,DEPLOY_HOOK_URL
start_registry --state state.json --check-header "X-Deploy-Token=$DEPLOY_TOKEN"
export DEPLOY_HOOK_URL="$MLFLOW_TRACKING_URI/hook/deploy"
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
  webhook:
    url: ${DEPLOY_HOOK_URL}
    method: put
    headers: {X-Deploy-Token: "${DEPLOY_TOKEN}"}
    body: '{"model":"churn","version":"${MODEL_VERSION}"}'
    expect_status: [202]
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 - <<'PY'
import json
r = json.load(open("report.json"))["promotion"]["requests"][-1]
print("report:", r["step"], r["method"], r["url"], r["status"])
for l in open("reg.log"):
    e = json.loads(l)
    if e["path"].startswith("/hook"):
        print("hook:", e["method"], e["path"], e["content_type"], e["body"], e["checked"])
PY
no_secrets deploy-secret-0123456789
finish
