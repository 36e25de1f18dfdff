# Helpers for CLI cases that talk to the fake GitHub/GitLab comment API
# (tests/servers/forge_server.py).  Source it from a case:
#   . "$ROOT/tests/servers/forge.sh"
#   start_forge --seed JSON ...   # sets FORGE (http://127.0.0.1:PORT)
#   forge_requests                # METHOD PATH?QUERY auth=CLASS status=N
#   forge_thread github|gitlab KEY  # one line per comment: id-order body head
#   forge_check_run OWNER/REPO [N]  # the check runs, read back through GET
FORGE_PID=
export HOME="$PWD"
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset GITHUB_ACTIONS GITLAB_CI GITHUB_TOKEN GITLAB_TOKEN CI_JOB_TOKEN GITHUB_EVENT_PATH \
	GITHUB_API_URL GITHUB_REPOSITORY CI_API_V4_URL CI_PROJECT_ID CI_MERGE_REQUEST_IID \
	GITHUB_SHA GITHUB_WORKSPACE CI_PROJECT_DIR
TOKEN=ghs_s3cr3tT0ken_for_the_test_only

stop_forge() {
	if [ -n "$FORGE_PID" ]; then
		kill "$FORGE_PID" 2>/dev/null
		wait "$FORGE_PID" 2>/dev/null
		FORGE_PID=
	fi
}
trap stop_forge EXIT

start_forge() {
	rm -f forge.port forge.log forge.state
	python3 "$ROOT/tests/servers/forge_server.py" --port-file forge.port --log forge.log \
		--dump forge.state --token "$TOKEN" --lifetime 60 "$@" > /dev/null &
	FORGE_PID=$!
	for _ in $(seq 1 200); do
		[ -s forge.port ] && break
		sleep 0.05
	done
	[ -s forge.port ] || { echo "forge did not start" >&2; exit 98; }
	FORGE="http://127.0.0.1:$(cat forge.port)"
}

forge_requests() {
	python3 - <<'PY'
import json, os
lines = open("forge.log").read().splitlines() if os.path.exists("forge.log") else []
print("requests: %d" % len(lines))
for l in lines:
    e = json.loads(l)
    q = "?" + e["query"] if e["query"] else ""
    print("%s %s%s auth=%s status=%s" % (e["method"], e["path"], q, e["auth"], e["status"]))
PY
}

forge_thread() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open("forge.state"))[sys.argv[1]][sys.argv[2]]
for c in d:
    print("%s: %s" % (c.get("user", c.get("author", {})).get("login", c.get("author", {}).get("username")),
                      c["body"].splitlines()[0] if c["body"] else ""))
PY
}

# forge_check_run OWNER/REPO [N]: the check runs of the repository, read
# back as a client would (GET the run, then every page of its annotations,
# 100 a page), the number of annotations each request carried (the
# server's record), and the first N annotations (default 6).
forge_check_run() {
	python3 - "$FORGE" "$TOKEN" "$1" "${2:-6}" <<'PY'
import json, sys, urllib.request
base, token, repo, show = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
state = json.load(open("forge.state"))["checks"]
ids = [k for k, v in state.items() if v["repo"] == repo]
print("check runs: %d" % len(ids))
def get(url):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r), r.headers.get("Link")
for cid in ids:
    run, _ = get("%s/gh/repos/%s/check-runs/%s" % (base, repo, cid))
    print("run %s: name=%s head_sha=%s status=%s conclusion=%s" % (
        run["id"], run["name"], run["head_sha"], run["status"], run["conclusion"]))
    print("title: %s" % run["output"]["title"])
    print("summary first line: %s" % run["output"]["summary"].splitlines()[0])
    print("annotations_count: %d; batches: %s" % (run["output"]["annotations_count"],
          "/".join(str(b) for b in state[cid]["batches"])))
    url, pages, items = run["output"]["annotations_url"] + "?per_page=100", 0, []
    while url:
        page, link = get(url)
        items += page
        pages += 1
        url = None
        for part in (link or "").split(","):
            if 'rel="next"' in part:
                url = part[part.index("<") + 1:part.index(">")]
    print("annotations read back: %d in %d pages" % (len(items), pages))
    for a in items[:show]:
        col = " col %s" % a["start_column"] if "start_column" in a else ""
        print("  %s %s:%d-%d%s %s: %s" % (a["annotation_level"], a["path"], a["start_line"],
              a["end_line"], col, a.get("title"), a["message"]))
PY
}

# no_token: the token appears in no file here (outputs, logs kept by run)
no_token() {
	if grep -rlF -- "$TOKEN" --exclude=forge.log . > /dev/null 2>&1; then
		echo "TOKEN LEAKED in: $(grep -rlF -- "$TOKEN" --exclude=forge.log .)"
	else
		echo "token not in any output"
	fi
}
