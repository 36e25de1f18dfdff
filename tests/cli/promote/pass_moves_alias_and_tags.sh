# After a pass: the version is checked, provenance and user tags are set,
# the stage moves (archiving the old Production version) and the alias
# moves -- all with basic auth, which wins over a token set at the same time.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json --auth basic:admin:Pa55-w0rd-never-shown
export MLFLOW_TRACKING_USERNAME=admin MLFLOW_TRACKING_PASSWORD=Pa55-w0rd-never-shown
export MLFLOW_TRACKING_TOKEN=tok-never-shown-123 MODEL_VERSION=3
cat > policy.yml <<'YML'
version: 1
name: churn
metrics: metrics.json
model:
  - metric: f1_score
    min: 0.85
promote:
  when: pass
  mlflow:
    model: churn
    version: ${MODEL_VERSION}
    alias: champion
    stage: production
    archive_existing: true
    tags: {team: risk}
  timeout_s: 5
  backoff_s: 0.05
YML
run mlgate check --only all -p policy.yml --report text --report json:report.json
python3 - <<'PY'
import json
r = json.load(open("report.json"))["promotion"]
print("report ok=%s requests=%d" % (r["ok"], len(r["requests"])))
print("report version=%s from=%s warnings=%s" % (r["version"], r["version_from"], r["warnings"]))
for q in r["requests"]:
    print("report %s %s %s %s attempts=%d" % (q["step"], q["method"], q["url"], q["status"], q["attempts"]))
PY
# the digests mlgate wrote, against sha256sum's
python3 - "$(sha256sum policy.yml | cut -d' ' -f1)" "$(sha256sum metrics.json | cut -d' ' -f1)" <<'PY'
import json, sys
tags = json.load(open("reg.state"))["models"]["churn"]["versions"]["3"]["tags"]
print("policy sha256 tag matches:", tags["mlgate.policy_sha256"] == sys.argv[1])
print("metrics sha256 tag matches:", tags["mlgate.metrics_sha256"] == sys.argv[2])
PY
reg_requests
reg_state
no_secrets Pa55-w0rd-never-shown tok-never-shown-123 "$(printf admin:Pa55-w0rd-never-shown | base64)"
finish
