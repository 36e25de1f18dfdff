# What is refused, each with its reason and exit code and no token in any
# message: no token, GITHUB_REPOSITORY that is not OWNER/NAME, no commit, a
# commit that is not one, a file that is not a JSON report, plain http to a
# remote host, a bad token (401), and a PATCH that fails after the run was
# created (the annotations not added are named).
. "$ROOT/tests/servers/forge.sh"
python3 - <<'PY'
import json
lines = ["version: 1", "metrics: m.json", "model:"]
for i in range(60):
    lines += ["  - metric: m%d" % i, "    min: 0.9"]
open("p.yml", "w").write("\n".join(lines) + "\n")
json.dump({"m%d" % i: 0.5 for i in range(60)}, open("m.json", "w"))
PY
mlgate check -p p.yml -q --report json:r.json; echo "check exit $?"
start_forge
export GITHUB_API_URL=$FORGE/gh GITHUB_REPOSITORY=o/r GITHUB_SHA=0123456789abcdef0123456789abcdef01234567
echo "-- no token"
mlgate check-run r.json; echo "exit $?"
export GITHUB_TOKEN=$TOKEN
echo "-- bad repository"
GITHUB_REPOSITORY='o/r?x=1' mlgate check-run r.json; echo "exit $?"
echo "-- no commit"
GITHUB_SHA= mlgate check-run r.json; echo "exit $?"
echo "-- not a commit"
mlgate check-run --sha 'HEAD~1' r.json; echo "exit $?"
echo "-- not a JSON report"
printf '{"schema_version": 2, "status": "pass", "gates": []}' > other.json
mlgate check-run other.json; echo "exit $?"
mlgate check-run p.yml 2>&1 | head -1; echo "exit ${PIPESTATUS[0]}"
echo "-- plain http to a remote host"
GITHUB_API_URL=http://api.example.invalid mlgate check-run r.json; echo "exit $?"
echo "-- usage"
mlgate check-run; echo "exit $?"
echo "-- bad token"
GITHUB_TOKEN=wrong-$TOKEN mlgate check-run r.json 2>&1 | sed "s/$(cat forge.port)/PORT/g"; echo "exit ${PIPESTATUS[0]}"
stop_forge
echo "-- the PATCH fails"
start_forge --fault '{"method": "PATCH", "status": 500}'
GITHUB_API_URL=$FORGE/gh mlgate check-run r.json 2>&1 | sed "s/$(cat forge.port)/PORT/g"; echo "exit ${PIPESTATUS[0]}"
forge_requests
no_token
