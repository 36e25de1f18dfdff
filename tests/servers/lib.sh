# Helpers for CLI cases that talk to the fake MLflow registry
# (tests/servers/mlflow_server.py).  Source it from a case:
#   . "$ROOT/tests/servers/lib.sh"
#   start_registry [server options...]   # sets MLFLOW_TRACKING_URI, REG_PORT
#   run mlgate check ...                   # output shown and kept in files
#   reg_requests                           # what the registry received
#   reg_state                              # aliases, stages, tags afterwards
#   no_secrets SECRET...                   # no file here contains any of them
#   finish                                 # exit with mlgate's exit code
REG_PID=
RUN_RC=0
# a developer's ~/.mlflow/credentials must not change what the cases send
export HOME="$PWD"
# the registry is on loopback: never through a proxy from the environment
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
RUN_N=0

stop_registry() {
	if [ -n "$REG_PID" ]; then
		kill "$REG_PID" 2>/dev/null
		wait "$REG_PID" 2>/dev/null
		REG_PID=
	fi
}
trap stop_registry EXIT

start_registry() {
	rm -f reg.port reg.log reg.state
	python3 "$ROOT/tests/servers/mlflow_server.py" --port-file reg.port --log reg.log \
		--dump reg.state --lifetime 60 --max-requests 100 "$@" > /dev/null &
	REG_PID=$!
	for _ in $(seq 1 200); do
		[ -s reg.port ] && break
		sleep 0.05
	done
	[ -s reg.port ] || { echo "registry did not start" >&2; exit 98; }
	REG_PORT=$(cat reg.port)
	export MLFLOW_TRACKING_URI="http://127.0.0.1:$REG_PORT"
}

# run CMD...: run it with stdout/stderr in files (so no_secrets sees them),
# then show them; the exit code is kept for finish.
run() {
	RUN_N=$((RUN_N + 1))
	"$@" > "out.$RUN_N" 2> "err.$RUN_N"
	RUN_RC=$?
	cat "out.$RUN_N"
	cat "err.$RUN_N" >&2
	return 0
}

# One line per request the registry received:
#   METHOD PATH[?QUERY] auth=CLASS status=N [BODY]
reg_requests() {
	python3 - <<'PY'
import json, os
lines = open("reg.log").read().splitlines() if os.path.exists("reg.log") else []
print("registry requests: %d" % len(lines))
for l in lines:
    e = json.loads(l)
    q = "?" + e["query"] if e["query"] else ""
    b = " " + e["body"] if e["body"] else ""
    print("%s %s%s auth=%s status=%s%s" % (e["method"], e["path"], q, e["auth"], e["status"], b))
PY
}

# The registry afterwards: one line per alias, stage and tag.
reg_state() {
	python3 - <<'PY'
import json
d = json.load(open("reg.state"))
for name, m in sorted(d["models"].items()):
    for a, v in sorted(m["aliases"].items()):
        print("alias %s/%s -> %s" % (name, a, v))
    for v, mv in sorted(m["versions"].items()):
        print("stage %s/%s %s" % (name, v, mv["current_stage"]))
        for k, val in sorted(mv["tags"].items()):
            print("tag %s/%s %s=%s" % (name, v, k, val))
PY
}

# Fail the case when any file in this directory holds a secret.
no_secrets() {
	for s in "$@"; do
		if grep -rlF -- "$s" . > leaks.txt 2>/dev/null; then
			echo "SECRET LEAKED into: $(tr '\n' ' ' < leaks.txt)" >&2
			exit 97
		fi
	done
	rm -f leaks.txt
	echo "no secrets in any output"
}

finish() {
	stop_registry
	exit "$RUN_RC"
}

. "$ROOT/tests/servers/policy.sh"
