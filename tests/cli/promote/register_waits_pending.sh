# version: register -- the gated run's model becomes a new version: the
# run's artifact root and its model artifact are read, no earlier version
# of this run exists, the model is created, the version is created and
# waited for while PENDING_REGISTRATION (this registry answers it twice,
# MLflow's SQL store never does), then tagged and aliased.  A second
# promotion of the same run registers nothing twice: it finds the version.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/register/state.json .
start_registry --state state.json
register_policy policy.yml run-best "{model: churn, version: register, register: {artifact_path: model, wait_s: 30}, alias: champion}"
run mlgate check -p policy.yml --report text --report json:report.json
echo "first: exit $RUN_RC"
python3 - <<'PY'
import json
p = json.load(open("report.json"))["promotion"]
print("version:", p["version"], "from:", p["version_from"], "warnings:", p["warnings"])
print("steps:", " ".join(q["step"] for q in p["requests"]))
PY
reg_requests
run mlgate check -p policy.yml --report json:again.json
echo "again: exit $RUN_RC"
python3 - <<'PY'
import json
p = json.load(open("again.json"))["promotion"]
print("again version:", p["version"], "from:", p["version_from"], "message:", p["message"])
PY
reg_state
finish
