# Promotion configured but no registry address anywhere: exit 4 with a
# message saying what to set (the gates passed, so not 2).
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/metrics.json .
unset MLFLOW_TRACKING_URI
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion}
YML
run mlgate check -p policy.yml --report text --report json:report.json
python3 -c 'import json; p = json.load(open("report.json"))["promotion"]; print("ok:", p["ok"], "requests:", p["requests"])'
finish
