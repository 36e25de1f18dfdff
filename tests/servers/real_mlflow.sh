# Helpers for CLI cases against the real MLflow 2.10.2 tracking server
# (../shared/mlflow-server/start.sh beside the repository; CI has it too).
# Source it from a case:
#   . "$ROOT/tests/servers/real_mlflow.sh"
#   start_mlflow                        # sets MLFLOW_TRACKING_URI
#   api POST runs/create '{...}'        # the JSON answer on stdout
#   jget 'run.info.run_id' < answer     # one field of a JSON answer
#   new_run EXPERIMENT_ID k=v...        # a finished run with metrics; its id
#   new_version MODEL RUN_ID            # a version from runs:/RUN_ID/model
#   version_state MODEL VERSION         # stage, aliases and mlgate.* tags
# The kit missing is a failure, never a skip.
MLFLOW_KIT="$ROOT/../shared/mlflow-server/start.sh"
# the server is on loopback: never through a proxy from the environment
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export HOME="$PWD"
MLFLOW_PID=

stop_mlflow() {
	if [ -n "$MLFLOW_PID" ]; then
		kill "$MLFLOW_PID" 2>/dev/null
		MLFLOW_PID=
	fi
}

start_mlflow() {
	if [ ! -f "$MLFLOW_KIT" ]; then
		echo "FAIL: the real MLflow server kit is missing: $MLFLOW_KIT" >&2
		exit 97
	fi
	local out
	out=$(bash "$MLFLOW_KIT" --dir "$PWD/mlflow" 2> mlflow-start.log) || {
		cat mlflow-start.log >&2
		echo "FAIL: the real MLflow server did not start" >&2
		exit 97
	}
	eval "$out"
	trap stop_mlflow EXIT
	export MLFLOW_TRACKING_URI="$MLFLOW_URL"
}

# api METHOD ENDPOINT [JSON]: one REST 2.0 call; the answer on stdout.
api() {
	if [ "$1" = GET ]; then
		curl -sS --noproxy '*' "$MLFLOW_URL/api/2.0/mlflow/$2${3:+?$3}"
	else
		curl -sS --noproxy '*' -X "$1" -H 'Content-Type: application/json' \
			"$MLFLOW_URL/api/2.0/mlflow/$2" -d "${3:-{\}}"
	fi
}

# jget PATH: a dotted path into the JSON on stdin.
jget() {
	python3 -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$1"
}

# new_experiment NAME: its id.
new_experiment() {
	api POST experiments/create "{\"name\": \"$1\"}" | jget experiment_id
}

# new_run EXPERIMENT_ID KEY=VALUE...: a finished run with those metrics.
new_run() {
	local exp=$1 id kv
	shift
	id=$(api POST runs/create "{\"experiment_id\": \"$exp\", \"start_time\": 1700000000000}" |
		jget run.info.run_id)
	for kv in "$@"; do
		api POST runs/log-metric "{\"run_id\": \"$id\", \"key\": \"${kv%%=*}\", \"value\": ${kv#*=}, \"timestamp\": 1700000000000, \"step\": 0}" > /dev/null
	done
	api POST runs/update "{\"run_id\": \"$id\", \"status\": \"FINISHED\", \"end_time\": 1700000001000}" > /dev/null
	echo "$id"
}

# new_version MODEL RUN_ID: registers runs:/RUN_ID/model (creating the
# model first if needed); the version number.
new_version() {
	api POST registered-models/create "{\"name\": \"$1\"}" > /dev/null
	api POST model-versions/create "{\"name\": \"$1\", \"source\": \"runs:/$2/model\", \"run_id\": \"$2\"}" |
		jget model_version.version
}

# version_state MODEL VERSION: what the registry says about it.
version_state() {
	api GET model-versions/get "name=$1&version=$2" | python3 -c 'import json, sys
mv = json.load(sys.stdin)["model_version"]
print("version %s stage=%s aliases=%s" % (mv["version"], mv.get("current_stage"), ",".join(sorted(mv.get("aliases", [])))))
for t in sorted(mv.get("tags", []), key=lambda t: t["key"]):
    if t["key"] != "mlgate.policy_sha256" and t["key"] != "mlgate.metrics_sha256":
        print("  tag %s=%s" % (t["key"], t["value"]))'
}
