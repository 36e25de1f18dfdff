# A 500 mid-way (a loopback stub: a real server cannot be made to fail
# between two calls): the stage moved, then the alias update fails.  The
# report names what changed and the one command that finishes it; JSON,
# text, SARIF and Code Quality say "promotion failed" (exit 4) while the
# gate keeps its own status; running that command completes the promotion.
. "$ROOT/tests/servers/lib.sh"
cp "$FIXTURES"/promote/state.json "$FIXTURES"/promote/metrics.json .
start_registry --state state.json \
	--fault '{"path": "registered-models/alias", "method": "POST", "kind": "status", "status": 500, "times": 1}'
write_policy policy.yml <<'YML'
  mlflow: {model: churn, version: 3, alias: champion, stage: Production, archive_existing: true}
  retries: 0
YML
run mlgate check --only all -p policy.yml --report text --report json:r.json --report sarif:r.sarif --report codequality:r.cq
echo "exit $RUN_RC"
python3 - <<'PY'
import json
r = json.load(open("r.json"))
print("json status:", r["status"], "gate:", r["gates"][0]["status"])
s = json.load(open("r.sarif"))["runs"][0]["results"]
print("sarif:", [(x["ruleId"], x["level"]) for x in s], s[0]["message"]["text"][:24])
c = json.load(open("r.cq"))
print("codequality:", [(x["check_name"], x["severity"]) for x in c], c[0]["description"][:24])
PY
reg_state
run mlgate promote -p policy.yml
echo "repair exit $RUN_RC"
reg_state
finish
