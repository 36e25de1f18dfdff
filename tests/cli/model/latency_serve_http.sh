# A model server over HTTP that mlgate starts itself (tests/servers/
# latency_server.py --mode model), ready when /health answers: each probe
# checks every answer, keeps one connection per worker alive (the server
# counts the connections it accepted), and the slow path (0.2 s) fails a
# 100 ms p95.  Only generous time bounds: 10 s for the fast path.
SRV="$ROOT/tests/servers/latency_server.py"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
P1=$(free_port) P2=$(free_port) P3=$(free_port)
serve() { # PORT CONN-FILE
	echo "    serve:"
	echo "      command: [python3, \"$SRV\", --mode, model, --delay, \"0.2\", --port, \"$1\", --conn-file, $2, --lifetime, \"60\"]"
	echo "      ready: {http: \"http://127.0.0.1:$1/health\"}"
}
{
	echo "version: 1"
	echo "latency:"
	echo "  - name: fast"
	serve "$P1" fast.conns
	echo "    http: {url: \"http://127.0.0.1:$P1/predict\", method: POST, headers: {Content-Type: application/json}}"
	echo "    expect: {status: 200, json_path: /prediction, equals: 1}"
	echo "    runs: 20"
	echo "    concurrency: 3"
	echo "    p95_ms: {max: 10000}"
	echo "    throughput_rps: {min: 0.1}"
	echo "  - name: api"
	serve "$P2" api.conns
	echo "    http: {url: \"http://127.0.0.1:$P2/slow\"}"
	echo "    runs: 3"
	echo "    p95_ms: {max: 100}"
	echo "  - name: cold"
	serve "$P3" cold.conns
	echo "    http: {url: \"http://127.0.0.1:$P3/wrong\", keep_alive: false}"
	echo "    expect: {json_path: /prediction, equals: 1}"
	echo "    runs: 5"
	echo "    warmup: 0"
	echo "    errors: {max: 2}"
	echo "    p50_ms: {max: 10000}"
} > policy.yml
mlgate check --only all -p policy.yml --report text --report json:r.json
code=$?
# 1 connection of the ready check + at most 1 per worker (3; a worker
# that got no run opens none), kept for 1 + 20 requests
n=$(cat fast.conns)
[ "$n" -ge 2 ] && [ "$n" -le 4 ] && echo "fast: server accepted 2 to 4 connections"
c=$(grep -o '"probe":"serve_http","runs":20,"warmup":1,"concurrency":3,"timeout_s":10,"keep_alive":true,"connections":[0-9]*,' r.json | grep -o '[0-9]*,$' | tr -d ,)
[ "$c" -ge 1 ] && [ "$c" -le 3 ] && [ "$c" -eq $((n - 1)) ] && echo "fast: mlgate opened as many as the server saw, less the ready check"
# one worker, kept alive: the ready check's connection and one for 1 + 3 requests
echo "api: server accepted $(cat api.conns) connections"
# without keep-alive every request is a new connection: 1 + 5
echo "cold: server accepted $(cat cold.conns) connections"
grep -o '"keep_alive":false,"connections":5,' r.json
# the timed messages whole (the text report wraps them where the times end)
grep -o -e ' ms > max 100 ms (3 runs, 0 failed; min ' -e ' ms, 3 in flight)' r.json
exit $code
