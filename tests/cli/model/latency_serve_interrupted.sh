# mlgate killed while a serve probe runs: the server's process group goes
# with it, also under --untrusted-policy no server is started at all.
S="$ROOT/tests/servers/stdio_model.sh"
cat > policy.yml <<YML
version: 1
latency:
  - name: long
    serve:
      command: [sh, "$S", --pid, server.pid, --child, child.pid]
      ready: {line: READY}
    stdio: {request: slow}
    runs: 300
    p95_ms: {max: 100000}
YML
mlgate check -p policy.yml --untrusted-policy > untrusted.out
echo "untrusted: exit $?"
grep -o 'not run: an untrusted policy runs no probe' untrusted.out
[ -e server.pid ] && echo "server started" || echo "no server started"
mlgate check -p policy.yml > /dev/null &
pid=$!
for _ in $(seq 200); do [ -s child.pid ] && [ -s server.pid ] && break; sleep 0.05; done
[ -s server.pid ] && echo "server running"
kill -TERM $pid
wait $pid
echo "mlgate: exit $?"
gone() {
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
	if kill -0 "$1" 2>/dev/null; then echo "$2 left running"; kill -KILL "$1"; else echo "$2 gone"; fi
}
gone "$(cat server.pid)" "server"
gone "$(cat child.pid)" "its child"
