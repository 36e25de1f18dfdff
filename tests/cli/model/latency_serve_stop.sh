# A server that ignores SIGTERM is killed after stop_grace_s, and a child
# it started (also deaf to SIGTERM) goes with its process group; a server
# that exits mid-way makes the remaining runs failures (server_gone), one
# that never prints its ready line is an error after startup_timeout_s;
# the job's credentials are not in a server's environment.
S="$ROOT/tests/servers/stdio_model.sh"
export MLFLOW_TRACKING_TOKEN=sekret-marker-7731 PROBE_PLAIN=visible
cat > policy.yml <<YML
version: 1
latency:
  - name: deaf
    serve:
      command: [sh, "$S", --ignore-term, --child, child.pid, --pid, server.pid, --env, env.txt]
      ready: {line: READY}
      stop_grace_s: 0.3
    stdio: {request: x}
    runs: 3
    p95_ms: {max: 60000}
  - name: quits
    serve:
      command: [sh, "$S"]
      ready: {line: READY}
    stdio: {request_file: requests.txt}
    runs: 5
    warmup: 0
    p95_ms: {max: 60000}
    errors: {max: 1}
  - name: mute
    serve:
      command: [sh, "$S", --never-ready, --pid, mute.pid]
      ready: {line: READY}
      startup_timeout_s: 0.5
    stdio: {request: x}
    p95_ms: {max: 60000}
  - name: leaky
    serve:
      command: [sh, "$S"]
      ready: {line: READY}
    stdio: {request_file: leak.txt}
    expect: {json_path: /prediction}
    runs: 2
    warmup: 0
YML
cat >> policy.yml <<YML
  - name: missing
    serve:
      command: [mlgate-no-such-server]
      ready: {http: "http://127.0.0.1:9/health"}
    http: {url: "http://127.0.0.1:9/predict"}
    p95_ms: {max: 60000}
YML
printf 'a\nb\nquit\nc\nd\n' > requests.txt
# the server echoes the job's token: the quoted wrong answer must not
echo "echo $MLFLOW_TRACKING_TOKEN" > leak.txt
mlgate check --only all -p policy.yml --report text --report json:r.json > out.txt
code=$?
cat out.txt
echo "the token in the reports: $(cat out.txt r.json | grep -c sekret-marker)"
# a killed process stays a zombie until init reaps it: wait up to 5 s
gone() {
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
	if kill -0 "$1" 2>/dev/null; then echo "$2 left running"; kill -KILL "$1"; else echo "$2 gone"; fi
}
gone "$(cat server.pid)" "deaf server"
gone "$(cat child.pid)" "its child"
gone "$(cat mute.pid)" "mute server"
grep -o '"stopped_by":"SIGKILL"' r.json
# the distribution of quits, on its one timed gate (the text report wraps it)
grep -o '(5 runs, 3 failed; min ' r.json
grep -o '"error_kinds":{"server_gone":3}' r.json
echo "credential in the server's environment: $(grep -c sekret-marker env.txt)"
echo "plain variable in the server's environment: $(grep -c PROBE_PLAIN=visible env.txt)"
exit $code
