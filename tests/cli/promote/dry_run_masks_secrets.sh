# --dry-run: every request is printed (stderr, since stdout carries the
# report), the Authorization header as ***, and nothing is sent.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json
export MLFLOW_TRACKING_TOKEN=tok-never-shown-789 DEPLOY_TOKEN=deploy-secret-abcdef
export MLGATE_ALLOWED_ENV=DEPLOY_TOKEN,HOOK_URL
export HOOK_URL="http://127.0.0.1:$REG_PORT/hook/deploy?key=hook-secret-query-xyz"
cat > policy.yml <<'YML'
version: 1
metrics: metrics.json
model:
  - metric: f1_score
    min: 0.85
promote:
  mlflow: {model: churn, version: 3, alias: champion, stage: Staging}
  webhook:
    url: ${HOOK_URL}
    headers: {Authorization: "Bearer ${DEPLOY_TOKEN}", X-Model: churn}
    body: '{"model":"churn","version":"3"}'
YML
run mlgate check -p policy.yml --dry-run --report text --report json:report.json
python3 - <<'PY'
import json
p = json.load(open("report.json"))["promotion"]
print("ok:", p["ok"], "dry_run:", p["dry_run"], "sent:", sorted(set(q["sent"] for q in p["requests"])))
PY
reg_requests
no_secrets tok-never-shown-789 deploy-secret-abcdef hook-secret-query-xyz
finish
