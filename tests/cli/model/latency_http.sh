# HTTP probes against a server this test starts on 127.0.0.1: 500s,
# refused connections and a server that never answers are errors (exit 3).
start() { # MODE... -> sets PORT, PID
	rm -f port
	python3 "$ROOT/tests/servers/latency_server.py" --port-file port --lifetime 20 "$@" &
	PID=$!
	for i in $(seq 100); do [ -s port ] && break; sleep 0.05; done
	PORT=$(cat port)
}
start --mode status --status 500; P500=$PORT; S1=$PID
start --mode hang; PHANG=$PORT; S2=$PID
start --mode ok --count-file count; POK=$PORT; S3=$PID
trap 'kill $S1 $S2 $S3 2>/dev/null' EXIT
# a port where nothing listens: bind one, then let it go
PREFUSED=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat > policy.yml <<YML
version: 1
latency:
  - name: fine
    http: {url: "http://127.0.0.1:$POK/predict", method: POST, body_file: policy.yml}
    runs: 6
    warmup: 1
    concurrency: 2
    p95_ms: {max: 600000}
    error_rate: {max: 0}
  - name: e500
    http: {url: "http://127.0.0.1:$P500/predict"}
    runs: 4
    p95_ms: {max: 600000}
  - name: refused
    http: {url: "http://127.0.0.1:$PREFUSED/predict"}
    runs: 4
    p95_ms: {max: 600000}
  - name: silent
    http: {url: "http://127.0.0.1:$PHANG/predict"}
    runs: 40
    timeout_s: 0.2
    p95_ms: {max: 600000}
YML
mlgate check --only all -p policy.yml
code=$?
echo "requests: $(cat count)"
exit $code
