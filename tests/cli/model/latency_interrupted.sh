# mlgate killed while it times a command: the command's process group goes
# with it (it is in its own group, out of reach of the terminal's Ctrl-C).
cat > policy.yml <<'YML'
version: 1
latency:
  - name: long
    command: ["sleep", "41.5"]
    timeout_s: 60
    runs: 1
    warmup: 0
    p95_ms: {max: 100000}
YML
mlgate check -p policy.yml &
pid=$!
for i in $(seq 200); do pgrep -f "sleep 41.5" > /dev/null && break; sleep 0.05; done
spid=$(pgrep -f "sleep 41.5" | head -1)
[ -n "$spid" ] && echo "probe running"
kill -TERM $pid
wait $pid
echo "mlgate: exit $?"
for i in $(seq 40); do kill -0 "$spid" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$spid" 2>/dev/null; then echo "probe left running"; kill -KILL "$spid"; else echo "probe gone"; fi
