# 120 gates that do not pass (70 fail, 50 warn) become 120 annotations:
# 50 in the POST that creates the run, then PATCHes of 50 and 20 (GitHub
# takes at most 50 a request: the server answers 422 to 51, shown first).
# Read back through GET, every annotation is at the line of its gate's
# bound, computed here from how the policy is written (gate i's `min:` is
# line 6 + 2i for the 70 two-line gates, 146 + 3(i - 70) for the warn
# gates, which have a third line), failures first.
. "$ROOT/tests/servers/forge.sh"
python3 - <<'PY'
import json
lines = ["version: 1", "name: many", "metrics: m.json", "model:"]
for i in range(120):
    lines += ["  - metric: m%d" % i, "    min: 0.9"] + (["    severity: warn"] if i >= 70 else [])
open("p.yml", "w").write("\n".join(lines) + "\n")
json.dump({"m%d" % i: 0.5 for i in range(120)}, open("m.json", "w"))
PY
mlgate check -p p.yml -q --report json:r.json
echo "check exit $?"
start_forge
export GITHUB_TOKEN=$TOKEN GITHUB_API_URL=$FORGE/gh GITHUB_REPOSITORY=o/r
export GITHUB_SHA=0123456789abcdef0123456789abcdef01234567
python3 - "$FORGE" "$TOKEN" <<'PY'
import json, sys, urllib.error, urllib.request
a = {"path": "p.yml", "start_line": 1, "end_line": 1, "annotation_level": "notice", "message": "m"}
body = {"name": "x", "head_sha": "0" * 40, "status": "completed", "conclusion": "success",
        "output": {"title": "t", "summary": "s", "annotations": [a] * 51}}
req = urllib.request.Request(sys.argv[1] + "/gh/repos/o/r/check-runs", json.dumps(body).encode(),
                             {"Authorization": "Bearer " + sys.argv[2]}, method="POST")
try:
    urllib.request.urlopen(req, timeout=10)
except urllib.error.HTTPError as e:
    print("51 annotations in one request: %d %s" % (e.code, json.load(e)["errors"]))
PY
rm forge.log
mlgate check-run --name "mlgate gate" r.json
echo "exit $?"
forge_requests && forge_check_run o/r 3
python3 - "$FORGE" "$TOKEN" <<'PY'
import json, sys, urllib.request
def get(url):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + sys.argv[2]})
    return json.load(urllib.request.urlopen(req, timeout=10))
cid = [k for k in json.load(open("forge.state"))["checks"]][-1]
items = []
for page in (1, 2):
    items += get("%s/gh/repos/o/r/check-runs/%s/annotations?per_page=100&page=%d" % (sys.argv[1], cid, page))
want = []
for i in range(120):
    line = 6 + 2 * i if i < 70 else 146 + 3 * (i - 70)
    want.append(("failure" if i < 70 else "warning", "p.yml", line, line, "model.m%d.min" % i))
got = [(a["annotation_level"], a["path"], a["start_line"], a["end_line"], a["title"]) for a in items]
print("every annotation at its gate's line, failures first: %s" % (got == want))
print("levels: %d failure, %d warning" % (sum(a[0] == "failure" for a in got), sum(a[0] == "warning" for a in got)))
PY
no_token
