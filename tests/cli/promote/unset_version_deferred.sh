# ${MODEL_VERSION} is used only by promotion: a check with --no-promote and
# the variable unset passes (normal in PR builds), a dry run prints the plan
# with the value as written and says so, and a promotion that runs without
# it fails (exit 4) naming the variable, sending nothing.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json
unset MODEL_VERSION
export MLGATE_ALLOWED_ENV=MODEL_VERSION
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: "${MODEL_VERSION}", alias: champion}
YML
run mlgate check -p policy.yml --no-promote
echo "--no-promote: exit $RUN_RC"
run mlgate check -p policy.yml --dry-run
echo "--dry-run: exit $RUN_RC"
run mlgate check -p policy.yml --report json:report.json
echo "promotion without it: exit $RUN_RC"
python3 -c 'import json; p = json.load(open("report.json"))["promotion"]; print("ok:", p["ok"], "requests:", len(p["requests"]), "message:", p["message"])'
reg_requests
MODEL_VERSION=3 run mlgate check -p policy.yml
echo "with it: exit $RUN_RC"
finish
